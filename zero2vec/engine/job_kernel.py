"""A training kernel with everything but the job bound to it.

The compiled loops (:mod:`~zero2vec.engine.kernels_cbow`, :mod:`~zero2vec.engine.kernels_sg`)
take two dozen positional arrays and numbers, because numba compiles plain arguments
best. :class:`JobKernel` names them once: the weights, the tables derived from the
vocabulary (:class:`Tables`) and the settings the loop reads. The scheduler then runs
a job as ``kernel(ids, starts, done0, total, state)``, whatever the architecture.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

from zero2vec.engine import sampling
from zero2vec.engine.huffman import build_huffman
from zero2vec.engine.settings import Settings


class Weights(NamedTuple):
    """The trained arrays: input vectors, negative-sampling and Huffman-node outputs;
    and gensim's lock factors (``lockf[w % len(lockf)]`` scales each update of ``W_in[w]``)."""

    W_in: np.ndarray
    W_out: np.ndarray | None
    W_out_hs: np.ndarray | None
    lockf: np.ndarray = np.ones(1, dtype=np.float32)


def initial_vectors(rng: np.random.Generator, n: int, H: int) -> np.ndarray:
    """word2vec.c's initial input vectors: uniform in [-0.5, 0.5) / H (in place: no
    temporaries); output rows start at 0."""
    rows = rng.random((n, H), dtype=np.float32)
    rows -= np.float32(0.5)
    rows /= np.float32(H)
    return rows


class Tables(NamedTuple):
    """What the kernels look up, derived from the vocabulary's counts and the settings."""

    codes: np.ndarray       # Huffman code of each word (hierarchical softmax)
    points: np.ndarray      # the inner nodes on each word's path
    code_lens: np.ndarray
    keep_t: np.ndarray      # subsampling: keep a word when a uniform draw is below this
    alias_t: np.ndarray     # the alias table of the unigram^ns_exponent noise distribution
    alias_i: np.ndarray


def make_tables(counts: np.ndarray, settings: Settings) -> Tables:
    """The Huffman tree (when ``hs``), subsampling thresholds and the negative sampler."""
    if settings.hs:
        # the tree is built on the counts sorted (they are, unless sorted_vocab=0) and its
        # paths given back to each word's own row
        order = np.argsort(-counts, kind="stable")
        tree = build_huffman(counts[order])
        codes, points, code_lens = (np.empty_like(a) for a in tree)
        for mine, built in zip((codes, points, code_lens), tree):
            mine[order] = built
    else:  # the kernels still take arrays of the right types
        codes, points, code_lens = (np.zeros((1, 1), np.uint8), np.zeros((1, 1), np.int32),
                                    np.zeros(1, np.int32))
    keep_t = sampling.keep_thresholds(counts, settings.sample)
    alias_t, alias_i = sampling.alias_table(sampling.noise_distribution(counts, settings.ns_exponent))
    return Tables(codes, points, code_lens, keep_t, alias_t, alias_i)


_SIGMOIDS: tuple[np.ndarray, np.ndarray] | None = None


def sigmoid_tables() -> tuple[np.ndarray, np.ndarray]:
    """The shared sigmoid and log-sigmoid lookup tables (built once)."""
    global _SIGMOIDS
    if _SIGMOIDS is None:
        _SIGMOIDS = (sampling.sigmoid_table(), sampling.log_sigmoid_table())
    return _SIGMOIDS


@dataclass(frozen=True)
class JobKernel:
    """The compiled loop of ``settings``' architecture, bound to a model's arrays.

    ``max_len`` is the longest sentence (chunk) of the corpus, plus one: the size of
    the kernel's subsampling buffer.
    """

    settings: Settings
    weights: Weights
    tables: Tables
    max_len: int

    def __call__(self, ids: np.ndarray, starts: np.ndarray, done0: float, total: float,
                 state: int) -> tuple[float, int]:
        """Train one job (sentences ``starts``, ids ``ids``); return (loss, words kept)."""
        fn, before, after = self._bound
        return fn(ids, starts, *before, done0, total, state, *after)

    @cached_property
    def _bound(self) -> tuple:
        """The loop, and its arguments before and after the job's own (in its order)."""
        from zero2vec.engine.kernels_cbow import train_cbow_job
        from zero2vec.engine.kernels_sg import train_sg_job

        s, w = self.settings, self.weights
        dummy = np.zeros((1, w.W_in.shape[1]), dtype=np.float32)
        before = (w.W_in, dummy if w.W_out is None else w.W_out,
                  dummy if w.W_out_hs is None else w.W_out_hs, *self.tables, s.negative, s.hs,
                  s.window, s.alpha, s.min_alpha)
        if s.sg:  # the last argument is each architecture's own switch
            return train_sg_job, before, (*sigmoid_tables(), self.max_len, w.lockf, s.shrink_windows,
                                  s.shared_negatives)
        return train_cbow_job, before, (*sigmoid_tables(), self.max_len, w.lockf, s.shrink_windows, s.cbow_mean)
