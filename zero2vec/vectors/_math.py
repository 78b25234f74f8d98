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


_NORM_BLOCK = 1 << 16  # elements per block of row_norms: a temporary that stays in cache


def row_norms(x: np.ndarray) -> np.ndarray:
    """L2 norm along the last axis (a scalar array for a vector).

    ``np.linalg.norm(x, axis=-1)``'s formula, ``sqrt(add.reduce(x * x))`` row by row,
    so the values are the same to the bit (gensim's norms); a matrix is done in blocks
    of rows, which needs no temporary the size of ``x`` and is about twice as fast.
    """
    x = np.asarray(x)
    if x.ndim != 2 or x.dtype.kind != "f":
        return np.linalg.norm(x, axis=-1)
    out = np.empty(len(x), dtype=x.dtype)
    step = max(1, _NORM_BLOCK // max(x.shape[1], 1))
    for s in range(0, len(x), step):
        block = x[s:s + step]
        np.sqrt(np.add.reduce(block * block, axis=1), out=out[s:s + step])
    return out


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
    return x / safe_norms(n)


def safe_norms(norms: np.ndarray) -> np.ndarray:
    """``norms`` with zeros replaced by 1: dividing by them leaves a zero row at zero."""
    return np.where(norms > 0, norms, 1).astype(norms.dtype, copy=False)


def cosines(rows: np.ndarray, norms: np.ndarray, query: np.ndarray, *,
            safe: np.ndarray | None = None) -> np.ndarray:
    """Cosine of each of ``rows`` with a unit-length ``query``; a zero row scores 0.

    ``norms`` are the row norms of ``rows`` (``safe``: their :func:`safe_norms`, when a
    caller scoring many queries has them already). A 2-D ``query`` is a batch of
    queries and gives one row of scores per query.
    """
    safe = safe_norms(norms) if safe is None else safe
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


def weighted_mean(vectors: Sequence[np.ndarray], weights: Sequence[float],
                  dtype: np.dtype | type = np.float32) -> np.ndarray:
    """``sum(w * v) / sum(|w|)``, summed in argument order (gensim's ``get_mean_vector``).

    The sum is accumulated in ``dtype``; when every weight is 0 the (zero) sum is
    returned. ``vectors`` must not be empty (callers refuse that case first).
    """
    mean = np.zeros(np.shape(vectors[0])[-1], dtype=dtype)
    for v, w in zip(vectors, weights):
        mean += w * v
    total = float(np.abs(np.asarray(weights, dtype=np.float64)).sum())
    if total > 0:
        mean = mean / total
    return mean.astype(dtype, copy=False)


def mean_direction(vectors: Sequence[np.ndarray], weights: Sequence[float],
                   dtype: np.dtype | type = np.float32) -> np.ndarray:
    """The 3CosAdd query: unit length of :func:`weighted_mean`.

    ``vectors`` are the (usually unit) term vectors, ``weights`` their signs or
    weights (+1 for positive, -1 for negative words). The order of operations is
    gensim's ``get_mean_vector``, so scores agree with gensim's to the last bits.
    """
    return unit_rows(weighted_mean(vectors, weights, dtype)).astype(dtype, copy=False)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two vectors, computed in float64 and rounded to float32's precision
    (so a vector's cosine with itself is exactly 1); 0 if either is zero."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    denominator = float(np.linalg.norm(a)) * float(np.linalg.norm(b))
    return float(np.float32(np.dot(a, b) / denominator)) if denominator > 0 else 0.0


def cosine_similarities(vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Cosine of ``vector`` with each of ``rows`` (gensim's ``cosine_similarities``);
    a zero vector or row scores 0 where gensim gives NaN."""
    rows = np.asarray(rows)
    return cosines(rows, row_norms(rows), unit_rows(np.asarray(vector)).astype(rows.dtype, copy=False))


def unit_rows_inplace(x: np.ndarray) -> np.ndarray:
    """Scale the rows of the float array ``x`` to unit length in place (zero rows stay
    zero); ``x`` is returned."""
    x /= safe_norms(row_norms(x)[..., None]).astype(x.dtype, copy=False)
    return x


def pairwise_euclidean(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The ``(len(a), len(b))`` Euclidean distances between rows, in float64.

    Computed from the differences (as ``scipy.spatial.distance.cdist``), not from
    ``|a|^2 + |b|^2 - 2ab``, so near-equal rows do not lose their digits; meant for
    the few rows of a document (memory ``len(a) * len(b) * dims``).
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1))


def cosmul(positive: Sequence[np.ndarray], negative: Sequence[np.ndarray]) -> np.ndarray:
    """3CosMul (Levy & Goldberg, 2014) from the cosines of each term with every word.

    ``positive`` and ``negative`` hold one array of cosines per term; each cosine is
    shifted to ``(1 + cos) / 2`` so that all factors are non-negative.
    """
    pos = np.prod([(1 + c) / 2 for c in positive], axis=0)
    neg = np.prod([(1 + c) / 2 for c in negative], axis=0) if len(negative) else 1.0
    return pos / (neg + COSMUL_EPS)


# -- the book's own ranking (ch02's most_similar, ch04's analogy), kept to the bit ------------
# The book scores in the vectors' own dtype (float16 for its shipped pickle) and ranks by
# numpy's default argsort of the negated scores; these functions do the same operations in
# the same order, so a reader sees the very digits printed in the book's output.

def book_unit(x: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    """``x / (norm + eps)`` along the last axis, in ``x``'s own float dtype (integers: float64).

    The scaling of the book's ``cos_similarity``; a new array (``x`` is not modified).
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    n = row_norms(x)
    return x / ((n[..., None] if x.ndim > 1 else n) + eps)


def book_cosines(rows: np.ndarray, query: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    """The book's ``cos_similarity`` of each of ``rows`` with ``query``, as float64.

    One ``np.dot`` per row, as the book's loop does: a matrix-vector product sums in
    another order and would change the last digits the book prints.
    """
    units, q = book_unit(rows, eps), book_unit(query, eps)
    return np.fromiter((np.dot(u, q) for u in units), dtype=np.float64, count=len(units))


def book_analogy_query(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The book's analogy query: ``b - a + c`` in the vectors' dtype, scaled to unit length.

    Rows are *not* normalised before (the book's choice: long vectors score higher).
    """
    q = np.asarray(b) - np.asarray(a) + np.asarray(c)
    if not np.issubdtype(q.dtype, np.floating):
        q = q.astype(np.float64)
    q /= row_norms(q)  # a zero query gives NaN scores, as in the book (they are skipped)
    return q


def book_order(scores: np.ndarray, k: int, exclude: Collection[int] = (),
               skip_nan: bool = True) -> list[int]:
    """The ``k`` best indices the book's way: ``argsort`` of ``-scores`` (numpy's default
    sort, so ties come out as in the book), without ``exclude`` and, if asked, NaN."""
    out: list[int] = []
    if k <= 0:
        return out
    for i in np.argsort(-np.asarray(scores)).tolist():
        if i in exclude or (skip_nan and np.isnan(scores[i])):
            continue
        out.append(i)
        if len(out) >= k:
            break
    return out


def book_analogy(vectors: np.ndarray, ids: Sequence[int], k: int,
                 restrict: int | None = None) -> list[tuple[int, np.floating]]:
    """The book's ``analogy`` answers for rows ``ids = (a, b, c)``: ``(row, score)`` pairs.

    The score is the dot product of a row with :func:`book_analogy_query`, in the vectors'
    dtype; only the first ``restrict`` rows are candidates (all when None); ``a``, ``b``,
    ``c`` and NaN scores are never answers.
    """
    a, b, c = ids
    query = book_analogy_query(vectors[a], vectors[b], vectors[c])
    scores = np.dot(vectors[:restrict] if restrict else vectors, query)
    return [(i, scores[i]) for i in book_order(scores, k, set(ids))]
