"""The book's query functions: ``cos_similarity``, ``normalize``, ``most_similar``, ``analogy``.

They take the book's ``(word_to_id, id_to_word, word_matrix)`` triple, print their answer
the way the book does, and also return it as a list of ``(word, score)``. Their math
(unit rows, the 3CosAdd query, ranking with gensim's tie order) is ``_math``'s, the
same as ``WordVectors``' and evaluate.py's, so equal scores come out in the order
gensim's ``most_similar`` gives them.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from zero2vec.errors import ShapeError, UnknownWordError
from zero2vec.vectors._math import mean_direction, row_norms, top_k, unit_rows


def normalize(x: np.ndarray, eps: float = 0.0) -> np.ndarray:
    """Return ``x`` scaled to unit L2 norm along its last axis, as a new array.

    Zero rows stay zero (no NaN); the input is never modified. Integers are promoted
    to float64. ``eps`` is added to each norm (the book's guard; 0 by default).
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    return unit_rows(x, row_norms(x) + eps)


def cos_similarity(x: np.ndarray, y: np.ndarray, eps: float = 1e-8) -> float:
    """Cosine similarity of two vectors, as the book defines it (``eps`` avoids 0/0)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1:
        raise ShapeError(f"cos_similarity needs two vectors of one shape, got {x.shape} and {y.shape}")
    return float(np.dot(normalize(x, eps), normalize(y, eps)))


def check_word_matrix(word_to_id: Mapping[str, int], word_matrix: np.ndarray) -> np.ndarray:
    """``word_matrix`` as a dense 2-D array with a row for every word, or a ShapeError."""
    if hasattr(word_matrix, "toarray") and not isinstance(word_matrix, np.ndarray):
        raise ShapeError(f"word_matrix is a sparse matrix ({type(word_matrix).__name__}); pass "
                         f"word_matrix.toarray(), or query a WordVectors")
    m = np.asarray(word_matrix)
    if m.ndim != 2:
        raise ShapeError(f"word_matrix must be 2-D (vocab x dims), got shape {m.shape}")
    if len(word_to_id) > m.shape[0]:
        raise ShapeError(f"word_to_id has {len(word_to_id)} words but word_matrix only {m.shape[0]} rows")
    return m


def _id(word: str, word_to_id: Mapping[str, int]) -> int:
    if word not in word_to_id:
        raise UnknownWordError(word, word_to_id.keys())
    return word_to_id[word]


def _top(scores: np.ndarray, exclude: list[int], id_to_word: Mapping[int, str],
         top: int) -> list[tuple[str, float]]:
    # gensim's ranking, ties included; a NaN score (a row holding inf or NaN) is no answer
    best = top_k(scores, top, exclude)
    return [(id_to_word[i], float(scores[i])) for i in best if np.isfinite(scores[i])]


def most_similar(query: str, word_to_id: Mapping[str, int], id_to_word: Mapping[int, str],
                 word_matrix: np.ndarray, top: int = 5, verbose: bool = True) -> list[tuple[str, float]]:
    """Print and return the ``top`` words closest to ``query`` by cosine similarity."""
    m = check_word_matrix(word_to_id, word_matrix)
    qid = _id(query, word_to_id)
    scores = normalize(m) @ normalize(m[qid])
    result = _top(scores, [qid], id_to_word, top)
    if verbose:
        print(f"\n[query] {query}")
        for w, s in result:
            print(f" {w}: {s}")
    return result


def analogy(a: str, b: str, c: str, word_to_id: Mapping[str, int], id_to_word: Mapping[int, str],
            word_matrix: np.ndarray, top: int = 5, answer: str | None = None,
            verbose: bool = True) -> list[tuple[str, float]]:
    """Solve ``a:b = c:?`` by cosine over normalised vectors (3CosAdd, as gensim).

    The book ranks by the raw dot product with unnormalised rows, which favours long
    vectors; here every row is normalised first, so the answer is the word whose
    direction is closest to ``b - a + c``. ``a``, ``b`` and ``c`` are never answers.
    """
    m = check_word_matrix(word_to_id, word_matrix)
    ids = [_id(w, word_to_id) for w in (a, b, c)]
    unit = normalize(m)
    # b + c - a in gensim's order (most_similar(positive=[b, c], negative=[a]))
    query = mean_direction(unit[[ids[1], ids[2], ids[0]]], (1.0, 1.0, -1.0), unit.dtype)
    result = _top(unit @ query, [ids[1], ids[2], ids[0]], id_to_word, top)
    if verbose:
        print(f"\n[analogy] {a}:{b} = {c}:?")
        for w, s in result:
            mark = " <- answer" if answer is not None and w == answer else ""
            print(f" {w}: {s:.3f}{mark}")
    return result
