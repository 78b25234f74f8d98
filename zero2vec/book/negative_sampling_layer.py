"""ch04's ``negative_sampling_layer.py``: zero2vec's ``EmbeddingDot``, ``UnigramSampler`` and
``NegativeSamplingLoss``.

The sampler draws a whole batch at once from a cumulative table (the book loops over the
batch with ``np.random.choice``); like the book's CPU sampler it never returns a row's own
target, unlike it a word may appear twice in one row (as in word2vec.c). Unless given a
``seed`` it draws from ``numpy.random``, as the book's does.
"""
from __future__ import annotations

from zero2vec.book._random import global_random
from zero2vec.book.np import GPU, np
from zero2vec.nn.layers import Embedding, EmbeddingDot, SigmoidWithLoss
from zero2vec.nn.negative_sampling import NegativeSamplingLoss as _NegativeSamplingLoss
from zero2vec.nn.negative_sampling import UnigramSampler as _UnigramSampler

__all__ = ["GPU", "Embedding", "EmbeddingDot", "NegativeSamplingLoss", "SigmoidWithLoss",
           "UnigramSampler", "np"]


class UnigramSampler(_UnigramSampler):
    """The book's ``UnigramSampler(corpus, power, sample_size)``; ``seed=`` as zero2vec's."""

    def __init__(self, corpus, power: float, sample_size: int, seed=None) -> None:
        super().__init__(corpus, power, sample_size, seed=global_random() if seed is None else seed)


class NegativeSamplingLoss(_NegativeSamplingLoss):
    """The book's ``NegativeSamplingLoss(W, corpus, power=0.75, sample_size=5)``; keywords as
    zero2vec's."""

    def __init__(self, W, corpus, power: float = 0.75, sample_size: int = 5, seed=None,
                 **kwargs) -> None:
        super().__init__(W, corpus, power, sample_size,
                         seed=global_random() if seed is None else seed, **kwargs)
