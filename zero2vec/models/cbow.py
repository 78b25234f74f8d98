"""CBOW with negative sampling (the book's ch04 ``CBOW``)."""
from __future__ import annotations

import numpy as np

from zero2vec._checks import Seed, random_source
from zero2vec.models._base import Model, check_batch, check_ns_sizes, init_weights
from zero2vec.nn import Embedding, NegativeSamplingLoss


class CBOW(Model):
    """Predict the target word from the mean of its ``2 * window_size`` context vectors.

    All ``2 * window_size`` ``Embedding`` layers hold **one** array, ``W_in``;
    ``self.word_vecs`` is that same object. The optimizer updates it in place, so
    ``word_vecs`` is trained even though it is assigned only here, once.

    Parameters
    ----------
    vocab_size, hidden_size, window_size : int
    corpus : np.ndarray of int
        Word ids, for the negative sampler's unigram distribution.
    sample_size : int
        Negatives per target (5 in the book).
    seed : int, np.random.Generator or np.random.RandomState, optional
        Seeds the weights and the sampler (a Generator or RandomState is drawn from as it
        is: ``np.random.mtrand._rand``, numpy's global one, draws as the book does).
    sparse_grad : bool
        Row-sparse embedding gradients (default) or the book's dense ones.
    dtype : numpy dtype
        float32 as in the book; float64 for numerical gradient checks.
    """

    def __init__(self, vocab_size: int, hidden_size: int, window_size: int, corpus: np.ndarray,
                 sample_size: int = 5, power: float = 0.75, seed: Seed = None,
                 sparse_grad: bool = True, dtype: np.dtype = np.float32) -> None:
        V, H, window_size = check_ns_sizes(vocab_size, hidden_size, window_size)
        rng = random_source(seed)
        W_in = init_weights(rng, (V, H), dtype)
        W_out = init_weights(rng, (V, H), dtype)

        self.in_layers = [Embedding(W_in, sparse_grad) for _ in range(2 * window_size)]
        self.ns_loss = NegativeSamplingLoss(W_out, corpus, power=power, sample_size=sample_size,
                                            seed=rng, sparse_grad=sparse_grad)
        self._collect(self.in_layers + [self.ns_loss])

        self.word_vecs = W_in  # the same object the Embedding layers hold

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> float:
        check_batch(contexts, target, len(self.in_layers), self.word_vecs.shape[0])
        h = 0
        for i, layer in enumerate(self.in_layers):
            h += layer.forward(contexts[:, i])
        h *= 1 / len(self.in_layers)
        return self.ns_loss.forward(h, target)

    def backward(self, dout: float = 1) -> None:
        dout = self.ns_loss.backward(dout)
        dout *= 1 / len(self.in_layers)
        for layer in self.in_layers:
            layer.backward(dout)
        return None
