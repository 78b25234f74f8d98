"""One served model: its vectors made ready for fast queries, once.

A request must not copy or rescale the matrix: the unit-length rows are computed
once when the model is loaded (:func:`~zero2vec.vectors._math.unit_rows`), so a
neighbours query is one matrix-vector product and an ``argpartition`` top-k
(:func:`~zero2vec.vectors._math.top_k`); the products of concurrent requests
(3CosMul's terms too) are made in one pass over the matrix
(:mod:`zero2vec.serve.batching`). The arrays are read-only afterwards, so any number
of request threads can share them. Scores are cosines, as
``WordVectors.most_similar`` gives (to float32 rounding).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from zero2vec.errors import ConfigError, UnknownWordError
from zero2vec.serve.batching import BatchedProducts
from zero2vec.vectors import WordVectors
from zero2vec.vectors._math import cosmul, mean_direction, top_k, unit_rows

ANALOGY_METHODS = ("3cosadd", "3cosmul")


class ServedModel:
    """A named :class:`WordVectors` with precomputed unit rows and a sorted vocabulary.

    Parameters
    ----------
    name : str
        How the page and the API call it (the file's name, made unique by the caller).
    wv : WordVectors
        The vectors; not modified.
    """

    def __init__(self, name: str, wv: WordVectors) -> None:
        self.name, self.wv = name, wv
        unit = unit_rows(wv._work(), wv.norms).astype(np.float32, copy=False)
        unit.flags.writeable = False
        self.unit = unit
        self._products = BatchedProducts(unit)
        keys = wv.index_to_key
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self._sorted_keys = [keys[i] for i in order]
        self._sorted = np.asarray(order, dtype=np.int64)  # rows in key order (a slice is a view)

    def __len__(self) -> int:
        return len(self.wv)

    def info(self) -> dict:
        """What the page shows about the model."""
        return {"name": self.name, "vocab_size": len(self.wv), "vector_size": self.wv.vector_size}

    def index(self, word: str) -> int:
        """The row of ``word``; an unknown word is an UnknownWordError (no spelling search:
        that would scan the whole vocabulary on every bad request)."""
        i = self.wv.key_to_index.get(word)
        if i is None:
            raise UnknownWordError(word)
        return i

    # -- queries ------------------------------------------------------------------------
    def complete(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` words starting with ``prefix``, the most frequent first (row order)."""
        from bisect import bisect_left

        lo = bisect_left(self._sorted_keys, prefix)
        hi = bisect_left(self._sorted_keys, prefix + "\U0010ffff")
        rows = self._sorted[lo:hi]
        if len(rows) > limit:
            rows = np.partition(rows, limit - 1)[:limit]
        return [self.wv.index_to_key[i] for i in np.sort(rows).tolist()]

    def _answers(self, scores: np.ndarray, topn: int, exclude: Sequence[int]) -> list[dict]:
        best = top_k(scores, topn, list(exclude))
        return [{"word": self.wv.index_to_key[i], "score": float(scores[i])} for i in best]

    def neighbours(self, word: str, topn: int) -> list[dict]:
        """The ``topn`` nearest words of ``word`` by cosine, best first."""
        i = self.index(word)
        return self._answers(self._products.scores(self.unit[i]), topn, [i])

    def analogy(self, positive: Sequence[str], negative: Sequence[str], topn: int,
                method: str = "3cosadd") -> list[dict]:
        """``positive - negative`` answered by 3CosAdd (``most_similar``) or 3CosMul
        (``most_similar_cosmul``); the query words are never answers."""
        if method not in ANALOGY_METHODS:
            raise ConfigError(f"method must be one of {', '.join(ANALOGY_METHODS)}, got {method!r}")
        if not positive:
            raise ConfigError("give at least one positive word")
        pos = [self.index(w) for w in positive]
        neg = [self.index(w) for w in negative]
        if method == "3cosadd":
            weights = np.array([1.0] * len(pos) + [-1.0] * len(neg), dtype=np.float32)
            query = mean_direction(list(self.unit[pos + neg]), weights)
            scores = self._products.scores(query)
        else:
            cos = self._products.scores(self.unit[pos + neg])  # (terms, words): one pass for all
            scores = cosmul(list(cos[:len(pos)]), list(cos[len(pos):]))
        return self._answers(scores, topn, pos + neg)

    def doesnt_match(self, words: Sequence[str]) -> dict:
        """The word furthest from the mean of the others, and every word's cosine to the mean."""
        rows = [self.index(w) for w in words]
        vecs = self.unit[rows]
        mean = mean_direction(list(vecs), np.ones(len(rows), dtype=np.float32))
        scores = vecs @ mean
        ranked = sorted(zip(scores.tolist(), words), reverse=True)
        return {"odd_one_out": ranked[-1][1],
                "scores": [{"word": w, "score": float(s)} for s, w in ranked]}

    def project(self, words: Sequence[str], method: str) -> list[dict]:
        """``words`` (unique, known) mapped to 2-D by ``method`` (pca, tsne, umap)."""
        from zero2vec.vectors.plot import project_2d, projections

        if method not in projections():
            raise ConfigError(f"map method {method!r} is not available here; choose one of "
                              f"{', '.join(projections())}")
        rows = [self.index(w) for w in words]
        xy = project_2d(self.unit[rows], method)
        return [{"word": w, "x": float(x), "y": float(y)} for w, (x, y) in zip(words, xy)]


def unique_names(paths: Sequence[str]) -> list[str]:
    """Display names for model files: the file name, with ``#2``, ``#3`` for repeats."""
    names, seen = [], {}
    for p in paths:
        base = str(p).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or str(p)
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return names
