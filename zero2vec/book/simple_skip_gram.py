"""ch03's ``simple_skip_gram.py``: zero2vec's :class:`~zero2vec.models.SimpleSkipGram`, its
weights drawn from ``numpy.random`` unless given a ``seed`` (see ``simple_cbow``)."""
from __future__ import annotations

from zero2vec.book._random import global_random
from zero2vec.models import SimpleSkipGram as _SimpleSkipGram

__all__ = ["SimpleSkipGram"]


class SimpleSkipGram(_SimpleSkipGram):
    """The book's ``SimpleSkipGram(vocab_size, hidden_size)``; ``seed=`` as zero2vec's."""

    def __init__(self, vocab_size: int, hidden_size: int, seed=None, **kwargs) -> None:
        super().__init__(vocab_size, hidden_size, seed=global_random() if seed is None else seed,
                         **kwargs)
