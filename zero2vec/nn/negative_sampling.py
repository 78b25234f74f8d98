"""Negative sampling (ch04): the unigram^0.75 sampler and ``NegativeSamplingLoss``."""
from __future__ import annotations

import numpy as np

from zero2vec._checks import Seed, check_positive_int, random_source
from zero2vec.errors import ConfigError, CorpusError
from zero2vec.nn.layers import EmbeddingDot, SigmoidWithLoss


class UnigramSampler:
    """Draw negative words with probability proportional to ``count ** power``.

    Vectorised: one ``searchsorted`` over a cumulative table draws the whole batch
    (the book loops over the batch in Python with ``np.random.choice``). Like the
    book's CPU sampler, a row never gets its own target as a negative; unlike it,
    a word may appear twice in one row (as in word2vec.c).

    Parameters
    ----------
    corpus : np.ndarray of int
        Word ids; their counts give the distribution.
    power : float
        0.75 in the book and word2vec.c.
    sample_size : int
        Negatives per target.
    seed : int, np.random.Generator or np.random.RandomState, optional
    """

    def __init__(self, corpus: np.ndarray, power: float, sample_size: int,
                 seed: Seed = None) -> None:
        self.sample_size = check_positive_int("sample_size", sample_size)
        corpus = np.asarray(corpus)
        if corpus.size == 0:
            raise CorpusError("UnigramSampler needs a non-empty corpus")
        counts = np.bincount(corpus.ravel())
        self.vocab_size = len(counts)
        if np.count_nonzero(counts) < 2:
            raise ConfigError("negative sampling needs a corpus of at least 2 distinct words")
        self.word_p = counts.astype(np.float64) ** power
        self.word_p /= self.word_p.sum()
        self.cdf = np.cumsum(self.word_p)
        self.rng = random_source(seed)

    def _draw(self, shape: tuple[int, ...]) -> np.ndarray:
        u = self.rng.random(shape) * self.cdf[-1]
        return np.searchsorted(self.cdf, u, side="right").astype(np.int64)

    def get_negative_sample(self, target: np.ndarray) -> np.ndarray:
        """Negatives of shape ``(len(target), sample_size)``, none equal to its row's target."""
        target = np.asarray(target)
        negative = self._draw((len(target), self.sample_size))
        clash = negative == target[:, None]
        for _ in range(1000):  # expected 1/(1 - p[target]) rounds; ends fast unless p ~ 1
            if not clash.any():
                return negative
            negative[clash] = self._draw((int(clash.sum()),))
            clash = negative == target[:, None]
        raise ConfigError("negative sampling cannot avoid the target: one word dominates the corpus")


class NegativeSamplingLoss:
    """Binary classification of the true target against ``sample_size`` sampled negatives.

    ``sample_size + 1`` ``EmbeddingDot`` layers all hold the same ``W`` (``W_out``).

    Parameters
    ----------
    W : np.ndarray, shape (V, H)
    corpus : np.ndarray of int
    power : float
    sample_size : int
    seed : int, Generator or RandomState, optional
        Seed of the sampler (ignored when ``sampler`` is given).
    sampler : UnigramSampler, optional
        Share one sampler between several losses (SkipGram does).
    sparse_grad : bool
        Row-sparse gradients for ``W`` (see :class:`~zero2vec.nn.layers.Embedding`).
    """

    def __init__(self, W: np.ndarray, corpus: np.ndarray, power: float = 0.75, sample_size: int = 5,
                 seed: Seed = None,
                 sampler: UnigramSampler | None = None, sparse_grad: bool = True) -> None:
        self.sample_size = check_positive_int("sample_size", sample_size)
        self.sampler = sampler or UnigramSampler(corpus, power, sample_size, seed=seed)
        if self.sampler.vocab_size > W.shape[0]:
            raise ConfigError(
                f"the corpus has word id {self.sampler.vocab_size - 1} but W has only {W.shape[0]} rows"
            )
        self.loss_layers = [SigmoidWithLoss() for _ in range(sample_size + 1)]
        self.embed_dot_layers = [EmbeddingDot(W, sparse_grad) for _ in range(sample_size + 1)]
        self.params, self.grads = [], []
        for layer in self.embed_dot_layers:
            self.params += layer.params
            self.grads += layer.grads

    def forward(self, h: np.ndarray, target: np.ndarray) -> float:
        batch_size = target.shape[0]
        negative_sample = self.sampler.get_negative_sample(target)

        # positive example: label 1
        score = self.embed_dot_layers[0].forward(h, target)
        correct_label = np.ones(batch_size, dtype=h.dtype)
        loss = self.loss_layers[0].forward(score, correct_label)

        # negative examples: label 0
        negative_label = np.zeros(batch_size, dtype=h.dtype)
        for i in range(self.sample_size):
            score = self.embed_dot_layers[1 + i].forward(h, negative_sample[:, i])
            loss += self.loss_layers[1 + i].forward(score, negative_label)
        return loss

    def backward(self, dout: float = 1) -> np.ndarray:
        dh = 0
        for l0, l1 in zip(self.loss_layers, self.embed_dot_layers):
            dscore = l0.backward(dout)
            dh += l1.backward(dscore)
        return dh
