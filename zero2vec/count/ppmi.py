"""Positive pointwise mutual information (PPMI) on a sparse co-occurrence matrix.

The book computes ``max(0, log2(C[i, j] * N / (S[j] * S[i]) + eps))`` for every one of
the ``V x V`` entries in a Python double loop. An entry with ``C[i, j] = 0`` gives
``log2(eps) < 0`` and so PPMI 0: only the non-zero counts matter. Here those are
computed at once on the CSR ``data`` array, and the result stays sparse.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from zero2vec._checks import check_number
from zero2vec.count.cooccurrence import check_co_matrix
from zero2vec.errors import ShapeError

_BLOCK_NNZ = 1 << 22  # entries per block of rows: 4M x 8 bytes per float64 temporary


def check_ppmi_options(eps: float, alpha: float, shift: float) -> None:
    """Raise ConfigError unless ``eps >= 0``, ``0 < alpha <= 1`` and ``shift >= 1``."""
    check_number("eps", eps, 0.0)
    check_number("alpha", alpha, 0.0, 1.0, low_open=True)
    check_number("shift (the k of shifted PPMI)", shift, 1.0)


def ppmi(C: object, eps: float = 1e-8, alpha: float = 1.0, shift: float = 1.0,
         dtype: type = np.float32) -> sp.csr_matrix:
    """PPMI of a co-occurrence matrix, as a sparse matrix.

    .. math::

        \\mathrm{PPMI}(w, c) = \\max\\Bigl(0,\\ \\log_2\\Bigl(
            \\frac{C_{wc}\\, Z}{S^{\\mathrm{row}}_w\\, (S^{\\mathrm{col}}_c)^{\\alpha}} + \\varepsilon
        \\Bigr) - \\log_2 k\\Bigr), \\qquad Z = \\textstyle\\sum_c (S^{\\mathrm{col}}_c)^{\\alpha}

    With the defaults (``alpha=1``, ``shift=1``) ``Z = N`` and this is exactly the book's
    ``ppmi`` on a symmetric ``C`` (row and column sums agree).

    Parameters
    ----------
    C : scipy sparse matrix or array-like, shape (V, V_c)
        Non-negative co-occurrence counts (words x contexts).
    eps : float
        Added inside the log, as in the book (it keeps ``log2(0)`` finite there).
    alpha : float in (0, 1]
        Context distribution smoothing: context counts are raised to ``alpha`` before
        normalising. ``0.75`` (Levy et al., 2015; word2vec's negative sampling) lowers
        the PMI of rare contexts, which otherwise dominate.
    shift : float >= 1
        Shifted PPMI: subtract ``log2(shift)`` before clipping at 0. ``shift = k``
        mirrors word2vec with ``k`` negative samples (Levy & Goldberg, 2014).
    dtype : numpy float type
        Dtype of the result (float32 halves memory; the book's ``ppmi`` is float32).

    Returns
    -------
    scipy.sparse.csr_matrix, same shape as ``C``
        Only the positive entries are stored.
    """
    check_ppmi_options(eps, alpha, shift)
    C = check_co_matrix(C)
    if not C.has_canonical_format:
        C = C.copy()
        C.sum_duplicates()
    # marginals in float64 (exact for integer counts; scipy's float32 sums are not)
    S_row = np.bincount(np.repeat(np.arange(C.shape[0]), np.diff(C.indptr)),
                        weights=C.data, minlength=C.shape[0]) if C.nnz else np.zeros(C.shape[0])
    S_col = np.bincount(C.indices, weights=C.data, minlength=C.shape[1])
    N = S_row.sum()
    if N <= 0:
        raise ShapeError("C holds no counts (all zero): PPMI is undefined")
    if alpha == 1:
        S_ctx, Z = S_col, N
    else:
        S_ctx = S_col ** alpha
        Z = S_ctx.sum()
    log_shift = np.log2(shift)

    data = np.empty(C.nnz, dtype=dtype)
    # a block of rows at a time, so float64 temporaries stay small on big matrices
    for r0, r1 in _row_blocks(C.indptr, _BLOCK_NNZ):
        lo, hi = C.indptr[r0], C.indptr[r1]
        rows = np.repeat(np.arange(r0, r1), np.diff(C.indptr[r0:r1 + 1]))
        cols = C.indices[lo:hi]
        # same order of operations as the book, so the float32 results match it bit for bit
        pmi = np.log2(C.data[lo:hi].astype(np.float64) * Z / (S_ctx[cols] * S_row[rows]) + eps)
        if shift != 1:
            pmi -= log_shift
        data[lo:hi] = np.maximum(pmi, 0.0)
    M = sp.csr_matrix((data, C.indices.copy(), C.indptr.copy()), shape=C.shape)
    M.eliminate_zeros()  # keep only positive entries: the matrix gets sparser
    return M


def _row_blocks(indptr: np.ndarray, block_nnz: int) -> list[tuple[int, int]]:
    """Split rows into consecutive ``(start, stop)`` blocks of about ``block_nnz`` entries."""
    n = len(indptr) - 1
    bounds = np.searchsorted(indptr, np.arange(0, indptr[-1], block_nnz), side="right") - 1
    starts = np.unique(np.concatenate([[0], bounds.clip(0, n)]))
    stops = np.append(starts[1:], n)
    return [(int(a), int(b)) for a, b in zip(starts, stops) if b > a]
