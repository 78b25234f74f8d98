"""The vocabulary: words, counts and ids by frequency; the one way to build it from a corpus.

Every trainer builds its vocabulary here, in one streaming pass
(:func:`zero2vec.corpus.scan.scan`) and one rule (:func:`select`): words seen at
least ``min_count`` times, and with ``max_final_vocab`` gensim's rule, which raises
``min_count`` until at most that many words remain. (Counts a:5 b:3 c:3 d:3 e:1 and
``max_final_vocab=2`` keep ``['a']``: the three words seen 3 times go together.)
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from zero2vec._checks import check_count, check_positive_int
from zero2vec.corpus.encoded import EncodedCorpus
from zero2vec.corpus.scan import encode_scanned, scan
from zero2vec.corpus.store import DEFAULT_MAX_RAM_ITEMS
from zero2vec.corpus.tokenizers.base import unsegmented_hint
from zero2vec.corpus.trim import RULE_DEFAULT, RULE_DISCARD, RULE_KEEP, keep_mask
from zero2vec.errors import VocabularyError, UnknownWordError

__all__ = ["RULE_DEFAULT", "RULE_DISCARD", "RULE_KEEP", "Vocabulary", "descending_order", "grow",
           "keep_mask", "scan_and_encode", "select"]


class Vocabulary:
    """Words and their counts, with ids sorted by descending frequency.

    Words of equal count come in gensim 4's order (its ``sort_by_descending_frequency``:
    the word counted first comes last), so a vocabulary never depends on hash order or
    PYTHONHASHSEED and ``index_to_key`` is gensim's on the same corpus.

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
                    max_final_vocab: int | None = None) -> Vocabulary:
        """The vocabulary :func:`select` keeps of ``counts`` (word -> count, first seen first)."""
        if not counts:
            raise VocabularyError("the corpus holds no words")
        words = list(counts)
        return select(words, np.fromiter(counts.values(), dtype=np.int64, count=len(words)),
                      min_count, max_final_vocab)[0]

    @classmethod
    def build(cls, sentences: Iterable[Iterable[str]], min_count: int = 5,
              max_final_vocab: int | None = None, max_vocab_size: int | None = None) -> Vocabulary:
        """Count the words of ``sentences`` in one streaming pass and keep the frequent ones.

        The same pass and rule as :func:`scan_and_encode` (which also keeps the corpus
        as ids): see there for the parameters.
        """
        check_settings(min_count, max_final_vocab, max_vocab_size)
        result = scan(sentences, None, max_vocab_size)
        try:
            return select(*result.raw_order(), min_count, max_final_vocab)[0]
        finally:
            result.close()

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


def descending_order(values: np.ndarray) -> np.ndarray:
    """Indices that sort ``values`` largest first, equal values later index first.

    That is gensim 4's ``sort_by_descending_frequency`` (``lexsort((-index, -value))``),
    so words of equal count come out in the order gensim gives them: the vocabulary's
    (:func:`select`) and ``WordVectors.sort_by_descending_frequency``'s.
    """
    values = np.asarray(values)
    signed = values.astype(np.float64 if values.dtype.kind == "f" else np.int64)  # uint: no wrap
    return np.lexsort((-np.arange(len(values)), -signed))


def check_settings(min_count: int, max_final_vocab: int | None,
                   max_vocab_size: int | None) -> None:
    """ConfigError for a vocabulary setting out of range (positive integers; ``min_count``
    may be 0, gensim's "keep every word", the same as 1)."""
    check_count("min_count", min_count)
    for name, value in (("max_final_vocab", max_final_vocab), ("max_vocab_size", max_vocab_size)):
        if value is not None:
            check_positive_int(name, value)


def effective_min_count(counts: np.ndarray, min_count: int, max_final_vocab: int | None) -> int:
    """``min_count``, raised (gensim's rule) until at most ``max_final_vocab`` words remain."""
    effective = max(min_count, 1)
    if max_final_vocab is not None and np.count_nonzero(counts >= effective) > max_final_vocab:
        effective = max(effective, int(np.sort(counts)[::-1][max_final_vocab]) + 1)
    return effective


def select(words: Sequence[str], counts: np.ndarray, min_count: int = 5,
           max_final_vocab: int | None = None, trim_rule: Callable | None = None,
           sort: bool = True) -> tuple[Vocabulary, np.ndarray]:
    """The vocabulary (most frequent first) and the id map.

    ``words[i]``/``counts[i]`` are word ``i`` in the order gensim's raw vocabulary
    holds them (first counted first; a word pruned by ``max_vocab_size`` and seen
    again counts as new); ``id_map[i]`` is its id in the vocabulary, or -1.
    ``max_final_vocab`` raises the effective ``min_count`` (as gensim does) until at
    most that many words remain; a ``trim_rule`` then overrides the rule word by word
    (:func:`keep_mask`). Words of equal count are in gensim's order, the later one
    first (:func:`descending_order`); with ``sort=False``
    (gensim's ``sorted_vocab=0``) the words keep the raw order.
    """
    effective = effective_min_count(counts, min_count, max_final_vocab)
    kept = np.flatnonzero(keep_mask(words, counts, effective, trim_rule))
    if len(kept) == 0:
        raise VocabularyError(
            f"min_count={effective} removed every word ({np.count_nonzero(counts)} distinct words, "
            f"the most frequent occurs {int(counts.max()) if len(counts) else 0} times); "
            + (unsegmented_hint(words) or "lower min_count"))
    if sort:
        kept = kept[descending_order(counts[kept])]
    vocab = Vocabulary(words.take(kept) if hasattr(words, "take") else [words[i] for i in kept],
                       counts[kept])
    id_map = np.full(len(counts), -1, dtype=np.int32)
    id_map[kept] = np.arange(len(kept), dtype=np.int32)
    return vocab, id_map


def grow(vocab: Vocabulary, words: Sequence[str], counts: np.ndarray, min_count: int,
         trim_rule: Callable | None = None,
         max_final_vocab: int | None = None) -> tuple[Vocabulary, np.ndarray]:
    """gensim's online vocabulary update: the new words of a new corpus that pass
    :func:`keep_mask` are appended (first seen first), the old ids unchanged, and every
    known word adds its new count (as in gensim, whether it passes the rule or not).
    As in gensim, ``max_final_vocab`` raises ``min_count`` by the new corpus's counts.
    Returns the grown vocabulary and the id of each of ``words`` in it (-1: not in it; a
    known word that failed the rule keeps its id, as gensim still trains it)."""
    min_count = effective_min_count(counts, min_count, max_final_vocab)
    keep = keep_mask(words, counts, min_count, trim_rule)
    k2i = vocab.key_to_index
    ids = np.fromiter((k2i.get(w, -1) for w in words), dtype=np.int64, count=len(words))
    known = ids >= 0
    added = vocab.counts.copy()
    np.add.at(added, ids[known], counts[known])
    new = np.flatnonzero(keep & ~known)
    grown = Vocabulary(vocab.index_to_key + [words[i] for i in new],
                       np.concatenate([added, counts[new]]))
    ids[new] = np.arange(len(vocab), len(grown))
    return grown, ids.astype(np.int32)


def scan_and_encode(sentences: Iterable, min_count: int = 5,
                    max_sentence_length: int | None = 10000, max_vocab_size: int | None = None,
                    max_final_vocab: int | None = None, max_ram_tokens: int = DEFAULT_MAX_RAM_ITEMS,
                    tmp_dir: str | None = None, *, trim_rule: Callable | None = None,
                    sort: bool = True, grow_from: Vocabulary | None = None,
                    raw_vocab: dict | None = None) -> tuple[Vocabulary, EncodedCorpus]:
    """Build the vocabulary of ``sentences`` and encode them with it, in one pass.

    Parameters
    ----------
    sentences : iterable of lists of str, LineSentence or EncodedCorpus
        May be a one-shot iterator (unless ``max_vocab_size`` pruning happens). A
        plain :class:`~zero2vec.corpus.LineSentence` is read by compiled code, an
        encoded corpus (a tokenised cache) as the ids it is.
    min_count : int
        Words seen fewer times are dropped (0 or 1: none).
    max_sentence_length : int, optional
        Longer sentences become chunks of this many tokens (None: kept whole).
    max_vocab_size : int, optional
        Bound memory while counting, as gensim does: after each sentence that leaves
        more distinct words than this, the words seen fewer than ``min_reduce`` times
        (or that ``trim_rule`` discards at ``min_reduce``) are pruned, and
        ``min_reduce`` (from 1) grows by one; the counts are then gensim's (approximate),
        and the corpus is read a second time.
    max_final_vocab : int, optional
        Keep at most this many words, by raising ``min_count`` (gensim's rule).
    max_ram_tokens : int
        Past this many ids the encoded corpus moves to a temporary file.
    trim_rule : callable, optional
        gensim's ``trim_rule(word, count, min_count)`` (see :func:`keep_mask`).
    sort : bool
        Most frequent first (gensim's ``sorted_vocab=1``), else first seen first.
    grow_from : Vocabulary, optional
        gensim's ``build_vocab(update=True)``: the vocabulary grown by this corpus
        (:func:`grow`) instead of a new one.
    raw_vocab : dict, optional
        Filled with every word counted and its count (gensim's ``keep_raw_vocab``).

    Returns
    -------
    (Vocabulary, EncodedCorpus)
        The corpus holds the in-vocabulary ids of every sentence that kept one; its
        ``corpus_count`` is the number of sentences read (gensim's).
    """
    check_settings(min_count, max_final_vocab, max_vocab_size)
    result = scan(sentences, max_sentence_length, max_vocab_size, max_ram_tokens, tmp_dir,
                  trim_rule)
    words, counts = result.raw_order()
    if raw_vocab is not None:
        raw_vocab.update((w, int(c)) for w, c in zip(words, counts.tolist()) if c)
    if grow_from is not None:
        vocab, id_map = grow(grow_from, words, counts, min_count, trim_rule, max_final_vocab)
    else:
        vocab, id_map = select(words, counts, min_count, max_final_vocab, trim_rule, sort)
    id_map = result.provisional(id_map)
    if not result.pruned:  # the word table (and the words not kept) can go before remapping
        result.words, result.table = (), None
    corpus_count = result.sentences
    corpus = encode_scanned(result, sentences, vocab, id_map, max_sentence_length,
                            max_ram_tokens, tmp_dir)
    corpus.corpus_count = corpus_count
    return vocab, corpus
