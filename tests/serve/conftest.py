"""Serve fixtures: two small models (one with Japanese words) and a tiny corpus to train."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.vectors import WordVectors

WORDS = ["king", "queen", "man", "woman", "paris", "france", "tokyo", "japan", "東京", "日本",
         "<b>bold</b>", "apple", "banana", "cherry", "kingdom", "kings"]


@pytest.fixture
def wv() -> WordVectors:
    rng = np.random.default_rng(0)
    words = WORDS + [f"w{i}" for i in range(300)]
    return WordVectors(rng.standard_normal((len(words), 16)).astype(np.float32), words)


@pytest.fixture
def wv2(wv) -> WordVectors:
    """A second model: fewer words (no 'kingdom'), other vectors."""
    rng = np.random.default_rng(1)
    words = [w for w in wv.index_to_key if w != "kingdom"]
    return WordVectors(rng.standard_normal((len(words), 8)).astype(np.float32), words)


@pytest.fixture
def corpus(tmp_path):
    rng = np.random.default_rng(0)
    words = "the king queen man woman tokyo japan paris france and a of in met".split()
    p = tmp_path / "corpus.txt"
    p.write_text("\n".join(" ".join(rng.choice(words, size=12)) for _ in range(2000)) + "\n")
    return p
