"""The book's ``common/np.py``: ``from zero2vec.book.np import *`` gives ``np`` and ``GPU``.

``np`` is numpy, or CuPy when :data:`zero2vec.book.config.GPU` was set to True before this
module was first imported (read once, as in the book).
"""
from __future__ import annotations

from zero2vec.book import config
from zero2vec.errors import MissingDependencyError

GPU: bool = bool(config.GPU)


def _cupy():
    try:
        import cupy
    except ImportError:
        raise MissingDependencyError(
            "zero2vec.book.config.GPU = True needs CuPy (pip install cupy-cuda12x, or the wheel for "
            "your CUDA); set GPU = False to run on numpy") from None
    print("GPU mode: zero2vec.book.np is CuPy")
    return cupy


if GPU:
    np = _cupy()
else:
    import numpy as np

__all__ = ["GPU", "np"]
