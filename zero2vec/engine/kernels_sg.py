"""The skip-gram training kernel: one job (a run of whole sentences) per call.

Two variants of the negative-sampling update:

- ``shared=False``: word2vec.c exactly. For every (center, context) pair the context
  vector ``W_in[ctx]`` predicts the center word against its own ``negative`` draws.
- ``shared=True``: Ji et al. 2016 ("HogBatch"). One set of negatives is drawn per
  center word and shared by all its context words, so the window becomes a small
  matrix product: contexts (k x H) times targets (1 + negative, H). Each target row
  is loaded once per window instead of once per pair, and there are k times fewer
  draws; the gradients are the same formulas, computed before any row is written.

Hierarchical softmax (``hs``) is always word2vec.c's per-pair update.
The learning rate is recomputed at every sentence from the global position of the
sentence in the whole run (``done0 + starts[s]`` of ``total`` words), so the schedule
is identical whatever the number of threads.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from zero2vec.engine._ops import (dot, draw_negative, hs_update, job_sentence, neg_gradient,
                                  neg_update, pair_loss, window_bounds)


@njit(cache=True, fastmath=True, nogil=True)
def train_sg_job(tokens, starts, W_in, W_out, W_hs, codes, points, lens,
                 keep_t, alias_t, alias_i, negative, hs, window, alpha0, min_alpha,
                 done0, total, state, sig, logsig, max_len, lockf, shrink, shared):
    """Train skip-gram on one job's sentences; return (loss, words kept).

    ``starts`` are the word positions where the job's sentences start, and where the
    last one ends, in the whole corpus (the learning rate follows them); ``tokens``
    are the job's ids, from position ``starts[0]`` on. ``lockf[w % len(lockf)]`` scales
    every update of ``W_in[w]`` (gensim's ``vectors_lockf``: 0 locks the row).
    """
    H = W_in.shape[1]
    n_lockf = len(lockf)
    buf = np.empty(max_len, dtype=np.int32)
    neu1e = np.zeros(H, dtype=np.float32)
    k_max = 2 * window
    ctx = np.empty(k_max, dtype=np.int32)
    tgt = np.empty(negative + 1, dtype=np.int32)
    lab = np.empty(negative + 1, dtype=np.int32)
    G = np.empty((k_max, negative + 1), dtype=np.float32)
    dIn = np.empty((k_max, H), dtype=np.float32)
    loss = 0.0
    kept = 0
    for s in range(len(starts) - 1):
        alpha, n = job_sentence(tokens, starts, s, keep_t, state, buf, alpha0, min_alpha,
                                done0, total)
        kept += n
        for i in range(n):
            lo, hi = window_bounds(i, n, window, shrink, state)
            center = buf[i]
            if shared and negative > 0:
                # gather the window, draw the shared negatives
                k = 0
                for j in range(lo, hi):
                    if j != i:
                        ctx[k] = buf[j]
                        k += 1
                if k == 0:
                    continue
                T = 1
                tgt[0] = center
                lab[0] = 1
                for _ in range(negative):
                    t = draw_negative(state, alias_t, alias_i)
                    if t != center:
                        tgt[T] = t
                        lab[T] = 0
                        T += 1
                # scores -> gradients (all read before anything is written)
                for c in range(k):
                    for t in range(T):
                        f = dot(W_in, ctx[c], W_out, tgt[t])
                        loss += pair_loss(f, lab[t], logsig)
                        G[c, t] = neg_gradient(f, lab[t], sig, alpha)
                for c in range(k):
                    for d in range(H):
                        dIn[c, d] = 0.0
                    for t in range(T):
                        g = G[c, t]
                        r = tgt[t]
                        for d in range(H):
                            dIn[c, d] += g * W_out[r, d]
                    if hs:
                        loss += hs_update(W_in, ctx[c], center, W_hs, codes, points, lens,
                                          dIn[c], sig, logsig, alpha)
                for t in range(T):
                    r = tgt[t]
                    for c in range(k):
                        g = G[c, t]
                        q = ctx[c]
                        for d in range(H):
                            W_out[r, d] += g * W_in[q, d]
                for c in range(k):
                    q = ctx[c]
                    lf = lockf[q % n_lockf]
                    for d in range(H):
                        W_in[q, d] += lf * dIn[c, d]
            else:
                for j in range(lo, hi):
                    if j == i:
                        continue
                    l1 = buf[j]
                    for d in range(H):
                        neu1e[d] = 0.0
                    if hs:
                        loss += hs_update(W_in, l1, center, W_hs, codes, points, lens,
                                          neu1e, sig, logsig, alpha)
                    if negative > 0:
                        loss += neg_update(W_in, l1, center, W_out, negative, state,
                                           alias_t, alias_i, neu1e, sig, logsig, alpha)
                    lf = lockf[l1 % n_lockf]
                    for d in range(H):
                        W_in[l1, d] += lf * neu1e[d]
    return loss, kept
