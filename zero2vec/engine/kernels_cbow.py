"""The CBOW training kernel (word2vec.c semantics): one job of whole sentences per call.

The context vectors are summed (averaged when ``cbow_mean``) into ``neu1``, which
predicts the center word; the resulting input gradient ``neu1e`` is added in full to
every context vector, as word2vec.c does for both the mean and the sum. CBOW already
makes one prediction per window, so there is no shared-negatives variant.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from zero2vec.engine._ops import hs_update, job_sentence, neg_update, window_bounds


@njit(cache=True, fastmath=True, nogil=True)
def train_cbow_job(tokens, starts, W_in, W_out, W_hs, codes, points, lens,
                   keep_t, alias_t, alias_i, negative, hs, window, alpha0, min_alpha,
                   done0, total, state, sig, logsig, max_len, lockf, shrink, cbow_mean):
    """Train CBOW on one job's sentences; return (loss, words kept).

    ``starts`` are the word positions where the job's sentences start, and where the
    last one ends, in the whole corpus (the learning rate follows them); ``tokens``
    are the job's ids, from position ``starts[0]`` on. ``lockf[w % len(lockf)]`` scales
    every update of ``W_in[w]`` (gensim's ``vectors_lockf``: 0 locks the row).
    """
    H = W_in.shape[1]
    n_lockf = len(lockf)
    buf = np.empty(max_len, dtype=np.int32)
    neu1 = np.zeros((1, H), dtype=np.float32)
    neu1e = np.zeros(H, dtype=np.float32)
    loss = 0.0
    kept = 0
    for s in range(len(starts) - 1):
        alpha, n = job_sentence(tokens, starts, s, keep_t, state, buf, alpha0, min_alpha,
                                done0, total)
        kept += n
        for i in range(n):
            lo, hi = window_bounds(i, n, window, shrink, state)
            for d in range(H):
                neu1[0, d] = 0.0
                neu1e[d] = 0.0
            cw = 0
            for j in range(lo, hi):
                if j != i:
                    w = buf[j]
                    for d in range(H):
                        neu1[0, d] += W_in[w, d]
                    cw += 1
            if cw == 0:
                continue
            if cbow_mean:
                inv = np.float32(1.0 / cw)
                for d in range(H):
                    neu1[0, d] *= inv
            center = buf[i]
            if hs:
                loss += hs_update(neu1, 0, center, W_hs, codes, points, lens, neu1e,
                                  sig, logsig, alpha)
            if negative > 0:
                loss += neg_update(neu1, 0, center, W_out, negative, state, alias_t, alias_i,
                                   neu1e, sig, logsig, alpha)
            for j in range(lo, hi):
                if j != i:
                    w = buf[j]
                    lf = lockf[w % n_lockf]
                    for d in range(H):
                        W_in[w, d] += lf * neu1e[d]
    return loss, kept
