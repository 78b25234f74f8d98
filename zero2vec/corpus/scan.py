"""One streaming pass over the corpus that counts words *and* records it as ids.

Each new word gets a provisional id in first-seen order; the ids go into an
:class:`~zero2vec.corpus.store.ArrayStore`. Encoding is then one vectorised remap,
so the corpus is tokenised exactly once, and a one-shot iterator (a generator) can
be trained on. Three kinds of corpus take three roads to the same result:

- a file read with the default whitespace tokenizer takes the compiled path
  (:mod:`zero2vec.corpus.filescan`: bytes to ids, no Python string per token);
- an :class:`~zero2vec.corpus.encoded.EncodedCorpus` that knows its words (a
  tokenised, cached corpus) is already ids and counts: nothing is read again;
- other corpora (lists, generators, other tokenizers) go through a dict with
  ``__missing__``, so known words are looked up at C speed through ``map``.

Memory is bounded as gensim bounds it, with the same result: with ``max_vocab_size``,
after each sentence that leaves more distinct words than that, one ``prune_vocab``
(words seen fewer than ``min_reduce`` times go, or as ``trim_rule`` says:
:mod:`zero2vec.corpus.trim`), then ``min_reduce`` (from 1) += 1; a word pruned and seen
again is counted anew, after the others, as in gensim's dict. Once a word was pruned
the provisional ids are no longer meaningful, so the pass falls back to counting only,
and the corpus is encoded in a second pass (which needs a restartable corpus).

The vocabulary itself is chosen from the counts by :mod:`zero2vec.corpus.vocab`.
"""
from __future__ import annotations

from array import array
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from zero2vec._memory import check_memory
from zero2vec.corpus.encoded import EncodedCorpus, chunk_lengths, remap
from zero2vec.corpus.sentences import LineSentence
from zero2vec.corpus.store import DEFAULT_MAX_RAM_ITEMS, ArrayStore
from zero2vec.corpus.trim import first_seen_order, prune_dict, replay_pruning
from zero2vec.errors import CorpusError, CorpusTypeError

if TYPE_CHECKING:  # (imported lazily: it pulls in numba)
    from zero2vec.corpus.wordhash import WordTable

_UNBOUNDED = 1 << 62  # max_sentence_length=None: sentences are never cut


class Keyed(Protocol):
    """What encoding needs of a vocabulary (:class:`~zero2vec.corpus.vocab.Vocabulary`)."""

    index_to_key: list[str]
    key_to_index: dict[str, int]
    counts: np.ndarray


_WORD_BYTES = 100  # RAM a distinct word takes while counting: the str, its dict entry
_GUARD_FROM = 1 << 16  # distinct words from which growth is checked (at each doubling)


class FirstSeenIds(dict):
    """word -> provisional id; an unseen word gets the next id (first seen, first id).

    Each time the number of words doubles, the memory the next doubling needs is
    checked (:func:`~zero2vec._memory.check_memory`): a corpus of random bytes makes
    a new word of nearly every token, and it must stop with a MemoryLimitError, not
    be killed by the OS.
    """

    __slots__ = ()

    def __missing__(self, word: str) -> int:
        i = self[word] = len(self)
        if i >= _GUARD_FROM and not i & (i - 1):
            check_memory(i * _WORD_BYTES, f"counting words ({i:,} distinct so far)",
                         "is the corpus text? max_vocab_size= prunes rare words while counting")
        return i


class _IdsOrMinusOne(dict):
    """word -> final id, -1 for words outside the vocabulary (without storing them)."""

    __slots__ = ()

    def __missing__(self, word: str) -> int:
        return -1


@dataclass
class ScanResult:
    """What the counting pass saw.

    ``raw``/``lengths`` hold the corpus as provisional ids and sentence lengths
    (``None`` if pruning made them unusable); ``words[i]``/``counts[i]`` are
    provisional word ``i``. ``table`` is the file pass's word table (``None`` for
    other corpora). ``shared``: ``raw`` belongs to the corpus scanned (a stored
    one), so it is read, never rewritten. ``order``: the provisional ids held, in the
    order of gensim's raw vocabulary, where that is not theirs (an encoded corpus).
    """

    words: Sequence[str]
    counts: np.ndarray
    raw: ArrayStore | None
    lengths: ArrayStore | None
    raw_words: int
    pruned: bool
    table: WordTable | None = None
    shared: bool = False
    order: np.ndarray | None = None
    sentences: int = 0  # sentences iterated, empty ones too (gensim's corpus_count)

    def raw_order(self) -> tuple[Sequence[str], np.ndarray]:
        """The words held and their counts in the order of gensim's raw vocabulary (the
        provisional ids' own order unless :attr:`order` says otherwise)."""
        if self.order is None:
            return self.words, self.counts
        return [self.words[i] for i in self.order.tolist()], self.counts[self.order]

    def provisional(self, id_map: np.ndarray) -> np.ndarray:
        """An id map over :meth:`raw_order`'s words as one over the provisional ids."""
        if self.order is None:
            return id_map
        full = np.full(len(self.counts), -1, dtype=np.int32)
        full[self.order] = id_map
        return full

    def close(self) -> None:
        """Release the recorded ids (unless they are the scanned corpus's own)."""
        if self.raw is not None and not self.shared:
            self.raw.close()
        if self.lengths is not None:
            self.lengths.close()


def is_plain_file(sentences) -> bool:
    """Whether ``sentences`` is a file split at whitespace (the compiled path reads it).

    Not a subclass: one may yield something else than the file's lines.
    """
    return type(sentences) is LineSentence and sentences.tokenizer is None \
        and sentences.file is None


def is_encoded(sentences) -> bool:
    """Whether ``sentences`` is an encoded corpus that knows its words (read as ids)."""
    return isinstance(sentences, EncodedCorpus) and sentences.words is not None \
        and sentences.counts is not None


def check_sentence(sentence) -> list:
    """``sentence`` as a list or tuple of tokens, or a CorpusError saying what it is."""
    if isinstance(sentence, str):
        raise CorpusError(
            "each sentence must be a list of tokens, got a str; split it first "
            "(e.g. [line.split() for line in lines]) or give the file itself"
        )
    if isinstance(sentence, (list, tuple)):
        return sentence
    try:
        return list(sentence)
    except TypeError:
        raise CorpusTypeError(f"each sentence must be a list of tokens (str), got "
                              f"{type(sentence).__name__} {sentence!r:.40}") from None


def check_tokens(tokens: Iterable) -> None:
    """The one check that tokens are str: run over the distinct words (so once a word,
    not once a token), or over a batch whose lookup failed (an unhashable token)."""
    if all(issubclass(t, str) for t in set(map(type, tokens))):  # (the types: at C speed)
        return
    bad = next((t for t in tokens if not isinstance(t, str)), None)
    if bad is not None:
        raise CorpusTypeError(f"tokens must be str, got {type(bad).__name__} {bad!r:.40}; "
                              "convert them (e.g. [[str(t) for t in s] for s in sentences])")


def _sentences(corpus: Iterable):
    """An iterator over ``corpus``, or a CorpusError if it is not iterable."""
    try:
        return iter(corpus)
    except TypeError:
        raise CorpusError(f"sentences must be an iterable of token lists, got "
                          f"{type(corpus).__name__}") from None


_BATCH = 1 << 16  # tokens looked up per call: amortises per-sentence overhead, bounds memory


class _Recorder:
    """Python sentences to ids and sentence lengths, a batch of ~65k tokens at a time.

    ``lookup`` maps a token to its id; a sentence longer than ``max_len`` becomes
    consecutive chunks (trained, never truncated).
    """

    def __init__(self, lookup, max_len: int, max_ram_tokens: int, tmp_dir: str | None) -> None:
        self.lookup = lookup
        self.max_len = max_len
        self.ids = ArrayStore(max_ram_tokens, tmp_dir)
        self.lengths = ArrayStore(max_ram_tokens, tmp_dir, np.int64, self.ids)
        self.batch: list[str] = []
        self.batch_lengths = array("q")

    def add(self, sentence: list) -> bool:
        """Record a non-empty sentence; True when that filled a batch (now flushed)."""
        self.batch.extend(sentence)
        self.batch_lengths.append(len(sentence))
        if len(self.batch) < _BATCH:
            return False
        self.flush()
        return True

    def flush(self) -> None:
        batch = self.batch
        try:
            ids = np.fromiter(map(self.lookup, batch), dtype=np.int32, count=len(batch))
        except TypeError:  # an unhashable token (a list, a dict...)
            check_tokens(batch)
            raise
        self.ids.extend_array(ids)
        self.lengths.extend_array(chunk_lengths(np.frombuffer(self.batch_lengths, dtype=np.int64),
                                                self.max_len))
        batch.clear()
        self.batch_lengths = array("q")


def scan(sentences: Iterable, max_sentence_length: int | None = 10000,
         max_vocab_size: int | None = None, max_ram_tokens: int = DEFAULT_MAX_RAM_ITEMS,
         tmp_dir: str | None = None, trim_rule: Callable | None = None) -> ScanResult:
    """Count the words of ``sentences`` and record them as provisional ids.

    With ``max_vocab_size`` the counts are those gensim's ``_scan_vocab`` leaves: after
    each sentence that leaves more words than the bound, one ``prune_vocab`` (words
    :func:`~zero2vec.corpus.trim.keep_mask` drops at ``min_reduce``, with ``trim_rule``),
    then ``min_reduce`` += 1; the words come in the order of gensim's dict. (A token
    list pass notices the bound every ~65k tokens and replays from the sentence where
    it was first passed.) ``max_sentence_length=None`` keeps sentences whole.
    """
    if is_encoded(sentences):
        return _scan_encoded(sentences, max_sentence_length, max_vocab_size, max_ram_tokens,
                             tmp_dir, trim_rule)
    if is_plain_file(sentences):
        from zero2vec.corpus.filescan import scan_file
        from zero2vec.corpus.wordhash import TableWords

        store = ArrayStore(max_ram_tokens, tmp_dir)
        fs = scan_file(sentences, store, max_vocab_size, max_sentence_length, trim_rule)
        if fs.pruned:
            store.close()
        return ScanResult(TableWords(fs.table), fs.table.counts, None if fs.pruned else store,
                          fs.lengths, fs.raw_words, fs.pruned, fs.table, sentences=fs.sentences)
    ids = FirstSeenIds()
    rec = _Recorder(ids.__getitem__, max_sentence_length or _UNBOUNDED, max_ram_tokens, tmp_dir)
    add = rec.add
    # with a bound, every sentence's length (empty ones too): gensim checks it after each
    sizes = None if max_vocab_size is None else array("q")
    it = _sentences(sentences)
    n = 0
    for n, sentence in enumerate(it, 1):
        if type(sentence) is not list:
            sentence = check_sentence(sentence)
        if sizes is not None:
            sizes.append(len(sentence))
        if sentence and add(sentence) and sizes is not None and len(ids) > max_vocab_size:
            return _scan_pruning(ids, rec, sizes, it, max_vocab_size, trim_rule)
    rec.flush()
    if sizes is not None and len(ids) > max_vocab_size:
        return _scan_pruning(ids, rec, sizes, iter(()), max_vocab_size, trim_rule)
    check_tokens(ids)
    if len(rec.ids) == 0:
        raise CorpusError("the corpus holds no tokens (no sentences, or only empty ones)")
    counts = chunked_bincount(rec.ids, len(ids))
    return ScanResult(list(ids), counts, rec.ids, rec.lengths, len(rec.ids), pruned=False,
                      sentences=n)


def _scan_encoded(corpus: EncodedCorpus, max_sentence_length: int | None,
                  max_vocab_size: int | None, max_ram_tokens: int,
                  tmp_dir: str | None, trim_rule: Callable | None) -> ScanResult:
    """An encoded corpus is already ids and counts: only its sentence lengths are made.

    The sentences are those it iterates as (chunks of its own ``max_sentence_length``),
    cut again every ``max_sentence_length`` tokens, exactly as a pass over its token
    lists would cut them. The counts and their order are those gensim's pass over its
    token lists leaves (:func:`~zero2vec.corpus.trim.replay_pruning` with
    ``max_vocab_size``): pruned words keep their ids, with count 0.
    """
    if corpus.n_words == 0:
        raise CorpusError("the corpus holds no tokens (no sentences, or only empty ones)")
    lengths = corpus.lengths(max_sentence_length, max_ram_tokens, tmp_dir)
    counts = np.asarray(corpus.counts, dtype=np.int64)
    sentences = corpus.lengths(None, max_ram_tokens, tmp_dir)  # as it iterates
    try:
        n_sentences = len(sentences)
        if max_vocab_size is None:
            order = first_seen_order(corpus.ids, len(counts))
        else:  # (pruned once a sentence as it iterates, before the cut at max_sentence_length)
            counts, order = replay_pruning(corpus.ids, sentences, corpus.words, max_vocab_size,
                                           trim_rule)
    finally:
        sentences.close()
    if len(order) == len(counts) and np.array_equal(order, np.arange(len(order))):
        order = None
    return ScanResult(corpus.words, counts, corpus.ids, lengths, corpus.n_words, pruned=False,
                      shared=True, order=order, sentences=n_sentences)


def prune_counts(counts: np.ndarray, max_words: int) -> tuple[np.ndarray, int]:
    """gensim's ``prune_vocab`` on an array of counts: zero the words seen fewer than
    ``min_reduce`` times, ``min_reduce`` = 1, 2, ..., until at most ``max_words`` are left.

    Returns the pruned copy and the ``min_reduce`` a further pruning would start at.
    """
    counts = counts.copy()
    min_reduce = 1
    while np.count_nonzero(counts) > max_words:
        counts[counts < min_reduce] = 0
        min_reduce += 1
    return counts, min_reduce


def chunked_bincount(store: ArrayStore, n: int, chunk: int = 1 << 22) -> np.ndarray:
    """``np.bincount`` of the ids in ``store``, a chunk at a time: bincount converts int32
    input to int64, which for the whole corpus would be a copy twice its size."""
    counts = np.zeros(n, dtype=np.int64)
    for start in range(0, len(store), chunk):
        counts += np.bincount(store.read(start, min(start + chunk, len(store))), minlength=n)
    return counts


def _scan_pruning(ids: FirstSeenIds, rec: _Recorder, sizes: array, it, max_vocab_size: int,
                  trim_rule: Callable | None, chunk: int = 1 << 22) -> ScanResult:
    """Finish the pass as gensim's ``_scan_vocab`` does it, counting only: after each
    sentence that leaves more than ``max_vocab_size`` words, one pruning (so, as in
    gensim, the bound may stay passed until the next sentence ends).

    The recorded ids (``rec``; ``sizes``, every sentence's length) passed the bound in
    their last batch: the counts are taken up to the end of the sentence where the word
    beyond the bound first occurs (id ``max_vocab_size``: ids are given in first-seen
    order), where gensim prunes first; the sentences after it are counted again one by
    one, as gensim would have.
    """
    check_tokens(ids)
    words, store, n = list(ids), rec.ids, len(rec.ids)
    rec.lengths.close()
    first = next(start + int(hit[0]) for start in range(0, n, chunk)
                 if len(hit := np.flatnonzero(store.read(start, min(start + chunk, n)) == max_vocab_size)))
    ends = np.cumsum(np.frombuffer(sizes, dtype=np.int64))
    s = int(np.searchsorted(ends, first, side="right"))  # the sentence holding it
    upto = int(ends[s])
    c = np.zeros(len(words), dtype=np.int64)
    for start in range(0, upto, chunk):
        c += np.bincount(store.read(start, min(start + chunk, upto)), minlength=len(words))
    counts = Counter({w: k for w, k in zip(words, c.tolist()) if k})  # gensim's dict: first seen first
    tail = store.read(upto, n).tolist()
    tail_ends = (ends[s + 1:] - upto).tolist()
    store.close()
    del store, ids, rec
    min_reduce, n_raw, n_sentences = 1, upto, s + 1

    def prune():
        nonlocal counts, min_reduce
        check_tokens(counts)  # (before a bad token is pruned away)
        counts = prune_dict(counts, min_reduce, trim_rule)
        min_reduce += 1

    prune()
    recorded = (list(map(words.__getitem__, tail[i:j]))
                for i, j in zip([0] + tail_ends[:-1], tail_ends))
    for sentence in itertools.chain(recorded, it):
        sentence = check_sentence(sentence)
        try:
            counts.update(sentence)  # C-accelerated counting
        except TypeError:
            check_tokens(sentence)
            raise
        n_raw += len(sentence)
        n_sentences += 1
        if len(counts) > max_vocab_size:
            prune()
    check_tokens(counts)
    words = list(counts)
    return ScanResult(words, np.fromiter(counts.values(), dtype=np.int64, count=len(words)),
                      None, None, n_raw, pruned=True, sentences=n_sentences)


def encode(sentences: Iterable, vocab: Keyed, max_sentence_length: int | None = 10000,
           max_ram_tokens: int = DEFAULT_MAX_RAM_ITEMS, tmp_dir: str | None = None) -> EncodedCorpus:
    """Encode ``sentences`` with an existing vocabulary (out-of-vocabulary words dropped)."""
    if is_encoded(sentences):
        k2i = vocab.key_to_index
        id_map = np.fromiter((k2i.get(w, -1) for w in sentences.words), dtype=np.int32,
                             count=len(sentences.words))
        corpus = remap(sentences.ids, sentences.lengths(max_sentence_length, max_ram_tokens,
                                                        tmp_dir),
                       id_map, out=ArrayStore(max_ram_tokens, tmp_dir))
    elif is_plain_file(sentences):
        from zero2vec.corpus.filescan import encode_file
        from zero2vec.corpus.wordhash import WordTable

        table = WordTable()
        table.add_words(vocab.index_to_key)
        corpus = encode_file(sentences, table, np.arange(len(vocab.index_to_key), dtype=np.int32),
                             ArrayStore(max_ram_tokens, tmp_dir), max_sentence_length)
    else:
        corpus = _encode_sentences(sentences, vocab.key_to_index, max_sentence_length,
                                   max_ram_tokens, tmp_dir)
    return _with_words(corpus, vocab)


def _encode_sentences(sentences: Iterable, key_to_index: Mapping[str, int],
                      max_sentence_length: int | None, max_ram_tokens: int,
                      tmp_dir: str | None) -> EncodedCorpus:
    lookup = _IdsOrMinusOne(key_to_index)
    rec = _Recorder(lookup.__getitem__, max_sentence_length or _UNBOUNDED, max_ram_tokens, tmp_dir)
    for sentence in _sentences(sentences):
        sentence = check_sentence(sentence)
        if sentence:
            rec.add(sentence)
    rec.flush()
    if len(rec.ids) == 0:
        raise CorpusError("the corpus holds no tokens (no sentences, or only empty ones)")
    identity = np.arange(-1, len(key_to_index), dtype=np.int32)  # index by id+1
    return remap(rec.ids, rec.lengths, identity, offset=1)


def encode_scanned(result: ScanResult, sentences: Iterable, vocab: Keyed, id_map: np.ndarray,
                   max_sentence_length: int | None = 10000,
                   max_ram_tokens: int = DEFAULT_MAX_RAM_ITEMS,
                   tmp_dir: str | None = None) -> EncodedCorpus:
    """The scanned corpus in final ids (``id_map[provisional]``, -1 to drop).

    A remap of the recorded ids, free of any reading; after pruning, a second pass
    over ``sentences``. ``result`` is used up.
    """
    if result.pruned and result.table is not None:  # a file: read it again with the table
        from zero2vec.corpus.filescan import encode_file

        corpus = encode_file(sentences, result.table, id_map, ArrayStore(max_ram_tokens, tmp_dir),
                             max_sentence_length)
    elif result.pruned:
        if iter(sentences) is sentences:
            raise CorpusError(
                "max_vocab_size pruning needs a second pass over the corpus, but it is a "
                "one-shot iterator; pass a list, a LineSentence or corpus_file="
            )
        return encode(sentences, vocab, max_sentence_length, max_ram_tokens, tmp_dir)
    else:
        out = ArrayStore(max_ram_tokens, tmp_dir) if result.shared else None
        corpus = remap(result.raw, result.lengths, id_map, out=out)
    return _with_words(corpus, vocab)


def _with_words(corpus: EncodedCorpus, vocab: Keyed) -> EncodedCorpus:
    corpus.words, corpus.counts = vocab.index_to_key, vocab.counts
    return corpus


def first_seen_ids(sentences: Sequence[Sequence[str]]) -> tuple[list[str], np.ndarray]:
    """Every distinct token, first seen first, and the corpus as their ids (in RAM):
    the book's ids (``preprocess``, the PTB loader)."""
    n = sum(map(len, sentences))
    result = scan(sentences, None, max_ram_tokens=n + 1)
    try:
        return list(result.words), np.array(result.raw.array)
    finally:
        result.close()
