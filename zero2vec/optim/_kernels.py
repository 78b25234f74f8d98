"""Compiled inner loops for the optimizers' hot paths (numba).

Only the exact dense Adam needs one: the book's Adam rewrites both full V x H matrices
every step with ~10 numpy passes and temporaries; one fused pass over (p, m, v) is
several times faster and gives the same float32 results.
"""
from __future__ import annotations

import numba
import numpy as np


@numba.njit(parallel=True, cache=True, error_model="numpy")
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


@numba.njit(cache=True, fastmath=True, error_model="numpy")
def adam_lazy_rows(param, m, v, last, rows, grad_rows, t, lr_t, beta1, beta2, eps):  # pragma: no cover
    """Adam on ``rows`` only (each once), catching up on the steps each row missed.

    Dense Adam keeps moving a row after its gradient stops: its momentum decays by
    beta1 a step but still moves the weights, about 1 / (1 - beta1) = 10 steps' worth in
    all. Plain lazy Adam (TensorFlow's LazyAdam) drops that, which under-trains rare
    words (on PTB: WordSim-353 0.20 instead of 0.28). Here a row last updated at step
    ``last[r]`` first gets the missed zero-gradient steps in closed form -- their moves
    sum to a geometric series in beta1 / sqrt(beta2) -- then this step's update. With
    eps small against sqrt(v) and the bias correction settled, that is the dense update.

    fastmath + error_model="numpy" (no division checks) + contiguous rows let the inner
    loop vectorise; non-contiguous m/v would not.
    """
    ratio = beta1 / np.sqrt(beta2)
    log_ratio, log_b1, log_b2 = np.log(ratio), np.log(beta1), np.log(beta2)
    # scalars in the weights' dtype: float64 constants would make every element op float64
    c = np.empty(7, dtype=param.dtype)
    c[0], c[1], c[2], c[3] = 1.0 - beta1, 1.0 - beta2, lr_t, eps
    c1, c2, lr, e = c[0], c[1], c[2], c[3]
    for k in range(len(rows)):
        r = rows[k]
        gap = t - last[r] - 1  # zero-gradient steps this row missed (0: none)
        c[4] = lr_t * ratio * (1.0 - np.exp(gap * log_ratio)) / (1.0 - ratio)
        c[5] = np.exp(gap * log_b1)
        c[6] = np.exp(gap * log_b2)
        catch_up, d1, d2 = c[4], c[5], c[6]
        p, mr, vr, g = param[r], m[r], v[r], grad_rows[k]
        for j in range(p.shape[0]):
            mj, vj = mr[j], vr[j]
            pj = p[j] - catch_up * mj / (np.sqrt(vj) + e)
            mj *= d1
            vj *= d2
            mj += c1 * (g[j] - mj)
            vj += c2 * (g[j] * g[j] - vj)
            p[j] = pj - lr * mj / (np.sqrt(vj) + e)
            mr[j], vr[j] = mj, vj
        last[r] = t
