"""gensim's online vocabulary update (``build_vocab(update=True)``) and
``build_vocab_from_freq``, on top of the one vocabulary builder (:mod:`zero2vec.corpus.vocab`).

An update keeps every trained row: the new words (those of the new corpus that pass
``min_count`` / ``trim_rule``) are appended after the known ones, with initial vectors
drawn as a new model draws them (uniform in [-0.5, 0.5) / H, from ``seed`` and the old
size) and output rows at zero; known words add the new counts. The Huffman tree and the
samplers are rebuilt from the new counts (as gensim does; the vocabulary is not sorted
again, so ids stay put).
"""
from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

import numpy as np

from zero2vec._checks import check_count, check_flag, check_number, check_positive_int
from zero2vec.corpus.scan import scan
from zero2vec.corpus.vocab import (Vocabulary, effective_min_count, grow, keep_mask,
                                   scan_and_encode, select)
from zero2vec.engine import sampling
from zero2vec.engine.job_kernel import initial_vectors
from zero2vec.engine.warmup import return_free_memory
from zero2vec.errors import ConfigError, VocabularyError


def check_trim_rule(trim_rule: object) -> Callable | None:
    """``trim_rule``, or ConfigError unless it is callable or None."""
    if trim_rule is not None and not callable(trim_rule):
        raise ConfigError(f"trim_rule must be callable or None, got {trim_rule!r}")
    return trim_rule


def check_update(model):
    """The vocabulary an update grows (VocabularyError when there is none yet)."""
    if model.vocab is None or model.W_in is None:
        raise VocabularyError("build_vocab(update=True) grows a vocabulary: build one first "
                              "(build_vocab without update)")
    return model.vocab


def grow_weights(model, vocab: Vocabulary) -> None:
    """Make ``vocab`` (``model.vocab`` grown: the same words first) the model's, its
    weights and lock factors extended with rows for the new words."""
    old, V, H = len(model.vocab), len(vocab), model.vector_size
    new = V - old
    rows = initial_vectors(np.random.default_rng([model.seed, old]), new, H)  # (a draw of its own)
    zeros = np.zeros((new, H), dtype=np.float32)
    lockf = model.lockf()
    if len(lockf) == old and old != 1:
        lockf = np.concatenate([lockf, np.ones(new, dtype=np.float32)])
    model.vocab = vocab
    model._attach(np.vstack([model.W_in, rows]),
                  None if model.W_out is None else np.vstack([model.W_out, zeros]),
                  None if model.W_out_hs is None else np.vstack([model.W_out_hs, zeros]), lockf)


def from_freq(model, word_freq: Mapping, keep_raw_vocab: bool, corpus_count: int | None,
              trim_rule: Callable | None, update: bool):
    """gensim's ``build_vocab_from_freq``: the vocabulary of ``{word: count}`` (no corpus)."""
    if not isinstance(word_freq, Mapping):
        raise ConfigError(f"word_freq must be a mapping of word -> count, got {type(word_freq).__name__}")
    keep_raw_vocab, update = check_flag("keep_raw_vocab", keep_raw_vocab), check_flag("update", update)
    trim_rule = check_trim_rule(model.trim_rule if trim_rule is None else trim_rule)
    corpus_count = 0 if corpus_count is None else check_count("corpus_count", corpus_count)
    words = list(word_freq)
    if not words:
        raise VocabularyError("word_freq holds no words")
    if not all(isinstance(w, str) for w in words):
        raise ConfigError("word_freq's keys must be strings (words)")
    counts = np.array([check_count(f"word_freq[{w!r}]", c) for w, c in word_freq.items()],
                      dtype=np.int64)
    adopt(model, words, counts, trim_rule, update)
    model.raw_vocab = word_freq if keep_raw_vocab else defaultdict(int)  # (gensim keeps the mapping)
    model.corpus_count, model.corpus_total_words = corpus_count, int(counts.sum())
    return model


def adopt(model, words: list[str], counts: np.ndarray, trim_rule: Callable | None,
          update: bool) -> None:
    """Make the vocabulary of raw counts (``words[i]`` seen ``counts[i]`` times, in gensim's
    raw order) the model's, with fresh (or, ``update``, grown) weights and no corpus."""
    if update:
        vocab = grow(check_update(model), words, counts, model.min_count, trim_rule,
                     model.max_final_vocab)[0]
    else:
        vocab = select(words, counts, model.min_count, model.max_final_vocab, trim_rule,
                       model.sorted_vocab)[0]
    model._corpus = model._corpus_source = model._corpus_file = None
    model._set_vocab(vocab, update)


def vocab_report(words: list[str], counts: np.ndarray, min_count: int, sample: float,
                 max_final_vocab: int | None, trim_rule: Callable | None) -> tuple[dict, int]:
    """gensim's ``prepare_vocab`` report of these raw counts, and its effective ``min_count``:
    the words dropped, the tokens and words retained, and those subsampling would drop
    (``downsample_total``: the tokens expected to remain after it)."""
    effective = effective_min_count(counts, min_count, max_final_vocab)
    keep = keep_mask(words, counts, effective, trim_rule)
    kept = counts[keep]
    p = sampling.keep_probabilities(kept, sample)
    return {"drop_unique": int(np.count_nonzero(~keep)), "retain_total": int(kept.sum()),
            "downsample_unique": int(np.count_nonzero(p < 1.0)),
            "downsample_total": int(float((p * kept).sum())),
            "num_retained_words": int(np.count_nonzero(keep))}, effective


class VocabBuilding:
    """``Word2Vec``'s gensim vocabulary API: :meth:`build_vocab` (with online growth) and
    :meth:`build_vocab_from_freq` (a mixin; the vocabulary rules are :mod:`zero2vec.corpus.vocab`)."""

    def build_vocab(self, corpus_iterable: Iterable | None = None,
                    corpus_file: str | os.PathLike | None = None, update: bool = False,
                    progress_per: int = 10000, keep_raw_vocab: bool = False,
                    trim_rule: Callable | None = None, *,
                    sentences: Iterable | None = None) -> VocabBuilding:
        """Count words, build the vocabulary, encode the corpus and reset the weights.

        gensim's signature. ``update=True`` grows the vocabulary instead (gensim's online
        update: new words appended with fresh vectors, counts of known words added, the
        trained weights kept; :mod:`zero2vec.engine.online_vocab`); a following
        ``train(same corpus)`` trains on it. ``raw_vocab`` is then gensim's: a
        ``defaultdict(int)`` holding, with ``keep_raw_vocab=True``, every word counted
        (after ``max_vocab_size`` pruning) with its count, in the order gensim counts
        them; empty otherwise. ``trim_rule`` is gensim's (see the class).
        ``progress_per`` is accepted (progress is a bar here). ``sentences`` is gensim
        3's name for ``corpus_iterable``.
        """
        if sentences is not None and corpus_iterable is not None:
            raise ConfigError("give corpus_iterable or sentences (its old name), not both")
        sentences = corpus_iterable if corpus_iterable is not None else sentences
        check_positive_int("progress_per", progress_per)
        update, keep_raw_vocab = check_flag("update", update), check_flag("keep_raw_vocab", keep_raw_vocab)
        trim_rule = check_trim_rule(self.trim_rule if trim_rule is None else trim_rule)
        grow_from = check_update(self) if update else None
        t0 = time.perf_counter()
        source, key = self._source(sentences, corpus_file, self.max_sentence_length)
        self._load_kernels()
        raw = defaultdict(int) if keep_raw_vocab else None
        vocab, self._corpus = scan_and_encode(
            source, self.min_count, self.max_sentence_length, self.max_vocab_size,
            self.max_final_vocab, self.max_ram_tokens, trim_rule=trim_rule,
            sort=self.sorted_vocab, grow_from=grow_from, raw_vocab=raw)
        self.raw_vocab = defaultdict(int) if raw is None else raw
        self._corpus_source = key
        self._corpus_file = key[1] if key[0] == "file" else None
        self.corpus_count, self.corpus_total_words = self._corpus.corpus_count, self._corpus.raw_words
        return_free_memory()  # the counting pass's strings are gone; give their pages back
        self.vocab_seconds = time.perf_counter() - t0
        self._set_vocab(vocab, update)
        return self

    def scan_vocab(self, corpus_iterable: Iterable | None = None,
                   corpus_file: str | os.PathLike | None = None, progress_per: int = 10000,
                   workers: int | None = None,
                   trim_rule: Callable | None = None) -> tuple[int, int]:
        """gensim's first step of :meth:`build_vocab`: count the words into :attr:`raw_vocab`
        (``max_vocab_size`` pruning as there) and return ``(total_words, corpus_count)``.

        Nothing is encoded: after :meth:`prepare_vocab`, ``train`` needs the corpus.
        ``progress_per`` and ``workers`` are accepted, as gensim's scan uses neither.
        """
        check_positive_int("progress_per", progress_per)
        if workers is not None:
            check_positive_int("workers", workers)
        trim_rule = check_trim_rule(self.trim_rule if trim_rule is None else trim_rule)
        source, _ = self._source(corpus_iterable, corpus_file, self.max_sentence_length)
        result = scan(source, None, self.max_vocab_size, self.max_ram_tokens, trim_rule=trim_rule)
        try:
            words, counts = result.raw_order()
            self.raw_vocab = defaultdict(int, ((w, c) for w, c in zip(words, counts.tolist()) if c))
            return result.raw_words, result.sentences
        finally:
            result.close()

    def prepare_vocab(self, update: bool = False, keep_raw_vocab: bool = False,
                      trim_rule: Callable | None = None, min_count: int | None = None,
                      sample: float | None = None, dry_run: bool = False) -> dict:
        """gensim's second step: the vocabulary of :attr:`raw_vocab` (from :meth:`scan_vocab`).

        Returns gensim's report (``drop_unique``, ``retain_total``, ``downsample_unique``,
        ``downsample_total``, ``num_retained_words``) and sets ``effective_min_count``.
        ``min_count``/``sample`` (default, or 0: the model's) become the model's; with
        ``dry_run=True`` nothing else changes. Otherwise the vocabulary and fresh weights
        (``update``: grown ones) are the model's, and ``raw_vocab`` is emptied unless
        ``keep_raw_vocab``.
        """
        update, keep_raw_vocab = check_flag("update", update), check_flag("keep_raw_vocab", keep_raw_vocab)
        dry_run = check_flag("dry_run", dry_run)
        trim_rule = check_trim_rule(self.trim_rule if trim_rule is None else trim_rule)
        # (gensim's "min_count or self.min_count": 0 also means the model's)
        min_count = (min_count is not None and check_count("min_count", min_count)) or self.min_count
        sample = (sample is not None and check_number("sample", sample, 0.0, 1.0)) or self.sample
        raw = self.raw_vocab or {}
        words = list(raw)
        counts = np.fromiter(raw.values(), dtype=np.int64, count=len(words))
        report, self.effective_min_count = vocab_report(words, counts, min_count, sample,
                                                        self.max_final_vocab, trim_rule)
        if not dry_run:
            if not update:  # (gensim: "make stored settings match these applied settings")
                self.min_count, self.sample = min_count, sample
            adopt(self, words, counts, trim_rule, update)
            if not keep_raw_vocab:
                self.raw_vocab = defaultdict(int)
        return report

    def prepare_weights(self, update: bool = False) -> None:
        """gensim's third step: fresh weights for the vocabulary (``update=True``: nothing
        to do, :meth:`prepare_vocab` grew them). :meth:`prepare_vocab` already made them;
        as in gensim, calling this again draws them anew."""
        if self.vocab is None:
            raise VocabularyError("prepare_weights needs a vocabulary: call prepare_vocab first")
        if not check_flag("update", update):
            self._reset_weights()

    def build_vocab_from_freq(self, word_freq: dict, keep_raw_vocab: bool = False,
                              corpus_count: int | None = None, trim_rule: Callable | None = None,
                              update: bool = False) -> VocabBuilding:
        """Build (or with ``update=True`` grow) the vocabulary from ``{word: count}``
        (gensim's signature; ``corpus_count`` sets :attr:`corpus_count`). No corpus is
        kept: ``train`` then needs one."""
        return from_freq(self, word_freq, keep_raw_vocab, corpus_count, trim_rule, update)

    def _set_vocab(self, vocab: Vocabulary, update: bool) -> None:
        """Adopt ``vocab``: fresh weights, or (``update``) the trained ones grown to it."""
        if update:
            grow_weights(self, vocab)
            return
        if self.null_word and "\0" not in vocab:
            # gensim appends it (count 1), then sorts: it comes first of the words seen once
            at = int(np.count_nonzero(vocab.counts > 1)) if self.sorted_vocab else len(vocab)
            vocab = Vocabulary(vocab.index_to_key[:at] + ["\0"] + vocab.index_to_key[at:],
                               np.insert(vocab.counts, at, 1))
        self.vocab = vocab
        self._reset_weights()
