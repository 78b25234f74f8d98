"""Optimizers (the book's ``common/optimizer.py``): each ``update(params, grads)`` works in place.

``params[i] -= ...`` mutates the very array the layers hold, which is why
``model.word_vecs`` (the same object as CBOW's ``W_in``) ends up trained.

Gradients come as dense arrays or as :class:`~zero2vec.nn.sparse.RowSparseGrad`.
For a row-sparse gradient SGD and AdaGrad touch only the batch's rows and are exact
(a zero gradient leaves a row unchanged). Momentum, Nesterov, RMSprop and Adam keep
per-row state that decays even where the gradient is zero, so they have two modes:
``lazy=True`` (default) updates only the touched rows, like TensorFlow's LazyAdam and
PyTorch's SparseAdam; ``lazy=False`` is the book's dense update, exactly.
"""
from __future__ import annotations

import numpy as np

from zero2vec._checks import check_positive_number
from zero2vec.errors import ConfigError
from zero2vec.nn.sparse import RowSparseGrad, as_dense
from zero2vec.optim._kernels import adam_dense_rows, adam_lazy_rows


class Optimizer:
    """Base class: ``update(params, grads)`` applies one step to every pair in place."""

    lr: float

    def update(self, params: list[np.ndarray], grads: list) -> None:
        if len(params) != len(grads):
            raise ConfigError(f"{len(params)} params but {len(grads)} grads")
        self._prepare(params)
        for i, (p, g) in enumerate(zip(params, grads)):
            if isinstance(g, RowSparseGrad):
                if g.nnz_rows or not getattr(self, "lazy", True):  # exact mode still decays
                    self._update_sparse(i, p, g)
            else:
                self._update_dense(i, p, g)

    def _prepare(self, params: list[np.ndarray]) -> None:
        """Hook run once per step before the per-parameter updates."""

    def _update_dense(self, i: int, p: np.ndarray, g: np.ndarray) -> None:  # pragma: no cover
        raise NotImplementedError

    def _update_sparse(self, i: int, p: np.ndarray, g: RowSparseGrad) -> None:
        # Fallback for stateful optimizers in exact (non-lazy) mode: the book's dense step.
        self._update_dense(i, p, g.to_dense())


class SGD:
    """Stochastic gradient descent: ``W -= lr * dW``."""

    def __init__(self, lr: float = 0.01) -> None:
        self.lr = check_positive_number("learning rate", lr)

    def update(self, params: list[np.ndarray], grads: list) -> None:
        if len(params) != len(grads):
            raise ConfigError(f"{len(params)} params but {len(grads)} grads")
        for p, g in zip(params, grads):
            if isinstance(g, RowSparseGrad):
                rows, dW = g.coalesce()
                p[rows] -= self.lr * dW
            else:
                p -= self.lr * g


class _Stateful(Optimizer):
    """Optimizers with one state array per parameter, created lazily at the first step."""

    n_state = 1  # state arrays per parameter (Adam: 2, m and v)

    def __init__(self, lr: float, lazy: bool) -> None:
        self.lr = check_positive_number("learning rate", lr)
        self.lazy = lazy
        self.state: list[list[np.ndarray]] | None = None
        self.iter = 0

    def _prepare(self, params: list[np.ndarray]) -> None:
        if self.state is None:
            self.state = [[np.zeros_like(p) for p in params] for _ in range(self.n_state)]
        self.iter += 1

    def _update_sparse(self, i: int, p: np.ndarray, g: RowSparseGrad) -> None:
        if not self.lazy:
            return super()._update_sparse(i, p, g)
        rows, dW = g.coalesce()
        sub = p[rows]
        states = [s[i][rows] for s in self.state[:self.n_state]]
        self._rule(sub, dW, *states)
        p[rows] = sub
        for s, st in zip(self.state[:self.n_state], states):
            s[i][rows] = st

    def _update_dense(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        self._rule(p, g, *(s[i] for s in self.state[:self.n_state]))

    def _rule(self, p: np.ndarray, g: np.ndarray, *state: np.ndarray) -> None:  # pragma: no cover
        raise NotImplementedError


class Momentum(_Stateful):
    """``v = momentum * v - lr * dW;  W += v``."""

    def __init__(self, lr: float = 0.01, momentum: float = 0.9, lazy: bool = True) -> None:
        super().__init__(lr, lazy)
        self.momentum = momentum

    def _rule(self, p, g, v):
        v *= self.momentum
        v -= self.lr * g
        p += v


class Nesterov(Momentum):
    """Nesterov's accelerated gradient (the book's form); settings as :class:`Momentum`."""

    def _rule(self, p, g, v):
        v *= self.momentum
        v -= self.lr * g
        p += self.momentum * self.momentum * v
        p -= (1 + self.momentum) * self.lr * g


class AdaGrad(_Stateful):
    """``h += dW * dW;  W -= lr * dW / (sqrt(h) + 1e-7)``. Exact on sparse gradients."""

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr, lazy=True)  # zero gradient => no change: lazy is exact

    def _rule(self, p, g, h):
        h += g * g
        p -= self.lr * g / (np.sqrt(h) + 1e-7)


class RMSprop(_Stateful):
    """``h = rho * h + (1 - rho) * dW^2;  W -= lr * dW / (sqrt(h) + 1e-7)``."""

    def __init__(self, lr: float = 0.01, decay_rate: float = 0.99, lazy: bool = True) -> None:
        super().__init__(lr, lazy)
        self.decay_rate = decay_rate

    def _rule(self, p, g, h):
        h *= self.decay_rate
        h += (1 - self.decay_rate) * g * g
        p -= self.lr * g / (np.sqrt(h) + 1e-7)


class Adam(_Stateful):
    """Adam (Kingma & Ba 2015) with the book's bias-corrected step size.

    Parameters
    ----------
    lr, beta1, beta2 : float
    lazy : bool
        True (default): on row-sparse gradients, update m, v and W only in the batch's
        rows, first catching up in closed form on the zero-gradient steps a row missed
        (so it tracks the dense update; see ``adam_lazy_rows``). False: the book's dense
        Adam, exactly, in one compiled pass over every row.
    """

    n_state = 2

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 lazy: bool = True) -> None:
        super().__init__(lr, lazy)
        self.beta1, self.beta2 = beta1, beta2

    @property
    def m(self) -> list[np.ndarray] | None:
        return None if self.state is None else self.state[0]

    @property
    def v(self) -> list[np.ndarray] | None:
        return None if self.state is None else self.state[1]

    def _prepare(self, params):
        first = self.state is None
        super()._prepare(params)
        if first and self.lazy:  # the step at which each row was last updated (lazy catch-up)
            self.state.append([np.zeros(p.shape[:1], dtype=np.int64) for p in params])
        t = self.iter
        self.lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** t) / (1.0 - self.beta1 ** t)

    def _rule(self, p, g, m, v):
        m += (1 - self.beta1) * (g - m)
        v += (1 - self.beta2) * (g ** 2 - v)
        p -= self.lr_t * m / (np.sqrt(v) + 1e-7)

    def _update_sparse(self, i, p, g):
        if p.ndim != 2 or not np.issubdtype(p.dtype, np.floating):
            return super()._update_sparse(i, p, g)  # the numpy rule
        rows, dW = g.coalesce()
        dW = dW.astype(p.dtype, copy=False)
        if self.lazy:
            adam_lazy_rows(p, self.m[i], self.v[i], self.state[2][i], rows, dW, self.iter, self.lr_t,
                           self.beta1, self.beta2, 1e-7)
            return
        if p.dtype != np.float32:
            return super()._update_sparse(i, p, g)  # the kernel below is float32 (as the book)
        slot = np.full(p.shape[0], -1, dtype=np.int64)
        slot[rows] = np.arange(len(rows))
        adam_dense_rows(p, self.m[i], self.v[i], slot, dW, self.lr_t, self.beta1, self.beta2, 1e-7)


OPTIMIZERS = {cls.__name__.lower(): cls for cls in (SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)}


def get_optimizer(name: str, **kwargs) -> SGD | Optimizer:
    """An optimizer by (case-insensitive) name: sgd, momentum, nesterov, adagrad, rmsprop, adam."""
    try:
        return OPTIMIZERS[name.lower()](**kwargs)
    except KeyError:
        raise ConfigError(f"unknown optimizer {name!r}; choose one of {sorted(OPTIMIZERS)}") from None


__all__ = ["SGD", "AdaGrad", "Adam", "Momentum", "Nesterov", "OPTIMIZERS", "RMSprop",
           "as_dense", "get_optimizer"]
