"""The encoded corpus: every sentence as int32 word ids in one flat sequence.

Training never touches Python lists of tokens: the corpus is read once, stored as
int32 ids plus sentence offsets, and the compiled kernels walk those ids every epoch.
A short corpus (up to ``max_ram_tokens`` ids) stays in RAM. A longer one goes to an
anonymous temporary file, and each training job reads its own ids with one
positioned read: the process holds only the jobs in flight, whatever the corpus
size, and the OS page cache keeps the file hot between epochs, as it keeps the text
that gensim and word2vec.c re-read every epoch (4 bytes a token here, against ~5.5
for the text). Memory-mapping the file instead would let its pages pile up in the
process, up to the whole corpus.
"""
from __future__ import annotations

import os
import tempfile
import threading
from array import array
from dataclasses import dataclass

import numpy as np

from zero2vec.errors import OutputError

DEFAULT_MAX_RAM_TOKENS = 1 << 22  # 4M ids (16 MiB); beyond that the ids live in a file
_ITEM = 4  # bytes per id


class TokenStore:
    """int32 ids: appended once, then read (and, by :func:`remap`, rewritten) in ranges.

    Up to ``max_ram_tokens`` ids live in RAM; past that the store moves to an
    unnamed temporary file in ``tmp_dir`` (default: ``$TMPDIR``), removed by the OS
    when the store is closed or the process ends.
    """

    def __init__(self, max_ram_tokens: int = DEFAULT_MAX_RAM_TOKENS,
                 tmp_dir: str | None = None) -> None:
        self.max_ram_tokens = max_ram_tokens
        self.tmp_dir = tmp_dir
        self._buf: array | None = array("i")
        self._file = None
        self._n = 0
        self._lock = threading.Lock()  # only for platforms without os.preadv

    def __len__(self) -> int:
        return self._n

    @property
    def in_ram(self) -> bool:
        return self._file is None

    def extend_array(self, ids: np.ndarray) -> None:
        """Append ``ids`` (any integer array; stored as int32)."""
        ids = np.ascontiguousarray(ids, dtype=np.int32)
        if self._file is None and self._n + len(ids) > self.max_ram_tokens:
            self._move_to_file()
        if self._file is None:
            self._buf.frombytes(memoryview(ids).cast("B"))
        else:
            self.write(self._n, ids)
        self._n += len(ids)

    def _move_to_file(self) -> None:
        try:
            self._file = tempfile.TemporaryFile(prefix="zero2vec-corpus-", suffix=".i32",
                                                dir=self.tmp_dir, buffering=0)
        except OSError as e:
            raise OutputError(f"cannot create a temporary file for the encoded corpus in "
                              f"{self.tmp_dir or tempfile.gettempdir()} ({e.strerror}); "
                              "set TMPDIR to a writable folder") from None
        buf, self._buf = self._buf, None
        self.write(0, np.frombuffer(buf, dtype=np.int32))

    def _ram(self) -> np.ndarray:
        return np.frombuffer(self._buf, dtype=np.int32)[:self._n]

    def write(self, start: int, ids: np.ndarray) -> None:
        """Overwrite ids from position ``start`` (a file also grows past its end)."""
        ids = np.ascontiguousarray(ids, dtype=np.int32)
        if self._file is None:
            np.frombuffer(self._buf, dtype=np.int32)[start:start + len(ids)] = ids
            return
        view = memoryview(ids).cast("B")
        offset = start * _ITEM
        try:
            while len(view):
                k = os.pwrite(self._file.fileno(), view, offset) if hasattr(os, "pwrite") \
                    else self._seek_write(view, offset)
                view, offset = view[k:], offset + k
        except OSError as e:
            raise OutputError(f"cannot write the encoded corpus to its temporary file in "
                              f"{self.tmp_dir or tempfile.gettempdir()} ({e.strerror}); free "
                              "space there, or set TMPDIR to a folder with room") from None

    def _seek_write(self, view: memoryview, offset: int) -> int:  # pragma: no cover - Windows
        with self._lock:
            self._file.seek(offset)
            return self._file.write(view)

    def read(self, start: int, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        """The ids ``[start, stop)``: a view in RAM, else read into ``out`` (or a new array).

        Safe to call from several threads at once.
        """
        if self._file is None:
            return self._ram()[start:stop]
        n = stop - start
        dest = np.empty(n, dtype=np.int32) if out is None or len(out) < n else out[:n]
        view = memoryview(dest).cast("B")
        offset = start * _ITEM
        while len(view):
            k = os.preadv(self._file.fileno(), [view], offset) if hasattr(os, "preadv") \
                else self._seek_read(view, offset)
            if k <= 0:
                raise OutputError("the encoded corpus's temporary file was cut short "
                                  "(was it deleted or truncated?)")
            view, offset = view[k:], offset + k
        return dest

    def _seek_read(self, view: memoryview, offset: int) -> int:  # pragma: no cover - Windows
        with self._lock:
            self._file.seek(offset)
            return self._file.readinto(view)

    def truncate(self, n: int) -> None:
        """Keep only the first ``n`` ids."""
        self._n = min(n, self._n)
        if self._file is not None:
            self._file.truncate(self._n * _ITEM)

    @property
    def array(self) -> np.ndarray:
        """All ids as one array (a read-only memory map when they live in a file)."""
        if self._file is None or self._n == 0:
            return self._ram() if self._file is None else np.zeros(0, dtype=np.int32)
        return np.memmap(self._file, dtype=np.int32, mode="r", shape=(self._n,))

    def close(self) -> None:
        """Release the RAM or the temporary file."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._buf, self._n = array("i"), 0


@dataclass
class EncodedCorpus:
    """The training corpus as ids.

    Attributes
    ----------
    store : TokenStore
        In-vocabulary word ids of every sentence, back to back.
    starts : int64 array (S + 1,)
        Sentence ``s`` is ids ``starts[s]:starts[s + 1]``.
    raw_words : int
        Tokens read, including those outside the vocabulary.
    longest : int
        Ids in the longest sentence.
    """

    store: TokenStore
    starts: np.ndarray
    raw_words: int = 0
    longest: int = 0  # tokens in the longest sentence

    @classmethod
    def from_lengths(cls, store: TokenStore, lengths: np.ndarray, raw_words: int) -> EncodedCorpus:
        """The corpus whose sentences have ``lengths`` ids, back to back in ``store``."""
        starts = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        return cls(store, starts, raw_words, int(lengths.max()) if len(lengths) else 0)

    @property
    def tokens(self) -> np.ndarray:
        """All ids as one array (for inspection; training reads job by job)."""
        return self.store.array

    def read(self, start: int, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        """Ids ``[start, stop)`` (see :meth:`TokenStore.read`)."""
        return self.store.read(start, stop, out)

    @property
    def n_words(self) -> int:
        return len(self.store)

    @property
    def n_sentences(self) -> int:
        return int(len(self.starts) - 1)


def remap(store: TokenStore, lengths: np.ndarray, id_map: np.ndarray,
          chunk: int = 1 << 18, offset: int = 0) -> EncodedCorpus:
    """Translate provisional ids to final ids *in place*, dropping words mapped to -1.

    ``id_map`` is indexed by ``id + offset``; ``lengths`` (the raw sentence lengths,
    none of them 0) is overwritten. The kept ids are compacted towards the front of
    the store chunk by chunk, and the new sentence lengths towards the front of
    ``lengths`` (a write position never passes its read position), so nothing
    corpus-sized is allocated and a store in a file is streamed, not loaded.
    Sentences left empty are dropped.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    n_sent = len(lengths)
    read = write = 0  # token positions in the store
    s = s_out = 0     # sentence positions in ``lengths``
    window = 4096
    while s < n_sent:
        # the next block of whole sentences holding about `chunk` tokens
        ends = np.cumsum(lengths[s:s + window])
        while ends[-1] < chunk and s + window < n_sent:
            window *= 2
            ends = np.cumsum(lengths[s:s + window])
        k = max(1, int(np.searchsorted(ends, chunk, side="right")))
        ids = store.read(read, read + int(ends[k - 1]))
        block = id_map[ids + offset if offset else ids]
        keep = block >= 0
        firsts = np.concatenate(([0], ends[:k - 1]))
        per_sentence = np.add.reduceat(keep, firsts, dtype=np.int64)
        per_sentence = per_sentence[per_sentence > 0]
        lengths[s_out:s_out + len(per_sentence)] = per_sentence
        s_out += len(per_sentence)
        kept = block[keep]
        store.write(write, kept)
        write += len(kept)
        read += int(ends[k - 1])
        s += k
    store.truncate(write)
    return EncodedCorpus.from_lengths(store, lengths[:s_out], read)
