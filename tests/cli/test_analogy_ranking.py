"""``zero2vec analogy --ranking book``: the book's ch04 ranking (raw dot product with the unit
b - a + c) on a book pickle, against the answers the book's code gave (tests/book/fixtures)."""
from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import numpy as np
import pytest

REF = json.loads((Path(__file__).parents[1] / "book" / "fixtures" / "reference.json")
                 .read_text(encoding="utf-8"))


@pytest.fixture
def book_pickle(tmp_path):
    """The float16 table of the first reference case, saved as the book's cbow_params.pkl."""
    case = REF["queries"][0]
    rng = np.random.default_rng(case["seed"])
    vecs = (np.round(rng.standard_normal(case["shape"]) * 4) / 4).astype(case["dtype"])
    words = [f"w{i}" for i in range(len(vecs))]
    p = tmp_path / "cbow_params.pkl"
    with open(p, "wb") as f:
        pickle.dump({"word_vecs": vecs, "word_to_id": {w: i for i, w in enumerate(words)},
                     "id_to_word": dict(enumerate(words))}, f)
    block = case["out"].split("[analogy] w1:w2 = w5:?\n")[1].split("\n\n")[0]
    want = [(w, float(s)) for w, s in re.findall(r" (\w+): (\S+)", block)]
    return p, want


def _rows(out: str) -> list[tuple[str, float]]:
    return [(w, float(s)) for w, s in re.findall(r"│ \d+ │ (\w+)\s+│\s+(-?[\d.]+) │", out)]


def test_book_ranking_gives_the_books_answers(run, book_pickle):
    path, want = book_pickle
    r = run("analogy", path, "w1", "w2", "w5", "--ranking", "book", "--topn", "6", "-q")
    assert r.code == 0, r.err
    got = _rows(r.out)
    assert [w for w, _ in got] == [w for w, _ in want]
    np.testing.assert_allclose([s for _, s in got], [s for _, s in want], atol=5e-5)
    assert "dot product" in r.out


def test_default_stays_cosine(run, book_pickle):
    path, want = book_pickle
    r = run("analogy", path, "w1", "w2", "w5", "--topn", "6", "-q")
    assert r.code == 0 and "similarity" in r.out
    assert all(abs(s) <= 1 for _, s in _rows(r.out))


def test_bad_ranking_and_cosmul_with_book_are_one_line_errors(run, book_pickle):
    path, _ = book_pickle
    r = run("analogy", path, "w1", "w2", "w5", "--ranking", "dot", "-q")
    assert r.code != 0 and "--ranking must be one of 'cosine', 'book'" in r.err
    r = run("analogy", path, "w1", "w2", "w5", "--ranking", "book", "--cosmul", "-q")
    assert r.code != 0 and "--cosmul" in r.err and len(r.err.strip().splitlines()) == 1


def test_restrict_vocab_limits_the_books_candidates(run, book_pickle):
    path, _ = book_pickle
    r = run("analogy", path, "w1", "w2", "w5", "--ranking", "book", "--restrict-vocab", "10", "-q")
    assert r.code == 0 and all(int(w[1:]) < 10 for w, _ in _rows(r.out))
