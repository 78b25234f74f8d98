"""How a bigram is scored: gensim's two scorers (in Python and compiled), and the checks.

The formulas are gensim 4's (``gensim.models.phrases``), evaluated in the same order
with the same float64 operations, so scores are equal to the last bit:

- ``"default"`` (Mikolov et al. 2013): ``(bigram_count - min_count) / (a * b) * len_vocab``,
  where ``len_vocab`` counts unigrams *and* n-gram keys;
- ``"npmi"`` (Bouma 2009): ``ln(p_ab / (p_a p_b)) / -ln(p_ab)``, ``p = count /
  corpus_word_count``, and ``-inf`` for a bigram seen fewer than ``min_count`` times.

A callable with gensim's six keyword parameters can score instead; it runs in Python.
"""
from __future__ import annotations

import inspect
import math
import pickle
from collections.abc import Callable

from numba import njit

from zero2vec._checks import check_number
from zero2vec.errors import ConfigError

NEGATIVE_INFINITY = float("-inf")
SCORING_PARAMS = ("worda_count", "wordb_count", "bigram_count", "len_vocab", "min_count",
                  "corpus_word_count")
# how a kernel scores: a built-in formula, or not at all (a callable runs in Python)
DEFAULT, NPMI, CALLABLE = range(3)


def original_scorer(worda_count, wordb_count, bigram_count, len_vocab, min_count,
                    corpus_word_count) -> float:
    """gensim's default score: ``(bigram_count - min_count) / (worda_count * wordb_count) *
    len_vocab`` (``corpus_word_count`` is not used); ``-inf`` if a count is 0."""
    denom = worda_count * wordb_count
    if denom == 0:
        return NEGATIVE_INFINITY
    return (bigram_count - min_count) / float(denom) * len_vocab


def npmi_scorer(worda_count, wordb_count, bigram_count, len_vocab, min_count,
                corpus_word_count) -> float:
    """Normalised pointwise mutual information, in [-1, 1] (``len_vocab`` is not used);
    ``-inf`` for a bigram seen fewer than ``min_count`` times."""
    if bigram_count < min_count:
        return NEGATIVE_INFINITY
    n = float(corpus_word_count)
    pa, pb, pab = worda_count / n, wordb_count / n, bigram_count / n
    try:
        return math.log(pab / (pa * pb)) / -math.log(pab)
    except ValueError:  # a count of 0: never a phrase
        return NEGATIVE_INFINITY


@njit(cache=True, nogil=True)
def score(code: int, a: int, b: int, ab: int, len_vocab: int, min_count: float,
          corpus_word_count: int) -> float:
    """The built-in scorer ``code`` (DEFAULT or NPMI), compiled; equal to the Python one."""
    if code == DEFAULT:
        if a == 0 or b == 0:
            return -math.inf
        if b > 9223372036854775807 // a:  # (a product past int64: rounded, as float() would)
            denom = float(a) * float(b)
        else:
            denom = float(a * b)
        return (ab - min_count) / denom * len_vocab
    if ab < min_count:
        return -math.inf
    n = float(corpus_word_count)
    pa = a / n
    pb = b / n
    pab = ab / n
    ratio = pab / (pa * pb)
    if ratio <= 0.0 or pab <= 0.0:
        return -math.inf
    return math.log(ratio) / -math.log(pab)


def resolve(scoring: str | Callable) -> tuple[int, Callable]:
    """``(code, function)`` for gensim's ``scoring`` argument, or ConfigError.

    A callable must take gensim's six parameters by name and be picklable (a
    module-level function: saving a model records it by name, as pickle would).
    """
    if isinstance(scoring, str):
        if scoring == "default":
            return DEFAULT, original_scorer
        if scoring == "npmi":
            return NPMI, npmi_scorer
        raise ConfigError(f"unknown scoring method {scoring!r}: 'default', 'npmi' or a function")
    if scoring is original_scorer:
        return DEFAULT, original_scorer
    if scoring is npmi_scorer:
        return NPMI, npmi_scorer
    if not callable(scoring):
        raise ConfigError(f"scoring must be 'default', 'npmi' or a function, got {scoring!r}")
    try:
        params = inspect.getfullargspec(scoring).args
    except TypeError:
        params = []
    missing = [p for p in SCORING_PARAMS if p not in params]
    if missing:
        raise ConfigError(f"scoring function missing expected parameters {missing}")
    try:
        pickle.loads(pickle.dumps(scoring))
    except Exception:  # (pickle raises several types for a lambda or a local function)
        raise ScoringPickleError("a custom scoring function must be picklable (a function "
                                 "defined at the top level of a module)") from None
    return CALLABLE, scoring


class ScoringPickleError(ConfigError, pickle.PicklingError):
    """A scoring function that cannot be pickled (gensim raises a PickleError)."""


def check_threshold(threshold: object, scoring: str | Callable) -> float:
    """``threshold`` as a float, in gensim's ranges: > 0 for ``"default"``, [-1, 1] for
    ``"npmi"`` (the ranges apply to the names, as in gensim; a function takes any number)."""
    if scoring == "default":
        return check_number("threshold", threshold, 0.0, low_open=True)
    if scoring == "npmi":
        return check_number("threshold", threshold, -1.0, 1.0)
    return check_number("threshold", threshold, -math.inf)
