"""The word index of ``WordVectors``: ``index_to_key`` and ``key_to_index``, made on first use.

A mixin of :class:`~zero2vec.vectors.keyed.WordVectors` (see keyed.py's module graph).
Building the word -> row dict is most of the cost of opening a large native folder
(about 50 ms per 100,000 words), and reading the words themselves most of the rest,
while a memory map is otherwise open in a millisecond. So a loaded ``WordVectors``
holds:

* ``index_to_key``: the words; for a memory-mapped load, a :class:`PendingWords`
  (the file and how to read it) until first used, like the mapped vectors' pages;
* ``key_to_index``: None until the first look-up, then built from ``index_to_key``
  (a word listed twice is then a :class:`~zero2vec.errors.VectorFileError` naming the
  file: only a file edited by hand can hold one, since zero2vec never writes one).

Every reader of the attributes sees plain ``list`` and ``dict`` objects (the
properties build them); assigning either replaces it, as on any object.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zero2vec.errors import ShapeError, VectorFileError


class PendingWords:
    """Words not read yet: ``read()`` gives the ``n`` words of ``source``."""

    def __init__(self, read: Callable[[], list[str]], n: int, source: object) -> None:
        self.read, self.n, self.source = read, n, source

    def __len__(self) -> int:
        return self.n


class WordIndex:
    """``index_to_key`` / ``key_to_index`` properties over ``_words`` / ``_key_index``."""

    _words: list | PendingWords
    _key_index: dict | None = None
    _source: object = None  # the file the words came from (for a late error)

    @property
    def index_to_key(self) -> list:
        """The words in row order (gensim's ``index_to_key``)."""
        words = self._words
        if isinstance(words, PendingWords):
            got = words.read()
            if len(got) != words.n:
                raise VectorFileError(f"{words.source}: {len(got)} words for {words.n} vectors "
                                      f"(the file changed since it was opened?)")
            self._words = words = got
        return words  # type: ignore[return-value]

    @index_to_key.setter
    def index_to_key(self, value: list) -> None:
        self._words = value

    @property
    def key_to_index(self) -> dict:
        """Word -> row (gensim's ``key_to_index``), built on first use after a load."""
        index = self._key_index
        if index is None:
            words = self.index_to_key
            index = dict(zip(words, range(len(words))))  # C speed
            if len(index) != len(words):
                if self._source is not None:
                    raise VectorFileError(f"{self._source}: the vocabulary lists a word twice")
                raise ShapeError("the vocabulary lists a word twice")
            self._key_index = index
        return index

    @key_to_index.setter
    def key_to_index(self, value: dict | None) -> None:
        self._key_index = value

    def __getstate__(self) -> dict:
        """Pickled (or copied) with its words read: a pending read holds a function."""
        _ = self.index_to_key
        return self.__dict__.copy()

    def _n_words(self) -> int:
        """How many words, without reading pending ones."""
        return len(self._words)

    def _index_ready(self) -> Any:
        """Build the index now (the eager check of a constructor)."""
        return self.key_to_index
