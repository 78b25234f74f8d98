"""WordVectors queries: behaviour and parity with gensim's KeyedVectors."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.errors import ConfigError, ShapeError, UnknownWordError
from zero2vec.vectors import WordVectors


def same(ours, theirs, tol=1e-5):
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=tol)


@pytest.mark.parametrize("query", [
    dict(positive=["king"]),
    dict(positive=["woman", "king"], negative=["man"]),
    dict(positive="Paris", topn=3),
    dict(positive=["東京", "フランス"], negative=["パリ"], topn=20),
    dict(positive=[("king", 2.0), "queen"], negative=[("man", 0.5)]),
    dict(positive=["w3"], restrict_vocab=50),
    dict(positive=["w3"], clip_start=10, clip_end=60),
    dict(negative=["w7"], topn=4),
])
def test_most_similar_matches_gensim(wv, kv, query):
    same(wv.most_similar(**query), kv.most_similar(**query))


def test_most_similar_all_scores_and_vector_query(wv, kv):
    np.testing.assert_allclose(wv.most_similar("w1", topn=None), kv.most_similar("w1", topn=None),
                               atol=1e-5)
    v = wv["w5"] * 3 + 0.1
    same(wv.similar_by_vector(v, topn=7), kv.similar_by_vector(v, topn=7))
    same(wv.similar_by_word("w8", topn=5), kv.similar_by_word("w8", topn=5))
    assert wv.most_similar("w1", topn=0) == []


@pytest.mark.parametrize("query", [
    dict(positive=["woman", "king"], negative=["man"]),
    dict(positive=["w1", "w2", "w3"], topn=8),
    dict(positive=["w1"], negative=["w2", "w4"]),
])
@pytest.mark.filterwarnings("ignore:Call to deprecated `init_sims`")  # inside gensim
def test_most_similar_cosmul_matches_gensim(wv, kv, query):
    same(wv.most_similar_cosmul(**query), kv.most_similar_cosmul(**query))


def test_similarity_family_matches_gensim(wv, kv):
    for a, b in [("king", "queen"), ("東京", "日本"), ("w1", "w1")]:
        assert wv.similarity(a, b) == pytest.approx(float(kv.similarity(a, b)), abs=1e-5)
    assert wv.n_similarity(["w1", "w2"], ["w3", "king"]) == pytest.approx(
        float(kv.n_similarity(["w1", "w2"], ["w3", "king"])), abs=1e-5)
    words = ["w1", "w2", "w3", "king", "queen"]
    assert wv.doesnt_match(words) == kv.doesnt_match(words)
    assert wv.get_vector("w3", norm=True) == pytest.approx(kv.get_vector("w3", norm=True), abs=1e-6)


def test_unknown_word_names_it_and_suggests(wv):
    with pytest.raises(UnknownWordError, match="'kinq'.*'king'"):
        wv.most_similar("kinq")
    with pytest.raises(UnknownWordError):
        wv.similarity("king", "nope")
    with pytest.raises(KeyError):  # still a KeyError, as gensim users expect
        wv["nope"]


def test_bad_queries(wv):
    with pytest.raises(ConfigError):
        wv.most_similar()
    with pytest.raises(ShapeError, match="shape"):
        wv.most_similar(positive=[np.zeros(3)])
    with pytest.raises(ConfigError):
        wv.n_similarity([], ["w1"])
    with pytest.raises(ZeroDivisionError, match="non-empty"):  # what gensim's callers catch
        wv.n_similarity(["w1"], [])
    with pytest.warns(UserWarning, match="nope"):
        assert wv.doesnt_match(["w1", "w2", "nope", "w3"]) in {"w1", "w2", "w3"}


def test_zero_vector_scores_zero_not_nan():
    wv = WordVectors(np.array([[1.0, 0], [0, 0], [1, 1]], dtype=np.float32), ["a", "b", "c"])
    res = dict(wv.most_similar("a"))
    assert res["b"] == 0.0 and np.isfinite(res["c"])


def test_norms_follow_live_vectors():
    vecs = np.array([[1.0, 0], [0, 1], [1, 1]], dtype=np.float32)
    wv = WordVectors(vecs, ["a", "b", "c"])
    assert wv.most_similar("a", topn=1)[0][0] == "c"
    vecs[1] = [5, 0.1]  # a training step updates the array in place
    assert wv.most_similar("a", topn=1)[0][0] == "b"
    assert wv.norms[1] == pytest.approx(np.hypot(5, 0.1))


def test_norms_cached_only_for_read_only_vectors():
    vecs = np.array([[3.0, 4]], dtype=np.float32)
    vecs.setflags(write=False)
    wv = WordVectors(vecs, ["a"])
    assert wv.norms is wv.norms  # cached
    wv.vectors = np.array([[6.0, 8]], dtype=np.float32)  # reassigning drops the cache
    assert wv.norms[0] == pytest.approx(10)


def test_float16_vectors_are_upcast():
    wv = WordVectors(np.eye(3, dtype=np.float16), ["a", "b", "c"])
    assert wv.most_similar("a", topn=1)[0][1] == pytest.approx(0.0)
    assert wv.similarity("a", "a") == pytest.approx(1.0)


def test_shape_checks():
    with pytest.raises(ShapeError):
        WordVectors(np.zeros((2, 3)), ["a"])
    with pytest.raises(ShapeError):
        WordVectors(np.zeros(3), ["a", "b", "c"])
    with pytest.raises(ShapeError, match="twice"):
        WordVectors(np.zeros((2, 3)), ["a", "a"])


def test_an_existing_index_is_shared_not_copied():
    from zero2vec.corpus import Vocabulary

    vocab = Vocabulary(["a", "b", "c"], [3, 2, 1])
    shared = WordVectors(np.eye(3, dtype=np.float32), vocab.index_to_key, vocab.counts,
                         key_to_index=vocab.key_to_index)
    assert shared.key_to_index is vocab.key_to_index and shared.index_to_key is vocab.index_to_key
    assert shared.most_similar("a", topn=1)[0][0] in {"b", "c"}
    own = WordVectors(np.eye(3, dtype=np.float32), vocab.index_to_key)
    assert own.key_to_index == vocab.key_to_index and own.key_to_index is not vocab.key_to_index
    with pytest.raises(ShapeError, match="twice"):
        WordVectors(np.eye(2, dtype=np.float32), ["a", "a"], key_to_index={"a": 0})


def test_cosmul_refuses_weighted_words(wv):
    """3CosMul has no weights: a (word, weight) pair is a ConfigError (was an AttributeError)."""
    with pytest.raises(ConfigError, match="weight"):
        wv.most_similar_cosmul(positive=[("king", 2.0)], negative=["man"])
