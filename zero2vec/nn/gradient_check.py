"""Numerical gradients (central differences), to check the analytic ``backward`` of any layer."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """d f() / d x by central differences, perturbing ``x`` in place one element at a time.

    ``x`` should be float64: float32 loses most digits of ``f(x + h) - f(x - h)``.
    """
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        orig = x[i]
        x[i] = orig + h
        fp = f()
        x[i] = orig - h
        fm = f()
        x[i] = orig
        grad[i] = (fp - fm) / (2 * h)
    return grad
