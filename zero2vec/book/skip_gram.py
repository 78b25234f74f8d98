"""ch04's ``skip_gram.py``: zero2vec's :class:`~zero2vec.models.SkipGram` (one sampler table
shared by its 2 * window losses), drawing from ``numpy.random`` unless given a ``seed``
(see ``cbow``)."""
from __future__ import annotations

from zero2vec.book._random import global_random
from zero2vec.models import SkipGram as _SkipGram

__all__ = ["SkipGram"]


class SkipGram(_SkipGram):
    """The book's ``SkipGram(vocab_size, hidden_size, window_size, corpus)``; keywords as zero2vec's."""

    def __init__(self, vocab_size: int, hidden_size: int, window_size: int, corpus, seed=None,
                 **kwargs) -> None:
        super().__init__(vocab_size, hidden_size, window_size, corpus,
                         seed=global_random() if seed is None else seed, **kwargs)
