"""``Phrases`` and ``FrozenPhrases``: gensim 4's phrase detection, counted and applied by
compiled code.

Same constructor, attributes and methods as ``gensim.models.phrases`` (``vocab``,
``corpus_word_count``, ``min_reduce``, ``add_vocab``, ``score_candidate``,
``analyze_sentence``, ``export_phrases``, ``find_phrases``, ``freeze``,
``phrases[sentence]`` and ``phrases[corpus]``), and on the same corpus and settings the
same counts, the same phrases and the same scores (tests/phrases checks them against
gensim). ``vocab`` is a read-only mapping over the compiled table. Saving writes a
versioned ``.npz`` of our own (:mod:`zero2vec.phrases.store`), never a pickle.
"""
from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping

import numpy as np

from zero2vec._checks import check_number, check_positive_int
from zero2vec.corpus.wordhash import COUNT, WordTable
from zero2vec.errors import ConfigError
from zero2vec.phrases import applying, kernels as K
from zero2vec.phrases.counting import connector_table, learn_table, merge_into
from zero2vec.phrases.scoring import CALLABLE, NEGATIVE_INFINITY, check_threshold, resolve

logger = logging.getLogger("zero2vec.phrases")

# gensim's: words a phrase may hold inside but neither start nor end with
ENGLISH_CONNECTOR_WORDS = frozenset(
    " a an the  for of with without at from to in on by  and or ".split())


def check_delimiter(delimiter: object) -> str:
    """The delimiter as a non-empty str (gensim 4 joins str tokens with it)."""
    if not isinstance(delimiter, str):
        raise ConfigError(f"delimiter must be a str, got {type(delimiter).__name__} "
                          f"{delimiter!r:.40}")
    if not delimiter:
        raise ConfigError("delimiter must not be empty (phrases could not be split again)")
    return delimiter


def _is_single(obj) -> tuple[bool, object]:
    """gensim's rule: a sentence if empty or its first item is a str, else a corpus."""
    it = iter(obj)
    try:
        peek = next(it)
    except StopIteration:
        return True, obj
    it = itertools.chain([peek], it)
    if isinstance(peek, str):
        return True, it
    return False, (it if iter(obj) is obj else obj)


class PhrasedCorpus:
    """``model[corpus]``: the corpus with its phrases joined, read again at each pass."""

    def __init__(self, model: _PhrasesTransformation, corpus: Iterable) -> None:
        self.model, self.corpus = model, corpus

    def __len__(self) -> int:
        return len(self.corpus)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[list[str]]:
        if self.model._callable:
            return (self.model[s] for s in self.corpus)
        return applying.apply_corpus(self.model._scorer(), self.corpus)


class _PhrasesTransformation:
    """What Phrases and FrozenPhrases share: analysing and applying."""

    delimiter: str
    threshold: float
    min_count: float

    def __init__(self, connector_words: Iterable[str]) -> None:
        if isinstance(connector_words, str):
            raise ConfigError("connector_words must be a collection of words, not one str")
        self.connector_words = frozenset(connector_words)
        bad = next((w for w in self.connector_words if not isinstance(w, str)), None)
        if bad is not None:
            raise ConfigError(f"connector_words must be str, got {type(bad).__name__} {bad!r:.40}")
        self._connectors: tuple[frozenset, WordTable] | None = None

    def _connector_table(self) -> WordTable:
        if self._connectors is None or self._connectors[0] is not self.connector_words:
            self._connectors = (self.connector_words, connector_table(self.connector_words))
        return self._connectors[1]

    @property
    def _callable(self) -> bool:
        return False

    def _scorer(self) -> applying.Scorer:
        raise NotImplementedError

    def score_candidate(self, word_a: str, word_b: str, in_between: list[str]):
        raise NotImplementedError

    def analyze_sentence(self, sentence: Iterable[str]) -> Iterator[tuple[str, float | None]]:
        """Yield ``(phrase, score)`` for each phrase of ``sentence`` and ``(word, None)``
        for each other token, as gensim does (connector words may sit inside a phrase)."""
        start_token, in_between = None, []
        for word in sentence:
            if word not in self.connector_words:
                if start_token:
                    phrase, score = self.score_candidate(start_token, word, in_between)
                    if score is not None:
                        yield phrase, score
                        start_token, in_between = None, []
                    else:
                        yield start_token, None
                        yield from ((w, None) for w in in_between)
                        start_token, in_between = word, []
                else:
                    start_token, in_between = word, []
            elif start_token:
                in_between.append(word)
            else:
                yield word, None
        if start_token:
            yield start_token, None
            yield from ((w, None) for w in in_between)

    def __getitem__(self, sentence):
        """``sentence`` (a list of str) with its phrases joined by ``delimiter``; for a
        corpus (an iterable of sentences), an iterable of such sentences."""
        single, sentence = _is_single(sentence)
        if not single:
            return PhrasedCorpus(self, sentence)
        if self._callable:
            return [token for token, _ in self.analyze_sentence(sentence)]
        words = list(sentence)
        if not words:
            return []
        return next(iter(applying.apply_corpus(self._scorer(), [words])))

    def find_phrases(self, sentences: Iterable) -> dict[str, float]:
        """Every phrase found in ``sentences``, with its score (the last seen wins)."""
        if self._callable:
            return {p: s for sentence in sentences for p, s in self.analyze_sentence(sentence)
                    if s is not None}
        return applying.find_phrases(self._scorer(), sentences)

    def transform_file(self, corpus_file, output: str | os.PathLike) -> tuple[int, int]:
        """Write ``corpus_file`` (a path or a plain LineSentence) with its phrases joined
        to ``output``, line for line, by compiled code (atomically; never over the
        input). Returns the tokens written and how many of them are phrases."""
        from zero2vec.corpus.sentences import LineSentence

        if self._callable:
            raise ConfigError("transform_file needs a built-in scoring ('default' or 'npmi') "
                              "or a frozen model: freeze() it first")
        if not isinstance(corpus_file, LineSentence):
            corpus_file = LineSentence(corpus_file)
        return applying.transform_file(self._scorer(), corpus_file, output)

    def save(self, fname: str | os.PathLike) -> None:
        """Write the model to ``fname`` (a versioned ``.npz``, atomically; never a pickle)."""
        from zero2vec.phrases.store import save

        save(self, fname)

    @classmethod
    def load(cls, fname: str | os.PathLike) -> _PhrasesTransformation:
        """Read a model :meth:`save` wrote (a Phrases or a FrozenPhrases, whichever it is)."""
        from zero2vec.phrases.store import fail, load

        header, table, scores, scoring = load(fname)
        if scores is not None:
            model = FrozenPhrases.__new__(FrozenPhrases)
            _PhrasesTransformation.__init__(model, header["connector_words"])
            model.min_count, model.delimiter = header["min_count"], header["delimiter"]
            model.threshold, model.scoring = header["threshold"], resolve(scoring)[1]
            model._set(table, scores)
            return model
        try:
            model = Phrases(min_count=header["min_count"], threshold=header["threshold"],
                            max_vocab_size=header["max_vocab_size"],
                            delimiter=header["delimiter"], progress_per=header["progress_per"],
                            scoring=scoring, connector_words=header["connector_words"])
        except ValueError as e:
            raise fail(fname, "the settings", f"are not valid ({e})") from None
        model.table = table
        model.corpus_word_count, model.min_reduce = header["corpus_word_count"], header["min_reduce"]
        return model


class Phrases(_PhrasesTransformation):
    """Detect phrases from collocation counts (gensim 4's ``Phrases``, compiled).

    Parameters are gensim's: ``sentences`` (token lists, or a
    :class:`~zero2vec.corpus.LineSentence`, read by compiled code), ``min_count``,
    ``threshold``, ``max_vocab_size`` (keys held while counting; rarer ones are pruned
    as gensim prunes), ``delimiter``, ``progress_per``, ``scoring`` (``"default"``,
    ``"npmi"`` or a function of ``worda_count, wordb_count, bigram_count, len_vocab,
    min_count, corpus_word_count``) and ``connector_words``.
    """

    def __init__(self, sentences: Iterable | None = None, min_count: float = 5,
                 threshold: float = 10.0, max_vocab_size: int = 40000000,
                 delimiter: str = "_", progress_per: int = 10000,
                 scoring: str | Callable = "default",
                 connector_words: Iterable[str] = frozenset()) -> None:
        super().__init__(connector_words)
        self.min_count = check_number("min_count", min_count, 0.0, low_open=True)
        if isinstance(min_count, (int, np.integer)) and not isinstance(min_count, bool):
            self.min_count = int(min_count)
        self.threshold = check_threshold(threshold, scoring)
        self._code, self.scoring = resolve(scoring)
        self.max_vocab_size = check_positive_int("max_vocab_size", max_vocab_size)
        self.delimiter = check_delimiter(delimiter)
        self.progress_per = check_positive_int("progress_per", progress_per)
        self.table = WordTable()
        self.min_reduce = 1
        self.corpus_word_count = 0
        if sentences is not None:
            self.add_vocab(sentences)

    def __str__(self) -> str:
        return (f"Phrases<{len(self.table)} vocab, min_count={self.min_count}, "
                f"threshold={self.threshold}, max_vocab_size={self.max_vocab_size}>")

    @property
    def _callable(self) -> bool:
        return resolve(self.scoring)[0] == CALLABLE

    @property
    def vocab(self) -> Mapping[str, int]:
        """Unigram and joined-candidate counts (read-only; gensim's ``vocab`` dict)."""
        return TableCounts(self.table)

    def add_vocab(self, sentences: Iterable) -> None:
        """Count ``sentences`` too, gensim's way: in a table of their own, then merged
        (pruned once if the sum holds more than ``max_vocab_size`` keys)."""
        table, min_reduce, total = learn_table(
            sentences, self._connector_table(), self.delimiter.encode("utf-8"),
            self.max_vocab_size, self.progress_per)
        self.corpus_word_count += total
        if len(self.table):
            logger.info("merging %i counts into %s", len(table), self)
            self.min_reduce = max(self.min_reduce, min_reduce)
            merge_into(self.table, table)
            if len(self.table) > self.max_vocab_size:
                self.table.prune(self.min_reduce)
                self.min_reduce += 1
        else:  # (gensim takes the new counts as they are, min_reduce unchanged)
            self.table = table
        logger.info("merged %s", self)

    def score_candidate(self, word_a: str, word_b: str, in_between: list[str]):
        """``(phrase, score)`` if ``word_a``, ``in_between``, ``word_b`` is a phrase, else
        ``(None, None)``."""
        counts = self.table.words
        a = self.table.index(word_a)
        if a < 0:
            return None, None
        b = self.table.index(word_b)
        if b < 0:
            return None, None
        phrase = self.delimiter.join([word_a] + in_between + [word_b])
        ab = self.table.index(phrase)
        if ab < 0:
            return None, None
        score = self.scoring(worda_count=int(counts[a, COUNT]), wordb_count=int(counts[b, COUNT]),
                             bigram_count=int(counts[ab, COUNT]), len_vocab=len(self.table),
                             min_count=self.min_count, corpus_word_count=self.corpus_word_count)
        if score <= self.threshold:
            return None, None
        return phrase, score

    def _candidates(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the keys ``export_phrases`` accepts, and their scores."""
        t = self.table
        n = len(t)
        rows, ca, cb = (np.empty(n, dtype=np.int64) for _ in range(3))
        m = K.export_candidates(t.st, t.slots, t.words, t.pool,
                                np.frombuffer(self.delimiter.encode("utf-8"), dtype=np.uint8),
                                rows, ca, cb)
        rows, ca, cb = rows[:m], ca[:m], cb[:m]
        cab = t.words[rows, COUNT]
        if self._callable:
            scores = np.array([self.scoring(worda_count=a, wordb_count=b, bigram_count=ab,
                                            len_vocab=n, min_count=self.min_count,
                                            corpus_word_count=self.corpus_word_count)
                               if a > 0 and b > 0 and ab > 0 else NEGATIVE_INFINITY
                               for a, b, ab in zip(ca.tolist(), cb.tolist(), cab.tolist())],
                              dtype=np.float64)
        else:
            scores = np.empty(m, dtype=np.float64)
            K.score_all(self._code, ca, cb, cab, n, float(self.min_count),
                        self.corpus_word_count, scores)
        keep = scores > self.threshold
        return rows[keep], scores[keep]

    def export_phrases(self) -> dict[str, float]:
        """Every phrase among the counted keys, with its score (gensim's ``export_phrases``)."""
        rows, scores = self._candidates()
        return dict(zip(self.table.words_at(rows), scores.tolist()))

    def freeze(self) -> FrozenPhrases:
        """The phrases alone: smaller and faster to apply, no more counting."""
        return FrozenPhrases(self)

    def _scorer(self) -> applying.Scorer:
        return applying.Scorer(self.table, np.zeros(0), False, self._code, float(self.threshold),
                               float(self.min_count), self.corpus_word_count,
                               self._connector_table(), check_delimiter(self.delimiter))


class FrozenPhrases(_PhrasesTransformation):
    """The phrases of a trained :class:`Phrases` and their scores, to apply (gensim's
    ``FrozenPhrases``; ``phrasegrams`` maps each phrase to its score)."""

    def __init__(self, phrases_model: Phrases) -> None:
        if not isinstance(phrases_model, Phrases):
            raise ConfigError(f"FrozenPhrases is made from a Phrases model, got "
                              f"{type(phrases_model).__name__}")
        super().__init__(phrases_model.connector_words)
        self.threshold = phrases_model.threshold
        self.min_count = phrases_model.min_count
        self.delimiter = phrases_model.delimiter
        self.scoring = phrases_model.scoring
        logger.info("exporting phrases from %s", phrases_model)
        rows, scores = phrases_model._candidates()
        src = phrases_model.table
        table = WordTable(max(1, len(rows)), max(1, int(src.words[rows, 1].sum())))
        K.copy_rows(src.words, src.whash, src.pool, rows, table.st, table.slots, table.words,
                    table.whash, table.pool)
        self._set(table, scores)

    def _set(self, table: WordTable, scores: np.ndarray) -> None:
        self._table, self._scores = table, scores
        self._phrasegrams = dict(zip(table.words_at(range(len(table))), scores.tolist()))
        self._parts: tuple[str, WordTable] | None = None

    @property
    def phrasegrams(self) -> dict[str, float]:
        """phrase -> score (assign a new dict to change it)."""
        return self._phrasegrams

    @phrasegrams.setter
    def phrasegrams(self, value: Mapping[str, float]) -> None:
        words = list(value)
        table = WordTable(max(1, len(words)), 1 << 10)
        table.add_words(words)
        self._set(table, np.fromiter((float(value[w]) for w in words), dtype=np.float64,
                                     count=len(words)))

    def __str__(self) -> str:
        return (f"FrozenPhrases<{len(self._phrasegrams)} phrases, min_count={self.min_count}, "
                f"threshold={self.threshold}>")

    def score_candidate(self, word_a: str, word_b: str, in_between: list[str]):
        phrase = self.delimiter.join([word_a] + in_between + [word_b])
        score = self._phrasegrams.get(phrase, NEGATIVE_INFINITY)
        if score > self.threshold:
            return phrase, score
        return None, None

    def _scorer(self) -> applying.Scorer:
        delimiter = check_delimiter(self.delimiter)
        if self._parts is None or self._parts[0] != delimiter:
            self._parts = (delimiter, applying.phrase_parts(list(self._phrasegrams), delimiter))
        return applying.Scorer(self._table, self._scores, True, 0, float(self.threshold),
                               float(self.min_count), 0, self._connector_table(), delimiter,
                               self._parts[1])


Phraser = FrozenPhrases  # gensim's old name


class TableCounts(Mapping):
    """A word table's counts as a read-only mapping ``key -> count`` (first-seen order)."""

    def __init__(self, table: WordTable) -> None:
        self._table = table

    def __getitem__(self, key: str) -> int:
        i = self._table.index(key) if isinstance(key, str) else -1
        if i < 0:
            raise KeyError(key)
        return int(self._table.words[i, COUNT])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._table.index(key) >= 0

    def __len__(self) -> int:
        return len(self._table)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.words_at(range(len(self._table))))

    def items(self):  # (one decoding pass, not one lookup a key)
        n = len(self._table)
        return zip(self._table.words_at(range(n)), self._table.words[:n, COUNT].tolist())
