"""``zero2vec phrases``, ``zero2vec word2phrase`` and ``train --phrases``: outputs and exit codes."""
from __future__ import annotations

import pytest

from zero2vec.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

NY = "new york is big\nin new york city\nthe new york times\nnew york new york\n" * 30


@pytest.fixture
def ny(tmp_path):
    p = tmp_path / "ny.txt"
    p.write_text(NY)
    return p


def expected(text: str, passes: int, **kw) -> list[str]:
    sentences = [line.split() for line in text.splitlines()]
    for _ in range(passes):
        sentences = list(Phrases(sentences, **kw)[sentences])
    return [" ".join(s) for s in sentences]


def test_phrases_writes_the_phrased_corpus(run, ny, tmp_path):
    r = run("phrases", ny, "--output", tmp_path / "out.txt", "--min-count", "1",
            "--threshold", "0.05", "--connector-words", "english")
    assert r.code == 0, r.err
    lines = (tmp_path / "out.txt").read_text().splitlines()
    assert lines == expected(NY, 1, min_count=1, threshold=0.05,
                             connector_words=ENGLISH_CONNECTOR_WORDS)
    assert "new_york" in lines[0]


def test_two_passes_make_longer_phrases(run, ny, tmp_path):
    r = run("phrases", ny, "-o", tmp_path / "out.txt", "--min-count", "1", "--threshold", "0.05",
            "--passes", "2")
    assert r.code == 0, r.err
    lines = (tmp_path / "out.txt").read_text().splitlines()
    assert lines == expected(NY, 2, min_count=1, threshold=0.05)
    assert any(t.count("_") >= 2 for line in lines for t in line.split())
    assert "pass 2:" in r.err


@pytest.mark.parametrize("args, message", [
    (["--threshold", "0"], "threshold must be a finite number > 0.0"),
    (["--scoring", "npmi"], "threshold must be a finite number >= -1.0 and <= 1.0"),
    (["--scoring", "pmi"], "unknown scoring method 'pmi'"),
    (["--min-count", "0"], "min_count must be a finite number > 0.0"),
    (["--delimiter", "a b"], "holds whitespace"),
    (["--delimiter", ""], "delimiter must not be empty"),
    (["--passes", "0"], "passes must be a positive integer"),
    (["--connector-words", "french"], "--connector-words must be one of"),
])
def test_bad_settings_are_one_line_errors(run, ny, tmp_path, args, message):
    r = run("phrases", ny, "-o", tmp_path / "out.txt", *args)
    assert r.code == 1 and message in r.err and r.err.count("\n") == 1
    assert not (tmp_path / "out.txt").exists()


def test_never_overwrites_the_input(run, ny):
    r = run("phrases", ny, "-o", ny)
    assert r.code == 1 and "it is the corpus" in r.err and ny.read_text() == NY


def test_word2phrase_command_line(run, ny, tmp_path):
    out = tmp_path / "w2p.txt"
    r = run("word2phrase", "-train", ny, "-output", out, "-min-count", "2", "-threshold", "5",
            "-debug", "1")
    assert r.code == 0, r.err
    assert r.out.startswith("Starting training using file") and "Words in train file: 480" in r.out
    assert out.read_text().startswith(" new york is_big\n")
    r = run("word2phrase", "-train", ny, "-output", out, "-sparse", "1")
    assert r.code == 1 and "-sparse is not an option of word2phrase.c" in r.err


def test_train_on_the_phrased_corpus(run, ny, tmp_path):
    text = NY * 3
    ny.write_text(text)
    # (gensim's defaults, min_count=5 and threshold=10: "new york" scores above 10 here?)
    model = Phrases([line.split() for line in text.splitlines()])
    joined = bool(model.export_phrases())
    r = run("train", ny, "-o", tmp_path / "v.txt", "--phrases", "1", "--min-count", "1",
            "--size", "8", "--iter", "1", "--no-plot", "-q")
    assert r.code == 0, r.err
    words = {line.split()[0] for line in (tmp_path / "v.txt").read_text().splitlines()[1:]}
    assert ("new_york" in words) == joined
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # temporary gone
    r = run("train", ny, "-o", tmp_path / "v.txt", "--phrases", "-1")
    assert r.code == 1 and "phrases must be a positive integer" in r.err
