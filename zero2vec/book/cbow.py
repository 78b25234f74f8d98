"""ch04's ``cbow.py``: zero2vec's :class:`~zero2vec.models.CBOW` (row-sparse gradients, the
vectorised negative sampler).

Unless given a ``seed``, weights and negative samples are drawn from ``numpy.random``
(weights in the book's order, so they are the book's after ``np.random.seed``; the
negatives are drawn another way than the book's ``np.random.choice``, so the runs differ).
"""
from __future__ import annotations

from zero2vec.book._random import global_random
from zero2vec.models import CBOW as _CBOW

__all__ = ["CBOW"]


class CBOW(_CBOW):
    """The book's ``CBOW(vocab_size, hidden_size, window_size, corpus)``; keywords as zero2vec's."""

    def __init__(self, vocab_size: int, hidden_size: int, window_size: int, corpus, seed=None,
                 **kwargs) -> None:
        super().__init__(vocab_size, hidden_size, window_size, corpus,
                         seed=global_random() if seed is None else seed, **kwargs)
