"""``FastTextKeyedVectors``: word vectors with a vector for any string (gensim's API).

The trained state is fastText's input matrix: ``nwords`` word rows, then ``bucket``
n-gram rows (``vectors_vocab`` and ``vectors_ngrams`` are views of it). A word's
vector is the mean of its own row and its n-grams' rows; an unseen word's, the mean
of its n-grams' rows (fastText's ``getWordVector``). ``vectors`` holds the composed
vectors of the vocabulary, so every :class:`~zero2vec.vectors.keyed.WordVectors`
query ranks them unchanged; a query word that is not in the vocabulary is turned
into its n-gram vector first.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

from zero2vec.errors import ConfigError, ShapeError, UnknownWordError, VectorFileError
from zero2vec.subword import io_fasttext
from zero2vec.subword.compose import compose_rows, mean_of_rows
from zero2vec.subword.ngrams import check_ngram_range, ngram_hashes, subword_table
from zero2vec.vectors._math import cosine, unit_rows
from zero2vec.vectors.keyed import WordVectors
from zero2vec.vectors.queries import ensure_list

EOS = "</s>"  # fastText's end-of-sentence word: it has no n-grams


class FastTextKeyedVectors(WordVectors):
    """Vectors of words and of character n-grams (gensim's ``FastTextKeyedVectors``).

    Parameters
    ----------
    matrix : np.ndarray, shape (len(index_to_key) + bucket, vector_size)
        fastText's input matrix: the word rows, then the n-gram buckets. Held by
        reference (a model in training updates it); call :meth:`adjust_vectors`
        to recompose ``vectors`` after changing it.
    index_to_key : list of str
        The words, in row order.
    min_n, max_n : int
        Lengths of the character n-grams, in code points (``max_n=0``: none).
    bucket : int
        Rows for n-grams (their FNV-1a hash modulo ``bucket``).
    counts : array-like of int, optional
    key_to_index : dict, optional
        Shared with the caller, as :class:`WordVectors`' is.
    subwords : (rows, starts), optional
        The words' rows (:func:`~zero2vec.subword.ngrams.subword_table`), when the
        caller has them already.
    """

    def __init__(self, matrix: np.ndarray, index_to_key: Any, min_n: int = 3, max_n: int = 6,
                 bucket: int = 2_000_000, counts: Any = None,
                 key_to_index: dict[str, int] | None = None,
                 subwords: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.min_n, self.max_n, self.bucket = check_ngram_range(min_n, max_n, bucket)
        words = list(index_to_key)
        if matrix.ndim != 2 or matrix.shape[0] != len(words) + self.bucket:
            raise ShapeError(f"the input matrix has shape {matrix.shape}; {len(words):,} words + "
                             f"{self.bucket:,} buckets need {len(words) + self.bucket:,} rows")
        self.matrix = matrix
        self.subword_rows, self.subword_starts = subwords if subwords is not None else \
            subword_table(words, self.min_n, self.max_n, self.bucket, skip=(EOS,))
        super().__init__(compose_rows(matrix, self.subword_rows, self.subword_starts), words,
                         counts=counts, key_to_index=key_to_index)

    @property
    def vectors_vocab(self) -> np.ndarray:
        """The words' own rows of the input matrix (gensim's name)."""
        return self.matrix[:len(self.index_to_key)]

    @property
    def vectors_ngrams(self) -> np.ndarray:
        """The n-gram buckets' rows of the input matrix (gensim's name)."""
        return self.matrix[len(self.index_to_key):]

    def adjust_vectors(self) -> None:
        """Recompose ``vectors`` from the input matrix (after training, as gensim)."""
        self.vectors = compose_rows(self.matrix, self.subword_rows, self.subword_starts)

    # -- files: fastText's .bin (gensim's pickle is not written) -----------------------
    @classmethod
    def load(cls, path: str | os.PathLike, encoding: str = "utf-8") -> FastTextKeyedVectors:
        """The word and n-gram vectors of a fastText ``.bin`` (gensim's ``load_facebook_vectors``)."""
        fb = io_fasttext.read_facebook(path, encoding)
        a = fb.args
        try:
            return cls(fb.input, fb.words, a["minn"], a["maxn"], a["bucket"], counts=fb.counts)
        except (ShapeError, ConfigError) as e:  # a word twice, minn > maxn ...
            raise VectorFileError(f"{path}: not a consistent fastText model ({e})") from None

    def save(self, path: str | os.PathLike, encoding: str = "utf-8") -> None:
        """Write a fastText ``.bin`` holding these vectors and n-grams (its output layer
        zero: vectors only, but every word, seen or not, keeps its vector)."""
        counts = self.counts if self.counts is not None else np.arange(len(self), 0, -1)
        a = io_fasttext
        args = {"dim": self.vector_size, "ws": 5, "epoch": 5, "minCount": 1, "neg": 5,
                "wordNgrams": 1, "loss": a.LOSSES["ns"], "model": a.MODELS["sg"],
                "bucket": self.bucket, "minn": self.min_n, "maxn": self.max_n,
                "lrUpdateRate": 100, "t": 1e-4}
        model = a.FacebookModel(args, list(self.index_to_key), np.asarray(counts),
                                int(np.sum(counts)), self.matrix,
                                np.zeros((len(self), self.vector_size), np.float32))
        a.write_facebook(path, model, encoding)

    def __repr__(self) -> str:
        return (f"FastTextKeyedVectors({len(self)} words x {self.vector_size} dims, "
                f"n-grams {self.min_n}..{self.max_n} in {self.bucket:,} buckets)")

    def __contains__(self, key: object) -> bool:
        """True for a vocabulary word, and (as gensim) for any string that has n-grams."""
        if self.has_index_for(key):
            return True
        return isinstance(key, str) and bool(self._ngram_rows(key))

    def _ngram_rows(self, word: str) -> list[int]:
        if word == EOS:
            return []
        nwords = len(self.index_to_key)
        return [nwords + h for h in ngram_hashes(word, self.min_n, self.max_n, self.bucket)]

    def get_vector(self, key: Any, norm: bool = False) -> np.ndarray:
        """The vector of ``key``: a vocabulary word's, or an unseen word's from its n-grams.

        Raises
        ------
        UnknownWordError
            (a KeyError) for an unseen word without n-grams (``max_n=0``, or ``</s>``).
        """
        if not isinstance(key, str) or self.has_index_for(key):
            return super().get_vector(key, norm)
        rows = self._ngram_rows(key)
        if not rows:
            raise UnknownWordError(key)  # fastText would give a zero vector: it ranks nothing
        v = mean_of_rows(self.matrix, rows)
        if norm:
            v = unit_rows(v)
        v.setflags(write=False)
        return v

    def __getitem__(self, key_or_keys: Any) -> np.ndarray:
        if isinstance(key_or_keys, str):
            return self.get_vector(key_or_keys)
        keys = list(key_or_keys)
        if not keys:
            return np.empty((0, self.vector_size), self.vectors.dtype)
        return np.vstack([self.get_vector(k) for k in keys])

    def _oov(self, item: Any) -> Any:
        """An unseen word as its unit n-gram vector (what queries take for a raw vector)."""
        if isinstance(item, str) and not self.has_index_for(item):
            return self.get_vector(item, norm=True).astype(self._work().dtype)
        return item

    def _parse(self, positive: Any, negative: Any, dtype: np.dtype) -> tuple[list, np.ndarray]:
        def convert(group: Any) -> list:
            out = []
            for item in ensure_list(group):
                if isinstance(item, tuple) and len(item) == 2 and not isinstance(item[1], str):
                    out.append((self._oov(item[0]), item[1]))
                else:
                    out.append(self._oov(item))
            return out
        return super()._parse(convert(positive), convert(negative), dtype)

    def similarity(self, w1: Any, w2: Any) -> float:
        """Cosine similarity of two words, either of them possibly unseen."""
        return cosine(self.get_vector(w1), self.get_vector(w2))

    def get_mean_vector(self, keys: Any, weights: Any = None, pre_normalize: bool = True,
                        post_normalize: bool = False, ignore_missing: bool = True) -> np.ndarray:
        """gensim's ``get_mean_vector``; an unseen word counts, by its n-gram vector (as in
        gensim, where every string with n-grams is ``in`` the vectors)."""
        keys = [np.asarray(self.get_vector(k, norm=pre_normalize)) if isinstance(k, str)
                and not self.has_index_for(k) and k in self else k for k in ensure_list(keys)]
        return super().get_mean_vector(keys, weights, pre_normalize, post_normalize, ignore_missing)

    def closer_than(self, key1: Any, key2: Any) -> list[str]:
        """The words closer to ``key1`` than ``key2`` is; either may be unseen."""
        if self.has_index_for(key1) and self.has_index_for(key2):
            return super().closer_than(key1, key2)
        d = self.distances(key1)
        # a seen key2's distance from the same product, as gensim's (another rounding of
        # it could count key2 as closer than itself)
        i2 = self.get_index(key2, -1) if isinstance(key2, str) else -1
        limit = d[i2] if i2 >= 0 else 1 - self.similarity(key1, key2)
        skip = self.get_index(key1, -1)
        return [self.index_to_key[i] for i in np.flatnonzero(d < limit).tolist() if i != skip]

    def distances(self, word_or_vector: Any, other_words: Any = ()) -> np.ndarray:
        """Cosine distances (gensim's); an unseen word is taken from its n-grams."""
        if isinstance(word_or_vector, str):
            word_or_vector = np.asarray(self.get_vector(word_or_vector))
        if other_words is None or not len(other_words):
            return super().distances(word_or_vector)
        rows = self[list(other_words)]
        return 1 - self.cosine_similarities(word_or_vector, rows)
