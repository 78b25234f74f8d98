"""ServedModel answers as WordVectors does (same words, same order, same cosines)."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.errors import ConfigError, UnknownWordError
from zero2vec.serve.index import ServedModel, unique_names


def _same(answers, expected):
    assert [a["word"] for a in answers] == [w for w, _ in expected]
    np.testing.assert_allclose([a["score"] for a in answers], [s for _, s in expected], rtol=1e-5, atol=1e-6)


def test_neighbours_are_most_similar(wv):
    m = ServedModel("m", wv)
    _same(m.neighbours("king", 10), wv.most_similar("king", topn=10))
    assert not m.unit.flags.writeable  # shared by every request thread, never rescaled


@pytest.mark.parametrize("method", ["3cosadd", "3cosmul"])
def test_analogies_are_most_similar_and_cosmul(wv, method):
    m = ServedModel("m", wv)
    fn = wv.most_similar if method == "3cosadd" else wv.most_similar_cosmul
    _same(m.analogy(["king", "woman"], ["man"], 7, method),
          fn(positive=["king", "woman"], negative=["man"], topn=7))


def test_doesnt_match_is_wordvectors(wv):
    m = ServedModel("m", wv)
    words = ["apple", "banana", "cherry", "tokyo"]
    r = m.doesnt_match(words)
    assert r["odd_one_out"] == wv.doesnt_match(words)
    assert sorted(s["word"] for s in r["scores"]) == sorted(words)


def test_complete_gives_prefix_matches_most_frequent_first(wv):
    m = ServedModel("m", wv)
    assert m.complete("king", 10) == ["king", "kingdom", "kings"]  # row order = frequency order
    assert m.complete("king", 2) == ["king", "kingdom"]
    assert m.complete("東", 5) == ["東京"]
    assert m.complete("zz", 5) == []


def test_unknown_words_and_methods_are_clear_errors(wv):
    m = ServedModel("m", wv)
    with pytest.raises(UnknownWordError, match="'nope'"):
        m.neighbours("nope", 3)
    with pytest.raises(ConfigError, match="3cosadd"):
        m.analogy(["king"], [], 3, "cosine")
    with pytest.raises(ConfigError, match="not available"):
        m.project(["king", "queen"], "nonsense")


def test_project_maps_each_word(wv):
    pts = ServedModel("m", wv).project(["king", "queen", "日本"], "pca")
    assert [p["word"] for p in pts] == ["king", "queen", "日本"]
    assert all(np.isfinite([p["x"], p["y"]]).all() for p in pts)


def test_unique_names():
    assert unique_names(["a/v.bin", "b/v.bin", "c.txt"]) == ["v.bin", "v.bin#2", "c.txt"]
