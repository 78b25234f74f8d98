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

from collections.abc import Callable, Mapping

import numpy as np

from zero2vec._checks import check_count, check_flag
from zero2vec.corpus.vocab import Vocabulary, grow, select
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
    rng = np.random.default_rng([model.seed, old])  # a draw of its own for each growth
    rows = rng.random((new, H), dtype=np.float32)
    rows -= np.float32(0.5)
    rows /= np.float32(H)
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
    if update:
        vocab = grow(check_update(model), words, counts, model.min_count, trim_rule)[0]
    else:
        vocab = select(words, counts, model.min_count, model.max_final_vocab, trim_rule,
                       model.sorted_vocab)[0]
    model.raw_vocab = dict(zip(words, counts.tolist())) if keep_raw_vocab else {}
    model.corpus_count, model.corpus_total_words = corpus_count, int(counts.sum())
    model._corpus = model._corpus_source = model._corpus_file = None
    model._set_vocab(vocab, update)
    return model
