"""``WordVectors``: trained word vectors and their vocabulary (gensim's KeyedVectors API).

The class is put together from one module per concept:

* this module: the container (the table, the word index, per-word attributes, norms)
  and the gensim-named forwards to evaluation and files;
* ``queries`` (on ``distances``): nearest words, analogies, the odd one out; pairwise
  similarities, distances, means of keys, ``wmdistance``;
* ``editing``: gensim's mutation API (``add_vectors``, ``kv[key] = v``,
  ``set_vecattr``, ``sort_by_descending_frequency``, ``unit_normalize_all`` ...).

Module graph (one way, no cycle, function-level imports included)
------------------------------------------------------------------
``keyed`` imports ``queries`` (which imports ``distances``, which imports ``wmd``),
``editing`` and ``word_index``, mixins that use only the container's attributes;
``evaluate`` and the format modules ``io_native``, ``io_gensim``, ``io_vocab``,
``io_word2vec`` and ``io_word2vec_write``, so that the gensim-named methods are plain
forwards. None of them imports ``keyed`` at run time (only for type hints, under
``TYPE_CHECKING``): they work on any object with ``index_to_key``, ``vectors`` and
``expandos``, and readers return arrays and words, which ``WordVectors`` wraps.
Modules that build ``WordVectors`` themselves (``io``, ``io_export``, ``plot``) sit
above ``keyed`` and are never imported by it. ``tests/test_import_graph.py`` holds
the package to this.

Norm policy
-----------
``vectors`` is held by reference: the ``.wv`` of a model that is still training sees
every update, and loaded vectors are writable, as gensim's are. So vector norms are
**recomputed on each query while ``vectors`` is writeable** (an extra pass over the
table: a query costs about five times a cached one), and cached only while it is
read-only: a memory map opened with ``mmap="r"``, or vectors frozen with
``wv.vectors.setflags(write=False)``, which is how to make many queries on a large
table fast. A cache therefore never goes stale silently (gensim's does, after an
edit in place, until ``fill_norms(force=True)``). Batch methods
(``evaluate_word_analogies``, ``evaluate_word_pairs``) compute norms once per call.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from numbers import Integral
from typing import Any

import numpy as np

from zero2vec._checks import check_finite, check_positive_int
from zero2vec.errors import ConfigError, ShapeError, UnknownWordError, VectorFileError
from zero2vec.vectors import (evaluate, io_gensim, io_native, io_vocab, io_word2vec,
                              io_word2vec_write)
from zero2vec.vectors._math import row_norms, unit_rows
from zero2vec.vectors.editing import Editing
from zero2vec.vectors.queries import KEY_TYPES, Queries
from zero2vec.vectors.word_index import PendingWords, WordIndex


class WordVectors(WordIndex, Queries, Editing):
    """A set of word vectors, indexed by word.

    Every training path (layered models, the native engine, count-based SVD) returns
    one of these as ``.wv``. Names, arguments and ranking semantics follow gensim's
    ``KeyedVectors``; on the same vectors, scores agree with gensim's to float32
    precision and ranked answers are identical.

    Two forms: ``WordVectors(vectors, index_to_key, counts=None, key_to_index=None)``
    wraps a table; gensim's ``WordVectors(vector_size, count=0, dtype=np.float32)`` is
    an empty one (``count`` rows preallocated for :meth:`add_vector` to fill).

    Parameters
    ----------
    vectors : np.ndarray, shape (n_words, vector_size), or int
        Row ``i`` is the vector of ``index_to_key[i]``. Kept by reference, not copied,
        so the vectors of a model still in training stay live. An int is gensim's
        ``vector_size``.
    index_to_key : list of str
        Words in row order (most frequent first, by convention). (gensim's form: ``count``.)
    counts : array-like of int, optional
        Corpus counts, aligned with ``index_to_key``: the ``"count"`` attribute of
        :meth:`get_vecattr`. (gensim's form: ``dtype``.)
    key_to_index : dict, optional
        The word -> row index of ``index_to_key`` (a list), when one exists already:
        both are then shared, not copied (a training run's vocabulary is not held
        twice), until a new word is added (then this object takes its own copy).
    vector_size, count, dtype : keywords of gensim's form.

    Examples
    --------
    >>> wv = WordVectors(np.eye(3, dtype=np.float32), ["a", "b", "c"])
    >>> wv.similarity("a", "b")
    0.0
    >>> kv = WordVectors(100)  # gensim's KeyedVectors(100)
    """

    def __init__(self, vectors: np.ndarray | int | None = None, index_to_key: Any = None,
                 counts: Any = None, key_to_index: dict[str, int] | None = None, *,
                 vector_size: int | None = None, count: int | None = None,
                 dtype: Any = None) -> None:
        self._norms_cache: tuple[int, np.ndarray] | None = None
        self.metadata: dict[str, Any] = {}  # free-form facts kept by the native format
        self.expandos: dict[str, np.ndarray] = {}  # gensim's per-word attributes, one array each
        if vectors is None or (isinstance(vectors, Integral) and not isinstance(vectors, bool)):
            if key_to_index is not None:
                raise ConfigError("gensim's form WordVectors(vector_size, count, dtype) takes no "
                                  "key_to_index")
            self._init_empty(vectors, vector_size, index_to_key, count, counts, dtype)
            return
        if vector_size is not None or count is not None or dtype is not None:
            raise ConfigError("vector_size=, count= and dtype= belong to gensim's form "
                              "WordVectors(vector_size, count, dtype); with vectors given, pass "
                              "counts= for word counts")
        if index_to_key is None:
            raise ConfigError("give index_to_key, the word of each row of vectors")
        if isinstance(index_to_key, PendingWords):  # a loaded file's: read and indexed on use
            self._index_shared = False
            self._words, self._key_index = index_to_key, None
            self.vectors = vectors
            self.next_index = len(index_to_key)
            self.counts = counts
            return
        self._index_shared = key_to_index is not None and isinstance(index_to_key, list)
        self.index_to_key = index_to_key if self._index_shared else list(index_to_key)
        self.vectors = vectors  # property setter checks the shape
        self.key_to_index = key_to_index if self._index_shared else dict(
            zip(self.index_to_key, range(len(self.index_to_key))))  # C speed
        if len(self.key_to_index) != len(self.index_to_key):
            raise ShapeError("the vocabulary lists a word twice")
        self.next_index = len(self.index_to_key)  # gensim's: where add_vector puts the next word
        self.counts = counts

    def _init_empty(self, size: Any, vector_size: Any, count_pos: Any, count_kw: Any,
                    dtype_pos: Any, dtype_kw: Any) -> None:
        """gensim's ``KeyedVectors(vector_size, count=0, dtype=np.float32)``."""
        if size is not None and vector_size is not None:
            raise ConfigError("vector_size given twice")
        size = check_positive_int("vector_size", size if size is not None else vector_size)
        if count_pos is not None and count_kw is not None:
            raise ConfigError("count given twice")
        n = count_pos if count_pos is not None else (count_kw or 0)
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 0:
            raise ConfigError(f"count must be a non-negative integer, got {n!r}")
        try:
            dt = np.dtype(dtype_pos if dtype_pos is not None else (dtype_kw or np.float32))
        except TypeError:
            dt = None
        if dt is None or dt.kind != "f":
            raise ConfigError(f"dtype must be a float type, got {dtype_pos or dtype_kw!r}")
        self._index_shared = False
        self.index_to_key = [None] * int(n)  # preallocated slots, filled by add_vector
        self.key_to_index = {}
        self.next_index = 0
        self.vectors = np.zeros((int(n), size), dtype=dt)

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
        if value.shape[0] != self._n_words():
            raise ShapeError(f"{value.shape[0]} vectors but {self._n_words()} words")
        self._vectors = value
        self._norms_cache = None

    @property
    def counts(self) -> np.ndarray | None:
        """Corpus counts (int64, row order): gensim's ``"count"`` attribute; None if unknown."""
        return self.expandos.get("count")

    @counts.setter
    def counts(self, value: Iterable[int] | None) -> None:
        if value is None:
            self.expandos.pop("count", None)
            return
        arr = np.asarray(value if isinstance(value, np.ndarray) else list(value), dtype=np.int64)
        if arr.shape != (self._n_words(),):
            raise ShapeError(f"{arr.size} counts for {self._n_words()} words")
        self.expandos["count"] = arr

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
        return self._n_words()

    def __contains__(self, key: object) -> bool:
        return self.has_index_for(key)

    def __getitem__(self, key_or_keys: Any) -> np.ndarray:
        """The vector of a key (read-only view), or a new 2-D array for a list of keys."""
        if isinstance(key_or_keys, KEY_TYPES):
            return self.get_vector(key_or_keys)
        rows = [self.get_index(k) for k in key_or_keys]
        return self.vectors[rows] if rows else np.empty((0, self.vector_size), self.vectors.dtype)

    def __repr__(self) -> str:
        return f"WordVectors({len(self)} words x {self.vector_size} dims)"

    @property
    def vector_size(self) -> int:
        return int(self.vectors.shape[1])

    def has_index_for(self, key: object) -> bool:
        """True if :meth:`get_index` finds a row for ``key`` (gensim: ints in range too)."""
        return self.get_index(key, -1) >= 0

    def get_index(self, key: Any, default: int | None = None) -> int:
        """Row of ``key``; an int not a key is a row number (as gensim). Absent: ``default``
        if given, else UnknownWordError (a KeyError, with close words)."""
        try:
            i = self.key_to_index.get(key, -1)
        except TypeError:  # unhashable
            i = -1
        if i >= 0:
            return i
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool) and 0 <= key < len(self):
            return int(key)
        if default is not None:
            return default
        raise UnknownWordError(str(key), self.index_to_key if isinstance(key, str) else None)

    def get_vector(self, key: Any, norm: bool = False) -> np.ndarray:
        """The vector of ``key``, read-only as gensim's (``wv["a"] -= x`` would edit the
        table); unit length when ``norm`` (a zero vector stays zero)."""
        v = self.vectors[self.get_index(key)]
        if norm:
            v = unit_rows(v)
        v.setflags(write=False)  # a view: the table itself stays writable
        return v

    def word_vec(self, *args: Any, **kwargs: Any) -> np.ndarray:
        """gensim's deprecated alias of :meth:`get_vector`."""
        warnings.warn("word_vec is deprecated (as in gensim): use get_vector", DeprecationWarning,
                      stacklevel=2)
        return self.get_vector(*args, **kwargs)

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

    @norms.setter
    def norms(self, value: None) -> None:
        """gensim's ``kv.norms = None`` (forget the norms); nothing else can be set."""
        if value is not None:
            raise ConfigError("norms are computed from the vectors; only norms = None (forget "
                              "them) can be set")
        self._norms_cache = None

    def fill_norms(self, force: bool = False) -> None:
        """gensim compatibility: compute the norms now (kept only for read-only vectors)."""
        if force:
            self._norms_cache = None
        _ = self.norms

    def get_normed_vectors(self) -> np.ndarray:
        """All vectors scaled to unit length (zero rows stay zero), as a new array."""
        return unit_rows(self._work(), self.norms)

    # -- evaluation and files: gensim's names, forwarded (module graph: see the top) ----
    evaluate_word_analogies = evaluate.evaluate_word_analogies
    evaluate_word_pairs = evaluate.evaluate_word_pairs
    save = io_native.save_native
    save_word2vec_format = io_word2vec_write.save_word2vec_format

    @classmethod
    def load(cls, path: str | os.PathLike, mmap: str | None = None,
             allow_nonfinite: bool = False) -> WordVectors:
        """Load vectors saved by :meth:`save` (zero2vec's native folder) or by gensim 4's
        ``KeyedVectors.save`` (a ``.kv`` file and its ``.npy`` side files; a
        ``Word2Vec.save`` ``.model`` gives the model's vectors).

        Parameters
        ----------
        path : path
        mmap : {None, "r", "c"}
            ``"r"`` maps the vectors read-only instead of reading them (``"c"``:
            copy-on-write), as gensim's ``mmap``; otherwise they are read, writable.
        allow_nonfinite : bool
            Load NaN/inf (with a warning) instead of refusing them.

        gensim's file is a pickle, read by a restricted unpickler that builds only
        what such a file holds and refuses anything else (see
        :mod:`zero2vec.vectors.io_gensim`); its counts and other per-word attributes
        become ``expandos``.
        """
        if not io_native.is_native(path) and os.path.isfile(path):
            if not io_gensim.is_gensim_file(path):
                raise VectorFileError(f"{path}: neither a zero2vec vectors folder nor a gensim "
                                      f"file; word2vec/GloVe/fastText .vec files load with "
                                      f"load_word2vec_format (or zero2vec.vectors.load, which "
                                      f"detects the format)")
            return cls.from_gensim_parts(io_gensim.read_gensim(path, mmap, allow_nonfinite), path)
        vectors, words, counts, metadata, expandos = io_native.read_native(
            path, mmap=mmap, allow_nonfinite=allow_nonfinite)
        try:
            wv = cls(vectors, PendingWords(words, len(vectors), path), counts=counts)
        except (TypeError, ValueError, OverflowError) as e:
            raise VectorFileError(f"{path}: inconsistent vocabulary ({e})") from None
        wv._source = path
        wv.expandos.update(expandos)
        if mmap is None:
            wv.index_to_key  # read now: a load without mmap holds it all (the index: on use)
        wv.metadata = metadata
        return wv

    @classmethod
    def from_gensim_parts(cls, parts: io_gensim.GensimParts, path: object = "") -> WordVectors:
        """The vectors of what :func:`~zero2vec.vectors.io_gensim.read_gensim` read
        (checked there): words, vectors, ``expandos``; ``metadata["gensim"]`` says
        what the file was."""
        wv = cls(parts.vectors, parts.index_to_key, key_to_index=parts.key_to_index)  # (checked)
        wv.expandos.update(parts.expandos)
        wv.metadata = {"gensim": {"kind": parts.kind, "path": str(path)}}
        return wv

    @classmethod
    def load_word2vec_format(cls, fname: str | os.PathLike, fvocab: str | os.PathLike | None = None,
                             binary: bool | None = None, encoding: str = "utf8",
                             unicode_errors: str = "strict", limit: int | None = None,
                             datatype: Any = np.float32, no_header: bool = False, *,
                             allow_nonfinite: bool = False) -> WordVectors:
        """Read word2vec.c's text or binary format, with gensim's arguments in its order.

        Parameters
        ----------
        fname : path
        fvocab : path, optional
            word2vec.c's vocabulary file (``word count`` lines): the words' counts.
            Without it the counts are made up as gensim makes them up (``n - row``: the
            file order, most frequent first), so ``get_vecattr(w, "count")``,
            ``sort_by_descending_frequency`` and ``save_word2vec_format(fvocab=...)``
            work as in gensim.
        binary : bool, optional
            ``None`` (the default) detects text or binary from the content; True or
            False is checked against it.
        encoding, unicode_errors, limit, datatype, no_header
            As gensim: see :func:`zero2vec.vectors.io_word2vec.read_word2vec_format`.
        allow_nonfinite : bool
            Load NaN/inf (with a warning) instead of refusing them.
        """
        counts = None
        if fvocab is not None:  # first, as gensim: a bad vocabulary fails before the big file
            counts = io_vocab.read_vocab(fvocab, encoding, unicode_errors)
        vectors, words = io_word2vec.read_word2vec_format(
            fname, binary=binary, limit=limit, encoding=encoding, unicode_errors=unicode_errors,
            allow_nonfinite=allow_nonfinite, datatype=datatype, no_header=no_header)
        made_up = np.arange(len(words), 0, -1, dtype=np.int64)
        return cls(vectors, words, counts=made_up if counts is None else
                   io_vocab.counts_for(words, counts, fvocab))
