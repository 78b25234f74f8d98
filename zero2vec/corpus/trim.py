"""gensim's rule for keeping a word, and its pruning of the counts (``max_vocab_size``).

One home for ``keep_vocab_item`` (``count >= min_count``, unless a ``trim_rule`` says
otherwise), used when the vocabulary is chosen (:mod:`zero2vec.corpus.vocab`, with
``min_count``) and when ``max_vocab_size`` prunes the counts while they are taken
(:mod:`zero2vec.corpus.scan`, with ``min_reduce``), as gensim uses it in both places;
and for an encoded corpus, the raw vocabulary (counts and their order) that gensim's
pass over its token lists would leave.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from zero2vec.corpus.store import ArrayStore
from zero2vec.errors import ConfigError

RULE_DEFAULT, RULE_DISCARD, RULE_KEEP = 0, 1, 2  # gensim.utils' trim_rule answers


def keep_mask(words: Sequence[str], counts: np.ndarray, min_count: int,
              trim_rule: Callable | None = None) -> np.ndarray:
    """gensim's ``keep_vocab_item`` for every word: ``count >= min_count``, unless
    ``trim_rule(word, count, min_count)`` answers RULE_DISCARD (drop) or RULE_KEEP (keep).
    ``words`` is read only for a ``trim_rule`` (without one, callers may pass ``()``)."""
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


def first_seen_order(ids: ArrayStore, n: int, chunk: int = 1 << 22) -> np.ndarray:
    """The ids of ``0..n-1`` that occur in ``ids``, in the order they first occur (the
    order of gensim's raw vocabulary after a pass over the corpus's token lists)."""
    seen = np.zeros(n, dtype=np.bool_)
    parts, found = [], 0
    for start in range(0, len(ids), chunk):
        block = ids.read(start, min(start + chunk, len(ids)))
        block = block[~seen[block]]  # (soon almost nothing: no sort of the whole corpus)
        if len(block):
            new, first = np.unique(block, return_index=True)
            new = new[np.argsort(first)]
            seen[new] = True
            parts.append(new)
            found += len(new)
        if found == n:
            break
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def replay_pruning(ids: ArrayStore, lengths: ArrayStore, words: Sequence[str], bound: int,
                   trim_rule: Callable | None = None,
                   chunk: int = 1 << 20) -> tuple[np.ndarray, np.ndarray]:
    """The counts and the raw order gensim's ``_scan_vocab`` leaves with ``max_vocab_size=
    bound`` after a pass over these sentences (``ids``, cut at ``lengths``), whose word
    ``i`` is ``words[i]``: after each sentence that leaves more than ``bound`` words, one
    :func:`prune_dict` at ``min_reduce`` (from 1), then ``min_reduce`` += 1.

    Returns ``counts`` (0 for a word not held at the end) and the held ids in the order of
    gensim's dict (first counted first; a pruned word seen again counts as new).
    """
    n = len(words)
    counts = np.zeros(n, dtype=np.int64)
    stamp = np.zeros(n, dtype=np.int64)  # when each held word entered the dict
    held, min_reduce, pos, clock = 0, 1, 0, 0
    for start in range(0, len(lengths), chunk):
        for length in lengths.read(start, min(start + chunk, len(lengths))).tolist():
            sentence = ids.read(pos, pos + length)
            pos += length
            u, first = np.unique(sentence, return_index=True)
            fresh = counts[u] == 0
            new = u[fresh][np.argsort(first[fresh])]
            stamp[new] = clock + np.arange(len(new))
            clock += len(new)
            held += len(new)
            np.add.at(counts, sentence, 1)
            if held > bound:
                h = np.flatnonzero(counts)
                drop = h[~keep_mask([words[i] for i in h.tolist()] if trim_rule else (),
                                    counts[h], min_reduce, trim_rule)]
                counts[drop] = 0
                held -= len(drop)
                min_reduce += 1
    h = np.flatnonzero(counts)
    return counts, h[np.argsort(stamp[h], kind="stable")]
