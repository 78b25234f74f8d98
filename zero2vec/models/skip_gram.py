"""Skip-gram with negative sampling (the book's ch04 ``SkipGram``)."""
from __future__ import annotations

import numpy as np

from zero2vec._checks import Seed, random_source
from zero2vec.models._base import Model, check_batch, check_ns_sizes, init_weights
from zero2vec.nn import Embedding, NegativeSamplingLoss, UnigramSampler


class SkipGram(Model):
    """Predict each of the ``2 * window_size`` context words from the target word.

    One ``Embedding`` holds ``W_in`` (= ``word_vecs``); ``2 * window_size`` negative
    sampling losses each hold ``sample_size + 1`` ``EmbeddingDot`` layers over one
    shared ``W_out``. Parameters as :class:`~zero2vec.models.CBOW`.
    """

    def __init__(self, vocab_size: int, hidden_size: int, window_size: int, corpus: np.ndarray,
                 sample_size: int = 5, power: float = 0.75, seed: Seed = None,
                 sparse_grad: bool = True, dtype: np.dtype = np.float32) -> None:
        V, H, window_size = check_ns_sizes(vocab_size, hidden_size, window_size)
        rng = random_source(seed)
        W_in = init_weights(rng, (V, H), dtype)
        W_out = init_weights(rng, (V, H), dtype)

        self.in_layer = Embedding(W_in, sparse_grad)
        sampler = UnigramSampler(corpus, power, sample_size, seed=rng)  # one table for all losses
        self.loss_layers = [
            NegativeSamplingLoss(W_out, corpus, power=power, sample_size=sample_size,
                                 sampler=sampler, sparse_grad=sparse_grad)
            for _ in range(2 * window_size)
        ]
        self._collect([self.in_layer] + self.loss_layers)

        self.word_vecs = W_in

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> float:
        check_batch(contexts, target, len(self.loss_layers), self.word_vecs.shape[0])
        h = self.in_layer.forward(target)
        loss = 0.0
        for i, layer in enumerate(self.loss_layers):
            loss += layer.forward(h, contexts[:, i])
        return loss

    def backward(self, dout: float = 1) -> None:
        dh = 0
        for layer in self.loss_layers:
            dh += layer.backward(dout)
        self.in_layer.backward(dh)
        return None
