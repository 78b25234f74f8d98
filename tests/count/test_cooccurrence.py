"""create_co_matrix and CoMatrixBuilder against the book's dense loops."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from zero2vec.corpus import preprocess
from zero2vec.count import CoMatrixBuilder, create_co_matrix, distance_weights
from zero2vec.count.reference import create_co_matrix_dense
from zero2vec.errors import ConfigError, CorpusError, ShapeError

TEXT = "You say goodbye and I say hello."


def test_book_example():
    corpus, word_to_id, _ = preprocess(TEXT)
    C = create_co_matrix(corpus, len(word_to_id), window_size=1)
    assert sp.isspmatrix_csr(C) or isinstance(C, sp.csr_array)
    # the book prints this matrix in section 2.3.4
    expected = np.array([
        [0, 1, 0, 0, 0, 0, 0],
        [1, 0, 1, 0, 1, 1, 0],
        [0, 1, 0, 1, 0, 0, 0],
        [0, 0, 1, 0, 1, 0, 0],
        [0, 1, 0, 1, 0, 0, 0],
        [0, 1, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 1, 0],
    ])
    np.testing.assert_array_equal(C.toarray(), expected)
    np.testing.assert_array_equal(create_co_matrix_dense(corpus, len(word_to_id), 1), expected)


@pytest.mark.parametrize("window_size", [1, 2, 3, 10])
def test_sparse_equals_dense_on_text(window_size):
    corpus, word_to_id, _ = preprocess(
        "the cat sat on the mat . the dog sat on the log . the the cat ."
    )
    V = len(word_to_id)
    np.testing.assert_array_equal(create_co_matrix(corpus, V, window_size).toarray(),
                                  create_co_matrix_dense(corpus, V, window_size))


@settings(max_examples=60, deadline=None)
@given(corpus=st.lists(st.integers(0, 6), min_size=1, max_size=40),
       window_size=st.integers(1, 5), extra=st.integers(0, 3))
def test_sparse_equals_dense_property(corpus, window_size, extra):
    corpus = np.array(corpus)
    V = int(corpus.max()) + 1 + extra  # some words may never occur
    C = create_co_matrix(corpus, V, window_size)
    D = create_co_matrix_dense(corpus, V, window_size)
    np.testing.assert_array_equal(C.toarray(), D)
    assert C.shape == (V, V)
    # symmetric, and each position has min(w, left) + min(w, right) neighbours
    np.testing.assert_array_equal(C.toarray(), C.toarray().T)
    n = len(corpus)
    assert C.sum() == sum(min(window_size, i) + min(window_size, n - 1 - i) for i in range(n))


def test_distance_weighting():
    corpus = np.array([0, 1, 2, 3])
    H = create_co_matrix(corpus, 4, window_size=3, weighting="harmonic", dtype=np.float64).toarray()
    assert H[0, 1] == 1 and H[0, 2] == 0.5 and H[0, 3] == pytest.approx(1 / 3)
    assert H[3, 0] == pytest.approx(1 / 3)  # symmetric
    L = create_co_matrix(corpus, 4, window_size=3, weighting="linear", dtype=np.float64).toarray()
    assert L[0, 1] == 1 and L[0, 2] == pytest.approx(2 / 3) and L[0, 3] == pytest.approx(1 / 3)
    np.testing.assert_allclose(distance_weights(2, "uniform"), [1, 1])
    np.testing.assert_allclose(distance_weights(4, "harmonic"), [1, 1 / 2, 1 / 3, 1 / 4])


def test_repeated_word_counts_twice_on_diagonal():
    # "a a": a's right neighbour is a, and a's left neighbour is a, as in the book
    C = create_co_matrix(np.array([0, 0]), 1, window_size=1)
    assert C.toarray().tolist() == [[2]]


def test_builder_matches_per_sentence_sum():
    rng = np.random.default_rng(0)
    sentences = [rng.integers(0, 9, size=rng.integers(0, 12)) for _ in range(50)]
    expected = sum(create_co_matrix_dense(s, 9, 2) for s in sentences if len(s))
    for chunk in (1, 7, 10_000):  # flushing often or once gives the same matrix
        b = CoMatrixBuilder(9, window_size=2, chunk_words=chunk)
        b.add_sentences(sentences)
        np.testing.assert_array_equal(b.matrix().toarray(), expected)
        assert b.words == sum(len(s) for s in sentences)


def test_builder_windows_do_not_cross_sentences():
    b = CoMatrixBuilder(3, window_size=5)
    b.add(np.array([0, 1]))
    b.add(np.array([2]))
    assert b.matrix().toarray()[:, 2].sum() == 0


@pytest.mark.parametrize("window_size", [0, -1, 1.5, True, "2"])
def test_bad_window(window_size):
    with pytest.raises(ConfigError, match="window_size"):
        create_co_matrix(np.array([0, 1]), 2, window_size=window_size)


def test_bad_inputs():
    with pytest.raises(CorpusError, match="empty"):
        create_co_matrix(np.array([], dtype=int), 3)
    with pytest.raises(ShapeError, match="outside"):
        create_co_matrix(np.array([0, 3]), 3)
    with pytest.raises(ShapeError, match="outside"):
        create_co_matrix(np.array([-1, 0]), 3)
    with pytest.raises(ShapeError, match="1-D"):
        create_co_matrix(np.array([[0, 1]]), 3)
    with pytest.raises(ShapeError, match="integer"):
        create_co_matrix(np.array([0.5, 1.0]), 3)
    with pytest.raises(ConfigError, match="vocab_size"):
        create_co_matrix(np.array([0]), 0)
    with pytest.raises(ConfigError, match="weighting"):
        create_co_matrix(np.array([0, 1]), 2, weighting="gaussian")
    with pytest.raises(CorpusError, match="empty"):
        CoMatrixBuilder(3).matrix()
    with pytest.raises(ShapeError, match="outside"):
        CoMatrixBuilder(3).add(np.array([5]))
