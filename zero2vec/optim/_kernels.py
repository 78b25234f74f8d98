"""Compiled inner loops for the optimizers' hot paths (numba).

Only the exact dense Adam needs one: the book's Adam rewrites both full V x H matrices
every step with ~10 numpy passes and temporaries; one fused pass over (p, m, v) is
several times faster and gives the same float32 results.
"""
from __future__ import annotations

import numba
import numpy as np


@numba.njit(parallel=True, cache=True)
def adam_dense_rows(param, m, v, slot, grad_rows, lr_t, beta1, beta2, eps):  # pragma: no cover
    """The book's Adam over every row; ``slot[r] >= 0`` points at row r's gradient.

    Rows without a gradient get g = 0 (their m and v still decay, as in the dense book
    update). Arithmetic is float32 in the book's order, so results match numpy's.
    """
    one = np.float32(1.0)
    c1 = one - np.float32(beta1)
    c2 = one - np.float32(beta2)
    lr = np.float32(lr_t)
    e = np.float32(eps)
    for r in numba.prange(param.shape[0]):
        s = slot[r]
        for j in range(param.shape[1]):
            g = grad_rows[s, j] if s >= 0 else np.float32(0.0)
            m[r, j] += c1 * (g - m[r, j])
            v[r, j] += c2 * (g * g - v[r, j])
            param[r, j] -= lr * m[r, j] / (np.sqrt(v[r, j]) + e)


@numba.njit(cache=True, fastmath=True)
def adam_lazy_rows(param, m, v, last, rows, grad_rows, t, lr_t, beta1, beta2, eps):  # pragma: no cover
    """Adam on ``rows`` only (each once), catching up on the steps each row missed.

    Dense Adam keeps moving a row after its gradient stops: its momentum decays by
    beta1 a step but still moves the weights, about 1 / (1 - beta1) = 10 steps' worth in
    all. Plain lazy Adam (TensorFlow's LazyAdam) drops that, which under-trains rare
    words. Here a row last updated at step ``last[r]`` first gets the k missed zero-
    gradient steps in closed form -- their moves sum to a geometric series in
    r = beta1 / sqrt(beta2) -- then this step's update. With eps small against sqrt(v)
    and the bias correction settled, that is what the dense update does.
    fastmath lets the row loop vectorise (SIMD sqrt and divide).
    """
    ratio = beta1 / np.sqrt(beta2)
    for k in range(len(rows)):
        r = rows[k]
        gap = t - last[r] - 1
        if gap > 0:
            catch_up = lr_t * ratio * (1.0 - ratio ** gap) / (1.0 - ratio)
            d1 = beta1 ** gap
            d2 = beta2 ** gap
            for j in range(param.shape[1]):
                param[r, j] -= catch_up * m[r, j] / (np.sqrt(v[r, j]) + eps)
                m[r, j] *= d1
                v[r, j] *= d2
        for j in range(param.shape[1]):
            g = grad_rows[k, j]
            m[r, j] += (1.0 - beta1) * (g - m[r, j])
            v[r, j] += (1.0 - beta2) * (g * g - v[r, j])
            param[r, j] -= lr_t * m[r, j] / (np.sqrt(v[r, j]) + eps)
        last[r] = t
