"""The encoded corpus: every sentence as int32 word ids, back to back, and where each ends.

Training never touches Python lists of tokens: the corpus is read once, stored as
int32 ids (4 bytes a token, against ~5.5 for English text) plus one int64 end offset
per sentence, and the compiled kernels walk those every epoch. Both live in
:class:`~zero2vec.engine.store.ArrayStore`\\ s, so a corpus of more than
``max_ram_tokens`` ids is in temporary files and each training job reads just its
own part (:meth:`EncodedCorpus.read_job`): memory does not grow with the corpus.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zero2vec.engine.store import ArrayStore


@dataclass
class EncodedCorpus:
    """The training corpus as ids.

    Attributes
    ----------
    ids : ArrayStore (int32)
        In-vocabulary word ids of every sentence, back to back.
    ends : ArrayStore (int64)
        Sentence ``s`` is ids ``ends[s - 1]:ends[s]`` (the first starts at 0).
    raw_words : int
        Tokens read, including those outside the vocabulary.
    longest : int
        Ids in the longest sentence.
    """

    ids: ArrayStore
    ends: ArrayStore
    raw_words: int = 0
    longest: int = 0

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


def remap(ids: ArrayStore, lengths: ArrayStore, id_map: np.ndarray,
          chunk: int = 1 << 18, offset: int = 0) -> EncodedCorpus:
    """Translate provisional ids to final ids *in place*, dropping words mapped to -1.

    ``id_map`` is indexed by ``id + offset``; ``lengths`` holds the raw sentence
    lengths (none of them 0) and becomes the corpus's sentence ends. The kept ids are
    compacted towards the front of ``ids`` chunk by chunk, and the new lengths towards
    the front of ``lengths`` (a write position never passes its read position), so
    nothing corpus-sized is allocated and stores in files are streamed, not loaded.
    Sentences left empty are dropped.
    """
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
        ids.write(write, kept)
        write += len(kept)
        read += int(ends[k - 1])
        s += k
    ids.truncate(write)
    lengths.truncate(s_out)
    return EncodedCorpus.from_lengths(ids, lengths, read)
