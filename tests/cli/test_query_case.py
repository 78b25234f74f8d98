"""Case in queries: ``King`` suggests ``king``; ``--case-insensitive`` for similar / analogy."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.errors import UnknownWordError
from zero2vec.vectors import WordVectors

WORDS = ["king", "queen", "man", "woman", "ing", "wing", "sing", "Queen", "QUEEN", "Man"]


@pytest.fixture
def cased(tmp_path):
    rng = np.random.default_rng(3)
    vecs = rng.standard_normal((len(WORDS), 6)).astype(np.float32)
    vecs[7] = vecs[1] + 0.01  # Queen, QUEEN: queen's spellings, closest to it
    vecs[8] = vecs[1] - 0.01
    p = tmp_path / "cased.txt"
    WordVectors(vecs, WORDS).save_word2vec_format(p)
    return p


def test_suggestion_puts_the_other_case_first():
    e = UnknownWordError("King", ["ing", "wing", "sing", "king"])
    assert e.suggestions[0] == "king"
    assert "did you mean 'king'" in str(e)


def test_similar_unknown_case_suggests_it(run, cased):
    r = run("similar", cased, "King", "--quiet")
    assert r.code == 1 and "did you mean 'king'" in r.err


def test_similar_case_insensitive(run, cased, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    r = run("similar", cased, "KING", "--case-insensitive", "--topn", "9", "--quiet")
    assert r.code == 0, r.err
    words = [line.split("│")[2].strip() for line in r.out.splitlines() if line.count("│") == 4]
    words = [w for w in words if w != "word"]
    assert "king" not in words and "queen" in {w.casefold() for w in words}
    assert len({w.casefold() for w in words}) == len(words)  # Queen/QUEEN/queen listed once


def test_analogy_case_insensitive(run, cased):
    r = run("analogy", cased, "MAN", "King", "Woman", "--case-insensitive", "--quiet")
    assert r.code == 0, r.err
    assert "man : king = woman : ?" in r.out
    r = run("analogy", cased, "MAN", "King", "Woman", "--quiet")
    assert r.code == 1 and "did you mean 'king'" in r.err
