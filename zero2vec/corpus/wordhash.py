"""Tokens found in UTF-8 bytes, and a hash table of words kept as bytes (compiled).

The file pass (:mod:`zero2vec.corpus.filescan`) never makes a Python string per
token. It needs two things, both here:

- the token boundaries of ``str.split()``: the characters of
  :data:`zero2vec.corpus.reader.WHITESPACE` (the ASCII ones by a table lookup a byte,
  the others by their code point, decoded only after a lead byte one of them has);
- a word -> index table, word2vec.c's design: open addressing with linear probing
  on a 64-bit FNV-1a hash, at most half full. A slot holds the hash and the word
  index side by side and a word its pool offset, length and count side by side, so a
  lookup touches one cache line of each plus the word's bytes. Words keep the order
  in which they were first seen; their bytes live back to back in one pool.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numba import njit

from zero2vec.corpus.reader import WHITESPACE
from zero2vec.corpus.trim import keep_mask

_OPTS = dict(cache=True, nogil=True)

# byte classes: a table lookup per byte keeps the token loop short and well predicted
WORD, SPACE, NEWLINE, MAYBE_SPACE = range(4)
CLASS = np.zeros(256, dtype=np.uint8)
for _c in WHITESPACE:
    _b = _c.encode("utf-8")
    assert len(_b) <= 3  # unicode_space_len decodes 2- and 3-byte characters only
    CLASS[_b[0]] = NEWLINE if _c == "\n" else SPACE if len(_b) == 1 else MAYBE_SPACE
del _c, _b
# IS_SPACE[cp]: whether code point cp is whitespace (up to the largest one)
IS_SPACE = np.zeros(max(map(ord, WHITESPACE)) + 1, dtype=np.bool_)
IS_SPACE[[ord(c) for c in WHITESPACE]] = True

_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_EMPTY = np.uint64(0)

# columns of WordTable.words
START, LENGTH, COUNT = range(3)
# indices into WordTable.st, the table's scalars (kernels update them in place)
N_WORDS, POOL, NEED = range(3)


@njit(inline="always", **_OPTS)
def unicode_space_len(data, p: int, n: int) -> int:
    """Bytes of the non-ASCII whitespace character at ``data[p]`` (0 if it is none).

    ``data[p]`` is a MAYBE_SPACE lead byte of valid UTF-8: 0xC2-0xDF starts two
    bytes, 0xE0-0xEF three.
    """
    b = np.int64(data[p])
    if b < 0xE0:
        if p + 1 >= n:
            return 0
        k = 2
        cp = ((b & 0x1F) << 6) | (np.int64(data[p + 1]) & 0x3F)
    else:
        if p + 2 >= n:
            return 0
        k = 3
        cp = ((b & 0x0F) << 12) | ((np.int64(data[p + 1]) & 0x3F) << 6) \
            | (np.int64(data[p + 2]) & 0x3F)
    if cp < len(IS_SPACE) and IS_SPACE[cp]:
        return k
    return 0


@njit(inline="always", **_OPTS)
def token_end(data, p: int, n: int):
    """End of the token that starts at ``data[p]``, and its FNV-1a hash."""
    h = _FNV_OFFSET
    q = p
    while q < n:
        b = data[q]
        c = CLASS[b]
        if c != WORD and (c != MAYBE_SPACE or unicode_space_len(data, q, n)):
            break
        h = (h ^ np.uint64(b)) * _FNV_PRIME
        q += 1
    return q, h


@njit(**_OPTS)
def find(data, p: int, q: int, h, slots, words, pool) -> int:
    """Index of the word ``data[p:q]``, or ``-1 - slot`` of the free slot where it belongs."""
    mask = len(slots) - 1
    i = np.int64(h & np.uint64(mask))
    length = q - p
    while True:
        tag = slots[i, 1]  # word index + 1; 0 marks a free slot
        if tag == _EMPTY:
            return -1 - i
        if slots[i, 0] == h:
            w = np.int64(tag) - 1
            if words[w, LENGTH] == length:
                s = words[w, START]
                same = True
                for t in range(length):
                    if pool[s + t] != data[p + t]:
                        same = False
                        break
                if same:
                    return w
        i = (i + 1) & mask


@njit(**_OPTS)
def insert(data, p: int, q: int, h, slot: int, st, slots, words, whash, pool) -> bool:
    """Add ``data[p:q]`` as a new word (count 1) at ``slot``; False if an array is full."""
    nw = st[N_WORDS]
    used = st[POOL]
    length = q - p
    if nw == len(words) or used + length > len(pool) or 2 * (nw + 1) > len(slots):
        st[NEED] = length
        return False
    slots[slot, 0] = h
    slots[slot, 1] = np.uint64(nw + 1)
    words[nw, START] = used
    words[nw, LENGTH] = length
    words[nw, COUNT] = 1
    whash[nw] = h
    pool[used:used + length] = data[p:q]
    st[POOL] = used + length
    st[N_WORDS] = nw + 1
    return True


@njit(inline="always", **_OPTS)
def fnv1a(data, p: int, q: int):
    """The table's hash (64-bit FNV-1a) of ``data[p:q]``: what :func:`token_end` computes."""
    h = _FNV_OFFSET
    for t in range(p, q):
        h = (h ^ np.uint64(data[t])) * _FNV_PRIME
    return h


@njit(**_OPTS)
def _add_word(word, st, slots, words, whash, pool) -> bool:
    h = fnv1a(word, 0, len(word))
    w = find(word, 0, len(word), h, slots, words, pool)
    return w >= 0 or insert(word, 0, len(word), h, -1 - w, st, slots, words, whash, pool)


@njit(**_OPTS)
def _rehash(slots, whash, n_words: int) -> None:
    slots[:] = 0
    mask = len(slots) - 1
    for w in range(n_words):
        i = np.int64(whash[w] & np.uint64(mask))
        while slots[i, 1] != _EMPTY:
            i = (i + 1) & mask
        slots[i, 0] = whash[w]
        slots[i, 1] = np.uint64(w + 1)


@njit(**_OPTS)
def _compact(st, slots, words, whash, pool, keep) -> None:
    """Drop the words whose ``keep`` is False, in place; the others keep their order."""
    j = 0
    used = 0
    for w in range(st[N_WORDS]):
        if keep[w]:
            s = words[w, START]
            length = words[w, LENGTH]
            for t in range(length):  # kept words only move towards the front
                pool[used + t] = pool[s + t]
            words[j, START] = used
            words[j, LENGTH] = length
            words[j, COUNT] = words[w, COUNT]
            whash[j] = whash[w]
            used += length
            j += 1
    st[N_WORDS] = j
    st[POOL] = used
    _rehash(slots, whash, j)


@njit(**_OPTS)
def _index(data, slots, words, pool) -> int:
    w = find(data, 0, len(data), fnv1a(data, 0, len(data)), slots, words, pool)
    return w if w >= 0 else -1


class WordTable:
    """Words as UTF-8 bytes with their counts, in first-seen order, found by hash.

    The compiled kernels take ``(st, slots, words, whash, pool)`` (see :attr:`arrays`)
    and return when an array is full; :meth:`grow` then makes room.
    """

    def __init__(self, capacity: int = 1 << 14, pool_bytes: int = 1 << 18) -> None:
        self.st = np.zeros(3, dtype=np.int64)
        n_slots = 1 << (4 * capacity - 1).bit_length()  # a power of two: slots are found by mask
        self.slots = np.zeros((n_slots, 2), dtype=np.uint64)
        self.words = np.zeros((capacity, 3), dtype=np.int64)
        self.whash = np.zeros(capacity, dtype=np.uint64)
        self.pool = np.zeros(pool_bytes, dtype=np.uint8)

    @property
    def arrays(self) -> tuple:
        return self.st, self.slots, self.words, self.whash, self.pool

    def __len__(self) -> int:
        return int(self.st[N_WORDS])

    @property
    def counts(self) -> np.ndarray:
        """Counts of words ``0..len-1`` (a copy)."""
        return self.words[:len(self), COUNT].copy()

    def word(self, i: int) -> str:
        s, length = int(self.words[i, START]), int(self.words[i, LENGTH])
        return self.pool[s:s + length].tobytes().decode("utf-8")

    def words_at(self, indices) -> list[str]:
        """The words at ``indices``, decoded (one copy of the pool, not one per word)."""
        pool = self.pool[:int(self.st[POOL])].tobytes()
        rows = self.words[np.asarray(indices, dtype=np.int64)]
        return [pool[s:s + n].decode("utf-8")
                for s, n in zip(rows[:, START].tolist(), rows[:, LENGTH].tolist())]

    def grow(self) -> None:
        """Make room for one more word of ``st[NEED]`` bytes (doubling what is full)."""
        n = len(self)
        if n == len(self.words):
            words = np.zeros((2 * n, 3), dtype=np.int64)
            words[:n] = self.words
            whash = np.zeros(2 * n, dtype=np.uint64)
            whash[:n] = self.whash
            self.words, self.whash = words, whash
        if 2 * (n + 1) > len(self.slots):
            self.slots = np.zeros((2 * len(self.slots), 2), dtype=np.uint64)
            _rehash(self.slots, self.whash, n)
        used, need = int(self.st[POOL]), int(self.st[NEED])
        if used + need > len(self.pool):
            pool = np.zeros(max(2 * len(self.pool), used + need), dtype=np.uint8)
            pool[:used] = self.pool[:used]
            self.pool = pool

    def reserve(self, n_words: int, n_bytes: int) -> None:
        """Make room for ``n_words`` more words of ``n_bytes`` bytes in all (kernels that
        insert several keys per step ask for their room first; doubling what is short)."""
        n, used = len(self), int(self.st[POOL])
        if n + n_words > len(self.words):
            size = max(2 * len(self.words), n + n_words)
            words = np.zeros((size, 3), dtype=np.int64)
            words[:n] = self.words[:n]
            whash = np.zeros(size, dtype=np.uint64)
            whash[:n] = self.whash[:n]
            self.words, self.whash = words, whash
        if 2 * (n + n_words) > len(self.slots):
            size = len(self.slots)
            while 2 * (n + n_words) > size:
                size *= 2
            self.slots = np.zeros((size, 2), dtype=np.uint64)
            _rehash(self.slots, self.whash, n)
        if used + n_bytes > len(self.pool):
            pool = np.zeros(max(2 * len(self.pool), used + n_bytes), dtype=np.uint8)
            pool[:used] = self.pool[:used]
            self.pool = pool

    def index(self, word: str) -> int:
        """Index of ``word``, or -1 if the table does not hold it."""
        try:
            data = np.frombuffer(word.encode("utf-8"), dtype=np.uint8)
        except UnicodeEncodeError:  # (a lone surrogate: no table word is one)
            return -1
        return int(_index(data, self.slots, self.words, self.pool))

    def keep(self, mask: np.ndarray) -> None:
        """Forget the words whose ``mask`` entry is False (the others keep their order,
        as in gensim's dict; a word seen again is appended)."""
        _compact(*self.arrays, np.ascontiguousarray(mask, dtype=np.bool_))

    def prune(self, min_reduce: int, trim_rule: Callable | None = None) -> bool:
        """gensim's ``prune_vocab``: forget the words seen fewer than ``min_reduce`` times
        (or as ``trim_rule`` says, :func:`~zero2vec.corpus.trim.keep_mask`); whether any went."""
        words = self.words_at(range(len(self))) if trim_rule is not None else ()
        keep = keep_mask(words, self.counts, min_reduce, trim_rule)
        if keep.all():
            return False
        self.keep(keep)
        return True

    def add_words(self, words: Sequence[str]) -> None:
        """Insert ``words`` in order (an existing vocabulary), each counted once.

        A word is one key whatever it holds (a word with a space can then never match
        a token of a file, which is right: no file token has one).
        """
        for w in words:
            data = np.frombuffer(w.encode("utf-8"), dtype=np.uint8)
            while not _add_word(data, *self.arrays):
                self.grow()


class TableWords(Sequence):
    """A table's words as ``str``, decoded when asked for (most never are)."""

    def __init__(self, table: WordTable) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self._table.words_at(range(*i.indices(len(self))))
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._table.word(i % len(self))

    def take(self, indices) -> list[str]:
        """``[self[i] for i in indices]``, at once."""
        return self._table.words_at(indices)
