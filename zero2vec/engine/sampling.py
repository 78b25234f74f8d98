"""Sampling tables: frequent-word subsampling, the negative sampler, sigmoid tables.

- Subsampling uses word2vec.c's formula, ``keep = (sqrt(c / (s*T)) + 1) * (s*T) / c``
  (capped at 1) for a word seen ``c`` times among ``T`` training tokens. It is stored
  as a uint32-scaled threshold so the kernel compares integers.
- Negatives are drawn from ``count ** ns_exponent`` with Vose's alias method: O(1) per
  draw and 8 bytes per word (560 kB for 70k words, cache-resident), where
  word2vec.c's 1e8-entry table (400 MB) misses the cache on every draw.
- The sigmoid and log-sigmoid are read from 1000-entry tables over [-6, 6], as in
  word2vec.c (``EXP_TABLE_SIZE``, ``MAX_EXP``).
"""
from __future__ import annotations

import numpy as np
from numba import njit

MAX_EXP = 6.0
TABLE_SIZE = 1000
_TWO32 = float(2 ** 32)


def keep_probabilities(counts: np.ndarray, sample: float) -> np.ndarray:
    """word2vec.c's probability of keeping each word (1.0 everywhere if ``sample <= 0``)."""
    counts = np.asarray(counts, dtype=np.float64)
    if sample <= 0:
        return np.ones_like(counts)
    threshold = sample * counts.sum()
    with np.errstate(divide="ignore"):
        p = (np.sqrt(counts / threshold) + 1.0) * threshold / counts
    return np.minimum(p, 1.0)


def keep_thresholds(counts: np.ndarray, sample: float) -> np.ndarray:
    """Keep-probabilities scaled to ``[0, 2**32]``: keep a word if ``low32(draw) < t``."""
    return np.round(keep_probabilities(counts, sample) * _TWO32).astype(np.uint64)


def noise_distribution(counts: np.ndarray, ns_exponent: float) -> np.ndarray:
    """The negative-sampling distribution ``counts ** ns_exponent``, normalised."""
    w = np.asarray(counts, dtype=np.float64) ** ns_exponent
    return w / w.sum()


def alias_table(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vose's alias table for ``probs``: (thresholds as uint32-scaled uint64, aliases).

    Draw: ``i = uniform(0..n-1)``; keep ``i`` if ``low32 < threshold[i]`` else take
    ``alias[i]``. Built deterministically (no randomness, no hash order), in plain
    Python on purpose: building the vocabulary must not pay numba's start-up.
    """
    p = np.asarray(probs, dtype=np.float64)
    n = len(p)
    scaled = (p * n).tolist()
    prob = [1.0] * n
    alias = list(range(n))
    small = [i for i, x in enumerate(scaled) if x < 1.0]
    large = [i for i, x in enumerate(scaled) if x >= 1.0]
    while small and large:
        s = small.pop()
        g = large[-1]
        prob[s] = scaled[s]
        alias[s] = g
        scaled[g] += scaled[s] - 1.0
        if scaled[g] < 1.0:
            large.pop()
            small.append(g)
    # leftovers (rounding) keep themselves with probability 1
    t = np.minimum(np.asarray(prob) * _TWO32, _TWO32)
    return t.astype(np.uint64), np.asarray(alias, dtype=np.int32)


def alias_probabilities(thresholds: np.ndarray, alias: np.ndarray) -> np.ndarray:
    """The distribution an alias table draws from (for tests and diagnostics)."""
    n = len(alias)
    keep = thresholds.astype(np.float64) / _TWO32
    out = keep / n
    np.add.at(out, alias, (1.0 - keep) / n)
    return out


def sigmoid_table() -> np.ndarray:
    """``sigmoid(x)`` at the 1000 points word2vec.c tabulates over [-6, 6)."""
    x = (np.arange(TABLE_SIZE) / TABLE_SIZE * 2 - 1) * MAX_EXP
    return (1.0 / (1.0 + np.exp(-x))).astype(np.float32)


def log_sigmoid_table() -> np.ndarray:
    """``log(sigmoid(x))`` on the same grid, for the loss."""
    x = (np.arange(TABLE_SIZE) / TABLE_SIZE * 2 - 1) * MAX_EXP
    return (-np.logaddexp(0.0, -x)).astype(np.float64)


@njit(inline="always", cache=True)
def table_index(f: float) -> int:
    """Index of ``f`` (which must lie in (-6, 6)) in the tables."""
    return int((f + MAX_EXP) * (TABLE_SIZE / MAX_EXP / 2.0))


@njit(inline="always", cache=True)
def neg_log_sigmoid(f: float, logsig: np.ndarray) -> float:
    """``-log(sigmoid(f))`` from the table; linear/zero tails beyond +-6."""
    if f <= -MAX_EXP:
        return -f
    if f >= MAX_EXP:
        return 0.0
    return -logsig[table_index(f)]


@njit(inline="always", cache=True)
def linear_alpha(alpha: float, min_alpha: float, done: float, total: float) -> float:
    """Learning rate after ``done`` of ``total`` words: linear from alpha to min_alpha."""
    a = alpha - (alpha - min_alpha) * (done / total)
    return a if a > min_alpha else min_alpha
