import numpy as np
import pytest

from zero2vec.corpus import Vocabulary
from zero2vec.errors import UnknownWordError, VocabularyError


def test_sorted_by_frequency_ties_by_first_seen():
    v = Vocabulary.build([["b", "a", "c", "a"], ["c", "d", "a"]], min_count=1)
    assert v.index_to_key == ["a", "c", "b", "d"]
    assert v.counts.tolist() == [3, 2, 1, 1]
    assert v.word_to_id["a"] == 0 and v.id_to_word[1] == "c"


def test_min_count_and_max_size():
    sents = [["x"] * 5 + ["y"] * 3 + ["z"]]
    assert Vocabulary.build(sents, min_count=3).index_to_key == ["x", "y"]
    assert Vocabulary.build(sents, min_count=1, max_size=1).index_to_key == ["x"]


def test_empty_and_emptied():
    with pytest.raises(VocabularyError, match="no words"):
        Vocabulary.build([[], []])
    with pytest.raises(VocabularyError, match="min_count=5 removed every word"):
        Vocabulary.build([["a", "b"]], min_count=5)


def test_max_vocab_size_bounds_memory_like_gensim():
    sents = [["common"] * 10] + [[f"rare{i}"] for i in range(100)] + [["common"]]
    v = Vocabulary.build(sents, min_count=1, max_vocab_size=10)
    assert "common" in v and len(v) <= 11


def test_encode_and_unknown_words():
    v = Vocabulary(["a", "b"], [2, 1])
    assert v.encode(["a", "zz", "b"]).tolist() == [0, 1]
    assert v.encode([]).dtype == np.int32
    with pytest.raises(UnknownWordError, match="'aa' is not in the vocabulary; did you mean 'a'"):
        v.get_index("aa")


from hypothesis import given, settings, strategies as st  # noqa: E402

from zero2vec.errors import Zero2VecError  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(min_size=1, max_size=4), max_size=8), max_size=10),
       st.integers(1, 3), st.one_of(st.none(), st.integers(1, 5)), st.one_of(st.none(), st.integers(1, 6)))
def test_build_on_any_sentences(sentences, min_count, max_size, max_vocab_size):
    try:
        v = Vocabulary.build(sentences, min_count=min_count, max_size=max_size,
                             max_vocab_size=max_vocab_size)
    except Zero2VecError:
        return
    assert len(set(v.index_to_key)) == len(v) > 0
    assert all(v.counts[i] >= v.counts[i + 1] for i in range(len(v) - 1))
    assert v.counts.min() >= min_count and (max_size is None or len(v) <= max_size)
    if max_vocab_size is None:  # without pruning the counts are exact
        for w, c in zip(v.index_to_key, v.counts):
            assert c == sum(s.count(w) for s in sentences)
