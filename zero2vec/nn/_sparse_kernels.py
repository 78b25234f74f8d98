"""Compiled helper for row-sparse gradients (numba): summing repeated rows."""
from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True)
def coalesce_rows(indices, values, n_rows_total):  # pragma: no cover
    """Unique rows of a row-sparse gradient (ascending) and their summed values.

    Distinct rows are found with a V-sized slot table (no sort of all n indices,
    only of the distinct rows); each row's values are added in their original
    order, as ``np.add.at`` does.
    """
    slot = np.full(n_rows_total, -1, dtype=np.int64)
    rows = np.empty(len(indices), dtype=indices.dtype)
    n_rows = 0
    for i in range(len(indices)):
        r = indices[i]
        if slot[r] < 0:
            slot[r] = 0
            rows[n_rows] = r
            n_rows += 1
    rows = np.sort(rows[:n_rows])  # ascending rows: friendlier to the optimizer's memory access
    for k in range(n_rows):
        slot[rows[k]] = k
    summed = np.zeros((n_rows, values.shape[1]), dtype=values.dtype)
    for i in range(len(indices)):
        s = slot[indices[i]]
        for j in range(values.shape[1]):
            summed[s, j] += values[i, j]
    return rows, summed
