"""The book's dense method, kept verbatim in spirit as the yardstick for speed and exactness.

- ``BookUnigramSampler``: a Python loop over the batch calling ``np.random.choice(replace=False,
  p=...)`` per row, with the row's target removed from the distribution;
- models built with ``sparse_grad=False``: every ``Embedding`` zero-fills a dense V x H ``dW``
  and scatters into it with ``np.add.at``;
- ``book_remove_duplicate``: the book's pairwise search for shared params, summing dense grads;
- the optimizers' dense path (``Adam`` on dense arrays is the book's formula).

``benchmarks/book_cbow.py`` times it against the default path; the tests check that both
make the same updates.
"""
from __future__ import annotations

import numpy as np

from zero2vec.trainer.trainer import Trainer


class BookUnigramSampler:
    """The book's CPU sampler: no repeats in a row, never the row's own target."""

    def __init__(self, corpus: np.ndarray, power: float, sample_size: int, seed: int | None = None):
        self.sample_size = sample_size
        counts = np.bincount(np.asarray(corpus).ravel())
        self.vocab_size = len(counts)
        self.word_p = counts.astype(np.float64) ** power
        self.word_p /= self.word_p.sum()
        self.rng = np.random.RandomState(seed)

    def get_negative_sample(self, target: np.ndarray) -> np.ndarray:
        batch_size = target.shape[0]
        negative_sample = np.zeros((batch_size, self.sample_size), dtype=np.int32)
        for i in range(batch_size):
            p = self.word_p.copy()
            p[target[i]] = 0
            p /= p.sum()
            negative_sample[i, :] = self.rng.choice(self.vocab_size, size=self.sample_size,
                                                    replace=False, p=p)
        return negative_sample


def book_remove_duplicate(params: list, grads: list) -> tuple[list, list]:
    """The book's ``remove_duplicate``: O(n^2) identity search, dense ``grads[i] += grads[j]``."""
    params, grads = params[:], grads[:]
    while True:
        find_flg = False
        L = len(params)
        for i in range(0, L - 1):
            for j in range(i + 1, L):
                if params[i] is params[j]:
                    grads[i] += grads[j]
                    find_flg = True
                    params.pop(j)
                    grads.pop(j)
                if find_flg:
                    break
            if find_flg:
                break
        if not find_flg:
            break
    return params, grads


def use_book_sampler(model, corpus: np.ndarray, seed: int | None = None) -> None:
    """Swap the model's vectorised sampler(s) for the book's per-row loop."""
    losses = [model.ns_loss] if hasattr(model, "ns_loss") else list(model.loss_layers)
    sampler = BookUnigramSampler(corpus, 0.75, losses[0].sample_size, seed)
    for loss in losses:
        loss.sampler = sampler


class BookTrainer(Trainer):
    """The book's training step: dense grads merged by ``book_remove_duplicate`` every step."""

    def step(self, batch_x, batch_t, max_grad=None):
        from zero2vec.trainer.sharing import clip_grads

        loss = self.model.forward(batch_x, batch_t)
        self.model.backward()
        # as in the book, += writes into the first holder's dW (re-zeroed by its next backward)
        params, grads = book_remove_duplicate(self.model.params, self.model.grads)
        if max_grad is not None:
            clip_grads(grads, max_grad)
        self.optimizer.update(params, grads)
        return loss
