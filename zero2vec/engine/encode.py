"""The encoded corpus: every sentence as int32 word ids in one flat array.

Training never touches Python lists of tokens: the corpus is read once, stored as
int32 ids plus sentence offsets, and the compiled kernels walk that array every
epoch. Up to ``max_ram_tokens`` ids are held in RAM; beyond that they spill into a
temporary file that is memory-mapped, so a corpus larger than RAM still trains
(the OS pages it in as the kernels stream through it).
"""
from __future__ import annotations

import os
import tempfile
from array import array
from dataclasses import dataclass

import numpy as np

DEFAULT_MAX_RAM_TOKENS = 1 << 28  # 1 GiB of int32 ids


class TokenStore:
    """An append-only int32 buffer that spills to a memory-mapped file when large."""

    def __init__(self, max_ram_tokens: int = DEFAULT_MAX_RAM_TOKENS,
                 tmp_dir: str | None = None) -> None:
        self.max_ram_tokens = max_ram_tokens
        self.tmp_dir = tmp_dir
        self._buf = array("i")
        self._file = None
        self._path: str | None = None
        self._spilled = 0

    def __len__(self) -> int:
        return self._spilled + len(self._buf)

    def extend_array(self, ids: np.ndarray) -> None:
        """Append ``ids`` (any integer array; stored as int32)."""
        self._buf.frombytes(np.ascontiguousarray(ids, dtype=np.int32).tobytes())
        if len(self._buf) >= self.max_ram_tokens:
            self._spill()

    def _spill(self) -> None:
        if self._file is None:
            fd, self._path = tempfile.mkstemp(prefix="zero2vec-corpus-", suffix=".i32",
                                              dir=self.tmp_dir)
            self._file = os.fdopen(fd, "wb")
        self._buf.tofile(self._file)
        self._spilled += len(self._buf)
        self._buf = array("i")

    def finish(self) -> np.ndarray:
        """The ids as an int32 array (a read-write memmap if anything spilled)."""
        if self._file is None:
            return np.frombuffer(self._buf, dtype=np.int32) if len(self._buf) else \
                np.zeros(0, dtype=np.int32)
        self._spill()
        self._file.close()
        arr = np.memmap(self._path, dtype=np.int32, mode="r+", shape=(self._spilled,))
        # unlink now: the mapping keeps the data alive, and nothing is left behind
        try:
            os.unlink(self._path)
        except OSError:  # pragma: no cover - Windows keeps mapped files
            pass
        return arr


@dataclass
class EncodedCorpus:
    """The training corpus as ids.

    Attributes
    ----------
    tokens : int32 array (N,)
        In-vocabulary word ids of every sentence, back to back.
    starts : int64 array (S + 1,)
        Sentence ``s`` is ``tokens[starts[s]:starts[s + 1]]``.
    raw_words : int
        Tokens read, including those outside the vocabulary.
    """

    tokens: np.ndarray
    starts: np.ndarray
    raw_words: int = 0

    @property
    def n_words(self) -> int:
        return int(len(self.tokens))

    @property
    def n_sentences(self) -> int:
        return int(len(self.starts) - 1)


def remap(raw: np.ndarray, lengths: np.ndarray, id_map: np.ndarray,
          chunk: int = 1 << 20, offset: int = 0) -> EncodedCorpus:
    """Translate provisional ids to final ids *in place*, dropping words mapped to -1.

    ``id_map`` is indexed by ``raw + offset``. The kept ids are compacted towards the
    front of ``raw`` chunk by chunk (the write position never passes the read
    position), so no second corpus-sized array is ever allocated and a memory-mapped
    ``raw`` is streamed, not loaded. Sentences left empty are dropped.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    raw_starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=raw_starts[1:])
    new_lengths = []
    write = 0
    s = 0
    n_sent = len(lengths)
    while s < n_sent:
        # the next block of whole sentences holding about `chunk` tokens
        e = int(np.searchsorted(raw_starts, raw_starts[s] + chunk, side="right")) - 1
        e = min(max(e, s + 1), n_sent)
        block = raw[raw_starts[s]:raw_starts[e]]
        block = id_map[block + offset if offset else block]
        keep = block >= 0
        per_sentence = np.add.reduceat(keep.astype(np.int32), raw_starts[s:e] - raw_starts[s])
        new_lengths.append(per_sentence[per_sentence > 0])  # (no stored sentence is empty)
        kept = block[keep]
        raw[write:write + len(kept)] = kept
        write += len(kept)
        s = e
    nl = np.concatenate(new_lengths) if new_lengths else np.zeros(0, dtype=np.int64)
    starts = np.zeros(len(nl) + 1, dtype=np.int64)
    np.cumsum(nl, out=starts[1:])
    return EncodedCorpus(raw[:write], starts, raw_words=int(raw_starts[-1]))
