"""Similarity queries of ``WordVectors``: nearest words, analogies, the odd one out.

A mixin of :class:`~zero2vec.vectors.keyed.WordVectors` (which see for the module
graph): it uses only the container's ``index_to_key``, ``key_to_index``,
``vectors``, ``norms``, ``_work()``, ``get_index()`` and ``has_index_for()``, and never
imports ``keyed``. Every formula is :mod:`zero2vec.vectors._math`'s; pairwise
similarities and distances are in :mod:`~zero2vec.vectors.distances`.

Keys are gensim's: a word, or an int that is no word (a row number); a query item
may also be a raw vector or a ``(key or vector, weight)`` pair.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, Union

import numpy as np

from zero2vec.errors import ConfigError, ShapeError
from zero2vec.vectors._math import cosines, cosmul, mean_direction, safe_norms, top_k, unit_rows
from zero2vec.vectors.distances import Distances

KEY_TYPES = (str, int, np.integer)  # what gensim takes as one key (an int: a row)

# A query item: a key, a raw vector, or a (key or vector, weight) pair (gensim's forms).
Query = Union[str, int, np.ndarray, tuple]


def ensure_list(value: Any) -> list:
    """Wrap a single key or 1-D vector in a list; split a 2-D array into rows."""
    if value is None:
        return []
    if isinstance(value, KEY_TYPES) or (isinstance(value, np.ndarray) and value.ndim == 1):
        return [value]
    return list(value)


class Queries(Distances):
    """Nearest-neighbour queries (gensim's names, arguments and tie order)."""

    def _parse(self, positive: Any, negative: Any, dtype: np.dtype) -> tuple[list, np.ndarray]:
        """gensim-style positive/negative arguments as items (a row, or a raw vector) and
        weights; an unknown key is an UnknownWordError before any work."""
        items, weights = [], []
        for sign, group in ((1.0, ensure_list(positive)), (-1.0, ensure_list(negative))):
            for item in group:
                w = sign
                if isinstance(item, tuple) and len(item) == 2 and not isinstance(item[1], str):
                    item, w = item
                if isinstance(item, KEY_TYPES):
                    item = self.get_index(item)
                elif isinstance(item, np.ndarray):
                    if item.shape != (self.vector_size,):
                        raise ShapeError(f"query vector has shape {item.shape}, "
                                         f"expected ({self.vector_size},)")
                else:
                    raise ConfigError(f"a query item must be a word or a vector, got {item!r}")
                items.append(item)
                weights.append(w)
        if not items:
            raise ConfigError("give at least one positive or negative word")
        return items, np.asarray(weights, dtype=dtype)

    @staticmethod
    def _term(item: int | np.ndarray, work: np.ndarray, norms: np.ndarray) -> np.ndarray:
        """A row's unit vector (gensim's ``get_vector(norm=True)``); a raw vector as given."""
        if isinstance(item, np.ndarray):
            return item
        return unit_rows(work[item], norms[item])

    def _clip(self, clip_start: int, clip_end: int | None, restrict_vocab: int | None) -> tuple[int, int]:
        if restrict_vocab:
            clip_start, clip_end = 0, restrict_vocab
        return clip_start, min(clip_end or len(self), len(self))

    def _ranked(self, scores: np.ndarray, exclude: Sequence[int], topn: int,
                offset: int = 0) -> list[tuple[str, float]]:
        """The ``topn`` best of ``scores`` (rows from ``offset`` on) as (word, score)."""
        best = top_k(scores, topn, [i - offset for i in exclude])
        return [(self.index_to_key[i + offset], float(scores[i])) for i in best]

    def most_similar(self, positive: Query | Sequence[Query] | None = None,
                     negative: Query | Sequence[Query] | None = None, topn: int | None = 10,
                     clip_start: int = 0, clip_end: int | None = None,
                     restrict_vocab: int | None = None, indexer: Any = None
                     ) -> list[tuple[str, float]] | np.ndarray:
        """Words closest to the weighted mean of ``positive`` minus ``negative`` (3CosAdd).

        Parameters
        ----------
        positive, negative : key, vector, (key or vector, weight), or a list of these
            Words pull towards, negative words away (default weights +1 and -1).
        topn : int or None
            How many answers; ``None`` returns the scores of every word in range.
        clip_start, clip_end : int
            Only rows ``[clip_start, clip_end)`` are candidates.
        restrict_vocab : int, optional
            Only the first ``restrict_vocab`` words (the most frequent) are candidates.
        indexer : object with ``most_similar(vector, num_neighbors)``, optional
            An approximate-nearest-neighbour index (:mod:`zero2vec.vectors.ann`, or one
            written for gensim) asked for the ``topn`` words nearest the query's unit
            mean instead of scoring every word. As in gensim, its answer is returned as
            it is: input words are not excluded and the clip/restrict arguments do
            not apply.

        Returns
        -------
        list of (word, cosine similarity), best first; input words are never answers
        (but see ``indexer``).

        Examples
        --------
        >>> wv.most_similar(positive=["woman", "king"], negative=["man"], topn=1)  # doctest: +SKIP
        [('queen', 0.71)]
        """
        if isinstance(topn, (int, np.integer)) and topn < 1:
            return []
        work, norms = self._work(), self.norms  # (once: _work copies a float16 table)
        items, weights = self._parse(positive, negative, work.dtype)
        mean = mean_direction([self._term(t, work, norms) for t in items], weights, work.dtype)
        if indexer is not None and isinstance(topn, (int, np.integer)):
            if not callable(getattr(indexer, "most_similar", None)):
                raise ConfigError(f"indexer must have most_similar(vector, num_neighbors), got "
                                  f"{type(indexer).__name__}")
            return indexer.most_similar(mean, int(topn))
        exclude = [t for t in items if not isinstance(t, np.ndarray)]  # a list, as gensim
        lo, hi = self._clip(clip_start, clip_end, restrict_vocab)
        scores = cosines(work[lo:hi], norms[lo:hi], mean)
        if not topn:
            return scores
        return self._ranked(scores, exclude, int(topn), offset=lo)

    def similar_by_key(self, key: str, topn: int | None = 10,
                       restrict_vocab: int | None = None) -> list[tuple[str, float]]:
        """The ``topn`` words closest to ``key``."""
        return self.most_similar(positive=[key], topn=topn, restrict_vocab=restrict_vocab)

    def similar_by_word(self, word: str, topn: int | None = 10,
                        restrict_vocab: int | None = None) -> list[tuple[str, float]]:
        """gensim's older name of :meth:`similar_by_key` (its argument is ``word``)."""
        return self.similar_by_key(word, topn=topn, restrict_vocab=restrict_vocab)

    def similar_by_vector(self, vector: np.ndarray, topn: int | None = 10,
                          restrict_vocab: int | None = None) -> list[tuple[str, float]]:
        """The ``topn`` words closest to a raw vector (no word is excluded)."""
        return self.most_similar(positive=[np.asarray(vector)], topn=topn,
                                 restrict_vocab=restrict_vocab)

    def most_similar_cosmul(self, positive: Query | Sequence[Query] | None = None,
                            negative: Query | Sequence[Query] | None = None,
                            topn: int | None = 10, restrict_vocab: int | None = None):
        """3CosMul of Levy & Goldberg (2014): product of shifted cosines.

        Each cosine is mapped to ``(1 + cos) / 2``; the score is the product over
        positive words divided by the product over negative words (+1e-6). Unlike
        gensim 4.4, which ignores it here, ``restrict_vocab`` limits the candidates.
        """
        if isinstance(topn, (int, np.integer)) and topn < 1:
            return []
        positive, negative = ensure_list(positive), ensure_list(negative)
        if not positive:
            raise ConfigError("most_similar_cosmul needs at least one positive word")
        if any(isinstance(t, tuple) for t in positive + negative):
            raise ConfigError("most_similar_cosmul takes words or vectors, not (word, weight) pairs")
        work, norms = self._work(), self.norms
        items, _ = self._parse(positive, negative, work.dtype)
        exclude = {t for t in items if not isinstance(t, np.ndarray)}
        lo, hi = self._clip(0, None, restrict_vocab)
        safe = safe_norms(norms[lo:hi])

        def cos(term: int | np.ndarray) -> np.ndarray:
            return cosines(work[lo:hi], norms[lo:hi], self._term(term, work, norms).astype(work.dtype),
                           safe=safe)

        k = len(positive)
        scores = cosmul([cos(t) for t in items[:k]], [cos(t) for t in items[k:]])
        if not topn:
            return scores
        return self._ranked(scores, exclude, int(topn), offset=lo)

    def most_similar_to_given(self, key1: Any, keys_list: Sequence[Any]) -> Any:
        """The key of ``keys_list`` most similar to ``key1`` (the first of equals)."""
        if not len(keys_list):
            raise ConfigError("most_similar_to_given needs a non-empty keys_list")
        return keys_list[int(np.argmax([self.similarity(key1, k) for k in keys_list]))]

    def closer_than(self, key1: Any, key2: Any) -> list[str]:
        """The keys closer to ``key1`` than ``key2`` is (``key1`` itself left out), in row order."""
        d = self.distances(key1)
        i1, i2 = self.get_index(key1), self.get_index(key2)
        return [self.index_to_key[i] for i in np.flatnonzero(d < d[i2]).tolist() if i != i1]

    def words_closer_than(self, word1: Any, word2: Any) -> list[str]:
        """gensim's deprecated alias of :meth:`closer_than`."""
        warnings.warn("words_closer_than is deprecated (as in gensim): use closer_than",
                      DeprecationWarning, stacklevel=2)
        return self.closer_than(word1, word2)

    def rank(self, key1: Any, key2: Any) -> int:
        """1 + how many keys are closer to ``key1`` than ``key2`` is."""
        return len(self.closer_than(key1, key2)) + 1

    def relative_cosine_similarity(self, wa: Any, wb: Any, topn: int = 10) -> float:
        """Leeuwenberg et al.'s relative cosine similarity: ``similarity(wa, wb)`` over the
        sum of ``wa``'s ``topn`` best similarities (above 0.10: likely synonyms)."""
        sims = self.similar_by_key(wa, topn)
        if not sims:
            raise ConfigError("relative_cosine_similarity needs topn >= 1 and another word")
        return float(self.similarity(wa, wb)) / sum(s for _, s in sims)

    def rank_by_centrality(self, words: Sequence[Any], use_norm: bool = True) -> list[tuple[float, str]]:
        """Words ranked by cosine to the mean of their (unit, with ``use_norm``) vectors;
        unknown words are skipped with a warning (as gensim)."""
        used = [w for w in words if w in self]
        if len(used) != len(words):
            missing = sorted(map(str, set(words) - set(used)))
            warnings.warn(f"ignoring words not in the vocabulary: {missing}", stacklevel=3)
        if not used:
            raise ConfigError(f"none of the words {list(words)[:5]!r} is in the vocabulary"
                              if len(words) else "give at least one word")
        vecs = np.vstack([self.get_vector(w, norm=use_norm) for w in used]).astype(np.float32)
        mean = mean_direction(list(vecs), np.ones(len(vecs), dtype=np.float32))
        return sorted(zip((float(d) for d in vecs @ mean), used), reverse=True)

    def doesnt_match(self, words: Sequence[Any]) -> str:
        """The word furthest from the mean of the others (the odd one out)."""
        return self.rank_by_centrality(list(words))[-1][1]
