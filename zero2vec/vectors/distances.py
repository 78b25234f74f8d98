"""Pairwise similarities and distances of ``WordVectors``, and the mean of keys.

A mixin of :class:`~zero2vec.vectors.keyed.WordVectors` (the base of its
``queries`` mixin): it uses only the container's ``vectors``, ``norms``, ``_work()``,
``get_index()``, ``has_index_for()`` and ``get_vector()``, and never imports
``keyed``. Every formula is :mod:`zero2vec.vectors._math`'s (a zero vector has cosine
0 with everything, where gensim gives NaN); the Word Mover's Distance is
:mod:`~zero2vec.vectors.wmd`'s.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from zero2vec.errors import ConfigError, EmptyWordListError, ShapeError, UnknownWordError
from zero2vec.vectors import wmd
from zero2vec.vectors._math import cosine, cosine_similarities, cosines, unit_rows, weighted_mean


class Distances:
    """Cosine similarity and distance between keys, vectors and key lists (gensim's names)."""

    def similarity(self, w1: Any, w2: Any) -> float:
        """Cosine similarity of two keys (of a key with itself: exactly 1)."""
        return cosine(self.vectors[self.get_index(w1)], self.vectors[self.get_index(w2)])

    def distance(self, w1: Any, w2: Any) -> float:
        """Cosine distance of two keys: ``1 - similarity``."""
        return 1 - self.similarity(w1, w2)

    @staticmethod
    def cosine_similarities(vector_1: np.ndarray, vectors_all: np.ndarray) -> np.ndarray:
        """Cosine of ``vector_1`` with each row of ``vectors_all``."""
        return cosine_similarities(vector_1, vectors_all)

    def distances(self, word_or_vector: Any, other_words: Sequence[Any] = ()) -> np.ndarray:
        """Cosine distances from a key or vector to each of ``other_words`` (to every word,
        itself included, when that is empty)."""
        work = self._work()
        if isinstance(word_or_vector, np.ndarray):
            v = word_or_vector
            if v.shape != (self.vector_size,):
                raise ShapeError(f"vector has shape {v.shape}, expected ({self.vector_size},)")
        else:
            v = work[self.get_index(word_or_vector)]
        if other_words is None or not len(other_words):
            return 1 - cosines(work, self.norms, unit_rows(v).astype(work.dtype, copy=False))
        return 1 - cosine_similarities(v, work[[self.get_index(w) for w in other_words]])

    def get_mean_vector(self, keys: Sequence[Any], weights: Sequence[float] | np.ndarray | None = None,
                        pre_normalize: bool = True, post_normalize: bool = False,
                        ignore_missing: bool = True) -> np.ndarray:
        """The weighted mean of the vectors of ``keys`` (gensim's ``get_mean_vector``).

        Parameters
        ----------
        keys : list of keys or vectors
            A raw vector is used as given; a key's vector is made unit length first
            when ``pre_normalize``.
        weights : list or 1-D array, optional
            One per key (default 1); the sum is divided by the sum of ``|weight|`` of the
            keys used.
        post_normalize : bool
            Return the mean at unit length (float32).
        ignore_missing : bool
            Skip keys not in the vocabulary (gensim's default), else UnknownWordError.

        Returns
        -------
        np.ndarray
            A zero vector when no key was found.
        """
        if not len(keys):
            raise ConfigError("cannot compute the mean of no keys")
        dtype = self.vectors.dtype if self.vectors.dtype.kind == "f" else np.dtype(np.float32)
        if weights is None:
            weights = np.ones(len(keys), dtype=dtype)
        elif not isinstance(weights, np.ndarray):
            weights = np.asarray(weights, dtype=dtype)
        if weights.shape != (len(keys),):
            raise ShapeError(f"{len(keys)} keys but weights of shape {weights.shape}; give one "
                             f"weight per key")
        terms, used = [], []
        for key, w in zip(keys, weights):
            if isinstance(key, np.ndarray):
                if key.shape != (self.vector_size,):
                    raise ShapeError(f"vector has shape {key.shape}, expected ({self.vector_size},)")
                terms.append(key)
            elif self.has_index_for(key):
                terms.append(self.get_vector(key, norm=pre_normalize))
            elif ignore_missing:
                continue
            else:
                raise UnknownWordError(str(key), self.index_to_key if isinstance(key, str) else None)
            used.append(w)
        mean = weighted_mean(terms, used, dtype) if terms else np.zeros(self.vector_size, dtype)
        return unit_rows(mean).astype(np.float32) if post_normalize else mean

    def n_similarity(self, ws1: Sequence[Any], ws2: Sequence[Any]) -> float:
        """Cosine similarity of the (unnormalised) mean vectors of two key lists.

        Unlike gensim, which silently drops unknown words here, an unknown word
        raises UnknownWordError.
        """
        if not (len(ws1) and len(ws2)):
            raise EmptyWordListError("n_similarity needs two non-empty word lists")
        m1, m2 = (self.get_mean_vector(ws, pre_normalize=False, ignore_missing=False)
                  for ws in (ws1, ws2))
        return cosine(m1, m2)

    def wmdistance(self, document1: Sequence[str], document2: Sequence[str], norm: bool = True) -> float:
        """Word Mover's Distance between two documents (needs POT: ``pip install
        'zero2vec[pot]'``); see :func:`zero2vec.vectors.wmd.wmdistance`."""
        return wmd.wmdistance(self, document1, document2, norm)
