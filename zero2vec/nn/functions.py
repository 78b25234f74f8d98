"""Activation and loss functions used by the layers (the book's ``common/functions.py``)."""
from __future__ import annotations

import numpy as np
from scipy.special import expit


def sigmoid(x: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-x))``, without overflow warnings for very negative ``x``."""
    return expit(x)  # scipy's: the book's formula, computed so exp(-x) cannot overflow


def softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise softmax; subtracting the max keeps exp() from overflowing."""
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy_error(y: np.ndarray, t: np.ndarray) -> float:
    """Mean cross-entropy of probabilities ``y`` against labels ``t`` (ids or one-hot)."""
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:  # one-hot labels -> ids
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return float(-np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size)
