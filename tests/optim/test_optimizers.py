"""Optimizers: the book's update rules, in place; sparse paths exact where they claim to be."""
import numpy as np
import pytest

from zero2vec.errors import ConfigError
from zero2vec.nn import RowSparseGrad
from zero2vec.optim import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop, get_optimizer


def book_adam(p, g, m, v, it, lr=0.001, b1=0.9, b2=0.999):
    lr_t = lr * np.sqrt(1.0 - b2 ** it) / (1.0 - b1 ** it)
    m += (1 - b1) * (g - m)
    v += (1 - b2) * (g ** 2 - v)
    p -= lr_t * m / (np.sqrt(v) + 1e-7)


def sparse(idx, values, shape):
    g = RowSparseGrad(shape, values.dtype)
    g.set(np.asarray(idx), values)
    return g


@pytest.mark.parametrize("opt", [SGD(), Momentum(), Nesterov(), AdaGrad(), RMSprop(), Adam()])
def test_update_is_in_place(opt, rng):
    W = rng.standard_normal((5, 3)).astype(np.float32)
    before = W.copy()
    params = [W]
    opt.update(params, [np.ones_like(W)])
    # the caller's array itself moved against the gradient (no new array put in the list)
    assert params[0] is W and np.all(W < before)


def test_dense_adam_is_the_books_formula(rng):
    W = rng.standard_normal((5, 3)).astype(np.float32)
    W2, m, v = W.copy(), np.zeros_like(W), np.zeros_like(W)
    opt = Adam()
    for it in range(1, 4):
        g = rng.standard_normal((5, 3)).astype(np.float32)
        opt.update([W], [g])
        book_adam(W2, g, m, v, it)
    np.testing.assert_array_equal(W, W2)


def test_exact_sparse_adam_equals_dense_book_adam(rng):
    W = rng.standard_normal((50, 8)).astype(np.float32)
    W2, m, v = W.copy(), np.zeros_like(W), np.zeros_like(W)
    opt = Adam(lazy=False)
    for it in range(1, 5):
        idx = np.arange(0, 20) if it == 1 else rng.integers(10, 50, 20)  # rows 0..9: step 1 only
        vals = rng.standard_normal((20, 8)).astype(np.float32)
        g = sparse(idx, vals, W.shape)
        opt.update([W], [g])
        book_adam(W2, g.to_dense(), m, v, it)
        if it == 1:
            after_first = W.copy()
    np.testing.assert_allclose(W, W2, rtol=1e-6, atol=1e-7)
    # exact, as dense Adam: rows without a gradient still move while their moments decay
    assert np.all(W[:10] != after_first[:10])


def test_lazy_adam_tracks_dense_adam(rng):
    # rows touched now and then: the closed-form catch-up keeps lazy Adam within ~1% of dense
    W0 = rng.standard_normal((200, 8)).astype(np.float32)
    lazy_W, dense_W = W0.copy(), W0.copy()
    lazy, dense = Adam(lr=0.01), Adam(lr=0.01, lazy=False)
    for _ in range(2000):
        g = sparse(rng.choice(200, 20), (rng.standard_normal((20, 8)) * 0.1 + 0.05).astype(np.float32),
                   W0.shape)
        lazy.update([lazy_W], [g])
        dense.update([dense_W], [g])
    moved = dense_W - W0
    assert np.linalg.norm((lazy_W - W0) - moved) < 0.03 * np.linalg.norm(moved)


def test_lazy_adam_touches_only_batch_rows(rng):
    W = rng.standard_normal((50, 8)).astype(np.float32)
    W0 = W.copy()
    Adam().update([W], [sparse([3, 3, 7], np.ones((3, 8), np.float32), W.shape)])
    changed = np.flatnonzero(np.any(W != W0, axis=1))
    assert changed.tolist() == [3, 7]
    # first step of Adam moves each touched weight by ~lr
    np.testing.assert_allclose(W0[[3, 7]] - W[[3, 7]], 0.001, rtol=1e-3)


@pytest.mark.parametrize("make", [lambda: SGD(lr=0.1), lambda: AdaGrad(lr=0.1)])
def test_sgd_and_adagrad_sparse_are_exact(make, rng):
    W = rng.standard_normal((20, 4))
    W2 = W.copy()
    a, b = make(), make()
    for _ in range(3):
        idx = rng.integers(0, 20, 10)
        vals = rng.standard_normal((10, 4))
        g = sparse(idx, vals, W.shape)
        a.update([W], [g])
        b.update([W2], [g.to_dense()])
    np.testing.assert_allclose(W, W2, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("cls", [Momentum, Nesterov, RMSprop])
def test_exact_mode_equals_dense(cls, rng):
    W = rng.standard_normal((20, 4))
    W2 = W.copy()
    a, b = cls(lazy=False), cls()
    for _ in range(3):
        g = sparse(rng.integers(0, 20, 5), rng.standard_normal((5, 4)), W.shape)
        a.update([W], [g])
        b.update([W2], [g.to_dense()])
    np.testing.assert_allclose(W, W2, rtol=1e-12)


def test_momentum_rule(rng):
    W = np.zeros(3)
    opt = Momentum(lr=0.1, momentum=0.9)
    opt.update([W], [np.ones(3)])
    opt.update([W], [np.ones(3)])
    np.testing.assert_allclose(W, -0.1 - (0.9 * 0.1 + 0.1))


def test_bad_settings():
    with pytest.raises(ConfigError, match="learning rate"):
        SGD(lr=-1)
    with pytest.raises(ConfigError, match="learning rate"):
        Adam(lr=float("nan"))
    with pytest.raises(ConfigError, match="unknown optimizer"):
        get_optimizer("adamw")
    with pytest.raises(ConfigError, match="params but"):
        SGD().update([np.zeros(2)], [])
    assert isinstance(get_optimizer("AdaGrad", lr=0.5), AdaGrad)
