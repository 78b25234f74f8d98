"""The vector math behind every query: unit rows, cosines, top-k, 3CosAdd and 3CosMul.

One home for each formula, used by ``WordVectors`` (keyed.py), the evaluation
(evaluate.py) and the book's functions (similarity.py), so that all three rank the
same vectors the same way. NumPy only; imports nothing else from zero2vec.

Conventions, all gensim's:

* a zero row stays zero when scaled to unit length and scores 0 (gensim gives NaN);
* ranking is gensim's ``matutils.argsort(..., reverse=True)``: ``argpartition`` then
  ``argsort`` of the head, so exact ties come out in the order gensim's answers have;
* the 3CosAdd query is gensim's ``get_mean_vector``: weighted sum in argument order,
  divided by the sum of absolute weights, then unit length;
* 3CosMul is gensim's ``most_similar_cosmul``: cosines shifted to ``(1 + cos) / 2``,
  product over positive terms divided by product over negative terms plus ``1e-6``.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

COSMUL_EPS = 0.000001  # gensim's (and Levy & Goldberg's) guard against a zero denominator


def row_norms(x: np.ndarray) -> np.ndarray:
    """L2 norm along the last axis (a scalar array for a vector)."""
    return np.linalg.norm(x, axis=-1)


def unit_rows(x: np.ndarray, norms: np.ndarray | float | None = None) -> np.ndarray:
    """``x`` scaled to unit L2 norm along its last axis, as a new array.

    Parameters
    ----------
    x : np.ndarray
        A vector or a matrix of row vectors. Integers are promoted to float64; a
        float dtype is kept.
    norms : array-like, optional
        The norm of each row (shape ``x.shape[:-1]``), when already known; rows are
        divided by these values. Computed with :func:`row_norms` when None.

    Returns
    -------
    np.ndarray
        A new array; ``x`` is never modified. A row whose norm is 0 stays zero (no NaN).
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    n = np.asarray(row_norms(x) if norms is None else norms)[..., None]
    return x / np.where(n > 0, n, 1).astype(n.dtype, copy=False)


def cosines(rows: np.ndarray, norms: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Cosine of each of ``rows`` with a unit-length ``query``; a zero row scores 0.

    ``norms`` are the row norms of ``rows``. A 2-D ``query`` is a batch of queries and
    gives one row of scores per query.
    """
    safe = np.where(norms > 0, norms, 1).astype(norms.dtype, copy=False)
    if query.ndim == 1:
        return (rows @ query) / safe
    return (query @ rows.T) / safe


def top_k(scores: np.ndarray, k: int, exclude: Collection[int] = ()) -> list[int]:
    """Indices of the ``k`` largest ``scores``, largest first, skipping ``exclude``.

    The procedure is gensim's (the ``k + len(exclude)`` best by
    ``matutils.argsort(reverse=True)``, then the excluded ones dropped), so exact
    ties come out in the same order as gensim's answers.
    """
    k = int(k)
    if k <= 0:
        return []
    n = k + len(exclude)
    neg = -np.asarray(scores)
    if n >= neg.size:
        best = np.argsort(neg)
    else:
        head = np.argpartition(neg, n)[:n]
        best = head.take(np.argsort(neg.take(head)))
    return [i for i in best.tolist() if i not in exclude][:k]


def mean_direction(vectors: Sequence[np.ndarray], weights: Sequence[float],
                   dtype: np.dtype | type = np.float32) -> np.ndarray:
    """The 3CosAdd query: unit length of ``sum(w * v) / sum(|w|)``, summed in order.

    ``vectors`` are the (usually unit) term vectors, ``weights`` their signs or
    weights (+1 for positive, -1 for negative words). The order of operations is
    gensim's ``get_mean_vector``, so scores agree with gensim's to the last bits.
    """
    mean = np.zeros(np.shape(vectors[0])[-1], dtype=dtype)
    for v, w in zip(vectors, weights):
        mean += w * v
    total = float(np.abs(np.asarray(weights, dtype=np.float64)).sum())
    if total > 0:
        mean = mean / total
    return unit_rows(mean).astype(dtype, copy=False)


def cosmul(positive: Sequence[np.ndarray], negative: Sequence[np.ndarray]) -> np.ndarray:
    """3CosMul (Levy & Goldberg, 2014) from the cosines of each term with every word.

    ``positive`` and ``negative`` hold one array of cosines per term; each cosine is
    shifted to ``(1 + cos) / 2`` so that all factors are non-negative.
    """
    pos = np.prod([(1 + c) / 2 for c in positive], axis=0)
    neg = np.prod([(1 + c) / 2 for c in negative], axis=0) if len(negative) else 1.0
    return pos / (neg + COSMUL_EPS)
