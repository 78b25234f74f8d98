"""fastText's training loops (skip-gram and CBOW on subword rows), one job per call.

The input layer is fastText's matrix ``W`` (words, then n-gram buckets); a word is
the list of its rows ``rows[starts[w]:starts[w+1]]`` (its own row and its
n-grams', :func:`zero2vec.subword.ngrams.subword_table`). As in fastText:

- skip-gram: the hidden vector is the mean of the center word's rows; it predicts
  every context word of the (randomly shrunk) window;
- CBOW: the hidden vector is the mean (``cbow_mean=0``: the sum) of the rows of all
  context words together; it predicts the center word;
- the input gradient is added in full to every row that made the hidden vector.

Skip-gram as fastText, without its cost: fastText averages the center's rows again
before each context word and adds that word's gradient ``g`` to them at once. Adding
``g`` to every row moves their mean by exactly ``g`` (``g`` x
:func:`~zero2vec.subword.ngrams.mean_shift` when two n-grams share a bucket), so the
hidden vector is moved by that instead, and the gradients, summed, reach the rows
once at the end of the window: the same arithmetic up to rounding, at a fraction of
the ~2 x 20 x dim operations a pair. The output side, the learning-rate schedule,
the subsampling, the random stream and the loss are the word-level kernels' own
(:mod:`zero2vec.engine._ops`, :mod:`zero2vec.engine.sampling`).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from zero2vec.engine._ops import hs_update, job_sentence, neg_update, window_bounds


@njit(cache=True, fastmath=True, nogil=True)
def _hidden(W, rows, a, b, h, cw):
    """Add the rows ``rows[a:b]`` of ``W`` to ``h[0]``; return ``cw`` plus their number."""
    H = W.shape[1]
    p = a
    while p + 1 < b:  # two rows a pass: half the loads and stores of h
        r, q = rows[p], rows[p + 1]
        for d in range(H):
            h[0, d] += W[r, d] + W[q, d]
        p += 2
    if p < b:
        r = rows[p]
        for d in range(H):
            h[0, d] += W[r, d]
    return cw + (b - a)


@njit(cache=True, fastmath=True, nogil=True)
def _scatter(W, rows, a, b, g):
    """Add the gradient ``g`` to the rows ``rows[a:b]`` of ``W``."""
    H = W.shape[1]
    for p in range(a, b):
        r = rows[p]
        for d in range(H):
            W[r, d] += g[d]


@njit(cache=True, fastmath=True, nogil=True)
def train_fasttext_job(tokens, starts, W, W_out, W_hs, codes, points, lens,
                       keep_t, alias_t, alias_i, sub_rows, sub_starts, sub_shift, negative,
                       hs, sg,
                       cbow_mean, window, alpha0, min_alpha, done0, total, state, sig, logsig,
                       max_len):
    """Train one job's sentences on subword rows; return (loss, words kept).

    ``starts`` are the global word positions where the job's sentences start (and
    where the last ends); ``tokens`` the job's ids from position ``starts[0]`` on.
    """
    H = W.shape[1]
    buf = np.empty(max_len, dtype=np.int32)
    h = np.zeros((1, H), dtype=np.float32)
    neu1e = np.zeros(H, dtype=np.float32)
    gsum = np.zeros(H, dtype=np.float32)  # skip-gram: the window's gradients summed
    loss = 0.0
    kept = 0
    for s in range(len(starts) - 1):
        alpha, n = job_sentence(tokens, starts, s, keep_t, state, buf, alpha0, min_alpha,
                                done0, total)
        kept += n
        for i in range(n):
            lo, hi = window_bounds(i, n, window, True, state)
            if hi - lo < 2:
                continue
            for d in range(H):
                h[0, d] = 0.0
                neu1e[d] = 0.0
            center = buf[i]
            if sg:
                ca, cb = sub_starts[center], sub_starts[center + 1]
                cw = _hidden(W, sub_rows, ca, cb, h, 0)
                inv = np.float32(1.0 / cw)
                for d in range(H):
                    h[0, d] *= inv
                shift = sub_shift[center]
                for d in range(H):
                    gsum[d] = 0.0
                for j in range(lo, hi):
                    if j == i:
                        continue
                    for d in range(H):
                        neu1e[d] = 0.0
                    if hs:
                        loss += hs_update(h, 0, buf[j], W_hs, codes, points, lens, neu1e,
                                          sig, logsig, alpha)
                    if negative > 0:
                        loss += neg_update(h, 0, buf[j], W_out, negative, state, alias_t,
                                           alias_i, neu1e, sig, logsig, alpha)
                    for d in range(H):  # the rows' mean once this pair's update is made
                        h[0, d] += shift * neu1e[d]
                        gsum[d] += neu1e[d]
                _scatter(W, sub_rows, ca, cb, gsum)
            else:
                cw = 0
                for j in range(lo, hi):
                    if j != i:
                        w = buf[j]
                        cw = _hidden(W, sub_rows, sub_starts[w], sub_starts[w + 1], h, cw)
                if cbow_mean:
                    inv = np.float32(1.0 / cw)
                    for d in range(H):
                        h[0, d] *= inv
                if hs:
                    loss += hs_update(h, 0, center, W_hs, codes, points, lens, neu1e,
                                      sig, logsig, alpha)
                if negative > 0:
                    loss += neg_update(h, 0, center, W_out, negative, state, alias_t, alias_i,
                                       neu1e, sig, logsig, alpha)
                for j in range(lo, hi):
                    if j != i:
                        w = buf[j]
                        _scatter(W, sub_rows, sub_starts[w], sub_starts[w + 1], neu1e)
    return loss, kept
