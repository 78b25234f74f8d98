"""A slow, plain numpy/Python re-implementation of the engine's kernels.

It follows word2vec.c's update rule step by step and draws from the same random
stream (the compiled rng helpers are callable from Python), so one epoch of it must
reproduce the compiled kernels (``sample=0``) up to float rounding.
"""
from __future__ import annotations

import numpy as np

from zero2vec.engine._ops import draw_negative
from zero2vec.engine.rng import bounded, next_u64
from zero2vec.engine.sampling import MAX_EXP, TABLE_SIZE


def sigmoid_from_table(f: float, sig: np.ndarray) -> float:
    return float(sig[int((f + MAX_EXP) * (TABLE_SIZE / MAX_EXP / 2.0))])


def neg_grad(f: float, label: int, sig, alpha: float) -> np.float32:
    if f > MAX_EXP:
        return np.float32((label - 1) * alpha)
    if f < -MAX_EXP:
        return np.float32(label * alpha)
    return np.float32((label - sigmoid_from_table(f, sig)) * alpha)


def hs_step(l1: np.ndarray, word: int, m, neu1e: np.ndarray, sig, alpha: float) -> None:
    for k in range(m._tables.code_lens[word]):
        node = m._tables.points[word, k]
        label = 1 - int(m._tables.codes[word, k])
        f = float(np.dot(l1, m.W_out_hs[node]))
        if f <= -MAX_EXP or f >= MAX_EXP:
            continue
        g = np.float32((label - sigmoid_from_table(f, sig)) * alpha)
        neu1e += g * m.W_out_hs[node]
        m.W_out_hs[node] += g * l1


def neg_step(l1: np.ndarray, word: int, m, negs: list[int], neu1e: np.ndarray, sig,
             alpha: float) -> None:
    for k, target in enumerate([word] + negs):
        label = 1 if k == 0 else 0
        if k and target == word:
            continue
        f = float(np.dot(l1, m.W_out[target]))
        g = neg_grad(f, label, sig, alpha)
        neu1e += g * m.W_out[target]
        m.W_out[target] += g * l1


def draws(state, m, n: int) -> list[int]:
    return [int(draw_negative(state, m._tables.alias_t, m._tables.alias_i)) for _ in range(n)]


def reference_epoch(m, sentences: list[np.ndarray], state: np.ndarray, sig: np.ndarray,
                    done0: float, total: float) -> None:
    """One epoch of ``m``'s configuration (``sample`` must be 0), in place on m's arrays."""
    H = m.vector_size
    pos = 0
    for sent in sentences:
        alpha = max(m.min_alpha, m.alpha - (m.alpha - m.min_alpha) * (done0 + pos) / total)
        pos += len(sent)
        n = len(sent)
        for i in range(n):
            win = m.window - int(bounded(np.uint64(next_u64(state)), m.window))
            lo, hi = max(0, i - win), min(n, i + win + 1)
            center = int(sent[i])
            ctx = [int(sent[j]) for j in range(lo, hi) if j != i]
            if not m.sg:
                if not ctx:
                    continue
                neu1 = m.W_in[ctx].sum(axis=0, dtype=np.float32)
                if m.cbow_mean:
                    neu1 = neu1 * np.float32(1.0 / len(ctx))
                neu1e = np.zeros(H, np.float32)
                if m.hs:
                    hs_step(neu1, center, m, neu1e, sig, alpha)
                if m.negative:
                    neg_step(neu1, center, m, draws(state, m, m.negative), neu1e, sig, alpha)
                for c in ctx:
                    m.W_in[c] += neu1e
            elif m.shared_negatives and m.negative:
                if not ctx:
                    continue
                targets = [center] + [t for t in draws(state, m, m.negative) if t != center]
                labels = np.array([1] + [0] * (len(targets) - 1), np.float32)
                X = m.W_in[ctx].copy()                      # (k, H) contexts
                Y = m.W_out[targets].copy()                 # (T, H) center + negatives
                S = X @ Y.T
                G = np.array([[neg_grad(float(S[a, t]), int(labels[t]), sig, alpha)
                               for t in range(len(targets))] for a in range(len(ctx))],
                             np.float32)
                dX = G @ Y
                if m.hs:
                    for a, c in enumerate(ctx):
                        hs_step(m.W_in[c], center, m, dX[a], sig, alpha)
                for t, r in enumerate(targets):
                    for a in range(len(ctx)):
                        m.W_out[r] += G[a, t] * X[a]
                for a, c in enumerate(ctx):
                    m.W_in[c] += dX[a]
            else:
                for c in ctx:
                    neu1e = np.zeros(H, np.float32)
                    if m.hs:
                        hs_step(m.W_in[c], center, m, neu1e, sig, alpha)
                    if m.negative:
                        neg_step(m.W_in[c], center, m, draws(state, m, m.negative), neu1e,
                                 sig, alpha)
                    m.W_in[c] += neu1e
