"""A vocabulary for real corpora: counts, ``min_count``, size caps, ids by frequency."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from zero2vec.errors import UnknownWordError, VocabularyError


class Vocabulary:
    """Words and their counts, with ids sorted by descending frequency.

    Ties keep the order in which words were first seen (as gensim does), so a
    vocabulary never depends on hash order or PYTHONHASHSEED.

    Parameters
    ----------
    index_to_key : list of str
        Words, most frequent first.
    counts : array-like of int
        ``counts[i]`` is the corpus count of ``index_to_key[i]``.
    """

    def __init__(self, index_to_key: list[str], counts: Iterable[int]) -> None:
        self.index_to_key = list(index_to_key)
        self.counts = np.asarray(list(counts) if not isinstance(counts, np.ndarray) else counts,
                                 dtype=np.int64)
        if len(self.counts) != len(self.index_to_key):
            raise VocabularyError(
                f"{len(self.index_to_key)} words but {len(self.counts)} counts"
            )
        self.key_to_index = {w: i for i, w in enumerate(self.index_to_key)}
        if len(self.key_to_index) != len(self.index_to_key):
            raise VocabularyError("the vocabulary lists a word twice")

    # -- building ---------------------------------------------------------------------
    @classmethod
    def from_counts(cls, counts: Mapping[str, int], min_count: int = 1,
                    max_size: int | None = None) -> Vocabulary:
        """Keep words with ``count >= min_count``, the ``max_size`` most frequent at most."""
        if min_count < 1:
            raise VocabularyError(f"min_count must be >= 1, got {min_count}")
        if max_size is not None and max_size < 1:
            raise VocabularyError(f"max_size must be >= 1, got {max_size}")
        if not counts:
            raise VocabularyError("the corpus holds no words")
        kept = [(w, c) for w, c in counts.items() if c >= min_count]
        if not kept:
            top = max(counts.values())
            raise VocabularyError(
                f"min_count={min_count} removed every word ({len(counts)} distinct words, the most "
                f"frequent occurs {top} times); lower min_count"
            )
        kept.sort(key=lambda wc: -wc[1])  # stable: ties keep first-seen order
        if max_size is not None:
            kept = kept[:max_size]
        return cls([w for w, _ in kept], [c for _, c in kept])

    @classmethod
    def build(cls, sentences: Iterable[Iterable[str]], min_count: int = 5,
              max_size: int | None = None, max_vocab_size: int | None = None) -> Vocabulary:
        """Count the words of ``sentences`` in one streaming pass.

        Parameters
        ----------
        sentences : iterable of iterables of str
        min_count : int
            Words seen fewer times are dropped.
        max_size : int, optional
            Keep at most this many words (the most frequent).
        max_vocab_size : int, optional
            Bound memory while counting, like gensim/word2vec.c: whenever more distinct
            words than this are held, the rarest are pruned (counts of pruned words
            are then approximate).
        """
        counts: dict[str, int] = {}
        min_reduce = 1
        for sentence in sentences:
            for w in sentence:
                counts[w] = counts.get(w, 0) + 1
            if max_vocab_size is not None and len(counts) > max_vocab_size:
                counts = {w: c for w, c in counts.items() if c > min_reduce}
                min_reduce += 1
        return cls.from_counts(counts, min_count=min_count, max_size=max_size)

    # -- queries ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.index_to_key)

    def __contains__(self, word: object) -> bool:
        return word in self.key_to_index

    def __iter__(self):
        return iter(self.index_to_key)

    def __repr__(self) -> str:
        return f"Vocabulary({len(self)} words, {self.total_words} tokens)"

    @property
    def total_words(self) -> int:
        """Number of corpus tokens covered by the vocabulary."""
        return int(self.counts.sum())

    @property
    def word_to_id(self) -> dict[str, int]:
        """The book's name for ``key_to_index``."""
        return self.key_to_index

    @property
    def id_to_word(self) -> dict[int, str]:
        """The book's ``id_to_word`` dict."""
        return dict(enumerate(self.index_to_key))

    def get_index(self, word: str) -> int:
        """Id of ``word``; raises UnknownWordError (with suggestions) if absent."""
        try:
            return self.key_to_index[word]
        except KeyError:
            raise UnknownWordError(word, self.index_to_key) from None

    def encode(self, tokens: Iterable[str]) -> np.ndarray:
        """Word ids of ``tokens`` as int32, skipping words outside the vocabulary."""
        k2i = self.key_to_index
        return np.fromiter((k2i[w] for w in tokens if w in k2i), dtype=np.int32)
