"""The fastText loop bound to a model's arrays (the subword side of ``engine.job_kernel``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from zero2vec.engine.job_kernel import Tables, Weights, sigmoid_tables
from zero2vec.engine.settings import Settings
from zero2vec.subword.ngrams import mean_shift


@dataclass(frozen=True)
class SubwordKernel:
    """``kernel(ids, starts, done0, total, state)`` for :func:`engine.scheduler.run_training`.

    ``weights.W_in`` is fastText's input matrix (words, then buckets) and
    ``rows``/``starts`` each word's rows in it
    (:func:`~zero2vec.subword.ngrams.subword_table`).
    """

    settings: Settings
    weights: Weights
    tables: Tables
    rows: np.ndarray
    starts: np.ndarray
    max_len: int

    def __call__(self, ids: np.ndarray, starts: np.ndarray, done0: float, total: float,
                 state: np.ndarray) -> tuple[float, int]:
        """Train one job; return (loss, words kept)."""
        from zero2vec.subword.kernels import train_fasttext_job

        before, after = self._bound
        return train_fasttext_job(ids, starts, *before, done0, total, state, *after)

    @cached_property
    def _bound(self) -> tuple[tuple, tuple]:
        s, w = self.settings, self.weights
        dummy = np.zeros((1, w.W_in.shape[1]), dtype=np.float32)
        before = (w.W_in, dummy if w.W_out is None else w.W_out,
                  dummy if w.W_out_hs is None else w.W_out_hs, *self.tables, self.rows,
                  self.starts, mean_shift(self.rows, self.starts), s.negative, s.hs, s.sg,
                  s.cbow_mean, s.window, s.alpha, s.min_alpha)
        return before, (*sigmoid_tables(), self.max_len)
