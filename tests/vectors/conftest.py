"""Fixtures: one random vector table as zero2vec WordVectors and as gensim KeyedVectors."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.vectors import WordVectors

WORDS = ([f"w{i}" for i in range(200)]
         + ["king", "queen", "man", "woman", "King", "Paris", "France", "Tokyo", "Japan",
            "東京", "日本", "パリ", "フランス"])


@pytest.fixture
def table() -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(42)
    return rng.standard_normal((len(WORDS), 16)).astype(np.float32), list(WORDS)


@pytest.fixture
def wv(table) -> WordVectors:
    vecs, words = table
    return WordVectors(vecs.copy(), words, counts=range(len(words), 0, -1))


@pytest.fixture
def make_kv():
    """gensim KeyedVectors of (vectors, words[, counts]): the same table as ours."""
    gensim = pytest.importorskip("gensim.models", reason="gensim (test extra) is needed for parity tests")

    def make(vecs, words, counts=None):
        k = gensim.KeyedVectors(vecs.shape[1], dtype=vecs.dtype)
        k.add_vectors(list(words), vecs.copy())
        if counts is not None:
            for w, c in zip(words, counts):
                k.set_vecattr(w, "count", int(c))
        return k
    return make


@pytest.fixture
def kv(table, make_kv):
    vecs, words = table
    return make_kv(vecs, words)


@pytest.fixture
def analogy_file(tmp_path):
    """A small questions-words.txt with case variants, OOV words and an empty section."""
    lines = [": capital", "Paris France Tokyo Japan", "paris france tokyo japan",
             "東京 日本 パリ フランス", "Paris France Berlin Germany", ": empty",
             ": family", "man woman king queen", "man king woman queen", "bad line here",
             "w1 w2 w3 w4", "w5 w6 w7 w8", "w9 w10 w11 w12"]
    lines += [f"w{i} w{i + 1} w{i + 2} w{i + 3}" for i in range(0, 180, 3)]
    p = tmp_path / "questions.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf8")
    return p
