"""Editing ``WordVectors`` as gensim's KeyedVectors are edited: new words, new vectors,
per-word attributes, reordering, normalising in place.

A mixin of :class:`~zero2vec.vectors.keyed.WordVectors` (which see for the module
graph): it uses only the container's ``index_to_key``, ``key_to_index``,
``vectors``, ``expandos``, ``next_index`` and ``get_index()``, and never imports
``keyed``. The invariants it keeps: ``vectors`` has a row and every ``expandos``
array a value for each entry of ``index_to_key`` (a new word gets 0 for attributes it
was not given, as gensim's ``allocate_vecattrs`` gives); a vocabulary shared with a
training run (``key_to_index=``) is copied before the first new word, so the run's
own vocabulary never changes under it. Vectors are written in place where gensim
writes them in place (``kv[key] = v`` of a known key, ``unit_normalize_all``), so a
model's ``.wv`` edits the model's vectors, as in gensim; a read-only memory map is
refused with a clear error instead.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from zero2vec.errors import ConfigError, ShapeError, UnknownAttributeError
from zero2vec.corpus.vocab import descending_order
from zero2vec.vectors._math import unit_rows_inplace


def _attr_dtype(value: Any) -> np.dtype:
    """gensim's storage type for a per-word attribute: int64 for ints, object for strings."""
    t = type(value)
    if t is int:
        return np.dtype(np.int64)
    if t is str:
        return np.dtype(object)  # not numpy's fixed-width strings: they waste memory
    try:
        return np.dtype(t)
    except TypeError:
        raise ConfigError(f"a per-word attribute must be a number or a string, got {value!r}") from None


class Editing:
    """gensim's mutation API: ``add_vector(s)``, ``kv[key] = v``, ``set_vecattr`` ..."""

    # -- per-word attributes (gensim's "expandos") -----------------------------------------
    def allocate_vecattrs(self, attrs: Iterable[str] | None = None,
                          types: Iterable[Any] | None = None) -> None:
        """Make sure an array exists for each of ``attrs`` (of ``types``), one value per word;
        with no arguments, size every existing one to the vocabulary (gensim's)."""
        if attrs is None:
            attrs = list(self.expandos)
            types = [self.expandos[a].dtype for a in attrs]
        n = len(self.index_to_key)
        for attr, t in zip(attrs, types if types is not None else []):
            t = np.dtype(np.int64 if t is int else object if t is str else t)
            old = self.expandos.get(attr)
            if old is None:
                self.expandos[attr] = np.zeros(n, dtype=t)
                continue
            if not np.issubdtype(t, old.dtype):
                raise ShapeError(f"attribute {attr!r} holds {old.dtype} values; {t} values cannot "
                                 f"be stored in it")
            if len(old) != n:
                grown = np.zeros(n, dtype=old.dtype)
                grown[:min(n, len(old))] = old[:n]
                self.expandos[attr] = grown

    def set_vecattr(self, key: Any, attr: str, val: Any) -> None:
        """Set the attribute ``attr`` of ``key`` (e.g. ``"count"``) to ``val``."""
        i = self.get_index(key)
        self.allocate_vecattrs([attr], [_attr_dtype(val)])
        self.expandos[attr][i] = val

    def get_vecattr(self, key: Any, attr: str) -> Any:
        """The attribute ``attr`` of ``key``; UnknownAttributeError (a KeyError) if never set."""
        i = self.get_index(key)
        if attr not in self.expandos:
            raise UnknownAttributeError(f"no attribute {attr!r} is stored (these vectors have: "
                                        f"{', '.join(map(repr, self.expandos)) or 'none'})")
        return self.expandos[attr][i]

    # -- new words and new vectors -----------------------------------------------------------
    def _own_index(self) -> None:
        """Copy a vocabulary shared with a training run before changing it."""
        if self._index_shared:
            self.index_to_key = list(self.index_to_key)
            self.key_to_index = dict(self.key_to_index)
            self._index_shared = False

    def _writable(self) -> np.ndarray:
        v = self.vectors
        if not v.flags.writeable:
            raise ConfigError("these vectors are read-only (a memory map opened with mmap='r'); "
                              "load with mmap='c' or without mmap to edit them")
        return v

    def _rows(self, weights: Any, n: int) -> np.ndarray:
        rows = np.asarray(weights)
        if rows.ndim == 1 and n == 1:
            rows = rows.reshape(1, -1)
        if rows.shape != (n, self.vector_size) or rows.dtype.kind not in "fiu":
            raise ShapeError(f"{n} keys need vectors of shape ({n}, {self.vector_size}), got "
                             f"{rows.dtype} of shape {rows.shape}")
        return rows

    def add_vector(self, key: str, vector: np.ndarray) -> int:
        """Add one new key and its vector, into the next preallocated slot if there is one.

        Returns the row (so ``wv.vectors[row]`` is ``vector``). A key that already has a
        vector is refused (replace it with ``wv[key] = vector``).
        """
        self._check_keys([key])
        if key in self.key_to_index:
            raise ConfigError(f"{key!r} already has a vector; replace it with wv[{key!r}] = vector")
        row = self._rows(vector, 1)
        slot = self.next_index
        if slot < len(self) and self.index_to_key[slot] is None:
            self._own_index()
            self._writable()[slot] = row[0]
            self.index_to_key[slot] = key
            self.key_to_index[key] = slot
        else:
            warnings.warn("Adding single vectors to a WordVectors which grows by one each time can "
                          "be costly. Consider adding in batches or preallocating to the required "
                          "size (as gensim warns).", UserWarning, stacklevel=2)
            slot = len(self)
            self.add_vectors([key], row)
        self.next_index = slot + 1
        return slot

    def _check_keys(self, keys: Sequence[Any]) -> None:
        for k in keys:
            if not isinstance(k, str):
                raise ConfigError(f"keys must be strings (words), got {k!r}")
        if len(set(keys)) != len(keys):
            twice = next(k for i, k in enumerate(keys) if k in keys[:i])
            raise ConfigError(f"the key {twice!r} is given twice")

    def add_vectors(self, keys: str | Sequence[str], weights: Any,
                    extras: dict[str, Any] | None = None, replace: bool = False) -> None:
        """Append keys and their vectors (gensim's); a key that has a vector already keeps
        it unless ``replace``.

        Parameters
        ----------
        keys : str or list of str
        weights : array-like, shape (len(keys), vector_size)
            Cast to the dtype of ``vectors``.
        extras : dict of attribute -> array-like of len(keys), optional
            Per-word attributes of these keys (e.g. ``{"count": [...]}``).
        replace : bool
            Overwrite the vectors (and extras) of keys already present.
        """
        keys = [keys] if isinstance(keys, str) else list(keys)
        self._check_keys(keys)
        rows = self._rows(weights, len(keys))
        extras = {a: np.asarray(v) for a, v in (extras or {}).items()}
        for attr, values in extras.items():
            if values.shape != (len(keys),):
                raise ShapeError(f"extras[{attr!r}] has shape {values.shape}, expected ({len(keys)},)")
            self.allocate_vecattrs([attr], [values.dtype])
        new = [i for i, k in enumerate(keys) if k not in self.key_to_index]
        old = [i for i, k in enumerate(keys) if k in self.key_to_index]
        if new:
            self._grow([keys[i] for i in new], rows[new], {a: v[new] for a, v in extras.items()})
        if replace and old:
            at = [self.key_to_index[keys[i]] for i in old]
            self._writable()[at] = rows[old]
            for attr, values in extras.items():
                self.expandos[attr][at] = values[old]

    def _grow(self, keys: list[str], rows: np.ndarray, extras: dict[str, np.ndarray]) -> None:
        """Append new ``keys`` with their ``rows`` and attributes (0 for the others)."""
        self._own_index()
        start = len(self.index_to_key)
        vectors = np.concatenate([self.vectors, rows.astype(self.vectors.dtype, copy=False)])
        for attr, arr in self.expandos.items():
            tail = extras[attr].astype(arr.dtype) if attr in extras else np.zeros(len(keys), arr.dtype)
            self.expandos[attr] = np.concatenate([arr, tail])
        self.index_to_key.extend(keys)
        self.key_to_index.update(zip(keys, range(start, start + len(keys))))
        self.vectors = vectors

    def __setitem__(self, keys: str | list[str], weights: Any) -> None:
        """``wv[key] = vector`` / ``wv[[k1, k2]] = rows``: add, or replace known keys (gensim's)."""
        if not isinstance(keys, list):
            keys = [keys]
            weights = np.asarray(weights).reshape(1, -1)
        self.add_vectors(keys, weights, replace=True)

    def vectors_for_all(self, keys: Iterable[Any], allow_inference: bool = True,
                        copy_vecattrs: bool = False):
        """A new WordVectors of the given keys that have vectors (once each, in the order
        given; the others are left out, as gensim).

        ``allow_inference`` is gensim's switch for subword models, which make up vectors
        for unknown words; these vectors have none to make up, so both values select the
        same keys. The new counts are made up (``n - row``) as gensim makes them up,
        unless ``copy_vecattrs`` copies every attribute.
        """
        vocab, seen = [], set()
        for key in keys:
            if key not in seen:
                seen.add(key)
                if key in (self if allow_inference else self.key_to_index):
                    vocab.append(key)
        at = [self.get_index(k) for k in vocab]
        kv = type(self)(self.vectors[at], vocab, counts=np.arange(len(vocab), 0, -1))
        if copy_vecattrs:
            for attr, values in self.expandos.items():
                kv.expandos[attr] = values[at]
        return kv

    # -- reordering and normalising ----------------------------------------------------------
    def sort_by_descending_frequency(self) -> None:
        """Reorder the words by descending count, equal counts in gensim's order."""
        if not len(self):
            return
        if "count" not in self.expandos:
            raise UnknownAttributeError("sort_by_descending_frequency needs word counts, and these "
                                        "vectors have none (set them with set_vecattr(key, 'count', n))")
        order = descending_order(self.expandos["count"])
        self.index_to_key = [self.index_to_key[i] for i in order.tolist()]
        self.key_to_index = {w: i for i, w in enumerate(self.index_to_key) if w is not None}
        self._index_shared = False
        for attr, values in self.expandos.items():
            self.expandos[attr] = values[order]
        self.vectors = self.vectors[order]

    def unit_normalize_all(self) -> None:
        """Scale every vector to unit length, in place (zero vectors stay zero); a model
        whose vectors these are cannot sensibly train on afterwards (as in gensim)."""
        if self.vectors.dtype.kind != "f":
            raise ConfigError(f"cannot normalise {self.vectors.dtype} vectors in place")
        unit_rows_inplace(self._writable())
        self._norms_cache = None

    def init_sims(self, replace: bool = False) -> None:
        """gensim's deprecated ``init_sims``: :meth:`fill_norms`, and with ``replace``
        :meth:`unit_normalize_all`."""
        warnings.warn("init_sims is deprecated (as in gensim): norms are computed when needed; "
                      "use unit_normalize_all() to normalise in place", DeprecationWarning,
                      stacklevel=2)
        self.fill_norms()
        if replace:
            self.unit_normalize_all()
