"""``WordVectors``: trained word vectors and their vocabulary (gensim's KeyedVectors API).

Module graph (one way, no cycle, function-level imports included)
------------------------------------------------------------------
``keyed`` imports ``_math`` (the formulas), ``evaluate`` and the two format modules
``io_native`` and ``io_word2vec``, so that the gensim-named methods
(``evaluate_word_pairs``, ``save_word2vec_format``, ``load_word2vec_format``, ...)
are plain forwards. Those modules never import ``keyed`` at run time (only for type
hints, under ``TYPE_CHECKING``): they work on any object with ``index_to_key``,
``vectors`` and ``counts``, and their readers return arrays and words, which
``WordVectors`` wraps. Modules that build ``WordVectors`` themselves (``io``,
``io_export``, ``plot``) sit above ``keyed`` and are never imported by it.
``tests/test_import_graph.py`` holds the package to this.

Norm policy
-----------
``vectors`` is held by reference: the ``.wv`` of a model that is still training sees
every update. So vector norms are **recomputed on each query while ``vectors`` is
writeable**, and cached only while it is read-only (vectors loaded from a file are
made read-only; a memory map opened with ``mmap="r"`` is read-only anyway). A cache
therefore never goes stale silently: to edit loaded vectors, assign a new array
(``wv.vectors = wv.vectors.copy()``), which drops the cache. Batch methods
(``evaluate_word_analogies``, ``evaluate_word_pairs``) compute norms once per call.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Sequence
from typing import Any, Union

import numpy as np

from zero2vec._checks import check_finite
from zero2vec.errors import ConfigError, ShapeError, UnknownWordError, VectorFileError
from zero2vec.vectors import evaluate, io_native, io_word2vec
from zero2vec.vectors._math import cosines, cosmul, mean_direction, row_norms, top_k, unit_rows

# A query item: a word, a raw vector, or a (word or vector, weight) pair (gensim's forms).
Query = Union[str, np.ndarray, tuple]


def _ensure_list(value: Any) -> list:
    """Wrap a single word or 1-D vector in a list; split a 2-D array into rows."""
    if value is None:
        return []
    if isinstance(value, str) or (isinstance(value, np.ndarray) and value.ndim == 1):
        return [value]
    return list(value)


class WordVectors:
    """A set of word vectors, indexed by word.

    Every training path (layered models, the native engine, count-based SVD) returns
    one of these as ``.wv``. Names and ranking semantics follow gensim's
    ``KeyedVectors``; on the same vectors, scores agree with gensim's to float32
    precision and ranked answers are identical.

    Parameters
    ----------
    vectors : np.ndarray, shape (n_words, vector_size)
        Row ``i`` is the vector of ``index_to_key[i]``. Kept by reference, not copied,
        so the vectors of a model still in training stay live.
    index_to_key : list of str
        Words in row order (most frequent first, by convention).
    counts : array-like of int, optional
        Corpus counts, aligned with ``index_to_key``.
    key_to_index : dict, optional
        The word -> row index of ``index_to_key`` (a list), when one exists already:
        both are then shared, not copied (a training run's vocabulary is not held
        twice).

    Examples
    --------
    >>> wv = WordVectors(np.eye(3, dtype=np.float32), ["a", "b", "c"])
    >>> wv.similarity("a", "b")
    0.0
    """

    def __init__(self, vectors: np.ndarray, index_to_key: Iterable[str],
                 counts: Iterable[int] | None = None,
                 key_to_index: dict[str, int] | None = None) -> None:
        self._norms_cache: tuple[int, np.ndarray] | None = None
        self.metadata: dict[str, Any] = {}  # free-form facts kept by the native format
        shared = key_to_index is not None and isinstance(index_to_key, list)
        self.index_to_key = index_to_key if shared else list(index_to_key)
        self.vectors = vectors  # property setter checks the shape
        self.key_to_index = key_to_index if shared else dict(
            zip(self.index_to_key, range(len(self.index_to_key))))  # C speed
        if len(self.key_to_index) != len(self.index_to_key):
            raise ShapeError("the vocabulary lists a word twice")
        self.counts = None if counts is None else np.asarray(
            counts if isinstance(counts, np.ndarray) else list(counts), dtype=np.int64)
        if self.counts is not None and self.counts.shape != (len(self.index_to_key),):
            raise ShapeError(f"{self.counts.size} counts for {len(self.index_to_key)} words")

    @property
    def vectors(self) -> np.ndarray:
        """The ``(n_words, vector_size)`` array (by reference)."""
        return self._vectors

    @vectors.setter
    def vectors(self, value: np.ndarray) -> None:
        if not isinstance(value, np.ndarray):  # keep np.memmap (and other subclasses) as given
            value = np.asarray(value)
        if value.ndim != 2:
            raise ShapeError(f"vectors must be 2-D (words x dims), got shape {value.shape}")
        if value.shape[0] != len(self.index_to_key):
            raise ShapeError(f"{value.shape[0]} vectors but {len(self.index_to_key)} words")
        self._vectors = value
        self._norms_cache = None

    @classmethod
    def from_book(cls, word_vecs: np.ndarray, word_to_id: dict[str, int],
                  id_to_word: dict[int, str] | None = None) -> WordVectors:
        """Wrap the book's ``(word_vecs, word_to_id, id_to_word)`` triple."""
        if id_to_word is None:
            id_to_word = {i: w for w, i in word_to_id.items()}
        try:
            words = [id_to_word[i] for i in range(len(id_to_word))]
        except KeyError as e:
            raise ShapeError(f"id_to_word has no word for id {e.args[0]}; ids must be 0..n-1") from None
        return cls(word_vecs, words)

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
        except (KeyError, TypeError):
            raise UnknownWordError(str(key), self.index_to_key) from None

    def get_vector(self, key: str, norm: bool = False) -> np.ndarray:
        """The vector of ``key`` (unit length when ``norm``; a zero vector stays zero)."""
        v = self.vectors[self.get_index(key)]
        return unit_rows(v) if norm else v

    def check_finite(self) -> None:
        """Raise ShapeError if any vector holds NaN or inf."""
        check_finite("word vectors", self.vectors)

    # -- norms (see the module docstring for the caching policy) ----------------------
    def _work(self) -> np.ndarray:
        """The vectors in a float dtype fit for arithmetic (float16/int upcast to float32)."""
        v = self.vectors
        if v.dtype in (np.float32, np.float64):
            return v
        return v.astype(np.float32)

    @property
    def norms(self) -> np.ndarray:
        """L2 norm of each row; cached only while ``vectors`` is read-only."""
        v = self.vectors
        cache = self._norms_cache
        if cache is not None and cache[0] == id(v) and not v.flags.writeable:
            return cache[1]
        norms = row_norms(self._work())
        if not v.flags.writeable:
            self._norms_cache = (id(v), norms)
        return norms

    def fill_norms(self, force: bool = False) -> None:
        """gensim compatibility: compute the norms now (kept only for read-only vectors)."""
        if force:
            self._norms_cache = None
        _ = self.norms

    def get_normed_vectors(self) -> np.ndarray:
        """All vectors scaled to unit length (zero rows stay zero), as a new array."""
        return unit_rows(self._work(), self.norms)

    # -- queries ------------------------------------------------------------------------
    def _parse(self, positive: Any, negative: Any) -> tuple[list, np.ndarray]:
        """Turn gensim-style positive/negative arguments into items and weights."""
        positive, negative = _ensure_list(positive), _ensure_list(negative)
        items, weights = [], []
        for sign, group in ((1.0, positive), (-1.0, negative)):
            for item in group:
                w = sign
                if isinstance(item, tuple) and len(item) == 2 and not isinstance(item[1], str):
                    item, w = item
                if isinstance(item, str):
                    self.get_index(item)  # unknown word -> UnknownWordError, before any work
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
        return items, np.asarray(weights, dtype=self._work().dtype)

    def _term(self, item: str | np.ndarray, norms: np.ndarray) -> np.ndarray:
        """A word's unit vector (gensim's ``get_vector(norm=True)``); a raw vector as given."""
        if isinstance(item, str):
            i = self.key_to_index[item]
            return unit_rows(self._work()[i], norms[i])
        return item

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
                     restrict_vocab: int | None = None) -> list[tuple[str, float]] | np.ndarray:
        """Words closest to the weighted mean of ``positive`` minus ``negative`` (3CosAdd).

        Parameters
        ----------
        positive, negative : word, vector, (word, weight), or a list of these
            Words pull towards, negative words away (default weights +1 and -1).
        topn : int or None
            How many answers; ``None`` returns the scores of every word in range.
        clip_start, clip_end : int
            Only rows ``[clip_start, clip_end)`` are candidates.
        restrict_vocab : int, optional
            Only the first ``restrict_vocab`` words (the most frequent) are candidates.

        Returns
        -------
        list of (word, cosine similarity), best first; input words are never answers.

        Examples
        --------
        >>> wv.most_similar(positive=["woman", "king"], negative=["man"], topn=1)  # doctest: +SKIP
        [('queen', 0.71)]
        """
        if isinstance(topn, (int, np.integer)) and topn < 1:
            return []
        items, weights = self._parse(positive, negative)
        work, norms = self._work(), self.norms
        mean = mean_direction([self._term(t, norms) for t in items], weights, work.dtype)
        exclude = [self.key_to_index[k] for k in items if isinstance(k, str)]  # a list, as gensim
        lo, hi = self._clip(clip_start, clip_end, restrict_vocab)
        scores = cosines(work[lo:hi], norms[lo:hi], mean)
        if not topn:
            return scores
        return self._ranked(scores, exclude, int(topn), offset=lo)

    def similar_by_word(self, word: str, topn: int | None = 10,
                        restrict_vocab: int | None = None) -> list[tuple[str, float]]:
        """The ``topn`` words closest to ``word``."""
        return self.most_similar(positive=[word], topn=topn, restrict_vocab=restrict_vocab)

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
        positive, negative = _ensure_list(positive), _ensure_list(negative)
        if not positive:
            raise ConfigError("most_similar_cosmul needs at least one positive word")
        self._parse(positive, negative)  # validates words and vectors
        if any(isinstance(t, tuple) for t in positive + negative):
            raise ConfigError("most_similar_cosmul takes words or vectors, not (word, weight) pairs")
        work, norms = self._work(), self.norms
        exclude = {self.key_to_index[w] for w in positive + negative if isinstance(w, str)}
        lo, hi = self._clip(0, None, restrict_vocab)

        def cos(term: str | np.ndarray) -> np.ndarray:
            return cosines(work[lo:hi], norms[lo:hi], self._term(term, norms).astype(work.dtype))

        scores = cosmul([cos(t) for t in positive], [cos(t) for t in negative])
        if not topn:
            return scores
        return self._ranked(scores, exclude, int(topn), offset=lo)

    def similarity(self, w1: str, w2: str) -> float:
        """Cosine similarity of two words."""
        work = self._work()
        return float(np.dot(unit_rows(work[self.get_index(w1)]), unit_rows(work[self.get_index(w2)])))

    def n_similarity(self, ws1: Sequence[str], ws2: Sequence[str]) -> float:
        """Cosine similarity of the (unnormalised) mean vectors of two word lists.

        Unlike gensim, which silently drops unknown words here, an unknown word
        raises UnknownWordError.
        """
        if not (len(ws1) and len(ws2)):
            raise ConfigError("n_similarity needs two non-empty word lists")
        work = self._work()
        means = []
        for ws in (ws1, ws2):
            items, _ = self._parse(list(ws), None)
            mean = np.zeros(self.vector_size, dtype=work.dtype)
            for w in items:
                mean += work[self.key_to_index[w]]
            means.append(unit_rows(mean / len(items)))
        return float(np.dot(means[0], means[1]))

    def rank_by_centrality(self, words: Sequence[str]) -> list[tuple[float, str]]:
        """Words ranked by cosine to the mean of their unit vectors; unknown words are
        skipped with a warning (as gensim)."""
        used = [w for w in words if w in self]
        if len(used) != len(words):
            missing = sorted(set(words) - set(used))
            warnings.warn(f"ignoring words not in the vocabulary: {missing}", stacklevel=3)
        if not used:
            if not words:
                raise ConfigError("give at least one word")
            raise UnknownWordError(words[0], self.index_to_key)
        vecs = np.vstack([self.get_vector(w, norm=True) for w in used]).astype(np.float32)
        mean = unit_rows(vecs.mean(axis=0))
        return sorted(zip((float(d) for d in vecs @ mean), used), reverse=True)

    def doesnt_match(self, words: Sequence[str]) -> str:
        """The word furthest from the mean of the others (the odd one out)."""
        return self.rank_by_centrality(list(words))[-1][1]

    # -- evaluation and files: gensim's names, forwarded (module graph: see the top) ----
    evaluate_word_analogies = evaluate.evaluate_word_analogies
    evaluate_word_pairs = evaluate.evaluate_word_pairs
    save = io_native.save_native
    save_word2vec_format = io_word2vec.save_word2vec_format

    @classmethod
    def load(cls, path: str | os.PathLike, mmap: str | None = None,
             allow_nonfinite: bool = False) -> WordVectors:
        """Load the native format (a folder: ``vectors.npy`` + JSON, see io_native);
        ``mmap="r"`` maps the vectors instead of reading them; NaN/inf are refused
        unless ``allow_nonfinite``."""
        vectors, words, counts, metadata = io_native.read_native(path, mmap=mmap,
                                                                 allow_nonfinite=allow_nonfinite)
        try:
            wv = cls(vectors, words, counts=counts)
        except (TypeError, ValueError, OverflowError) as e:
            raise VectorFileError(f"{path}: inconsistent vocabulary ({e})") from None
        wv.metadata = metadata
        return wv

    @classmethod
    def load_word2vec_format(cls, path: str | os.PathLike, binary: bool | None = None,
                             limit: int | None = None, encoding: str = "utf8",
                             unicode_errors: str = "strict", allow_nonfinite: bool = False
                             ) -> WordVectors:
        """Read word2vec.c's text or binary format (``binary=None`` detects which; NaN/inf
        refused unless ``allow_nonfinite``); see
        :func:`zero2vec.vectors.io_word2vec.read_word2vec_format`."""
        vectors, words = io_word2vec.read_word2vec_format(
            path, binary=binary, limit=limit, encoding=encoding, unicode_errors=unicode_errors,
            allow_nonfinite=allow_nonfinite)
        return cls(vectors, words)
