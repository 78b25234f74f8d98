"""fastText's character n-grams and their bucket hash, bit for bit.

A word is wrapped in ``<`` and ``>`` and cut into every run of ``min_n..max_n`` UTF-8
code points (a code point is a lead byte and its ``10xxxxxx`` continuation bytes, so
an invalid sequence is still cut the way fastText cuts it). The one-code-point
n-grams ``<`` and ``>`` alone are skipped. Each n-gram goes to row ``nwords +
fnv1a(bytes) % bucket`` of the input matrix.

The hash is 32-bit FNV-1a, but fastText XORs each byte as a *signed* ``char``
sign-extended to 32 bits, so bytes >= 0x80 XOR ``0xFFFFFF80 | b`` rather than ``b``.
Any other FNV-1a gives other buckets for every non-ASCII n-gram, and vectors loaded
from a Facebook ``.bin`` would be wrong for them.

The same cut is written twice: in Python over ``bytes`` (:func:`ngram_bytes`, the
reference, for one word at a time) and compiled over a whole vocabulary at once
(:func:`subword_table`, what training and loading use).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit

from zero2vec.errors import ConfigError

BOW, EOW = "<", ">"
_FNV_OFFSET = 2166136261
_FNV_PRIME = 16777619


def check_ngram_range(min_n: int, max_n: int, bucket: int) -> tuple[int, int, int]:
    """``(min_n, max_n, bucket)`` checked: ``max_n=0`` means no n-grams (fastText's rule).

    Raises
    ------
    ConfigError
        One line naming the bad value (``min_n > max_n``, bucket 0 with n-grams, ...).
    """
    for name, value in (("min_n", min_n), ("max_n", max_n), ("bucket", bucket)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ConfigError(f"{name} must be a non-negative integer, got {value!r}")
    min_n, max_n, bucket = int(min_n), int(max_n), int(bucket)
    if max_n > 0:
        if min_n < 1:
            raise ConfigError(f"min_n must be at least 1 when max_n > 0, got {min_n}")
        if min_n > max_n:
            raise ConfigError(f"min_n ({min_n}) > max_n ({max_n}): no n-gram length fits; "
                              f"set max_n >= min_n, or max_n=0 for no n-grams")
        if bucket == 0:
            raise ConfigError("bucket=0 leaves the n-grams no rows; give bucket > 0 "
                              "(fastText's default is 2000000), or max_n=0 for no n-grams")
    if bucket > 2**31 - 1:
        raise ConfigError(f"bucket must fit a 32-bit int, got {bucket}")
    return min_n, max_n, bucket


def ft_hash(data: bytes) -> int:
    """fastText's 32-bit FNV-1a of ``data``, bytes sign-extended as C ``char``."""
    h = _FNV_OFFSET
    for b in data:
        h ^= (b | 0xFFFFFF00) if b >= 0x80 else b
        h = (h * _FNV_PRIME) & 0xFFFFFFFF
    return h


def ngram_bytes(word: str | bytes, min_n: int, max_n: int) -> list[bytes]:
    """The n-grams of ``word`` as fastText cuts them (``<``/``>`` added here), in its order.

    Examples
    --------
    >>> [g.decode() for g in ngram_bytes("ab", 3, 4)]
    ['<ab', '<ab>', 'ab>']
    """
    raw = word.encode("utf-8") if isinstance(word, str) else bytes(word)
    w = b"<" + raw + b">"
    out: list[bytes] = []
    n_bytes = len(w)
    for i in range(n_bytes):
        if w[i] & 0xC0 == 0x80:  # not the start of a code point
            continue
        j, n = i, 1
        while j < n_bytes and n <= max_n:
            j += 1
            while j < n_bytes and w[j] & 0xC0 == 0x80:
                j += 1
            if n >= min_n and not (n == 1 and (i == 0 or j == n_bytes)):
                out.append(w[i:j])
            n += 1
    return out


def ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """The n-grams of ``word`` as strings (gensim's ``compute_ngrams``; bad UTF-8 replaced)."""
    return [g.decode("utf-8", "replace") for g in ngram_bytes(word, min_n, max_n)]


def ngram_hashes(word: str | bytes, min_n: int, max_n: int, bucket: int) -> list[int]:
    """Bucket of each n-gram of ``word`` (gensim's ``ft_ngram_hashes``)."""
    if bucket <= 0 or max_n <= 0:
        return []
    return [ft_hash(g) % bucket for g in ngram_bytes(word, min_n, max_n)]


def pack_words(words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """All words' UTF-8 bytes in one buffer, and where each starts (``len + 1`` offsets)."""
    encoded = [w.encode("utf-8") for w in words]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(), offsets


@njit(cache=True, nogil=True)
def _cut(buf, a, b, min_n, max_n, bucket, out, k):
    """Hash the n-grams of ``'<' + buf[a:b] + '>'`` into ``out[k:]``; return the new ``k``.

    The word is read through a virtual index: position 0 is ``<``, ``m + 1`` is ``>``.
    ``out`` may be empty: then only the count is returned (the first pass).
    """
    m = b - a
    total = m + 2
    for i in range(total):
        ci = 60 if i == 0 else (62 if i == total - 1 else np.int64(buf[a + i - 1]))
        if ci & 0xC0 == 0x80:
            continue
        h = np.int64(2166136261)  # int64 with an explicit mask: numba widens uint32 products
        j = i
        n = 1
        while j < total and n <= max_n:
            while True:  # one code point: its lead byte, then continuation bytes
                c = 60 if j == 0 else (62 if j == total - 1 else np.int64(buf[a + j - 1]))
                if c >= 0x80:  # fastText's signed char, sign-extended
                    h ^= c | 0xFFFFFF00
                else:
                    h ^= c
                h = (h * 16777619) & 0xFFFFFFFF
                j += 1
                if j >= total:
                    break
                c = 62 if j == total - 1 else np.int64(buf[a + j - 1])
                if c & 0xC0 != 0x80:
                    break
            if n >= min_n and not (n == 1 and (i == 0 or j == total)):
                if len(out) > 0:
                    out[k] = h % bucket
                k += 1
            n += 1
    return k


@njit(cache=True, nogil=True)
def _table(buf, offsets, min_n, max_n, bucket, nwords, with_word, plain):
    n = len(offsets) - 1
    starts = np.zeros(n + 1, dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    for w in range(n):
        c = 0
        if max_n > 0 and not plain[w]:
            c = _cut(buf, offsets[w], offsets[w + 1], min_n, max_n, bucket, empty, 0)
        starts[w + 1] = starts[w] + c + (1 if with_word else 0)
    rows = np.empty(starts[n], dtype=np.int32)
    tmp = np.empty(starts[n], dtype=np.int64)
    for w in range(n):
        k = starts[w]
        if with_word:
            rows[k] = w
            k += 1
        if max_n > 0 and not plain[w]:
            e = _cut(buf, offsets[w], offsets[w + 1], min_n, max_n, bucket, tmp, k)
            for p in range(k, e):
                rows[p] = np.int32(nwords + tmp[p])
    return rows, starts


def subword_table(words: Sequence[str], min_n: int, max_n: int, bucket: int,
                  nwords: int | None = None, with_word: bool = True,
                  skip: Sequence[str] = ("</s>",)) -> tuple[np.ndarray, np.ndarray]:
    """Input-matrix rows of each word, fastText's ``getSubwords``, as CSR arrays.

    Word ``w``'s rows are ``rows[starts[w]:starts[w+1]]``: its own row ``w`` first (when
    ``with_word``), then ``nwords + hash % bucket`` for each n-gram. Words in ``skip``
    (fastText's end-of-sentence token) get no n-grams, as in fastText.

    Returns
    -------
    rows : np.ndarray of int32
    starts : np.ndarray of int64, ``len(words) + 1``
    """
    min_n, max_n, bucket = check_ngram_range(min_n, max_n, bucket)
    nwords = len(words) if nwords is None else nwords
    if nwords + bucket > 2**31 - 1:
        raise ConfigError(f"{nwords:,} words + {bucket:,} buckets exceed 2**31 rows")
    specials = set(skip)
    plain = np.array([w in specials for w in words], dtype=np.bool_)
    buf, offsets = pack_words(words)
    return _table(buf, offsets, min_n, max_n if bucket else 0, max(bucket, 1), nwords,
                  with_word, plain)


@njit(cache=True, nogil=True)
def mean_shift(rows: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """How much the mean of each word's rows moves per unit of a gradient added to
    every row it lists: ``sum(m_r**2) / n`` over its distinct rows ``r`` listed ``m_r``
    times (``n`` in all), so 1.0 unless two of its n-grams share a bucket.

    Skip-gram keeps the center's hidden vector up to date with this instead of
    averaging its rows again after each context word (:mod:`zero2vec.subword.kernels`).
    """
    out = np.ones(len(starts) - 1, dtype=np.float32)
    for w in range(len(starts) - 1):
        a, b = starts[w], starts[w + 1]
        if b - a < 2:
            continue
        r = np.sort(rows[a:b])
        total = 0
        run = 1
        for k in range(1, b - a + 1):
            if k < b - a and r[k] == r[k - 1]:
                run += 1
            else:
                total += run * run
                run = 1
        out[w] = np.float32(total / (b - a))
    return out
