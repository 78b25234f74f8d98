"""``zero2vec demo --lang ja``: 『こころ』 tokenised, cached, trained, queried."""
from __future__ import annotations

import json
import sys

import pytest

from zero2vec.corpus.tokenizers import TokenizerNotInstalledError
from zero2vec.demo import QUERIES_JA, run_demo
from zero2vec.errors import ConfigError


def _need_analyser() -> None:
    try:
        import fugashi  # noqa: F401
    except ImportError:
        pytest.importorskip("janome")


def test_demo_ja_one_epoch(tmp_path):
    _need_analyser()
    out, cache = tmp_path / "out", tmp_path / "cache"
    s = run_demo(out, epochs=1, quiet=True, lang="ja", cache_dir=cache)
    assert s["lang"] == "ja" and s["tokens"] > 90_000 and s["vocab_size"] > 2000
    assert set(s["neighbours"]) == set(QUERIES_JA)
    assert all(len(v) == 5 for v in s["neighbours"].values())
    assert {p.name for p in out.iterdir()} >= {"vectors.txt", "cbow_params.pkl", "loss.png",
                                              "summary.json"}
    assert json.loads((out / "summary.json").read_text("utf-8"))["neighbours"]["先生"]
    assert len(list(cache.iterdir())) == 1  # tokenised once, cached
    s2 = run_demo(tmp_path / "out2", epochs=1, quiet=True, lang="ja", cache_dir=cache)
    assert s2["tokens"] == s["tokens"] and len(list(cache.iterdir())) == 1


def test_demo_ja_without_analyser_names_pip(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "fugashi", None)
    monkeypatch.setitem(sys.modules, "janome.tokenizer", None)
    with pytest.raises(TokenizerNotInstalledError, match=r"pip install 'zero2vec\[ja\]'"):
        run_demo(tmp_path / "o", epochs=1, quiet=True, lang="ja", cache_dir=tmp_path)
    assert not (tmp_path / "o").exists()


def test_demo_bad_lang(tmp_path):
    with pytest.raises(ConfigError, match="lang"):
        run_demo(tmp_path, lang="fr", quiet=True)


def test_cli_demo_lang_ja(tmp_path, monkeypatch, capsys):
    from zero2vec.cli.main import main

    _need_analyser()
    out = tmp_path / "demo"
    monkeypatch.setenv("ZERO2VEC_CACHE_DIR", str(tmp_path / "cache"))
    main(["demo", "--lang", "ja", "--epochs", "1", "--output", str(out)])
    printed = capsys.readouterr().out
    assert "こころ" in printed and "先生" in printed
    assert json.loads((out / "summary.json").read_text("utf-8"))["lang"] == "ja"
    with pytest.raises(SystemExit) as bad:
        main(["demo", "--lang", "fr"])
    assert bad.value.code != 0 and "en or ja" in capsys.readouterr().err


def _readme_ja_neighbours() -> dict[str, list[str]]:
    """The demo's neighbours README.ja quotes: 「父」の近傍は母・病気、「東京」は国・宅・町 ..."""
    from pathlib import Path
    import re

    text = (Path(__file__).resolve().parents[1] / "README.ja.md").read_text(encoding="utf8")
    sentence = re.search(r"たとえば(「.*?)が\s*上位5語", text, re.S)
    assert sentence, "README.ja no longer quotes the demo's neighbours: update this test"
    pairs = re.findall(r"「(.+?)」(?:の近傍)?は\s*([^、「\s]+)", sentence.group(1))
    return {q: words.split("・") for q, words in pairs}


def test_readme_ja_neighbours_are_parsed():
    quoted = _readme_ja_neighbours()
    assert set(quoted) == {"父", "東京", "心"} and all(quoted.values())


@pytest.mark.slow
def test_readme_ja_quotes_what_the_demo_prints(tmp_path):
    """The default demo (20 epochs, seed 1, fugashi) has README.ja's neighbours in its top 5."""
    pytest.importorskip("fugashi")
    s = run_demo(tmp_path / "out", quiet=True, lang="ja", cache_dir=tmp_path / "cache")
    for query, words in _readme_ja_neighbours().items():
        assert set(words) <= set(s["neighbours"][query]), (query, words, s["neighbours"][query])
