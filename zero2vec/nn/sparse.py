"""Row-sparse gradients: the rows an ``Embedding`` touched, and their gradients.

The book's ``Embedding.backward`` zero-fills a dense V x H ``dW`` and scatters the batch
into it with ``np.add.at``; for a batch of 100 that is 10,000 rows written to change 100.
Here ``dW`` is kept as ``(indices, values)``: row ``indices[k]`` of the dense gradient
gets ``values[k]`` added (indices may repeat). ``to_dense()`` gives the book's array.
"""
from __future__ import annotations

import numpy as np

from zero2vec.nn._sparse_kernels import coalesce_rows


class RowSparseGrad:
    """A gradient that is zero except in some rows.

    The object is created once per layer and refilled in place by every ``backward``,
    so ``model.grads`` (built by list concatenation at construction, as in the book)
    keeps pointing at the live gradient.

    Parameters
    ----------
    shape : tuple of int
        Shape of the dense gradient, i.e. of the parameter.
    dtype : numpy dtype
    """

    def __init__(self, shape: tuple[int, ...], dtype=np.float32) -> None:
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)
        self.indices = np.empty(0, dtype=np.int64)
        self.values = np.empty((0,) + self.shape[1:], dtype=self.dtype)

    def set(self, indices: np.ndarray, values: np.ndarray) -> None:
        """Replace the content: row ``indices[k]`` gets ``values[k]``."""
        self.indices = indices
        self.values = values

    def clear(self) -> None:
        self.set(np.empty(0, dtype=np.int64), np.empty((0,) + self.shape[1:], dtype=self.dtype))

    @property
    def nnz_rows(self) -> int:
        """Number of (possibly repeated) rows held."""
        return len(self.indices)

    def to_dense(self, out: np.ndarray | None = None) -> np.ndarray:
        """The dense gradient (the book's ``dW``); duplicate rows are summed."""
        if out is None:
            out = np.zeros(self.shape, dtype=self.dtype)
        else:
            out[...] = 0
        np.add.at(out, self.indices, self.values)
        return out

    def coalesce(self) -> tuple[np.ndarray, np.ndarray]:
        """Unique sorted rows and their summed gradients."""
        if self.values.ndim == 2 and len(self.indices):  # compiled: ~20x faster than np.add.at
            return coalesce_rows(self.indices, self.values, self.shape[0])
        rows, inverse = np.unique(self.indices, return_inverse=True)
        summed = np.zeros((len(rows),) + self.shape[1:], dtype=self.values.dtype)
        np.add.at(summed, inverse, self.values)
        return rows, summed

    @staticmethod
    def concat(grads: list[RowSparseGrad]) -> RowSparseGrad:
        """One gradient holding the rows of all ``grads`` (the sum of them)."""
        out = RowSparseGrad(grads[0].shape, grads[0].dtype)
        if len(grads) == 1:
            out.set(grads[0].indices, grads[0].values)
        else:
            out.set(np.concatenate([g.indices for g in grads]),
                    np.concatenate([g.values for g in grads]))
        return out

    def __repr__(self) -> str:
        return f"RowSparseGrad(shape={self.shape}, rows={self.nnz_rows})"


def as_dense(grad: np.ndarray | RowSparseGrad) -> np.ndarray:
    """A dense array for either kind of gradient."""
    return grad.to_dense() if isinstance(grad, RowSparseGrad) else grad
