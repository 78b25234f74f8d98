"""``zero2vec evaluate --lang ja``: the bundled JWSD, all four parts of speech."""
import json

import numpy as np

from zero2vec.cli.main import main
from zero2vec.datasets.bundled import JWSD_PARTS, bundled_path
from zero2vec.vectors import WordVectors
from zero2vec.vectors.evaluate import read_word_pairs


def test_evaluate_lang_ja_reports_four_parts(tmp_path, capsys):
    words = []
    for part in JWSD_PARTS:  # the first 30 pairs of each part, so every part has pairs in vocabulary
        for _, w1, w2, _ in read_word_pairs(bundled_path("jwsd") / f"score_{part}.csv")[:30]:
            words += [w for w in (w1, w2) if w not in words]
    vecs = np.random.default_rng(0).standard_normal((len(words), 8)).astype(np.float32)
    path = tmp_path / "ja.txt"
    WordVectors(vecs, words).save_word2vec_format(path)
    out_json = tmp_path / "scores.json"
    try:
        main(["evaluate", str(path), "--lang", "ja", "--json", str(out_json), "-q"])
    except SystemExit as e:
        assert e.code in (0, None)
    shown = capsys.readouterr().out
    for part in JWSD_PARTS:
        assert f"score_{part}.csv" in shown
    results = json.loads(out_json.read_text(encoding="utf-8"))["results"]
    assert len(results) == 4 and all(r["pairs"] >= 30 and r["spearman"] is not None for r in results)


def test_evaluate_unknown_lang(tmp_path, capsys):
    try:
        main(["evaluate", str(tmp_path / "x.txt"), "--lang", "fr"])
    except SystemExit as e:
        assert e.code == 1
    assert "only 'ja'" in capsys.readouterr().err
