"""One streaming pass over the corpus that counts words *and* records it as ids.

Each new word gets a provisional id in first-seen order; the ids go into an
:class:`~zero2vec.engine.store.ArrayStore`. Encoding is then one vectorised remap,
so the corpus is tokenised exactly once, and a one-shot iterator (a generator) can
be trained on. A file read with the default whitespace tokenizer takes the compiled path
(:mod:`zero2vec.engine.filescan`: bytes to ids, no Python string per token);
other corpora (lists, generators, other tokenizers) go through a dict with
``__missing__``, so known words are looked up at C speed through ``map``.

Memory is bounded like word2vec.c / gensim: with ``max_vocab_size``, whenever more
distinct words than that are held, words seen ``<= min_reduce`` times are dropped
and ``min_reduce`` grows. Once that happens the provisional ids are no longer
meaningful, so the pass falls back to counting only, and the corpus is encoded in a
second pass (which needs a restartable corpus).
"""
from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from zero2vec.corpus.reader import LineSentence
from zero2vec.corpus.vocab import Vocabulary
from zero2vec.engine.encode import EncodedCorpus, remap
from zero2vec.engine.store import DEFAULT_MAX_RAM_ITEMS, ArrayStore
from zero2vec.errors import CorpusError, VocabularyError

if TYPE_CHECKING:  # (imported lazily: it pulls in numba)
    from zero2vec.engine.wordhash import WordTable


class _FirstSeenIds(dict):
    """word -> provisional id; an unseen word gets the next id."""

    __slots__ = ()

    def __missing__(self, word: str) -> int:
        i = self[word] = len(self)
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
    other corpora).
    """

    words: Sequence[str]
    counts: np.ndarray
    raw: ArrayStore | None
    lengths: ArrayStore | None
    raw_words: int
    pruned: bool
    table: WordTable | None = None


def is_plain_file(sentences) -> bool:
    """Whether ``sentences`` is a file split at whitespace (the compiled path reads it).

    Not a subclass: one may yield something else than the file's lines.
    """
    return type(sentences) is LineSentence and sentences.tokenizer is None


def _check_sentence(sentence) -> list:
    if isinstance(sentence, str):
        raise CorpusError(
            "each sentence must be a list of tokens, got a str; split it first "
            "(e.g. [line.split() for line in lines]) or pass corpus_file="
        )
    return sentence if isinstance(sentence, (list, tuple)) else list(sentence)


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
        n = len(sentence)
        self.batch.extend(sentence)
        if n <= self.max_len:
            self.batch_lengths.append(n)
        else:
            q, r = divmod(n, self.max_len)
            self.batch_lengths.extend([self.max_len] * q + ([r] if r else []))
        if len(self.batch) < _BATCH:
            return False
        self.flush()
        return True

    def flush(self) -> None:
        batch = self.batch
        self.ids.extend_array(np.fromiter(map(self.lookup, batch), dtype=np.int32,
                                          count=len(batch)))
        self.lengths.extend_array(np.frombuffer(self.batch_lengths, dtype=np.int64))
        batch.clear()
        self.batch_lengths = array("q")


def scan(sentences: Iterable, max_sentence_length: int = 10000,
         max_vocab_size: int | None = None, max_ram_tokens: int = DEFAULT_MAX_RAM_ITEMS,
         tmp_dir: str | None = None) -> ScanResult:
    """Count the words of ``sentences`` and record them as provisional ids.

    With ``max_vocab_size`` the bound is checked every ~65k tokens (for a plain file,
    at every new word), so the counts may briefly hold that many more words than the
    bound.
    """
    if is_plain_file(sentences):
        from zero2vec.engine.filescan import scan_file
        from zero2vec.engine.wordhash import TableWords

        store = ArrayStore(max_ram_tokens, tmp_dir)
        fs = scan_file(sentences, store, max_vocab_size, max_sentence_length)
        if fs.pruned:
            store.close()
        return ScanResult(TableWords(fs.table), fs.table.counts, None if fs.pruned else store,
                          fs.lengths, fs.raw_words, fs.pruned, fs.table)
    ids = _FirstSeenIds()
    rec = _Recorder(ids.__getitem__, max_sentence_length, max_ram_tokens, tmp_dir)
    add = rec.add
    it = iter(sentences)
    for sentence in it:
        if type(sentence) is not list:
            sentence = _check_sentence(sentence)
        if sentence and add(sentence) and max_vocab_size is not None \
                and len(ids) > max_vocab_size:
            rec.lengths.close()
            return _scan_pruning(ids, rec.ids, it, max_vocab_size)
    rec.flush()
    if max_vocab_size is not None and len(ids) > max_vocab_size:
        rec.lengths.close()
        return _scan_pruning(ids, rec.ids, iter(()), max_vocab_size)
    if len(rec.ids) == 0:
        raise CorpusError("the corpus holds no tokens (no sentences, or only empty ones)")
    counts = chunked_bincount(rec.ids, len(ids))
    return ScanResult(list(ids), counts, rec.ids, rec.lengths, len(rec.ids), pruned=False)


def chunked_bincount(store: ArrayStore, n: int, chunk: int = 1 << 22) -> np.ndarray:
    """``np.bincount`` of the ids in ``store``, a chunk at a time: bincount converts int32
    input to int64, which for the whole corpus would be a copy twice its size."""
    counts = np.zeros(n, dtype=np.int64)
    for start in range(0, len(store), chunk):
        counts += np.bincount(store.read(start, min(start + chunk, len(store))), minlength=n)
    return counts


def _scan_pruning(ids: _FirstSeenIds, store: ArrayStore, it, max_vocab_size: int) -> ScanResult:
    """Finish the pass counting only, pruning rare words to bound memory."""
    n_raw = len(store)
    c = chunked_bincount(store, len(ids))
    counts = Counter(dict(zip(ids, c.tolist())))
    store.close()
    del store, ids
    min_reduce = 1

    def prune():
        nonlocal counts, min_reduce
        while len(counts) > max_vocab_size:
            counts = Counter({w: n for w, n in counts.items() if n > min_reduce})
            min_reduce += 1

    prune()
    for sentence in it:
        sentence = _check_sentence(sentence)
        counts.update(sentence)  # C-accelerated counting
        n_raw += len(sentence)
        if len(counts) > max_vocab_size:
            prune()
    words = list(counts)
    return ScanResult(words, np.fromiter(counts.values(), dtype=np.int64, count=len(words)),
                      None, None, n_raw, pruned=True)


def finalize(result: ScanResult, min_count: int = 5,
             max_final_vocab: int | None = None) -> tuple[Vocabulary, np.ndarray]:
    """The vocabulary (most frequent first, ties in first-seen order) and the id map.

    ``max_final_vocab`` raises the effective ``min_count`` (as gensim does) until at
    most that many words remain.
    """
    counts = result.counts
    order = np.argsort(-counts, kind="stable")
    sorted_counts = counts[order]
    effective = min_count
    if max_final_vocab is not None and np.count_nonzero(sorted_counts >= min_count) > max_final_vocab:
        effective = max(min_count, int(sorted_counts[max_final_vocab]) + 1)
    n_keep = int(np.count_nonzero(sorted_counts >= effective))
    if n_keep == 0:
        raise VocabularyError(
            f"min_count={effective} removed every word ({len(counts)} distinct words, the most "
            f"frequent occurs {int(sorted_counts[0]) if len(counts) else 0} times); lower min_count"
        )
    kept = order[:n_keep]
    words = result.words
    vocab = Vocabulary(words.take(kept) if hasattr(words, "take") else [words[i] for i in kept],
                       sorted_counts[:n_keep])
    id_map = np.full(len(counts), -1, dtype=np.int32)
    id_map[kept] = np.arange(n_keep, dtype=np.int32)
    return vocab, id_map


def encode(sentences: Iterable, vocab: Vocabulary, max_sentence_length: int = 10000,
           max_ram_tokens: int = DEFAULT_MAX_RAM_ITEMS, tmp_dir: str | None = None) -> EncodedCorpus:
    """Encode ``sentences`` with an existing vocabulary (out-of-vocabulary words dropped)."""
    if is_plain_file(sentences):
        from zero2vec.engine.filescan import encode_file
        from zero2vec.engine.wordhash import WordTable

        table = WordTable()
        table.add_words(vocab.index_to_key)
        return encode_file(sentences, table, np.arange(len(vocab), dtype=np.int32),
                           ArrayStore(max_ram_tokens, tmp_dir), max_sentence_length)
    lookup = _IdsOrMinusOne(vocab.key_to_index)
    rec = _Recorder(lookup.__getitem__, max_sentence_length, max_ram_tokens, tmp_dir)
    for sentence in sentences:
        sentence = _check_sentence(sentence)
        if sentence:
            rec.add(sentence)
    rec.flush()
    if len(rec.ids) == 0:
        raise CorpusError("the corpus holds no tokens (no sentences, or only empty ones)")
    identity = np.arange(-1, len(vocab), dtype=np.int32)  # index by id+1
    return remap(rec.ids, rec.lengths, identity, offset=1)


def scan_and_encode(sentences: Iterable, min_count: int = 5, max_sentence_length: int = 10000,
                    max_vocab_size: int | None = None, max_final_vocab: int | None = None,
                    max_ram_tokens: int = DEFAULT_MAX_RAM_ITEMS,
                    tmp_dir: str | None = None) -> tuple[Vocabulary, EncodedCorpus]:
    """The vocabulary pass followed by encoding (free unless pruning kicked in)."""
    result = scan(sentences, max_sentence_length, max_vocab_size, max_ram_tokens, tmp_dir)
    vocab, id_map = finalize(result, min_count, max_final_vocab)
    if result.pruned and result.table is not None:  # a file: read it again with the table
        from zero2vec.engine.filescan import encode_file

        corpus = encode_file(sentences, result.table, id_map, ArrayStore(max_ram_tokens, tmp_dir),
                             max_sentence_length)
    elif result.pruned:
        if iter(sentences) is sentences:
            raise CorpusError(
                "max_vocab_size pruning needs a second pass over the corpus, but it is a "
                "one-shot iterator; pass a list, a LineSentence or corpus_file="
            )
        corpus = encode(sentences, vocab, max_sentence_length, max_ram_tokens, tmp_dir)
    else:
        raw, lengths = result.raw, result.lengths
        del result  # the word table (and words not kept) can go before remapping
        corpus = remap(raw, lengths, id_map)
    return vocab, corpus
