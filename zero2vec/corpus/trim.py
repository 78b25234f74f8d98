"""gensim's rule for keeping a word: ``count >= min_count``, unless a ``trim_rule`` says otherwise.

One home for ``keep_vocab_item``, used when the vocabulary is chosen
(:mod:`zero2vec.corpus.vocab`, with ``min_count``) and when ``max_vocab_size`` prunes
the counts while they are taken (:mod:`zero2vec.corpus.scan`, with ``min_reduce``), as
gensim uses it in both places.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from zero2vec.errors import ConfigError

RULE_DEFAULT, RULE_DISCARD, RULE_KEEP = 0, 1, 2  # gensim.utils' trim_rule answers


def keep_mask(words: Sequence[str], counts: np.ndarray, min_count: int,
              trim_rule: Callable | None = None) -> np.ndarray:
    """gensim's ``keep_vocab_item`` for every word: ``count >= min_count``, unless
    ``trim_rule(word, count, min_count)`` answers RULE_DISCARD (drop) or RULE_KEEP (keep)."""
    keep = counts >= max(min_count, 1)  # min_count=0 keeps every word seen (gensim's meaning)
    if trim_rule is not None:
        for i, (word, count) in enumerate(zip(words, counts.tolist())):
            rule = trim_rule(word, count, min_count)
            if rule == RULE_DISCARD:
                keep[i] = False
            elif rule == RULE_KEEP:
                keep[i] = True
            elif rule != RULE_DEFAULT:
                raise ConfigError(f"trim_rule({word!r}, {count}, {min_count}) returned {rule!r}; "
                                  "it must return RULE_DEFAULT (0), RULE_DISCARD (1) or RULE_KEEP (2)")
    return keep


def prune_dict(counts: dict, min_reduce: int, trim_rule: Callable | None = None) -> dict:
    """gensim's ``prune_vocab``: ``counts`` (word -> count, in insertion order) without the
    words :func:`keep_mask` drops at ``min_reduce``; the kept ones keep their order."""
    words = list(counts)
    values = np.fromiter(counts.values(), dtype=np.int64, count=len(words))
    keep = keep_mask(words, values, min_reduce, trim_rule)
    if keep.all():
        return counts
    return type(counts)({w: n for w, n, k in zip(words, values.tolist(), keep.tolist()) if k})
