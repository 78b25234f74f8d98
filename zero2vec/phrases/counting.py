"""A corpus as token spans for the kernels, and gensim's counting pass over them.

Two roads to the same spans (:class:`Spans`): a plain file (a
:class:`~zero2vec.corpus.LineSentence` split at whitespace) is cut into tokens by
compiled code, a block at a time, without a Python string per token; other corpora
(token lists, generators) are batched, each distinct word encoded once into a
:class:`TokenPool`, so a batch becomes spans by three array lookups.
"""
from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from zero2vec.corpus.filescan import check_growth, utf8_blocks
from zero2vec.corpus.scan import check_sentence, check_tokens, is_plain_file
from zero2vec.corpus.wordhash import NEED, POOL, WordTable
from zero2vec.errors import CorpusError
from zero2vec.phrases import kernels as K

logger = logging.getLogger("zero2vec.phrases")
BATCH_TOKENS = 1 << 16  # tokens of Python sentences handed to a kernel at a time


@dataclass
class Spans:
    """Sentences as token spans into ``data`` (see :mod:`zero2vec.phrases.kernels`).

    ``sline[s]``: sentence ``s`` ends its line (files); ``sentences``: the Python token
    lists they came from (None for a file).
    """

    data: np.ndarray
    tstart: np.ndarray
    tlen: np.ndarray
    thash: np.ndarray
    slen: np.ndarray
    sline: np.ndarray
    sentences: list | None = None

    @property
    def longest(self) -> int:
        """Bytes of the longest sentence joined (what a joined key can need)."""
        return int(self.tlen.sum()) + 8 * len(self.tlen) + 1  # (a delimiter of up to 8 bytes)


class _NewIds(dict):
    """word -> id; an unseen word gets the next id and waits in ``pending`` to be encoded."""

    __slots__ = ("pending",)

    def __init__(self) -> None:
        super().__init__()
        self.pending: list = []

    def __missing__(self, word) -> int:
        i = self[word] = len(self)
        self.pending.append(word)
        return i


class TokenPool:
    """The distinct words of Python sentences, each encoded to UTF-8 once, back to back."""

    def __init__(self) -> None:
        self.ids = _NewIds()
        self.pool = np.zeros(1 << 16, dtype=np.uint8)
        self.used = 0
        self.starts = np.zeros(0, dtype=np.int64)
        self.lens = np.zeros(0, dtype=np.int64)
        self.hashes = np.zeros(0, dtype=np.uint64)

    def spans(self, tokens: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(tstart, tlen, thash)`` of ``tokens`` into :attr:`pool`."""
        try:
            ids = np.fromiter(map(self.ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        except TypeError:  # an unhashable token (a list, a dict...)
            check_tokens(tokens)
            raise
        if self.ids.pending:
            self._add(self.ids.pending)
            self.ids.pending = []
        return self.starts[ids], self.lens[ids], self.hashes[ids]

    def _add(self, words: list) -> None:
        check_tokens(words)
        try:
            encoded = [w.encode("utf-8") for w in words]
        except UnicodeEncodeError as e:
            raise CorpusError(f"a token is not valid Unicode text ({e.reason}: "
                              f"{e.object[e.start:e.end]!r})") from None
        lens = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        if self.used + len(blob) > len(self.pool):
            pool = np.zeros(max(2 * len(self.pool), self.used + len(blob)), dtype=np.uint8)
            pool[:self.used] = self.pool[:self.used]
            self.pool = pool
        starts = self.used + np.concatenate(([0], np.cumsum(lens)[:-1])).astype(np.int64)
        self.pool[self.used:self.used + len(blob)] = blob
        self.used += len(blob)
        hashes = np.empty(len(words), dtype=np.uint64)
        K.hash_spans(self.pool, starts, lens, hashes)
        self.starts = np.concatenate((self.starts, starts))
        self.lens = np.concatenate((self.lens, lens))
        self.hashes = np.concatenate((self.hashes, hashes))


def iter_spans(sentences: Iterable, keep_empty: bool = False,
               as_lists: bool = False) -> Iterator[Spans]:
    """The spans of ``sentences``, a block or a batch at a time; a plain file's from its
    bytes (``keep_empty``: an empty line is a sentence too), unless ``as_lists``."""
    if is_plain_file(sentences) and not as_lists:
        return _file_spans(sentences, keep_empty)
    return _list_spans(sentences)


def _list_spans(sentences: Iterable) -> Iterator[Spans]:
    tokens = TokenPool()
    try:
        it = iter(sentences)
    except TypeError:
        raise CorpusError(f"sentences must be an iterable of token lists, got "
                          f"{type(sentences).__name__}") from None
    batch: list = []
    flat: list = []
    for sentence in it:
        if type(sentence) is not list:
            sentence = check_sentence(sentence)
        batch.append(sentence)
        flat.extend(sentence)
        if len(flat) >= BATCH_TOKENS:
            yield _batch(tokens, batch, flat)
            batch, flat = [], []
    if batch:
        yield _batch(tokens, batch, flat)


def _batch(pool: TokenPool, batch: list, flat: list) -> Spans:
    tstart, tlen, thash = pool.spans(flat)
    slen = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
    return Spans(pool.pool, tstart, tlen, thash, slen, np.ones(len(batch), dtype=np.bool_),
                 batch)


def _file_spans(lines, keep_empty: bool) -> Iterator[Spans]:
    """Spans of a file's blocks; a sentence a block leaves open (a line longer than a
    block, or a last line without a newline) is carried into the next block."""
    max_lines = -1 if lines.limit is None else lines.limit
    carry = None
    blocks = utf8_blocks(lines)
    while True:
        block = next(blocks, None)
        if block is None:
            if carry is None:
                return
            block, carry = np.concatenate((carry, np.array([10], dtype=np.uint8))), None
            blocks = iter(())
        data = block if carry is None else np.concatenate((carry, block))
        n = len(data)
        n_tok = (n + 1) // 2 + 1
        n_sent = int(np.count_nonzero(data == 10)) + n_tok // lines.max_sentence_length + 2
        tstart = np.empty(n_tok, dtype=np.int64)
        tlen = np.empty(n_tok, dtype=np.int64)
        thash = np.empty(n_tok, dtype=np.uint64)
        slen = np.empty(n_sent, dtype=np.int64)
        sline = np.empty(n_sent, dtype=np.bool_)
        nt, ns, open_from, nl = K.tokenize(data, tstart, tlen, thash, slen, sline,
                                           lines.max_sentence_length, max_lines, keep_empty)
        closed = int(slen[:ns].sum())
        yield Spans(data, tstart[:closed], tlen[:closed], thash[:closed], slen[:ns], sline[:ns])
        if max_lines >= 0:
            max_lines -= nl
            if max_lines == 0:
                return
        carry = data[open_from:].copy() if open_from < n else None


def connector_table(words: Iterable[str]) -> WordTable:
    """The connector words as a table (a token is a connector if the table holds it)."""
    table = WordTable(16, 256)
    table.add_words(sorted(words))
    return table


class _Counter:
    """Counts spans into one table, gensim's way (pruning after a sentence that leaves
    more than ``max_vocab_size`` keys)."""

    def __init__(self, connectors: WordTable, delim: np.ndarray, max_vocab_size: int,
                 table: WordTable | None = None) -> None:
        self.connectors, self.delim, self.max_vocab_size = connectors, delim, max_vocab_size
        # (a corpus has more keys than words: skip the early doublings)
        self.table = table if table is not None else WordTable(1 << 16, 1 << 20)
        self.scratch = np.zeros(1 << 12, dtype=np.uint8)
        self.min_reduce, self.total = 1, 0

    def count(self, spans: Spans) -> None:
        c, table = self.connectors, self.table
        ps = np.array([0, 0, -1, -1, 0, 0], dtype=np.int64)
        while True:
            why = K.learn(spans.data, spans.tstart, spans.tlen, spans.thash, spans.slen, ps,
                          *table.arrays, c.slots, c.words, c.pool, self.delim, self.scratch,
                          self.max_vocab_size)
            if why == K.GROW:
                check_growth(table)
                table.reserve(2, int(table.st[NEED]))
                if ps[K.NEED_SCRATCH] > len(self.scratch):
                    self.scratch = np.zeros(2 * int(ps[K.NEED_SCRATCH]), dtype=np.uint8)
            elif why == K.PRUNE:  # gensim's prune_vocab keeps counts >= min_reduce
                table.prune(self.min_reduce)
                self.min_reduce += 1
            else:
                break
        self.total += int(ps[K.TOTAL])


def merge_into(table: WordTable, other: WordTable) -> None:
    """Add ``other``'s counts to ``table``, its new keys after the others in its order."""
    table.reserve(len(other), int(other.st[POOL]))
    K.merge(*table.arrays, other.st, other.words, other.whash, other.pool)


def _workers() -> int:
    try:
        return min(2, len(os.sched_getaffinity(0)))
    except AttributeError:  # (not Linux)
        return min(2, os.cpu_count() or 1)


SEGMENT_TOKENS = 1 << 22  # tokens counted as two halves at once, on two cores


def learn_table(sentences: Iterable, connectors: WordTable, delimiter: bytes,
                max_vocab_size: int, progress_per: int = 10000) -> tuple[WordTable, int, int]:
    """gensim's ``_learn_vocab``: the table of unigram and candidate counts, the
    ``min_reduce`` its pruning reached, and the number of tokens read.

    On two cores, a segment of the corpus is counted as two halves at once, each into a
    table of its own, merged in corpus order (so keys keep their first-seen order).
    That is exact while no pruning can happen: when the tables could together pass
    ``max_vocab_size``, the segment is counted again in one table, pruning as gensim, and
    so is the rest of the corpus. (A segment is ``SEGMENT_TOKENS`` tokens of spans, 24
    bytes a token, held at once; the two halves' tables are held until merged.)
    """
    delim = np.frombuffer(delimiter, dtype=np.uint8)
    main = _Counter(connectors, delim, max_vocab_size)
    n_sent, next_log = 0, 0
    logger.info("collecting all words and their counts")
    pool = ThreadPoolExecutor(2) if _workers() > 1 else None
    try:
        for segment in _segments(iter_spans(sentences), SEGMENT_TOKENS if pool else 0):
            if n_sent >= next_log:
                logger.info("PROGRESS: at sentence #%i, processed %i words and %i word types",
                            n_sent, main.total, len(main.table))
                next_log = (n_sent // progress_per + 1) * progress_per
            if pool is None or len(segment) < 2 or not _count_halves(main, segment, pool):
                if pool is not None and len(segment) >= 2:  # pruning is near: one table on
                    pool.shutdown()
                    pool = None
                for spans in segment:
                    main.count(spans)
            n_sent += sum(len(s.slen) for s in segment)
    finally:
        if pool is not None:
            pool.shutdown()
    logger.info("collected %i token types (unigram + bigrams) from a corpus of %i words and "
                "%i sentences", len(main.table), main.total, n_sent)
    return main.table, main.min_reduce, main.total


def _segments(spans: Iterator[Spans], tokens: int) -> Iterator[list[Spans]]:
    """Consecutive spans, grouped until they hold ``tokens`` tokens (0: one at a time)."""
    group: list[Spans] = []
    n = 0
    for s in spans:
        group.append(s)
        n += len(s.tlen)
        if n >= tokens:
            yield group
            group, n = [], 0
    if group:
        yield group


def _count_halves(main: _Counter, segment: list[Spans], pool: ThreadPoolExecutor) -> bool:
    """Count the segment's two halves at once and merge them into ``main``; False (nothing
    changed) if the keys could pass ``max_vocab_size``, where pruning would differ."""
    sizes = np.cumsum([len(s.tlen) for s in segment])
    k = int(np.searchsorted(sizes, sizes[-1] / 2)) + 1
    k = min(max(k, 1), len(segment) - 1)
    halves = [_Counter(main.connectors, main.delim, 1 << 62) for _ in range(2)]
    jobs = [pool.submit(lambda c, part: [c.count(s) for s in part], c, part)
            for c, part in zip(halves, (segment[:k], segment[k:]))]
    for job in jobs:
        job.result()
    if len(main.table) + sum(len(c.table) for c in halves) > main.max_vocab_size:
        return False
    for c in halves:
        if len(main.table) == 0:
            main.table = c.table
        else:
            merge_into(main.table, c.table)
        main.total += c.total
    return True
