"""Gradient checks for every layer, plus the book's forward semantics."""
import numpy as np
import pytest

from zero2vec.nn import (
    Embedding, EmbeddingDot, MatMul, RowSparseGrad, Sigmoid, SigmoidWithLoss, Softmax,
    SoftmaxWithLoss, as_dense, cross_entropy_error, sigmoid, softmax,
)
from zero2vec.nn.gradient_check import numerical_gradient

RTOL, ATOL = 1e-5, 1e-7


def loss_through(layer, x, dout_seed=1):
    """Scalar loss sum(forward(x) * R) with fixed random R, and its dout."""
    out = layer.forward(x)
    R = np.random.default_rng(dout_seed).standard_normal(out.shape)
    return float(np.sum(out * R)), R


def check_input_grad(layer, x):
    _, R = loss_through(layer, x)
    dx = layer.backward(R)
    num = numerical_gradient(lambda: loss_through(layer, x)[0], x)
    np.testing.assert_allclose(dx, num, rtol=RTOL, atol=ATOL)


def test_matmul_grads(rng):
    W = rng.standard_normal((4, 3))
    x = rng.standard_normal((5, 4))
    layer = MatMul(W)
    check_input_grad(layer, x)
    _, R = loss_through(layer, x)
    layer.backward(R)
    num = numerical_gradient(lambda: loss_through(layer, x)[0], W)
    np.testing.assert_allclose(layer.grads[0], num, rtol=RTOL, atol=ATOL)


def test_sigmoid_grad(rng):
    check_input_grad(Sigmoid(), rng.standard_normal((4, 3)))


def test_sigmoid_no_overflow_warning():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist() == [0.0, 0.5, 1.0]


def test_softmax_grad(rng):
    check_input_grad(Softmax(), rng.standard_normal((4, 6)))


def test_softmax_rows_sum_to_one(rng):
    y = softmax(rng.standard_normal((3, 5)) * 100)
    np.testing.assert_allclose(y.sum(axis=1), 1.0)


@pytest.mark.parametrize("one_hot", [False, True])
def test_softmax_with_loss_grad(rng, one_hot):
    x = rng.standard_normal((4, 6))
    t = np.array([0, 5, 2, 2])
    if one_hot:
        t = np.eye(6, dtype=int)[t]
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward()
    num = numerical_gradient(lambda: layer.forward(x, t), x)
    np.testing.assert_allclose(dx, num, rtol=RTOL, atol=ATOL)


def test_sigmoid_with_loss_grad_and_value(rng):
    x = rng.standard_normal(7)
    t = np.array([1, 0, 0, 1, 1, 0, 1])
    layer = SigmoidWithLoss()
    loss = layer.forward(x, t)
    y = sigmoid(x)
    assert loss == pytest.approx(cross_entropy_error(np.c_[1 - y, y], t))  # the book's formula
    dx = layer.backward()
    num = numerical_gradient(lambda: layer.forward(x, t), x)
    np.testing.assert_allclose(dx, num, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("sparse", [True, False])
def test_embedding_grad_with_repeated_ids(rng, sparse):
    W = rng.standard_normal((6, 3))
    idx = np.array([0, 2, 2, 5, 0])
    layer = Embedding(W, sparse_grad=sparse)
    _, R = loss_through(layer, idx)
    layer.backward(R)
    num = numerical_gradient(lambda: loss_through(layer, idx)[0], W)
    np.testing.assert_allclose(as_dense(layer.grads[0]), num, rtol=RTOL, atol=ATOL)


def test_embedding_sparse_grad_is_refilled_in_place(rng):
    W = rng.standard_normal((6, 3))
    layer = Embedding(W)
    g = layer.grads[0]
    assert isinstance(g, RowSparseGrad)
    layer.forward(np.array([1, 3]))
    layer.backward(np.ones((2, 3)))
    assert layer.grads[0] is g and g.indices.tolist() == [1, 3]


@pytest.mark.parametrize("sparse", [True, False])
def test_embedding_dot_grads(rng, sparse):
    W = rng.standard_normal((6, 3))
    h = rng.standard_normal((4, 3))
    idx = np.array([1, 4, 1, 0])
    layer = EmbeddingDot(W, sparse_grad=sparse)

    def f():
        return float(np.sum(layer.forward(h, idx) * np.arange(1, 5)))

    f()
    dh = layer.backward(np.arange(1, 5).astype(float))
    np.testing.assert_allclose(dh, numerical_gradient(f, h), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(as_dense(layer.grads[0]), numerical_gradient(f, W), rtol=RTOL, atol=ATOL)


def test_embedding_dot_forward_is_rowwise_dot(rng):
    W = rng.standard_normal((6, 3))
    h = rng.standard_normal((2, 3))
    out = EmbeddingDot(W).forward(h, np.array([5, 2]))
    np.testing.assert_allclose(out, [W[5] @ h[0], W[2] @ h[1]])


def test_matmul_shape_error(rng):
    from zero2vec.errors import ShapeError

    with pytest.raises(ShapeError, match="MatMul"):
        MatMul(rng.standard_normal((4, 3))).forward(rng.standard_normal((2, 5)))
