"""Which files make the corpus, which worker reads which, and the merge of their counts.

A distributed corpus is a list of files, a folder (every regular file in it) or a glob,
in one fixed order (the order given; a folder's or a glob's files sorted by name). That
order is the corpus: the vocabulary's ties are broken by where a word is first seen in
the files read one after the other, exactly as a single machine reading their
concatenation would.

Files are given to workers whole, largest first to the least loaded worker, so the
assignment is a function of the files alone (deterministic across runs).
"""
from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from zero2vec._checks import check_input_file
from zero2vec.corpus.scan import prune_counts
from zero2vec.corpus.vocab import Vocabulary, select
from zero2vec.errors import ConfigError, CorpusError

# a word's first-seen key: its file's index in the corpus order, times this, plus its
# first-seen rank in that file (a file holds far fewer than 2**40 distinct words)
_KEY_FILE = 1 << 40


def corpus_files(spec: str | os.PathLike | Sequence[str | os.PathLike]) -> list[str]:
    """The files of ``spec`` (a file, a folder, a glob, or a list of files) in corpus order.

    Raises
    ------
    CorpusError
        For a pattern or folder that names no file, a missing, empty or unreadable file,
        or a file named twice.
    """
    if isinstance(spec, (str, os.PathLike)):
        text = os.fspath(spec)
        if os.path.isdir(text):
            files = sorted(str(p) for p in Path(text).iterdir() if p.is_file()
                           and not p.name.startswith("."))
            what = f"the folder {text}"
        elif glob.has_magic(text):
            files = sorted(glob.glob(text))
            what = f"the pattern {text!r}"
        else:
            files, what = [text], text
        if not files:
            raise CorpusError(f"{what} names no corpus file")
    else:
        files = [os.fspath(f) for f in spec]
        if not files:
            raise CorpusError("corpus_files is an empty list")
    for f in files:
        check_input_file(f, "corpus file")
    real = [os.path.realpath(f) for f in files]
    if len(set(real)) != len(real):
        dup = next(f for f, r in zip(files, real) if real.count(r) > 1)
        raise CorpusError(f"{dup}: named twice in the corpus")
    return files


def assign(files: Sequence[str], num_workers: int) -> list[list[int]]:
    """The indices of ``files`` each of ``num_workers`` workers reads (whole files, by size).

    Raises
    ------
    ConfigError
        When there are fewer files than workers (a worker would have nothing to read).
    """
    if len(files) < num_workers:
        raise ConfigError(f"{num_workers} workers need at least {num_workers} corpus files, got "
                          f"{len(files)}; split the corpus into more files or use fewer workers")
    sizes = [os.path.getsize(f) for f in files]
    loads = [0] * num_workers
    shards: list[list[int]] = [[] for _ in range(num_workers)]
    for i in sorted(range(len(files)), key=lambda i: (-sizes[i], i)):
        w = min(range(num_workers), key=lambda w: (loads[w], w))
        shards[w].append(i)
        loads[w] += sizes[i]
    return [sorted(s) for s in shards]


def first_seen_key(file_index: int, rank: int) -> int:
    """The key that orders words by where they are first seen in the whole corpus."""
    return file_index * _KEY_FILE + rank


def merge_counts(parts: Sequence[tuple[list[str], np.ndarray, np.ndarray]], min_count: int,
                 max_final_vocab: int | None = None,
                 max_vocab_size: int | None = None) -> Vocabulary:
    """The vocabulary of the workers' counts ``(words, counts, first-seen keys)``.

    Counts are summed, each word keeps its smallest key, and words are put in first-seen
    order before gensim's rules (:func:`zero2vec.corpus.vocab.select`): so without
    ``max_vocab_size`` the result is the single machine's vocabulary of the files'
    concatenation. With it, each worker has already pruned its own counts
    (word2vec.c's ReduceVocab) and the merged counts are pruned again by the same rule:
    approximate counts, as a single machine's are after pruning.
    """
    total: dict[str, list[int]] = {}
    for words, counts, keys in parts:
        for w, c, k in zip(words, counts.tolist(), keys.tolist()):
            seen = total.get(w)
            if seen is None:
                total[w] = [c, k]
            else:
                seen[0] += c
                seen[1] = min(seen[1], k)
    if not total:
        raise CorpusError("the corpus holds no tokens")
    order = sorted(total, key=lambda w: total[w][1])
    counts = np.fromiter((total[w][0] for w in order), dtype=np.int64, count=len(order))
    if max_vocab_size is not None and len(order) > max_vocab_size:
        counts, _ = prune_counts(counts, max_vocab_size)
    return select(order, counts, min_count, max_final_vocab)[0]
