"""ch03's ``simple_cbow.py``: zero2vec's :class:`~zero2vec.models.SimpleCBOW`.

Unless given a ``seed``, its weights are drawn from ``numpy.random`` in the book's order,
so after ``np.random.seed(s)`` they are the book's model's weights, to the bit.
"""
from __future__ import annotations

from zero2vec.book._random import global_random
from zero2vec.models import SimpleCBOW as _SimpleCBOW

__all__ = ["SimpleCBOW"]


class SimpleCBOW(_SimpleCBOW):
    """The book's ``SimpleCBOW(vocab_size, hidden_size)``; ``seed=`` as zero2vec's."""

    def __init__(self, vocab_size: int, hidden_size: int, seed=None, **kwargs) -> None:
        super().__init__(vocab_size, hidden_size, seed=global_random() if seed is None else seed,
                         **kwargs)
