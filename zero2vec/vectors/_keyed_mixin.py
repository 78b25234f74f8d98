"""The evaluation and file methods of ``WordVectors``, kept apart to keep keyed.py small.

Each method only forwards to its module (``evaluate``, ``io_native``, ``io_word2vec``),
imported on first use so that ``import zero2vec`` stays light.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zero2vec.vectors.keyed import WordVectors


class EvaluateAndSaveMixin:
    """gensim-named evaluation and I/O methods of :class:`WordVectors`."""

    # -- evaluation (vectors/evaluate.py) -------------------------------------------------
    def evaluate_word_analogies(self, analogies: str | os.PathLike, restrict_vocab: int = 300000,
                                case_insensitive: bool = True, dummy4unknown: bool = False,
                                similarity_function: str = "most_similar", progress=None):
        """Accuracy on an analogy file (questions-words.txt layout); see
        :func:`zero2vec.vectors.evaluate.evaluate_word_analogies`."""
        from zero2vec.vectors.evaluate import evaluate_word_analogies
        return evaluate_word_analogies(self, analogies, restrict_vocab=restrict_vocab,
                                       case_insensitive=case_insensitive,
                                       dummy4unknown=dummy4unknown,
                                       similarity_function=similarity_function, progress=progress)

    def evaluate_word_pairs(self, pairs: str | os.PathLike, delimiter: str | None = None,
                            encoding: str = "utf8", restrict_vocab: int = 300000,
                            case_insensitive: bool = True, dummy4unknown: bool = False,
                            score_column: int = 2):
        """Pearson, Spearman and OOV ratio on a word-similarity file; see
        :func:`zero2vec.vectors.evaluate.evaluate_word_pairs`."""
        from zero2vec.vectors.evaluate import evaluate_word_pairs
        return evaluate_word_pairs(self, pairs, delimiter=delimiter, encoding=encoding,
                                   restrict_vocab=restrict_vocab, case_insensitive=case_insensitive,
                                   dummy4unknown=dummy4unknown, score_column=score_column)

    # -- I/O (vectors/io_*.py) ------------------------------------------------------------
    def save(self, path: str | os.PathLike, metadata: dict | None = None) -> None:
        """Save in the native format (a folder: ``vectors.npy`` + JSON); see io_native."""
        from zero2vec.vectors.io_native import save_native
        save_native(self, path, metadata=metadata)

    @classmethod
    def load(cls, path: str | os.PathLike, mmap: str | None = None) -> "WordVectors":
        """Load the native format; ``mmap="r"`` maps the vectors instead of reading them."""
        from zero2vec.vectors.io_native import load_native
        return load_native(path, mmap=mmap)

    def save_word2vec_format(self, path: str | os.PathLike, binary: bool = False,
                             fvocab: str | os.PathLike | None = None) -> None:
        """Write word2vec.c's text or binary format (readable by gensim and word2vec.c)."""
        from zero2vec.vectors.io_word2vec import save_word2vec_format
        save_word2vec_format(self, path, binary=binary, fvocab=fvocab)

    @classmethod
    def load_word2vec_format(cls, path: str | os.PathLike, binary: bool | None = None,
                             limit: int | None = None, encoding: str = "utf8",
                             unicode_errors: str = "strict") -> "WordVectors":
        """Read word2vec.c's text or binary format (``binary=None`` detects which)."""
        from zero2vec.vectors.io_word2vec import load_word2vec_format
        return load_word2vec_format(path, binary=binary, limit=limit, encoding=encoding,
                                    unicode_errors=unicode_errors)
