"""Word vectors from subword rows: the mean of a word's input-matrix rows, as fastText.

fastText's ``getWordVector`` adds the rows one by one in float32 and scales by
``1 / count``; doing the same, in the same order, reproduces its vectors to the last
bits, and never materialises the ``(subwords x dim)`` gather numpy would.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def compose_rows(W, rows, starts):
    """Row ``w`` of the result: the mean of ``W[rows[starts[w]:starts[w+1]]]`` (zeros if none)."""
    n = len(starts) - 1
    H = W.shape[1]
    out = np.zeros((n, H), dtype=np.float32)
    for w in range(n):
        a, b = starts[w], starts[w + 1]
        for p in range(a, b):
            r = rows[p]
            for d in range(H):
                out[w, d] += W[r, d]
        if b > a:
            inv = np.float32(1.0) / np.float32(b - a)
            for d in range(H):
                out[w, d] *= inv
    return out


def mean_of_rows(W: np.ndarray, rows: list[int] | np.ndarray) -> np.ndarray:
    """The mean of ``W[rows]`` in fastText's order and precision (one word)."""
    rows = np.asarray(rows, dtype=np.int32)
    return compose_rows(W, rows, np.array([0, len(rows)], dtype=np.int64))[0]
