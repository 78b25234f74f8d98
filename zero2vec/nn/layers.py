"""The book's layers (ch01, ch03, ch04). Each has ``params``, ``grads``, ``forward``, ``backward``.

``grads[i]`` is the gradient of ``params[i]``. The objects in ``params`` and ``grads`` are
created once and then only changed in place, so a model can collect them into its own
lists at construction and optimizers can update them in place.
"""
from __future__ import annotations

import numpy as np

from zero2vec.errors import ShapeError
from zero2vec.nn.functions import cross_entropy_error, sigmoid, softmax
from zero2vec.nn.sparse import RowSparseGrad


class MatMul:
    """``out = x @ W``."""

    def __init__(self, W: np.ndarray) -> None:
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        (W,) = self.params
        if x.shape[-1] != W.shape[0]:
            raise ShapeError(f"MatMul: input has {x.shape[-1]} columns, W has {W.shape[0]} rows")
        self.x = x
        return x @ W

    def backward(self, dout: np.ndarray) -> np.ndarray:
        (W,) = self.params
        dx = dout @ W.T
        self.grads[0][...] = self.x.T @ dout
        return dx


class Sigmoid:
    """``out = 1 / (1 + exp(-x))``."""

    def __init__(self) -> None:
        self.params, self.grads = [], []
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * (1.0 - self.out) * self.out


class Softmax:
    """Row-wise softmax."""

    def __init__(self) -> None:
        self.params, self.grads = [], []
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = softmax(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dx = self.out * dout
        dx -= self.out * dx.sum(axis=1, keepdims=True)
        return dx


class SoftmaxWithLoss:
    """Softmax followed by the mean cross-entropy against labels ``t``."""

    def __init__(self) -> None:
        self.params, self.grads = [], []
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        self.y = softmax(x)
        if t.size == self.y.size:  # one-hot labels -> ids
            t = t.argmax(axis=1)
        self.t = t
        return cross_entropy_error(self.y, self.t)

    def backward(self, dout: float = 1) -> np.ndarray:
        batch_size = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(batch_size), self.t] -= 1
        return dx * (dout / batch_size)


class SigmoidWithLoss:
    """Sigmoid followed by the mean binary cross-entropy against 0/1 labels ``t``."""

    def __init__(self) -> None:
        self.params, self.grads = [], []
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        self.t = t
        self.y = sigmoid(x)
        # the book's cross_entropy_error(np.c_[1 - y, y], t), without building the pair matrix
        p = np.where(t == 1, self.y, 1 - self.y)
        return float(-np.sum(np.log(p + 1e-7)) / len(t))

    def backward(self, dout: float = 1) -> np.ndarray:
        batch_size = self.t.shape[0]
        return (self.y - self.t) * (dout / batch_size)


class Embedding:
    """Pick rows of ``W``: ``out = W[idx]``.

    Parameters
    ----------
    W : np.ndarray, shape (V, H)
        Held by reference: several layers may share one ``W`` (CBOW's ``W_in``).
    sparse_grad : bool
        True (default): ``grads[0]`` is a :class:`RowSparseGrad` holding only the rows of
        ``idx``. False: the book's dense ``dW`` (V x H, zero-filled every backward).
    """

    def __init__(self, W: np.ndarray, sparse_grad: bool = True) -> None:
        self.params = [W]
        self.sparse_grad = sparse_grad
        self.grads = [RowSparseGrad(W.shape, W.dtype) if sparse_grad else np.zeros_like(W)]
        self.idx: np.ndarray | None = None

    def forward(self, idx: np.ndarray) -> np.ndarray:
        (W,) = self.params
        self.idx = idx
        return W.take(idx, axis=0)  # = W[idx], about twice as fast for a batch of rows

    def backward(self, dout: np.ndarray) -> None:
        if self.sparse_grad:
            self.grads[0].set(self.idx, dout)
        else:
            dW = self.grads[0]
            dW[...] = 0
            np.add.at(dW, self.idx, dout)  # add.at: repeated ids must accumulate
        return None


class EmbeddingDot:
    """Score of each row ``h[k]`` against the output vector of word ``idx[k]``: ``sum(W[idx] * h)``."""

    def __init__(self, W: np.ndarray, sparse_grad: bool = True) -> None:
        self.embed = Embedding(W, sparse_grad=sparse_grad)
        self.params = self.embed.params
        self.grads = self.embed.grads
        self.cache: tuple[np.ndarray, np.ndarray] | None = None

    def forward(self, h: np.ndarray, idx: np.ndarray) -> np.ndarray:
        target_W = self.embed.forward(idx)
        out = np.einsum("ij,ij->i", target_W, h)
        self.cache = (h, target_W)
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        h, target_W = self.cache
        dout = dout.reshape(-1, 1)
        self.embed.backward(dout * h)
        return dout * target_W
