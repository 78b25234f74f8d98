"""``WordVectors``: trained word vectors and their vocabulary (gensim's KeyedVectors API)."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from zero2vec._checks import check_finite
from zero2vec.errors import ShapeError, UnknownWordError


class WordVectors:
    """A set of word vectors, indexed by word.

    Every training path (layered models, the native engine, count-based SVD) returns
    one of these as ``.wv``. Names follow gensim's ``KeyedVectors``.

    Parameters
    ----------
    vectors : np.ndarray, shape (n_words, vector_size)
        Row ``i`` is the vector of ``index_to_key[i]``. Kept by reference, not copied,
        so the vectors of a model still in training stay live.
    index_to_key : list of str
        Words in row order (most frequent first, by convention).
    counts : array-like of int, optional
        Corpus counts, aligned with ``index_to_key``.
    """

    def __init__(self, vectors: np.ndarray, index_to_key: Iterable[str],
                 counts: Iterable[int] | None = None) -> None:
        vectors = np.asarray(vectors)
        self.index_to_key = list(index_to_key)
        if vectors.ndim != 2:
            raise ShapeError(f"vectors must be 2-D (words x dims), got shape {vectors.shape}")
        if vectors.shape[0] != len(self.index_to_key):
            raise ShapeError(
                f"{vectors.shape[0]} vectors but {len(self.index_to_key)} words"
            )
        self.vectors = vectors
        self.key_to_index = {w: i for i, w in enumerate(self.index_to_key)}
        if len(self.key_to_index) != len(self.index_to_key):
            raise ShapeError("the vocabulary lists a word twice")
        self.counts = None if counts is None else np.asarray(list(counts), dtype=np.int64)

    @classmethod
    def from_book(cls, word_vecs: np.ndarray, word_to_id: dict[str, int],
                  id_to_word: dict[int, str] | None = None) -> WordVectors:
        """Wrap the book's ``(word_vecs, word_to_id, id_to_word)`` triple."""
        if id_to_word is None:
            id_to_word = {i: w for w, i in word_to_id.items()}
        return cls(word_vecs, [id_to_word[i] for i in range(len(id_to_word))])

    # -- container protocol -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self.index_to_key)

    def __contains__(self, key: object) -> bool:
        return key in self.key_to_index

    def __getitem__(self, key: str | Iterable[str]) -> np.ndarray:
        if isinstance(key, str):
            return self.get_vector(key)
        return np.stack([self.get_vector(k) for k in key])

    def __repr__(self) -> str:
        return f"WordVectors({len(self)} words x {self.vector_size} dims)"

    @property
    def vector_size(self) -> int:
        return int(self.vectors.shape[1])

    def has_index_for(self, key: str) -> bool:
        return key in self.key_to_index

    def get_index(self, key: str) -> int:
        """Row of ``key``; raises UnknownWordError (with close words) if absent."""
        try:
            return self.key_to_index[key]
        except KeyError:
            raise UnknownWordError(key, self.index_to_key) from None

    def get_vector(self, key: str, norm: bool = False) -> np.ndarray:
        """The vector of ``key`` (unit length when ``norm``)."""
        v = self.vectors[self.get_index(key)]
        if norm:
            n = np.linalg.norm(v)
            return v / n if n > 0 else v.copy()
        return v

    def check_finite(self) -> None:
        """Raise ShapeError if any vector holds NaN or inf."""
        check_finite("word vectors", self.vectors)
