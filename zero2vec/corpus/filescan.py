"""The vocabulary pass over a corpus file, compiled: bytes in, counts and ids out.

For a file read with the default whitespace tokenizer the engine builds no Python
string or list per token. One compiled loop walks the UTF-8 bytes of each ~4 MB
block, counts the tokens in a :class:`~zero2vec.corpus.wordhash.WordTable` and
writes each token's provisional id (its word's first-seen index) to the token
store; :func:`zero2vec.corpus.encoded.remap` then turns those into final ids in
place, exactly as for a corpus of Python token lists. Only the words that make it
into the vocabulary ever become ``str``.

The same loop, in its ``ENCODE`` mode, maps the tokens of a file through an existing
vocabulary (a second pass after ``max_vocab_size`` pruning, or another corpus).
Lines, ``max_sentence_length`` chunks, ``limit`` and the decoding policy are exactly
those of :class:`~zero2vec.corpus.LineSentence` (tested against it).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from numba import njit

from zero2vec._memory import check_memory
from zero2vec.corpus.reader import check_policy, decode_block
from zero2vec.corpus.sentences import LineSentence
from zero2vec.corpus.encoded import EncodedCorpus
from zero2vec.corpus.store import ArrayStore
from zero2vec.corpus.wordhash import (CLASS, COUNT, MAYBE_SPACE, NEWLINE, N_WORDS, SPACE,
                                      WordTable, find, insert, token_end, unicode_space_len)
from zero2vec.errors import CorpusError

# what the loop does with a token: count it and write its provisional id; only
# count it (after pruning, provisional ids no longer mean anything); or write the
# final id ``id_map`` gives its word, if any
COUNT_AND_RECORD, COUNT_ONLY, ENCODE = range(3)
# indices into the pass's state vector, kept between kernel calls
# (SENTENCES: LineSentence's sentences ended, gensim's corpus_count)
POS, RAW, LINES, CHUNK_RAW, KEPT, N_OUT, N_LEN, LINE_RAW, SENTENCES = range(9)
# why the kernel returned
DONE, GROW, PRUNE, LIMIT, FLUSH = range(5)


@njit(cache=True, nogil=True)
def utf8_error(data) -> int:
    """Offset of the first byte that makes ``data`` invalid UTF-8, or -1 if it is valid.

    The rules of Python's strict decoder (the Unicode standard's table 3-7): no
    overlong forms, no surrogates, nothing above U+10FFFF. Checking here spares the
    pass a decoded copy of every block (4 to 16 MB of ``str``, which only the check
    would use).
    """
    n = len(data)
    p = 0
    while p < n:
        b = data[p]
        if b < 0x80:
            p += 1
            continue
        lo, hi = 0x80, 0xBF  # the range of the second byte
        if 0xC2 <= b <= 0xDF:
            k = 1
        elif 0xE0 <= b <= 0xEF:
            k = 2
            if b == 0xE0:
                lo = 0xA0
            elif b == 0xED:
                hi = 0x9F
        elif 0xF0 <= b <= 0xF4:
            k = 3
            if b == 0xF0:
                lo = 0x90
            elif b == 0xF4:
                hi = 0x8F
        else:
            return p
        if p + k >= n:  # cut short
            return p
        if not lo <= data[p + 1] <= hi:
            return p
        for t in range(2, k + 1):
            if not 0x80 <= data[p + t] <= 0xBF:
                return p
        p += k + 1
    return -1


def utf8_blocks(lines: LineSentence) -> Iterator[np.ndarray]:
    """The blocks of ``lines``' file as valid UTF-8 bytes spelling what LineSentence reads.

    A UTF-8 file read strictly is used as it is, once checked; otherwise the decoded
    text is encoded again.
    """
    path, encoding, errors = lines.path, lines.encoding, lines.errors
    utf8 = check_policy(encoding, errors)
    for data, _, offset in lines.byte_blocks(utf8):  # (a stream: once)
        arr = np.frombuffer(data, dtype=np.uint8)
        if not (utf8 and utf8_error(arr) < 0):
            text = decode_block(data, offset, path, encoding, errors)  # strict: raises here
            if not (utf8 and errors == "strict"):
                arr = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
        yield arr


@njit(cache=True, nogil=True)
def _scan_block(data, ps, st, slots, words, whash, pool, mode: int, id_map, out, out_len,
                max_line: int, max_len: int, max_lines: int, max_words: int) -> int:
    """Process the tokens of ``data`` from ``ps[POS]`` on; return why it stopped.

    Ids go to ``out`` and the length of every sentence (a line cut into chunks of
    ``max_line`` tokens, each cut again every ``max_len`` tokens) with ids to
    ``out_len``. GROW: a new word does not
    fit the table (nothing of it was counted yet); PRUNE: a sentence of LineSentence's
    ended with more than ``max_words`` words in the table; FLUSH: an output is full
    (empty it and call again); LIMIT: ``max_lines`` lines were read.
    """
    n = len(data)
    p = ps[POS]
    raw = ps[RAW]
    lines = ps[LINES]
    chunk_raw = ps[CHUNK_RAW]
    line_raw = ps[LINE_RAW]
    kept = ps[KEPT]
    n_out = ps[N_OUT]
    n_len = ps[N_LEN]
    why = DONE
    while p < n:
        if n_out == len(out) or n_len == len(out_len):
            why = FLUSH
            break
        c = CLASS[data[p]]
        if c == SPACE:
            p += 1
            continue
        if c == MAYBE_SPACE:
            k = unicode_space_len(data, p, n)
            if k:
                p += k
                continue
        if c == NEWLINE:
            p += 1
            lines += 1
        else:
            q, h = token_end(data, p, n)
            w = find(data, p, q, h, slots, words, pool)
            if mode == ENCODE:
                if w >= 0 and id_map[w] >= 0:
                    out[n_out] = id_map[w]
                    n_out += 1
                    kept += 1
            else:
                if w >= 0:
                    words[w, COUNT] += 1
                elif insert(data, p, q, h, -1 - w, st, slots, words, whash, pool):
                    w = st[N_WORDS] - 1
                else:
                    why = GROW
                    break
                if mode == COUNT_AND_RECORD:
                    out[n_out] = w
                    n_out += 1
                    kept += 1
            raw += 1
            chunk_raw += 1
            line_raw += 1
            p = q
            if chunk_raw < max_len and line_raw < max_line:
                continue
        # a line end or a full chunk closes the sentence
        if kept > 0:
            out_len[n_len] = kept
            n_len += 1
        kept = 0
        chunk_raw = 0
        # a sentence of LineSentence's (a line's chunk) ended: where gensim checks the bound
        ended = line_raw > 0 and (c == NEWLINE or line_raw >= max_line)
        if c == NEWLINE or line_raw >= max_line:
            line_raw = 0
        ps[SENTENCES] += ended
        if ended and st[N_WORDS] > max_words:
            why = PRUNE
            break
        if lines == max_lines:
            why = LIMIT
            break
    ps[POS] = p
    ps[RAW] = raw
    ps[LINES] = lines
    ps[CHUNK_RAW] = chunk_raw
    ps[LINE_RAW] = line_raw
    ps[KEPT] = kept
    ps[N_OUT] = n_out
    ps[N_LEN] = n_len
    return why


@dataclass
class FileScan:
    """What a pass over a file produced.

    ``lengths`` are the sentence lengths of the ids written to the store (``None``
    if pruning made the provisional ids meaningless, so nothing was kept).
    """

    table: WordTable
    lengths: ArrayStore | None
    raw_words: int
    pruned: bool
    sentences: int = 0  # LineSentence's sentences (lines' chunks; gensim's corpus_count)


def check_growth(table: WordTable) -> None:
    """MemoryLimitError unless the table can double (a file of random bytes makes a new
    word of nearly every token: ~90 bytes each, so 9x the file; it must not be killed)."""
    check_memory(sum(a.nbytes for a in table.arrays),
                 f"the word table ({len(table):,} distinct words so far)",
                 "is the corpus text? max_vocab_size= prunes rare words while counting")


def _run(lines: LineSentence, table: WordTable, mode: int, store: ArrayStore,
         id_map: np.ndarray, max_words: int, max_sentence_length: int | None,
         trim_rule: Callable | None = None, buffer_tokens: int = 1 << 18) -> FileScan:
    ps = np.zeros(9, dtype=np.int64)
    # two cuts, as a Python pass makes them: LineSentence's chunks of a line, then each of
    # those cut again at max_sentence_length (one cut at the minimum differs when one
    # length does not divide the other)
    max_line = lines.max_sentence_length
    max_len = max_sentence_length or max_line
    out = np.empty(buffer_tokens, dtype=np.int32)
    out_len = np.empty(buffer_tokens // 4, dtype=np.int64)
    lengths: ArrayStore | None = ArrayStore(store.max_ram_items, store.tmp_dir, np.int64, store)
    max_lines = -1 if lines.limit is None else lines.limit
    min_reduce = 1
    pruned = False

    def flush() -> None:
        if lengths is not None:
            store.extend_array(out[:ps[N_OUT]])
            lengths.extend_array(out_len[:ps[N_LEN]])
        ps[N_OUT] = ps[N_LEN] = 0

    def prune() -> None:  # gensim's: once per sentence past the bound, min_reduce += 1
        nonlocal min_reduce, pruned, mode, lengths
        if table.prune(min_reduce, trim_rule):
            pruned = True
            if mode == COUNT_AND_RECORD:  # ids written so far point at moved words
                mode = COUNT_ONLY
                lengths.close()
                lengths = None
                store.truncate(0)
        min_reduce += 1

    why = DONE
    for data in utf8_blocks(lines):
        ps[POS] = 0
        while True:
            why = _scan_block(data, ps, *table.arrays, mode, id_map, out, out_len, max_line,
                              max_len, max_lines, max_words)
            if why == GROW:
                check_growth(table)
                table.grow()
            elif why == FLUSH:
                flush()
            elif why == PRUNE:
                prune()
                if ps[LINES] == max_lines:  # (that sentence was the limit's last line)
                    why = LIMIT
                    break
            else:
                break
        if why == LIMIT:
            break
    if ps[LINE_RAW] > 0:  # the last line, without a newline
        ps[SENTENCES] += 1
        if len(table) > max_words:
            prune()
    flush()
    if ps[KEPT] > 0 and lengths is not None:  # the last line had no newline
        lengths.extend_array(ps[KEPT:KEPT + 1])
    if ps[RAW] == 0:
        raise CorpusError(f"{lines.path}: holds no tokens (the file is empty or whitespace only)")
    return FileScan(table, lengths, int(ps[RAW]), pruned, int(ps[SENTENCES]))


def scan_file(lines: LineSentence, store: ArrayStore, max_vocab_size: int | None = None,
              max_sentence_length: int | None = None,
              trim_rule: Callable | None = None) -> FileScan:
    """Count the words of ``lines``' file and write its tokens' provisional ids to ``store``.

    With ``max_vocab_size``, the table is pruned as gensim's ``_scan_vocab`` prunes
    its dict: after each sentence (of ``lines``) that leaves more words than that, once
    (words seen fewer than ``min_reduce`` times, or as ``trim_rule`` says), then
    ``min_reduce`` (from 1) += 1. Once a pruning dropped a word only counting goes on.
    Sentences are at most ``max_sentence_length`` tokens (and at most
    ``lines.max_sentence_length``).
    """
    max_words = (1 << 62) if max_vocab_size is None else max_vocab_size
    return _run(lines, WordTable(), COUNT_AND_RECORD, store, np.zeros(1, np.int32), max_words,
                max_sentence_length, trim_rule)


def encode_file(lines: LineSentence, table: WordTable, id_map: np.ndarray,
                store: ArrayStore, max_sentence_length: int | None = None) -> EncodedCorpus:
    """Write to ``store`` the id ``id_map`` gives each token of ``lines``' file.

    ``id_map[i]`` is the final id of ``table``'s word ``i``, or -1 to drop it.
    """
    scan = _run(lines, table, ENCODE, store, np.ascontiguousarray(id_map, dtype=np.int32),
                1 << 62, max_sentence_length)
    return EncodedCorpus.from_lengths(store, scan.lengths, scan.raw_words)


def warm_up() -> None:
    """Load the compiled kernels (from numba's cache after the first run)."""
    table = WordTable(1, 1)
    table.add_words(["a", "b", "c"])  # (grows, so rehashes)
    empty = np.frombuffer(b"", dtype=np.uint8)
    z = np.zeros(1, np.int32)
    _scan_block(empty, np.zeros(9, np.int64), *table.arrays, ENCODE, z, z, np.zeros(1, np.int64),
                1, 1, -1, 1)
    utf8_error(empty)
    table.keep(np.ones(len(table), dtype=np.bool_))
