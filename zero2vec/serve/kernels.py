"""One pass over a matrix for several queries: the served and the live products.

``matrix @ queries.T`` for a handful of queries is bound by reading the matrix (120 MB
at 100k x 300), not by arithmetic. BLAS does it badly at this shape: a matrix-matrix
product with 2-8 columns packs (copies) the whole matrix first and took 8-16 ms here,
two to four times one matrix-vector product, and its thread pool competes with the
request threads (or, in a training process, with the Hogwild workers) for two cores.
:func:`row_dots` reads each row once, while it is in L1, for every query, on the
calling thread alone and without the GIL; with ``fastmath`` the dot products over
the row are SIMD loops, four queries at a time so the row is loaded once per four.
"""
from __future__ import annotations

import numpy as np
from numba import njit

_OPTS = dict(cache=True, fastmath=True, nogil=True)


@njit(**_OPTS)
def _row_dots(matrix, queries, out, norms) -> None:
    rows, dims = matrix.shape
    k = queries.shape[0]
    with_norms = norms.shape[0] == rows
    for i in range(rows):
        row = matrix[i]
        j = 0
        while j + 4 <= k:  # four accumulators share each load of the row
            s0 = s1 = s2 = s3 = out.dtype.type(0.0)
            for d in range(dims):
                r = row[d]
                s0 += r * queries[j, d]
                s1 += r * queries[j + 1, d]
                s2 += r * queries[j + 2, d]
                s3 += r * queries[j + 3, d]
            out[j, i], out[j + 1, i], out[j + 2, i], out[j + 3, i] = s0, s1, s2, s3
            j += 4
        while j < k:
            s = out.dtype.type(0.0)
            for d in range(dims):
                s += row[d] * queries[j, d]
            out[j, i] = s
            j += 1
        if with_norms:
            s = out.dtype.type(0.0)
            for d in range(dims):
                s += row[d] * row[d]
            norms[i] = np.sqrt(s)


def row_dots(matrix: np.ndarray, queries: np.ndarray,
             norms: np.ndarray | None = None) -> np.ndarray:
    """``queries @ matrix.T`` in one pass over ``matrix``, in its float dtype.

    Parameters
    ----------
    matrix : np.ndarray, (rows, dims)
        Float32 or float64; read only (it may be written by other threads meanwhile).
    queries : np.ndarray, (k, dims)
        Cast to ``matrix``'s dtype.
    norms : np.ndarray, (rows,), optional
        Filled with the L2 norm of each row in the same pass, when given.

    Returns
    -------
    np.ndarray, (k, rows)
        A new C-contiguous array: row ``j`` holds query ``j``'s scores.
    """
    if matrix.ndim != 2 or matrix.dtype not in (np.float32, np.float64):
        raise TypeError(f"row_dots needs a 2-D float32 or float64 matrix, got {matrix.dtype} "
                        f"with shape {matrix.shape}")
    queries = np.ascontiguousarray(queries, dtype=matrix.dtype)
    if queries.ndim != 2 or queries.shape[1] != matrix.shape[1]:
        raise ValueError(f"queries of shape {queries.shape} do not match a matrix of "
                         f"{matrix.shape[1]} columns")
    out = np.empty((len(queries), len(matrix)), dtype=matrix.dtype)
    if norms is None:
        norms = np.empty(0, dtype=matrix.dtype)
    elif norms.shape != (len(matrix),) or norms.dtype != matrix.dtype:
        raise ValueError(f"norms must be a {matrix.dtype} array of {len(matrix)} values")
    _row_dots(matrix, queries, out, norms)
    return out


def compile_now(matrix: np.ndarray) -> None:
    """Compile (or load from numba's cache) the kernel for arrays like ``matrix`` now
    (its dtype, layout and read-only flag make the signature), so that the first
    request or snapshot does not pay for it."""
    head = matrix[:1]  # (a view: same flags)
    row_dots(head, np.zeros((1, matrix.shape[1]), dtype=matrix.dtype),
             np.empty(len(head), dtype=matrix.dtype))
