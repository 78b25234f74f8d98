"""The encoded corpus: every sentence as int32 word ids, back to back, and where each ends.

It is the one id container: the vocabulary pass produces it for training, and the
tokenised-corpus cache (:mod:`zero2vec.corpus.cache`) stores it and opens it again,
so every trainer reads ids, never token lists, whatever the corpus came from.

Training never touches Python lists of tokens: the corpus is read once, stored as
int32 ids (4 bytes a token, against ~5.5 for English text) plus one int64 end offset
per sentence, and the compiled kernels walk those every epoch. Both live in
:class:`~zero2vec.corpus.store.ArrayStore`\\ s, so a corpus of more than
``max_ram_tokens`` ids is in temporary files (or the cache's own files) and each
training job reads just its own part (:meth:`EncodedCorpus.read_job`): memory does
not grow with the corpus.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from zero2vec.corpus.store import DEFAULT_MAX_RAM_ITEMS, ArrayStore
from zero2vec.errors import CorpusError


def chunk_lengths(lengths: np.ndarray, n: int) -> np.ndarray:
    """The lengths of the pieces sentences of ``lengths`` (none 0) make when cut every
    ``n`` tokens: long sentences are trained in chunks, never truncated."""
    lengths = np.asarray(lengths, dtype=np.int64)
    if not len(lengths) or lengths.max() <= n:
        return lengths
    full, rest = np.divmod(lengths, n)
    pieces = full + (rest > 0)
    out = np.full(int(pieces.sum()), n, dtype=np.int64)
    out[(np.cumsum(pieces) - 1)[rest > 0]] = rest[rest > 0]
    return out


def fingerprint(*arrays: np.ndarray | ArrayStore, block_bytes: int = 1 << 24) -> str:
    """A content hash of ``arrays`` (SHA-256, as hex): their dtypes, shapes and items, read
    ``block_bytes`` at a time (memory stays bounded, a store stays in its file).

    Equal arrays give equal fingerprints on every platform (items are hashed
    little-endian); a shuffled or edited corpus of the same size does not. SHA-256
    rather than BLAKE2: most CPUs hash it in hardware, ~1.2 GB/s against ~0.45 (5M
    ids read from their file: ~30 ms, about 1% of one epoch of training).
    """
    h = hashlib.sha256()
    for a in arrays:
        dtype = np.dtype(a.dtype).newbyteorder("<")
        shape = (len(a), *getattr(a, "shape", ())[1:])
        h.update(f"{dtype.str}{shape};".encode())
        rows = max(1, block_bytes // max(1, dtype.itemsize * int(np.prod(shape[1:]))))
        for i in range(0, shape[0], rows):
            block = a.read(i, i + rows) if isinstance(a, ArrayStore) else a[i:i + rows]
            h.update(np.ascontiguousarray(block, dtype=dtype))
    return h.hexdigest()


@dataclass(eq=False)
class EncodedCorpus:
    """A corpus as ids; iterates as token lists (when it knows its words), once per epoch.

    Attributes
    ----------
    ids : ArrayStore (int32)
        Word ids of every sentence, back to back.
    ends : ArrayStore (int64)
        Sentence ``s`` is ids ``ends[s - 1]:ends[s]`` (the first starts at 0).
    raw_words : int
        Tokens read, including those outside the vocabulary.
    longest : int
        Ids in the longest sentence.
    words : sequence of str, optional
        ``words[i]`` is the token id ``i`` stands for: the training vocabulary's
        ``index_to_key``, or for a tokenised corpus every distinct token, first seen first.
    counts : np.ndarray of int64, optional
        ``counts[i]``: occurrences of ``words[i]`` in the source.
    max_sentence_length : int
        Iteration yields longer sentences as chunks of this many tokens.
    path : Path, optional
        The cache entry holding the corpus, when it is stored.
    meta : dict
        Source file, tokenizer settings, counts and timings (a tokenised corpus).
    corpus_count : int, optional
        Sentences its source iterated as when it was encoded (gensim's ``corpus_count``:
        empty ones and those left without a vocabulary word count too).
    """

    ids: ArrayStore
    ends: ArrayStore
    raw_words: int = 0
    longest: int = 0
    words: Sequence[str] | None = None
    counts: np.ndarray | None = None
    max_sentence_length: int = 10000
    path: Path | None = None
    meta: dict = field(default_factory=dict)
    corpus_count: int | None = None

    @classmethod
    def from_lengths(cls, ids: ArrayStore, lengths: ArrayStore, raw_words: int,
                     chunk: int = 1 << 16) -> EncodedCorpus:
        """The corpus whose sentences hold ``lengths`` ids (``lengths`` becomes ``ends``)."""
        carry = longest = 0
        for i in range(0, len(lengths), chunk):
            block = lengths.read(i, i + chunk)
            longest = max(longest, int(block.max()))
            ends = np.cumsum(block)
            ends += carry
            carry = int(ends[-1])
            lengths.write(i, ends)
        return cls(ids, lengths, raw_words, longest)

    @property
    def n_words(self) -> int:
        return len(self.ids)

    @property
    def n_sentences(self) -> int:
        return len(self.ends)

    def __len__(self) -> int:
        """Number of sentences (a tokenised corpus: its non-empty lines)."""
        return len(self.ends)

    @property
    def tokens(self) -> np.ndarray:
        """All ids as one array (for inspection; training reads job by job)."""
        return self.ids.array

    @property
    def starts(self) -> np.ndarray:
        """``[0, ends...]``: sentence ``s`` is ``tokens[starts[s]:starts[s + 1]]`` (a copy)."""
        return np.concatenate((np.zeros(1, dtype=np.int64), self.ends.array))

    def read_job(self, s_begin: int, s_end: int, starts_out: np.ndarray | None = None,
                 ids_out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Sentences ``s_begin..s_end-1``: their ``s_end - s_begin + 1`` start offsets
        (global positions) and their ids (from position ``starts[0]`` on).

        Reads into ``starts_out``/``ids_out`` when they are large enough; safe to call
        from several threads at once.
        """
        n = s_end - s_begin
        starts = np.empty(n + 1, dtype=np.int64) if starts_out is None or len(starts_out) <= n \
            else starts_out[:n + 1]
        if s_begin == 0:
            starts[0] = 0
            starts[1:] = self.ends.read(0, s_end, starts[1:])
        else:
            starts[:] = self.ends.read(s_begin - 1, s_end, starts)
        return starts, self.ids.read(int(starts[0]), int(starts[-1]), ids_out)

    def sentence_ids(self, block: int = 1 << 10) -> Iterator[np.ndarray]:
        """The ids of each sentence in turn, read ``block`` sentences at a time."""
        for s in range(0, self.n_sentences, block):
            starts, ids = self.read_job(s, min(s + block, self.n_sentences))
            rel = (starts - starts[0]).tolist()
            for a, b in zip(rel[:-1], rel[1:]):
                yield ids[a:b]

    def __iter__(self) -> Iterator[list[str]]:
        """Sentences as token lists, long ones in chunks of ``max_sentence_length``."""
        words, n = self.words, self.max_sentence_length
        if words is None:
            raise CorpusError("this encoded corpus does not know its words; iterate "
                              "sentence_ids() for ids")
        for ids in self.sentence_ids():
            row = ids.tolist()
            for start in range(0, len(row), n):
                yield [words[i] for i in row[start:start + n]]

    def lengths(self, max_sentence_length: int | None = None,
                max_ram_items: int = DEFAULT_MAX_RAM_ITEMS, tmp_dir: str | None = None,
                block: int = 1 << 20) -> ArrayStore:
        """A new store of the lengths of the sentences it iterates as, each cut again every
        ``max_sentence_length`` tokens: what a pass over its token lists would record."""
        out = ArrayStore(max_ram_items, tmp_dir, np.int64)
        prev = 0
        for s in range(0, self.n_sentences, block):
            ends = self.ends.read(s, s + block)
            lengths = chunk_lengths(np.diff(ends, prepend=prev), self.max_sentence_length)
            prev = int(ends[-1])
            if max_sentence_length is not None:
                lengths = chunk_lengths(lengths, max_sentence_length)
            out.extend_array(lengths)
        return out

    def fingerprint(self) -> str:
        """The content hash of the ids and the sentence ends (see :func:`fingerprint`):
        what a checkpoint records to know its corpus again. Computed once: a corpus does
        not change after it is encoded (a resume checks it, then trains it)."""
        if getattr(self, "_fingerprint", None) is None:
            self._fingerprint = fingerprint(self.ids, self.ends)
        return self._fingerprint

    def close(self) -> None:
        """Release the stores (RAM, temporary files, or the cache's open files)."""
        self.ids.close()
        self.ends.close()

    def __repr__(self) -> str:
        distinct = "" if self.words is None else f", {len(self.words):,} distinct"
        return f"EncodedCorpus({self.n_sentences:,} sentences, {self.n_words:,} ids{distinct})"


def remap(ids: ArrayStore, lengths: ArrayStore, id_map: np.ndarray,
          chunk: int = 1 << 18, offset: int = 0, out: ArrayStore | None = None) -> EncodedCorpus:
    """Translate provisional ids to final ids, dropping words mapped to -1.

    ``id_map`` is indexed by ``id + offset``; ``lengths`` holds the raw sentence
    lengths (none of them 0) and becomes the corpus's sentence ends. The kept ids go
    to ``out``, or (by default) are compacted *in place* towards the front of ``ids``
    chunk by chunk, and the new lengths towards the front of ``lengths`` (a write
    position never passes its read position), so nothing corpus-sized is allocated
    and stores in files are streamed, not loaded. Sentences left empty are dropped.
    """
    target = ids if out is None else out
    n_sent = len(lengths)
    read = write = 0  # positions in ``ids``
    s = s_out = 0     # positions in ``lengths``
    window = 4096
    while s < n_sent:
        # the next block of whole sentences holding about `chunk` tokens
        ends = np.cumsum(lengths.read(s, s + window))
        while ends[-1] < chunk and s + window < n_sent:
            window *= 2
            ends = np.cumsum(lengths.read(s, s + window))
        k = max(1, int(np.searchsorted(ends, chunk, side="right")))
        raw = ids.read(read, read + int(ends[k - 1]))
        block = id_map[raw + offset if offset else raw]
        keep = block >= 0
        firsts = np.concatenate(([0], ends[:k - 1]))
        per_sentence = np.add.reduceat(keep, firsts, dtype=np.int64)
        per_sentence = per_sentence[per_sentence > 0]
        lengths.write(s_out, per_sentence)
        s_out += len(per_sentence)
        kept = block[keep]
        if out is None:
            ids.write(write, kept)
        else:
            out.extend_array(kept)
        write += len(kept)
        read += int(ends[k - 1])
        s += k
    if out is None:
        ids.truncate(write)
    lengths.truncate(s_out)
    return EncodedCorpus.from_lengths(target, lengths, read)
