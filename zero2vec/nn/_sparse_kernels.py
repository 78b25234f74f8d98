"""Compiled helper for row-sparse gradients (numba): summing repeated rows."""
from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True)
def coalesce_rows(indices, values):  # pragma: no cover
    """Unique sorted rows of a row-sparse gradient and their summed values."""
    order = np.argsort(indices, kind="mergesort")  # stable: same sum order as np.add.at
    n = len(order)
    n_rows = 0
    for k in range(n):
        if k == 0 or indices[order[k]] != indices[order[k - 1]]:
            n_rows += 1
    rows = np.empty(n_rows, dtype=indices.dtype)
    summed = np.zeros((n_rows, values.shape[1]), dtype=values.dtype)
    r = -1
    for k in range(n):
        i = order[k]
        if k == 0 or indices[i] != indices[order[k - 1]]:
            r += 1
            rows[r] = indices[i]
        for j in range(values.shape[1]):
            summed[r, j] += values[i, j]
    return rows, summed

