"""Exceptions raised by zero2vec.

Every problem caused by the user's input (a file, a word, an array) is raised as a
subclass of :class:`Zero2VecError`, with a message that names the problem. The CLI
prints that message on one line; a traceback means a bug in zero2vec.
"""
from __future__ import annotations

import difflib
import pickle
from collections.abc import Iterable


class Zero2VecError(Exception):
    """Base class of every error zero2vec raises on bad input."""


class CorpusError(Zero2VecError, ValueError):
    """A corpus file or token stream cannot be used (empty, unreadable, bad bytes...)."""


class CorpusEOFError(CorpusError, EOFError):
    """An input ends inside compressed data (truncated ``.gz``/``.bz2``); an EOFError too."""


class CorpusTypeError(CorpusError, TypeError):
    """A token or sentence of the wrong type (an int token, a generator of sentences given
    as one); a TypeError too, as gensim raises."""


class VocabularyError(Zero2VecError, ValueError, RuntimeError):
    """The vocabulary is unusable, e.g. emptied by ``min_count``, or missing (gensim raises
    RuntimeError there, so this is one too)."""


class ModelStateError(Zero2VecError, RuntimeError):
    """A model cannot answer this call in its state (no output layer for it, no
    vocabulary); a RuntimeError, as gensim raises."""


class NotAModelError(Zero2VecError, AttributeError):
    """A file of word vectors given to ``Word2Vec.load`` (gensim's raises AttributeError)."""


class ClassOnlyError(Zero2VecError, AttributeError):
    """A class method called on an instance (``model.load(path)`` would not change
    ``model``); an AttributeError, as gensim raises."""


class ShapeError(Zero2VecError, ValueError):
    """An array has the wrong shape, dtype or contains NaN/inf."""


class ConfigError(Zero2VecError, ValueError):
    """A setting (window, dimensions, learning rate...) is out of range."""


class EmptyWordListError(ConfigError, ZeroDivisionError):
    """An empty word list where a mean vector is needed (gensim raises ZeroDivisionError)."""


class VectorFileError(Zero2VecError, ValueError):
    """A vector or model file is corrupt, truncated or of an unknown format."""


class VectorFileEOFError(VectorFileError, EOFError):
    """A vector file ends before the records its header (or a ``limit``) promises.

    Also an ``EOFError``, which is what gensim raises for a truncated file.
    """


class VectorFileUnicodeError(VectorFileError, UnicodeDecodeError):
    """A word in a vector or vocabulary file is not valid in its encoding, with
    ``unicode_errors="strict"``.

    Also a ``UnicodeDecodeError`` (``encoding``, ``object``, ``start``, ``end`` and
    ``reason`` are the decoder's), which is what gensim raises; its message names the
    file and the record.
    """

    def __init__(self, message: str, cause: UnicodeDecodeError) -> None:
        UnicodeDecodeError.__init__(self, cause.encoding, cause.object, cause.start, cause.end,
                                    cause.reason)
        self.message = message

    def __str__(self) -> str:  # UnicodeDecodeError would describe the bytes, not the file
        return self.message

    def __reduce__(self) -> tuple:
        cause = UnicodeDecodeError(self.encoding, self.object, self.start, self.end, self.reason)
        return type(self), (self.message, cause)


class UnsafePickleError(VectorFileError, pickle.UnpicklingError):
    """A pickle names a class or function that its kind of file never holds: refused
    before anything is built (a plain ``pickle.load`` would have called it).

    Also a ``pickle.UnpicklingError``, what restricted unpicklers raise.
    """


class DatasetError(Zero2VecError, OSError):
    """A data set is missing and cannot be downloaded, or its checksum is wrong."""


class UnknownWordError(Zero2VecError, KeyError):
    """A query word is not in the vocabulary.

    The message names the word and suggests close spellings from the vocabulary.
    """

    def __init__(self, word: str, vocabulary: Iterable[str] | None = None) -> None:
        self.word = word
        self.suggestions: list[str] = []
        if vocabulary is not None:
            words = list(vocabulary)
            folded = word.casefold()  # "King" -> "king" first, before spellings merely close
            same = [w for w in words if w.casefold() == folded and w != word][:3]
            close = difflib.get_close_matches(word, words, n=3)
            self.suggestions = (same + [w for w in close if w not in same])[:3]
        msg = f"word {word!r} is not in the vocabulary"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class UnknownAttributeError(Zero2VecError, KeyError):
    """A per-word attribute (gensim's ``get_vecattr``: ``"count"``, ...) that was never set."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class WorkerLostError(Zero2VecError, RuntimeError):
    """A distributed run's worker died more often than its ``max_restarts`` allows (a
    worker that keeps dying: out of memory, a node going away)."""


class MissingDependencyError(Zero2VecError, ImportError):
    """An optional package a feature needs is not installed; the message says what to install."""


class TrainingDivergedError(Zero2VecError, FloatingPointError):
    """The loss or the weights became NaN or inf during training."""


class TrainingInterrupted(Zero2VecError):
    """SIGINT/SIGTERM stopped training after a checkpoint was written.

    ``exit_code`` is 130 for SIGINT and 143 for SIGTERM, as shells report them.
    """

    def __init__(self, signum: int, checkpoint_path: object = None, doing: str = "training") -> None:
        import signal

        self.signum = signum
        self.exit_code = 128 + int(signum)
        self.checkpoint_path = checkpoint_path
        name = signal.Signals(signum).name
        where = f"; checkpoint written to {checkpoint_path}" if checkpoint_path else ""
        if checkpoint_path and doing != "training":
            where = f"; the finished run is in {checkpoint_path}: --resume it to write the outputs"
        super().__init__(f"{doing} interrupted by {name}{where}")


class MemoryLimitError(Zero2VecError, MemoryError):
    """An allocation would not fit in the available memory (checked before allocating)."""


class OutputError(Zero2VecError, OSError):
    """An output file or folder cannot be written where it was asked for."""


class CheckpointError(Zero2VecError, ValueError):
    """A checkpoint is corrupt, from another version or model, or does not fit this run."""


class ServeError(Zero2VecError, OSError):
    """``zero2vec serve`` cannot start: the port is taken, or a public address was asked
    for without ``--token`` or ``--insecure-public``."""
