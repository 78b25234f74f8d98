"""word2vec.c's vocabulary files (``-save-vocab``; gensim's ``fvocab``): ``word count`` lines.

:func:`read_vocab` reads one into ``{word: count}`` and :func:`counts_for` lines it up
with the words of a vector file; :func:`write_vocab` writes one, atomically. Words
are decoded as the vector file's are (``encoding``, ``unicode_errors``), so a word
that word2vec.c cut in the middle of a character reads the same in both files.
Nothing is dropped silently: a malformed line, a negative count or a word of the
vectors with no count is a :class:`VectorFileError` naming the file and the line or
word; a word listed twice keeps its last count, as gensim, with a warning.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from zero2vec._atomic import atomic_file
from zero2vec.errors import VectorFileError
from zero2vec.vectors.io_files import iter_lines, start_output
from zero2vec.vectors.io_word2vec_records import bad_word


def read_vocab(path: str | os.PathLike, encoding: str = "utf8",
               unicode_errors: str = "strict") -> dict[str, int]:
    """``{word: count}`` from a vocabulary file (``.gz``/``.bz2`` too); blank lines are skipped."""
    counts: dict[str, int] = {}
    twice = 0
    for no, raw in iter_lines(path):
        try:
            line = raw.decode(encoding, unicode_errors)
        except UnicodeDecodeError as e:
            raise bad_word(str(path), f"line {no}", encoding, e) from None
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2 or not (parts[1].isascii() and parts[1].isdigit()):
            raise VectorFileError(f"{path}: line {no}: expected 'word count' (a word and a "
                                  f"non-negative integer), got {line.strip()[:60]!r}")
        twice += parts[0] in counts
        counts[parts[0]] = int(parts[1])
    if twice:
        warnings.warn(f"{path}: {twice} words listed twice; kept the last count of each (as "
                      f"gensim)", UserWarning, stacklevel=3)
    return counts


def counts_for(words: Sequence[str], counts: dict[str, int], path: str | os.PathLike) -> np.ndarray:
    """The count of each of ``words`` (int64), or VectorFileError naming the first without one."""
    try:
        return np.fromiter((counts[w] for w in words), dtype=np.int64, count=len(words))
    except KeyError as e:
        raise VectorFileError(f"{path}: no count for the word {e.args[0]!r} of the vectors (the "
                              f"vocabulary file does not belong to them?)") from None


def write_vocab(path: str | os.PathLike, words: Sequence[str], values: Sequence[object],
                append: bool = False) -> None:
    """Write ``word value`` lines (utf8), atomically; ``append`` keeps the file's lines first."""
    text = "".join(f"{w} {v}\n" for w, v in zip(words, values)).encode("utf8")
    with atomic_file(path) as tmp, start_output(tmp, Path(path), append) as f:
        f.write(text)
