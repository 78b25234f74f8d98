"""One engine update equals one SGD step of the book's layers (zero2vec.nn).

Skip-gram with negative sampling, one (context, center) pair: the book computes
``Embedding -> EmbeddingDot -> SigmoidWithLoss`` over the true word and its negatives
and backpropagates; the engine does word2vec.c's fused update. With the learning rate
scaled by the batch size (the book's loss is a mean), both move the same rows by the
same amounts, up to the engine's tabulated sigmoid.
"""
from __future__ import annotations

import numpy as np
import pytest

nn = pytest.importorskip("zero2vec.nn")

from zero2vec.engine import sampling  # noqa: E402
from zero2vec.engine._ops import draw_negative, neg_update  # noqa: E402
from zero2vec.engine.rng import job_seed  # noqa: E402
from zero2vec.engine.job_kernel import sigmoid_tables  # noqa: E402


def _distinct_negatives(center, k, t, a):
    for seed in range(1000):
        s = job_seed(seed, 0, 0)
        negs = [int(draw_negative(s, t, a)) for _ in range(k)]
        if len(set(negs)) == k and center not in negs:
            return seed, negs
    raise AssertionError("no seed with distinct negatives")


def test_engine_step_equals_book_layers_sgd_step():
    V, H, K, alpha = 60, 16, 4, 0.1
    rng = np.random.default_rng(0)
    W_in = ((rng.random((V, H)) - 0.5) / 2).astype(np.float32)
    W_out = ((rng.random((V, H)) - 0.5) / 2).astype(np.float32)
    ctx, center = 7, 3
    t, a = sampling.alias_table(np.full(V, 1.0 / V))
    seed, negs = _distinct_negatives(center, K, t, a)

    # the engine
    Wi, Wo = W_in.copy(), W_out.copy()
    neu1e = np.zeros(H, np.float32)
    sig, logsig = sigmoid_tables()
    loss = neg_update(Wi, ctx, center, Wo, K, job_seed(seed, 0, 0), t, a, neu1e, sig, logsig, alpha)
    Wi[ctx] += neu1e

    # the book's layers, one SGD step
    Bi, Bo = W_in.copy(), W_out.copy()
    idx = np.array([center] + negs)
    labels = np.array([1] + [0] * K)
    embed = nn.Embedding(Bi, sparse_grad=False)
    dot = nn.EmbeddingDot(Bo, sparse_grad=False)
    out = nn.SigmoidWithLoss()
    h = embed.forward(np.full(K + 1, ctx))
    book_loss = out.forward(dot.forward(h, idx), labels)
    embed.backward(dot.backward(out.backward(1.0)))
    lr = alpha * (K + 1)  # undo the mean over the batch
    Bi -= lr * nn.as_dense(embed.grads[0])
    Bo -= lr * nn.as_dense(dot.grads[0])

    d_engine = np.concatenate([(Wi - W_in).ravel(), (Wo - W_out).ravel()])
    d_book = np.concatenate([(Bi - W_in).ravel(), (Bo - W_out).ravel()])
    assert np.abs(d_book).max() > 1e-3
    assert np.abs(d_engine - d_book).max() <= 0.02 * np.abs(d_book).max()
    assert loss == pytest.approx(book_loss * (K + 1), rel=0.02)
