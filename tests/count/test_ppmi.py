"""ppmi against the book's double loop; smoothing and shift semantics."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from zero2vec.corpus import preprocess
from zero2vec.count import create_co_matrix, ppmi
from zero2vec.count.reference import create_co_matrix_dense, ppmi_dense
from zero2vec.errors import ConfigError, ShapeError


def _co(text="You say goodbye and I say hello.", window_size=1):
    corpus, word_to_id, _ = preprocess(text)
    return create_co_matrix(corpus, len(word_to_id), window_size)


def test_book_example_exact():
    C = _co()
    M = ppmi(C)
    assert M.dtype == np.float32
    np.testing.assert_array_equal(M.toarray(), ppmi_dense(C.toarray().astype(np.int32)))
    # the book's printed value for PPMI(you, say)
    assert M[0, 1] == pytest.approx(1.807, abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(corpus=st.lists(st.integers(0, 7), min_size=2, max_size=60), window_size=st.integers(1, 4))
def test_sparse_equals_dense_property(corpus, window_size):
    corpus = np.array(corpus)
    V = int(corpus.max()) + 1
    D = create_co_matrix_dense(corpus, V, window_size)
    M = ppmi(create_co_matrix(corpus, V, window_size))
    np.testing.assert_array_equal(M.toarray(), ppmi_dense(D))
    assert M.nnz == 0 or M.data.min() > 0  # only positive entries are stored


def test_accepts_dense_and_sparse_formats():
    C = _co("the cat sat on the mat . the dog sat on the log .", 2)
    expected = ppmi(C).toarray()
    for other in (C.toarray(), C.toarray().astype(np.int32), sp.coo_matrix(C), sp.csc_matrix(C)):
        np.testing.assert_array_equal(ppmi(other).toarray(), expected)


def test_input_not_modified():
    C = _co()
    before = C.copy()
    ppmi(C, alpha=0.75, shift=2)
    assert (C != before).nnz == 0


def _pmi_by_hand(C, alpha, shift):
    C = C.toarray().astype(np.float64)
    Pwc = C / C.sum()
    Pw = C.sum(axis=1) / C.sum()
    Pc = C.sum(axis=0) ** alpha / (C.sum(axis=0) ** alpha).sum()
    with np.errstate(divide="ignore"):
        pmi = np.log2(Pwc / np.outer(Pw, Pc)) - np.log2(shift)
    return np.maximum(pmi, 0)


@pytest.mark.parametrize("alpha", [1.0, 0.75, 0.5])
@pytest.mark.parametrize("shift", [1.0, 2.0, 5.0])
def test_smoothing_and_shift_match_definition(alpha, shift):
    C = _co("the cat sat on the mat . the dog sat on the log . a cat and a dog .", 2)
    M = ppmi(C, eps=0.0, alpha=alpha, shift=shift, dtype=np.float64)
    np.testing.assert_allclose(M.toarray(), _pmi_by_hand(C, alpha, shift), rtol=1e-12, atol=1e-12)


def test_shift_subtracts_log_k_and_sparsifies():
    C = _co("the cat sat on the mat . the dog sat on the log . a cat and a dog .", 2)
    M1, M4 = ppmi(C, dtype=np.float64), ppmi(C, shift=4, dtype=np.float64)
    kept = M4.toarray() > 0
    np.testing.assert_allclose(M4.toarray()[kept], M1.toarray()[kept] - 2.0)
    assert M4.nnz < M1.nnz


def test_smoothing_lowers_pmi_of_rare_contexts():
    # context 2 is rare; alpha < 1 inflates its probability, lowering PMI with it
    C = np.array([[0, 50, 1], [50, 0, 1], [1, 1, 0]], dtype=float)
    M1, M75 = ppmi(C, dtype=np.float64).toarray(), ppmi(C, alpha=0.75, dtype=np.float64).toarray()
    assert M75[0, 2] < M1[0, 2]


def test_rectangular_words_by_contexts():
    C = np.array([[1, 0, 3], [2, 2, 0]])
    M = ppmi(C, eps=0, dtype=np.float64).toarray()
    assert M.shape == (2, 3)
    np.testing.assert_allclose(M, _pmi_by_hand(sp.csr_matrix(C), 1.0, 1.0))


@pytest.mark.parametrize("kwargs, match", [
    ({"alpha": 0}, "alpha"), ({"alpha": 1.5}, "alpha"), ({"shift": 0.5}, "shift"),
    ({"shift": "2"}, "shift"), ({"eps": -1}, "eps"),
])
def test_bad_options(kwargs, match):
    with pytest.raises(ConfigError, match=match):
        ppmi(np.eye(2), **kwargs)


@pytest.mark.parametrize("C, match", [
    (np.zeros((3, 3)), "no counts"),
    (np.array([1.0, 2.0]), "2-D"),
    (np.zeros((0, 0)), "non-empty"),
    (np.array([[1.0, -1.0], [0.0, 1.0]]), "negative"),
    (np.array([[1.0, np.nan], [0.0, 1.0]]), "NaN"),
    (np.array([["a", "b"]]), "numeric"),
])
def test_bad_matrices(C, match):
    with pytest.raises(ShapeError, match=match):
        ppmi(C)


def test_row_blocks_give_the_same_result(monkeypatch):
    import sys

    mod = sys.modules["zero2vec.count.ppmi"]  # the package re-exports the function as .ppmi

    C = _co("the cat sat on the mat . the dog sat on the log . a cat and a dog .", 3)
    whole = ppmi(C, alpha=0.75, shift=2).toarray()
    monkeypatch.setattr(mod, "_BLOCK_NNZ", 3)  # many tiny blocks, rows split across none
    np.testing.assert_array_equal(ppmi(C, alpha=0.75, shift=2).toarray(), whole)
    blocks = mod._row_blocks(C.indptr, 3)
    assert blocks[0][0] == 0 and blocks[-1][1] == C.shape[0]
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:]))
