"""Editing WordVectors with gensim's API (empty tables, new words, attributes, reordering),
step by step beside gensim's KeyedVectors: same words, same vectors, same attributes."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.errors import ConfigError, ShapeError, UnknownAttributeError
from zero2vec.vectors import WordVectors, load

pytestmark = pytest.mark.filterwarnings("ignore:Adding single vectors")


def assert_same(ours: WordVectors, theirs) -> None:
    assert list(ours.index_to_key) == list(theirs.index_to_key)
    assert ours.key_to_index == theirs.key_to_index
    np.testing.assert_array_equal(ours.vectors, theirs.vectors)
    assert ours.vectors.dtype == theirs.vectors.dtype
    assert sorted(ours.expandos) == sorted(theirs.expandos)
    for attr in ours.expandos:
        np.testing.assert_array_equal(ours.expandos[attr], theirs.expandos[attr])


@pytest.fixture
def gensim_kv():
    return pytest.importorskip("gensim.models").KeyedVectors


def test_empty_table_in_gensims_form(gensim_kv):
    for args, kwargs in [((4,), {}), ((4, 3), {}), ((4, 3, np.float64), {}), ((), {"vector_size": 4}),
                         ((4,), {"count": 2, "dtype": np.float16})]:
        ours, theirs = WordVectors(*args, **kwargs), gensim_kv(*args, **kwargs)
        assert len(ours) == len(theirs) and ours.vector_size == theirs.vector_size
        assert ours.vectors.shape == theirs.vectors.shape and ours.vectors.dtype == theirs.vectors.dtype
    for bad in [dict(vector_size=0), dict(vector_size=3, count=-1), dict(vector_size=3, dtype=np.int32)]:
        with pytest.raises(ConfigError):
            WordVectors(**bad)
    with pytest.raises(ConfigError, match="counts="):
        WordVectors(np.zeros((1, 2)), ["a"], count=3)


def test_add_vector_fills_preallocated_slots_then_grows(gensim_kv, rng):
    vecs = rng.standard_normal((5, 3))
    ours, theirs = WordVectors(3, 3), gensim_kv(3, 3)
    for i, w in enumerate("abcde"):
        assert ours.add_vector(w, vecs[i]) == theirs.add_vector(w, vecs[i]) == i
    assert_same(ours, theirs)
    with pytest.raises(ConfigError, match="already has a vector"):
        ours.add_vector("a", vecs[0])


def test_add_vectors_and_setitem_follow_gensim(gensim_kv, rng):
    vecs = rng.standard_normal((6, 4)).astype(np.float32)
    ours, theirs = WordVectors(4), gensim_kv(4)
    for kv in (ours, theirs):
        kv.add_vectors(["a", "b", "c"], vecs[:3].astype(np.float64))  # cast to the table's dtype
        kv.add_vectors("d", vecs[3])
        kv.add_vectors(["a", "e"], vecs[4:6])  # "a" is known: kept
        kv["b"] = vecs[5]                      # replaced
        kv[["c", "f"]] = vecs[:2]              # one replaced, one new
    assert_same(ours, theirs)
    with pytest.raises(ShapeError):
        ours.add_vectors(["x", "y"], vecs[:1])
    with pytest.raises(ConfigError, match="twice"):
        ours.add_vectors(["x", "x"], vecs[:2])
    with pytest.raises(ConfigError, match="strings"):
        ours.add_vectors([7], vecs[:1])


def test_new_words_get_count_zero_and_extras(gensim_kv, rng):
    vecs = rng.standard_normal((4, 2)).astype(np.float32)
    ours, theirs = WordVectors(vecs[:2], ["a", "b"], counts=[5, 3]), gensim_kv(2)
    theirs.add_vectors(["a", "b"], vecs[:2])
    for w, c in (("a", 5), ("b", 3)):
        theirs.set_vecattr(w, "count", c)
    for kv in (ours, theirs):
        kv.add_vectors(["c"], vecs[2:3])
        kv.allocate_vecattrs()  # gensim leaves its attribute arrays short until this
    assert_same(ours, theirs)
    ours.add_vectors(["d"], vecs[3:], extras={"count": [9]})
    assert ours.get_vecattr("d", "count") == 9 and ours.counts.tolist() == [5, 3, 0, 9]


def test_vecattrs(gensim_kv, wv, make_kv):
    theirs = make_kv(wv.vectors, wv.index_to_key, wv.counts)
    for kv in (wv, theirs):
        kv.set_vecattr("king", "count", 77)
        kv.set_vecattr("queen", "pos", "NOUN")
        kv.set_vecattr("w3", "weight", 0.5)
    assert_same(wv, theirs)
    assert wv.get_vecattr("king", "count") == 77 and wv.counts[wv.get_index("king")] == 77
    assert wv.get_vecattr("w4", "pos") == 0 and wv.get_vecattr("queen", "pos") == "NOUN"
    with pytest.raises(KeyError, match="'lemma'"):  # gensim's type; ours says what is there
        wv.get_vecattr("king", "lemma")
    with pytest.raises(UnknownAttributeError, match="'count'"):
        wv.get_vecattr("king", "lemma")
    with pytest.raises(KeyError):
        wv.set_vecattr("nope", "count", 1)
    with pytest.raises(ShapeError, match="int64"):
        wv.set_vecattr("king", "count", 2.5)


def test_sort_by_descending_frequency_puts_ties_in_gensims_order(make_kv, rng):
    words = list("abcdefgh")
    counts = [1, 5, 1, 5, 2, 1, 9, 2]
    vecs = rng.standard_normal((8, 3)).astype(np.float32)
    ours, theirs = WordVectors(vecs.copy(), words, counts=counts), make_kv(vecs, words, counts)
    ours.sort_by_descending_frequency()
    theirs.sort_by_descending_frequency()
    assert ours.index_to_key == ["g", "d", "b", "h", "e", "f", "c", "a"]  # ties: later first
    assert_same(ours, theirs)
    with pytest.raises(UnknownAttributeError, match="counts"):
        WordVectors(vecs, words).sort_by_descending_frequency()


def test_vectors_for_all(wv, make_kv):
    theirs = make_kv(wv.vectors, wv.index_to_key, wv.counts)
    keys = ["queen", "nope", "w5", "queen", "東京"]
    for copy in (False, True):
        assert_same(wv.vectors_for_all(keys, copy_vecattrs=copy),
                    theirs.vectors_for_all(keys, copy_vecattrs=copy))
    got = wv.vectors_for_all(keys)
    got["queen"] = np.zeros(16, np.float32)  # a copy: the source is untouched
    assert wv["queen"].any()


def test_unit_normalize_all_and_init_sims(wv, make_kv):
    theirs = make_kv(wv.vectors, wv.index_to_key)
    table = wv.vectors
    wv.unit_normalize_all()
    theirs.unit_normalize_all()
    assert wv.vectors is table  # in place, as gensim
    np.testing.assert_allclose(wv.vectors, theirs.vectors, rtol=1e-6)
    zero = WordVectors(np.zeros((1, 3), np.float32), ["z"])
    zero.unit_normalize_all()
    assert not zero.vectors.any()  # a zero vector stays zero (gensim: NaN)
    with pytest.warns(DeprecationWarning):
        wv.init_sims(replace=True)


def test_loaded_vectors_are_writable_and_queries_see_edits(wv, tmp_path):
    """Loaded vectors were read-only: gensim users' in-place edits failed."""
    wv.save_word2vec_format(tmp_path / "v.bin", binary=True)
    wv.save(tmp_path / "v.z2v")
    for got in (WordVectors.load_word2vec_format(tmp_path / "v.bin"), load(tmp_path / "v.bin"),
                WordVectors.load(tmp_path / "v.z2v")):
        assert got.vectors.flags.writeable
        got.vectors[got.get_index("w0")] = got["king"] * 3  # norms must follow the edit
        got["w1"] = -got["king"]
        assert got.most_similar("king", topn=1)[0] == ("w0", pytest.approx(1.0))
        assert got.most_similar("king", topn=None)[got.get_index("w1")] == pytest.approx(-1.0)
    mapped = WordVectors.load(tmp_path / "v.z2v", mmap="r")
    with pytest.raises(ConfigError, match="read-only"):
        mapped["king"] = np.zeros(16, np.float32)


def test_a_shared_vocabulary_is_copied_before_it_grows():
    from zero2vec.corpus import Vocabulary

    vocab = Vocabulary(["a", "b"], [3, 2])
    wv = WordVectors(np.eye(2, dtype=np.float32), vocab.index_to_key, vocab.counts,
                     key_to_index=vocab.key_to_index)
    wv.add_vectors(["c"], np.ones((1, 2)))
    assert vocab.index_to_key == ["a", "b"] and list(vocab.key_to_index) == ["a", "b"]
    assert wv.index_to_key == ["a", "b", "c"] and wv.counts.tolist() == [3, 2, 0]
