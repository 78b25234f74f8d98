"""fastText's command lines: skipgram/cbow write PREFIX.bin + PREFIX.vec; print-word-vectors; nn."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pytest

from zero2vec.cli._argv import translate_argv
from zero2vec.errors import ConfigError
from zero2vec.vectors import io as vio

TINY = Path(__file__).parents[1] / "subword" / "data" / "tiny.bin"


def test_fasttext_lines_become_train():
    argv = ("skipgram -input data.txt -output model -minn 3 -maxn 6 -dim 100 -epoch 5 -lr 0.05 "
            "-thread 2").split()
    assert translate_argv(argv) == [
        "train", "data.txt", "--model", "fasttext", "--cbow", "0", "--sample", "1e-4", "--alpha",
        "0.05", "--output", "model.bin", "--vec", "model.vec", "--minn", "3", "--maxn", "6",
        "--size", "100", "--iter", "5", "--alpha", "0.05", "--threads", "2"]
    assert translate_argv("cbow -input d -output m -loss hs".split())[-4:] == \
        ["--hs", "1", "--negative", "0"]
    with pytest.raises(ConfigError, match="-output PREFIX"):
        translate_argv("cbow -input d".split())
    with pytest.raises(ConfigError, match="softmax"):
        translate_argv("cbow -input d -output m -loss softmax".split())


@pytest.mark.parametrize("command", ["skipgram", "cbow"])
def test_skipgram_and_cbow_write_bin_and_vec(run, corpus, tmp_path, command):
    prefix = tmp_path / "model"
    r = run(command, "-input", corpus, "-output", prefix, "-minn", "2", "-maxn", "4", "-dim", "16",
            "-epoch", "2", "-thread", "1", "-bucket", "3000", "-minCount", "1", "-verbose", "0")
    assert r.code == 0, r.err
    wv = vio.load(tmp_path / "model.bin")
    assert (wv.min_n, wv.max_n, wv.bucket, wv.vector_size) == (2, 4, 3000, 16)
    vec = vio.load(tmp_path / "model.vec")
    np.testing.assert_allclose(vec["king"], wv["king"], atol=1e-5)


def test_train_model_fasttext_and_misplaced_options(run, corpus, tmp_path):
    out = tmp_path / "v.bin"
    r = run("train", corpus, "--output", out, "--model", "fasttext", "--minn", "2", "--maxn", "3",
            "--bucket", "1000", "--size", "8", "--iter", "1", "--threads", "1", "-q")
    assert r.code == 0, r.err
    assert vio.detect_format(out) == "fasttext-bin"
    r = run("train", corpus, "--output", tmp_path / "w.bin", "--minn", "2", "-q")
    assert r.code != 0 and "--model fasttext" in r.err
    r = run("train", corpus, "--output", tmp_path / "w.bin", "--model", "fasttext",
            "--minn", "5", "--maxn", "3", "-q")
    assert r.code != 0 and "min_n (5) > max_n (3)" in r.err


def test_print_word_vectors_as_fasttext(run, tmp_path, monkeypatch):
    shutil.copy(TINY, tmp_path / "m.bin")
    monkeypatch.setattr("sys.stdin", io.StringIO("fox foxes\n"))
    r = run("print-word-vectors", tmp_path / "m.bin")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert [ln.split()[0] for ln in lines] == ["fox", "foxes"]
    assert lines[0].endswith(" ") and len(lines[0].split()) == 9
    fasttext = pytest.importorskip("fasttext")
    f = fasttext.load_model(str(tmp_path / "m.bin"))
    np.testing.assert_allclose([float(x) for x in lines[1].split()[1:]],
                               f.get_word_vector("foxes"), rtol=1e-4, atol=1e-6)


def test_nn_answers_unseen_words(run, tmp_path, monkeypatch):
    shutil.copy(TINY, tmp_path / "m.bin")
    monkeypatch.setattr("sys.stdin", io.StringIO("foxes\n"))
    r = run("nn", tmp_path / "m.bin", "3")
    assert r.code == 0, r.err
    answers = r.out.split("Query word? ")[1].splitlines()
    assert [a.split()[0] for a in answers] == [w for w, _ in
                                               vio.load(TINY).most_similar("foxes", topn=3)]
    fasttext = pytest.importorskip("fasttext")
    f = fasttext.load_model(str(TINY))
    assert [a.split()[0] for a in answers] == [w for _, w in f.get_nearest_neighbors("foxes", k=3)]
