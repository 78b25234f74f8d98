"""word2vec.c's ``word2phrase`` tool: the same counts, scores, choices and output bytes.

What word2phrase.c (tmikolov/word2vec) does, and so what this does:

- tokens are separated by space, tab and newline only; a carriage return is dropped
  wherever it is; a token keeps its first 58 bytes; a newline is a token of its own;
  a last token with no separator after it (a file without a final newline) is lost;
- counting: each token once, and with the token before it (across line ends too: the
  C code's ``start`` flag is reset before it is tested) as ``a_b``, cut to 59 bytes;
  the first token pairs with the empty word. Past 350M keys (0.7 of its hash table),
  keys seen ``<= min_reduce`` times are dropped, ``min_reduce`` growing from 1;
- keys seen fewer than ``min_count`` times are forgotten (one quirk is not copied:
  with ``-min-count 1`` word2phrase.c also forgets one key of the lowest count, which
  one depending on the C library's ``qsort``);
- a token joins the one before it (``_`` instead of a space) when both and the pair
  are known, neither was joined to its own predecessor, and in single precision
  ``(pab - min_count) / pa / pb * train_words > threshold``, where ``train_words``
  counts the tokens (newlines not) — not gensim's formula, whose factor is the number
  of keys. A line's tokens are written each after a space or ``_``: lines start with
  a space, as word2phrase.c writes them.

Inputs are read through :mod:`zero2vec.corpus.reader` (so ``.gz``/``.bz2`` too), the
output is written atomically and never over the input.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import numpy as np
from numba import njit

from zero2vec._atomic import atomic_file, check_outputs
from zero2vec._checks import check_input_file, check_number, check_positive_int
from zero2vec.corpus.filescan import check_growth
from zero2vec.corpus.reader import iter_byte_blocks
from zero2vec.corpus.wordhash import COUNT, N_WORDS, NEED, POOL, WordTable, find, fnv1a, insert

_OPTS = dict(cache=True, nogil=True)
MAX_WORD = 58      # bytes a token keeps (MAX_STRING 60, less the C code's off-by-one)
MAX_BIGRAM = 59    # bytes a pair keeps (bigram_word[MAX_STRING - 1] = 0)
REDUCE_AT = 350_000_000  # vocab_hash_size * 0.7
DONE, GROW, PRUNE = range(3)
# state kept between blocks: next token, length of the last token, tokens counted,
# and for writing: the last token's row (-1: none), pa, pb, pab
TOK, LAST, WORDS, LI, PA, PB, PAB = range(7)


@njit(**_OPTS)
def split(data, at_eof: bool, buf, tstart, tlen, thash) -> int:
    """word2phrase.c's ReadWord over ``data``: tokens (cleaned) into ``buf``, a newline
    as a token of length -1. Returns the number of tokens."""
    nt = 0
    m = 0
    a = 0
    start = 0
    for p in range(len(data)):
        ch = data[p]
        if ch == 13:
            continue
        if ch == 32 or ch == 9 or ch == 10:
            if a > 0:
                tstart[nt] = start
                tlen[nt] = a
                thash[nt] = fnv1a(buf, start, start + a)
                nt += 1
                a = 0
            if ch == 10:
                tstart[nt] = m
                tlen[nt] = -1
                nt += 1
            continue
        if a == 0:
            start = m
        if a < MAX_WORD:
            buf[m] = ch
            m += 1
            a += 1
    if a > 0 and not at_eof:  # (blocks end at a separator; only the file's end does not)
        tstart[nt] = start
        tlen[nt] = a
        thash[nt] = fnv1a(buf, start, start + a)
        nt += 1
    return nt


@njit(inline="always", **_OPTS)
def _pair(last, ll: int, buf, s: int, n: int, scratch) -> int:
    """``last + "_" + token`` cut to MAX_BIGRAM bytes, in ``scratch``; its length."""
    m = 0
    for j in range(ll):
        scratch[m] = last[j]
        m += 1
    scratch[m] = 95
    m += 1
    for j in range(n):
        scratch[m] = buf[s + j]
        m += 1
    return min(m, MAX_BIGRAM)


@njit(**_OPTS)
def learn(buf, tstart, tlen, thash, nt: int, ps, last, scratch, st, slots, words, whash,
          pool, reduce_at: int) -> int:
    """LearnVocabFromTrainFile over tokens ``ps[TOK]..nt``: GROW when the table is short
    of room for a token, PRUNE when it holds more than ``reduce_at`` keys."""
    i = ps[TOK]
    why = DONE
    while i < nt:
        n = tlen[i]
        if n < 0:
            i += 1
            continue
        nw = st[N_WORDS]
        if nw + 2 > len(words) or 2 * (nw + 2) > len(slots) \
                or st[POOL] + n + MAX_BIGRAM > len(pool):
            st[NEED] = n + MAX_BIGRAM
            why = GROW
            break
        ps[WORDS] += 1
        s = tstart[i]
        for key in range(2):
            if key == 0:
                data, p, q, h = buf, s, s + n, thash[i]
            else:
                q = _pair(last, ps[LAST], buf, s, n, scratch)
                data, p, h = scratch, 0, fnv1a(scratch, 0, q)
            w = find(data, p, q, h, slots, words, pool)
            if w >= 0:
                words[w, COUNT] += 1
            else:
                insert(data, p, q, h, -1 - w, st, slots, words, whash, pool)
        for j in range(n):
            last[j] = buf[s + j]
        ps[LAST] = n
        i += 1
        if st[N_WORDS] > reduce_at:
            why = PRUNE
            break
    ps[TOK] = i
    return why


@njit(inline="always", **_OPTS)
def _known(data, p: int, q: int, h, slots, words, pool, min_count: int) -> int:
    w = find(data, p, q, h, slots, words, pool)
    return w if w >= 0 and words[w, COUNT] >= min_count else -1


@njit(**_OPTS)
def write(buf, tstart, tlen, thash, nt: int, ps, last, scratch, slots, words, pool,
          min_count: int, threshold, train_words: int, out) -> int:
    """TrainModel's output loop over tokens ``0..nt``; returns the bytes written to ``out``."""
    m = 0
    f32 = np.float32
    for i in range(nt):
        n = tlen[i]
        if n < 0:
            out[m] = 10
            m += 1
            last[0] = 10
            ps[LAST] = 1
            continue
        s = tstart[i]
        oov = False
        w = _known(buf, s, s + n, thash[i], slots, words, pool, min_count)
        if w < 0:
            oov = True
        else:
            ps[PB] = words[w, COUNT]
        if ps[LI] == -1:
            oov = True
        ps[LI] = w
        q = _pair(last, ps[LAST], buf, s, n, scratch)
        b = _known(scratch, 0, q, fnv1a(scratch, 0, q), slots, words, pool, min_count)
        if b < 0:
            oov = True
        else:
            ps[PAB] = words[b, COUNT]
        if ps[PA] < min_count or ps[PB] < min_count:
            oov = True
        score = f32(0.0)
        if not oov:
            score = f32(ps[PAB] - min_count) / f32(ps[PA]) / f32(ps[PB]) * f32(train_words)
        if score > threshold:
            out[m] = 95
            ps[PB] = 0
        else:
            out[m] = 32
        m += 1
        for j in range(n):
            out[m] = buf[s + j]
            last[j] = buf[s + j]
            m += 1
        ps[LAST] = n
        ps[PA] = ps[PB]
    return m


def _tokens(path: Path) -> Iterator[tuple[np.ndarray, ...]]:
    """``(buf, tstart, tlen, thash, nt)`` of each block; the last one knows it is last."""
    blocks = iter_byte_blocks(path, utf8=False)
    block = next(blocks, None)
    while block is not None:
        data = np.frombuffer(block[0], dtype=np.uint8)
        block = next(blocks, None)
        n = len(data) + 1
        buf = np.empty(n, dtype=np.uint8)
        tstart, tlen = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
        thash = np.empty(n, dtype=np.uint64)
        nt = split(data, block is None, buf, tstart, tlen, thash)
        yield buf, tstart, tlen, thash, nt


def _learn(path: Path, debug: int, log: TextIO) -> tuple[WordTable, int]:
    table = WordTable()
    table.add_words(["</s>"])  # (word2phrase.c's first entry, never counted by a newline)
    table.words[0, COUNT] = 0
    ps = np.zeros(7, dtype=np.int64)
    last = np.zeros(MAX_WORD, dtype=np.uint8)
    scratch = np.zeros(2 * MAX_WORD + 2, dtype=np.uint8)
    min_reduce = 1
    for buf, tstart, tlen, thash, nt in _tokens(path):
        ps[TOK] = 0
        while True:
            why = learn(buf, tstart, tlen, thash, nt, ps, last, scratch, *table.arrays, REDUCE_AT)
            if why == GROW:
                check_growth(table)
                table.reserve(2, int(table.st[NEED]))
            elif why == PRUNE:  # word2vec.c's ReduceVocab drops counts <= min_reduce
                table.prune(min_reduce + 1)
                min_reduce += 1
            else:
                break
        if debug > 1:
            log.write(f"Words processed: {ps[WORDS] // 1000000}M     Vocab size: "
                      f"{len(table) // 1000}K  \r")
            log.flush()
    return table, int(ps[WORDS])


def _sorted_size(counts: np.ndarray, min_count: int) -> int:
    """The vocabulary size word2phrase.c's SortVocab prints (its loop shrinks the size
    from both ends at once; which keys stay findable is the ``>= min_count`` rule)."""
    high = int(np.count_nonzero(counts[1:] >= min_count))
    size = len(counts)
    a = 0
    if counts[0] < min_count:
        size -= 1
    a = min(1 + high, size)
    return size - (size - a + 1) // 2 if a < size else size


def word2phrase(train: str | os.PathLike, output: str | os.PathLike, min_count: int = 5,
                threshold: float = 100.0, debug: int = 2, log: TextIO | None = None) -> int:
    """Run word2phrase.c on ``train``, writing ``output``; returns ``train_words``.

    ``debug`` as word2phrase.c's ``-debug`` (0 quiet, 1 totals, 2 progress too),
    written to ``log`` (standard output by default).
    """
    log = sys.stdout if log is None else log
    train = check_input_file(train, "training file")
    min_count = check_positive_int("min_count", min_count)
    threshold = np.float32(check_number("threshold", threshold, -np.inf))
    check_outputs({"the phrased corpus (-output)": output}, {"the training file (-train)": train})
    log.write(f"Starting training using file {train}\n")
    table, train_words = _learn(train, debug, log)
    if debug > 0:
        size = _sorted_size(table.counts, min_count)
        log.write(f"\nVocab size (unigrams + bigrams): {size}\nWords in train file: "
                  f"{train_words}\n")
        log.flush()
    ps = np.array([0, 0, 0, -1, 0, 0, 0], dtype=np.int64)
    last = np.zeros(MAX_WORD, dtype=np.uint8)
    scratch = np.zeros(2 * MAX_WORD + 2, dtype=np.uint8)
    written = 0
    with atomic_file(output) as tmp, open(tmp, "wb") as f:
        for buf, tstart, tlen, thash, nt in _tokens(train):
            out = np.empty(len(buf) + nt + 1, dtype=np.uint8)
            m = write(buf, tstart, tlen, thash, nt, ps, last, scratch, table.slots,
                      table.words, table.pool, min_count, threshold, train_words, out)
            f.write(out[:m].tobytes())
            written += int(np.count_nonzero(tlen[:nt] >= 0))
            if debug > 1:
                log.write(f"Words written: {written // 1000000}M\r")
                log.flush()
    return train_words
