"""WordVectors' gensim-named queries against gensim's KeyedVectors on the same vectors:
same answers, same scores (to float32 precision)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from zero2vec.errors import ConfigError, ShapeError, UnknownWordError
from zero2vec.vectors import WordVectors

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # gensim's own


def test_distance_and_distances(wv, kv):
    for a, b in [("king", "queen"), ("東京", "w3"), ("w1", "w1")]:
        assert wv.distance(a, b) == pytest.approx(float(kv.distance(a, b)), abs=1e-6)
    np.testing.assert_allclose(wv.distances("king"), kv.distances("king"), atol=1e-6)
    np.testing.assert_allclose(wv.distances("king", ["queen", "w4"]), kv.distances("king", ["queen", "w4"]),
                               atol=1e-6)
    v = wv["w5"] * 2
    np.testing.assert_allclose(wv.distances(v, ["w5", "w6"]), kv.distances(v, ["w5", "w6"]), atol=1e-6)
    assert wv.distances("king").dtype == kv.distances("king").dtype == np.float32


def test_a_word_is_at_distance_exactly_zero_from_itself(wv):
    """Was 1 - 0.99999994 (unit vectors dotted in float32); gensim's test wants 0."""
    for w in wv.index_to_key[:50]:
        assert wv.similarity(w, w) == 1.0 and wv.distance(w, w) == 0.0


def test_cosine_similarities_is_gensims(wv, kv):
    got = WordVectors.cosine_similarities(wv["w1"], wv.vectors[:20])
    np.testing.assert_allclose(got, kv.cosine_similarities(kv["w1"], kv.vectors[:20]), atol=1e-6)
    assert wv.cosine_similarities(wv["w1"], np.zeros((2, 16), np.float32)).tolist() == [0, 0]  # not NaN


@pytest.mark.parametrize("pair", [("king", "queen"), ("w3", "w40"), ("東京", "パリ")])
def test_closer_than_and_rank(wv, kv, pair):
    assert wv.closer_than(*pair) == kv.closer_than(*pair)
    assert wv.rank(*pair) == kv.rank(*pair)
    assert wv.closer_than("king", "king") == [] and wv.rank("king", "king") == 1
    with pytest.warns(DeprecationWarning):
        assert wv.words_closer_than(*pair) == kv.closer_than(*pair)


def test_most_similar_to_given_and_relative_cosine_similarity(wv, kv):
    keys = ["w1", "queen", "w7", "東京"]
    assert wv.most_similar_to_given("king", keys) == kv.most_similar_to_given("king", keys)
    for topn in (1, 5, 10):
        assert wv.relative_cosine_similarity("king", "queen", topn) == pytest.approx(
            kv.relative_cosine_similarity("king", "queen", topn), rel=1e-5)
    with pytest.raises(ConfigError):
        wv.most_similar_to_given("king", [])
    with pytest.raises(ValueError):  # gensim's type: callers catch it
        wv.relative_cosine_similarity("king", "queen", 0)


def test_similar_by_key_is_similar_by_word(wv, kv):
    assert wv.similar_by_key("w9", topn=6) == wv.similar_by_word("w9", topn=6)
    assert [w for w, _ in wv.similar_by_key("w9", topn=6)] == [w for w, _ in kv.similar_by_key("w9", topn=6)]


@pytest.mark.parametrize("kwargs", [
    {}, {"pre_normalize": False}, {"post_normalize": True}, {"weights": [1, 2, 3, 0.5, 2]},
    {"weights": np.array([1.0, -2, 3, 1, 2])}, {"pre_normalize": False, "post_normalize": True},
])
def test_get_mean_vector_matches_gensim(wv, kv, kwargs):
    keys = ["king", "w3", "an unknown word", "東京", "queen"]
    np.testing.assert_allclose(wv.get_mean_vector(keys, **kwargs), kv.get_mean_vector(keys, **kwargs),
                               rtol=1e-5, atol=1e-7)


def test_get_mean_vector_of_vectors_and_its_errors(wv, kv):
    keys = [wv["w1"] * 3, "w2"]
    np.testing.assert_allclose(wv.get_mean_vector(keys), kv.get_mean_vector(keys), rtol=1e-6)
    assert not wv.get_mean_vector(["nope", "nada"]).any()  # nothing found: zeros, as gensim
    with pytest.raises(UnknownWordError):
        wv.get_mean_vector(["w1", "nope"], ignore_missing=False)
    with pytest.raises(ValueError):
        wv.get_mean_vector([])
    with pytest.raises(ShapeError, match="weight"):
        wv.get_mean_vector(["w1", "w2"], weights=[1.0])


def test_rank_by_centrality_with_and_without_norm(wv, kv):
    words = ["w1", "w2", "king", "queen", "東京"]
    for use_norm in (True, False):
        ours, theirs = wv.rank_by_centrality(words, use_norm), kv.rank_by_centrality(words, use_norm)
        assert [w for _, w in ours] == [w for _, w in theirs]
        np.testing.assert_allclose([s for s, _ in ours], [s for s, _ in theirs], atol=1e-6)


def test_no_known_word_to_rank_is_a_value_error_as_in_gensim(wv):
    """Was an UnknownWordError (a KeyError only): ``except ValueError`` missed it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="none of the words"):
            wv.doesnt_match(["nope", "nada"])


def test_integer_keys_are_rows_as_in_gensim(wv, kv):
    np.testing.assert_array_equal(wv[3], kv[3])
    assert 3 in wv and (len(wv) in wv) == (len(kv) in kv) == False  # noqa: E712
    ours, theirs = wv.most_similar(positive=[3], topn=4), kv.most_similar(positive=[3], topn=4)
    assert [w for w, _ in ours] == [w for w, _ in theirs] and wv.index_to_key[3] not in dict(ours)
    np.testing.assert_array_equal(wv[["w1", 0]], kv[["w1", 0]])


def test_get_vector_is_read_only_so_arithmetic_cannot_edit_the_table(wv):
    king = wv["king"]
    with pytest.raises(ValueError):
        king -= wv["man"]
    assert wv.vectors.flags.writeable  # the table itself is still writable
    assert not wv.get_vector("king", norm=True).flags.writeable


# gensim 4's KeyedVectors methods that issue 12 lists, each with gensim's parameters
ISSUE_12_API = ["add_vector", "add_vectors", "vectors_for_all", "unit_normalize_all", "fill_norms",
                "get_vecattr", "set_vecattr", "sort_by_descending_frequency", "distance", "distances",
                "similar_by_key", "similar_by_word", "similar_by_vector", "get_mean_vector",
                "closer_than", "words_closer_than", "rank", "most_similar_to_given",
                "relative_cosine_similarity", "cosine_similarities", "wmdistance", "most_similar",
                "most_similar_cosmul", "get_vector", "get_index", "has_index_for", "similarity",
                "n_similarity", "doesnt_match", "load_word2vec_format", "save_word2vec_format"]
# where zero2vec's default differs on purpose (documented on the method)
DIFFERENT_DEFAULTS = {("load_word2vec_format", "binary"): None}  # None: detected from the content


@pytest.mark.parametrize("name", ISSUE_12_API)
def test_signatures_are_gensims(name):
    """gensim's parameters in gensim's order with gensim's defaults; anything of zero2vec's
    own comes after them."""
    import inspect

    gensim = pytest.importorskip("gensim.models", reason="gensim (test extra) is needed")
    theirs = [(p.name, p.default) for p in
              inspect.signature(getattr(gensim.KeyedVectors, name)).parameters.values()]
    ours = [(p.name, p.default) for p in
            inspect.signature(getattr(WordVectors, name)).parameters.values()]
    if isinstance(inspect.getattr_static(gensim.KeyedVectors, name), classmethod):
        pass  # (bound: no cls on either side)
    else:
        theirs, ours = theirs[1:], ours[1:]  # self / wv
    assert [n for n, _ in ours[:len(theirs)]] == [n for n, _ in theirs]
    for (n, default), (_, mine) in zip(theirs, ours):
        want = DIFFERENT_DEFAULTS.get((name, n), default)
        assert mine is want or mine == want, (n, mine, want)
