"""Small compiled building blocks shared by the skip-gram and CBOW kernels.

They are plain ``@njit`` functions: LLVM inlines them into the kernels, and with
``fastmath`` the dot products and axpys over ``H`` floats become SIMD loops.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from zero2vec.engine.rng import bounded, low32, next_u64
from zero2vec.engine.sampling import MAX_EXP, linear_alpha, neg_log_sigmoid, table_index

_OPTS = dict(cache=True, fastmath=True, nogil=True)


@njit(**_OPTS)
def dot(a: np.ndarray, i: int, b: np.ndarray, j: int) -> np.float32:
    """``a[i] . b[j]`` in float32."""
    s = np.float32(0.0)
    for d in range(a.shape[1]):
        s += a[i, d] * b[j, d]
    return s


@njit(**_OPTS)
def dot_vec(v: np.ndarray, b: np.ndarray, j: int) -> np.float32:
    """``v . b[j]`` in float32."""
    s = np.float32(0.0)
    for d in range(v.shape[0]):
        s += v[d] * b[j, d]
    return s


@njit(**_OPTS)
def draw_negative(state: np.ndarray, alias_t: np.ndarray, alias_i: np.ndarray) -> int:
    """One word from the noise distribution (alias method, one 64-bit draw)."""
    z = next_u64(state)
    k = bounded(z, len(alias_i))
    if low32(z) < alias_t[k]:
        return k
    return np.int64(alias_i[k])


@njit(**_OPTS)
def neg_gradient(f: float, label: int, sig: np.ndarray, alpha: float) -> np.float32:
    """word2vec.c's ``(label - sigmoid(f)) * alpha``, saturating beyond +-MAX_EXP."""
    if f > MAX_EXP:
        return np.float32((label - 1) * alpha)
    if f < -MAX_EXP:
        return np.float32(label * alpha)
    return np.float32((label - sig[table_index(f)]) * alpha)


@njit(**_OPTS)
def pair_loss(f: float, label: int, logsig: np.ndarray) -> float:
    """``-log sigmoid(f)`` for a positive pair, ``-log sigmoid(-f)`` for a negative."""
    return neg_log_sigmoid(f if label == 1 else -f, logsig)


@njit(**_OPTS)
def job_sentence(tokens: np.ndarray, starts: np.ndarray, s: int, keep_t: np.ndarray,
                 state: np.ndarray, buf: np.ndarray, alpha0: float, min_alpha: float,
                 done0: float, total: float) -> tuple[float, int]:
    """Sentence ``s`` of a job (``starts``/``tokens`` as the kernels take them), subsampled
    into ``buf``: its learning rate (from its position in the whole run, so the schedule
    is the same whatever the threads) and the number of words kept."""
    a = starts[s]
    base = starts[0]
    alpha = linear_alpha(alpha0, min_alpha, done0 + a, total)
    return alpha, subsample(tokens, a - base, starts[s + 1] - base, keep_t, state, buf)


@njit(**_OPTS)
def window_bounds(i: int, n: int, window: int, shrink: bool, state: np.ndarray) -> tuple[int, int]:
    """``lo, hi``: the context positions around ``i`` in a sentence of ``n`` kept words;
    with ``shrink``, word2vec.c's shrinking window (1..window, uniform: one draw)."""
    win = window - bounded(next_u64(state), window) if shrink else window
    return max(0, i - win), min(n, i + win + 1)


@njit(**_OPTS)
def subsample(tokens: np.ndarray, a: int, b: int, keep_t: np.ndarray, state: np.ndarray,
              out: np.ndarray) -> int:
    """Copy ``tokens[a:b]`` into ``out``, dropping frequent words; return the count kept.

    Words whose threshold is 2**32 (always kept) consume no random draw, so
    ``sample=0`` leaves the random stream untouched.
    """
    n = 0
    always = np.uint64(4294967296)
    for p in range(a, b):
        w = tokens[p]
        t = keep_t[w]
        if t < always and low32(next_u64(state)) >= t:
            continue
        out[n] = w
        n += 1
    return n


@njit(**_OPTS)
def hs_update(l1: np.ndarray, row: int, word: int, W_hs: np.ndarray, codes: np.ndarray,
              points: np.ndarray, lens: np.ndarray, neu1e: np.ndarray, sig: np.ndarray,
              logsig: np.ndarray, alpha: float) -> float:
    """Hierarchical softmax for predicting ``word`` from ``l1[row]``; returns the loss.

    Accumulates the input gradient in ``neu1e`` and updates ``W_hs`` in place.
    Like word2vec.c, nodes with ``|f| >= MAX_EXP`` are not updated.
    """
    loss = 0.0
    H = W_hs.shape[1]
    for k in range(lens[word]):
        node = points[word, k]
        label = 1 - codes[word, k]
        f = dot(l1, row, W_hs, node)
        loss += pair_loss(f, label, logsig)
        if f <= -MAX_EXP or f >= MAX_EXP:
            continue
        g = np.float32((label - sig[table_index(f)]) * alpha)
        for d in range(H):
            neu1e[d] += g * W_hs[node, d]
        for d in range(H):
            W_hs[node, d] += g * l1[row, d]
    return loss


@njit(**_OPTS)
def neg_update(l1: np.ndarray, row: int, word: int, W_out: np.ndarray, negative: int,
               state: np.ndarray, alias_t: np.ndarray, alias_i: np.ndarray,
               neu1e: np.ndarray, sig: np.ndarray, logsig: np.ndarray, alpha: float) -> float:
    """Negative sampling for predicting ``word`` from ``l1[row]``; returns the loss.

    word2vec.c's rule: the true word with label 1, then ``negative`` draws with label
    0 (a draw equal to ``word`` is skipped). Accumulates the input gradient in
    ``neu1e`` and updates ``W_out`` in place.
    """
    loss = 0.0
    H = W_out.shape[1]
    for k in range(negative + 1):
        if k == 0:
            target = word
            label = 1
        else:
            target = draw_negative(state, alias_t, alias_i)
            if target == word:
                continue
            label = 0
        f = dot(l1, row, W_out, target)
        loss += pair_loss(f, label, logsig)
        g = neg_gradient(f, label, sig, alpha)
        for d in range(H):
            neu1e[d] += g * W_out[target, d]
        for d in range(H):
            W_out[target, d] += g * l1[row, d]
    return loss
