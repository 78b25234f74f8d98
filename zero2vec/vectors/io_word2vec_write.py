"""Writing word2vec.c's vector formats, text and binary, with gensim's arguments.

``save_word2vec_format(wv, fname, fvocab, binary, total_vec, write_header, prefix,
append, sort_attr)``: gensim 4's signature and meaning, in its order. Writes are atomic
(an append too: the old file is copied into the new one, so a failure leaves the old
file), a block of records at a time (one block is converted, never the whole table).
Binary is word2vec.c's variant (each record followed by ``"\\n"``), which gensim and
word2vec.c's tools both read; the reader is :mod:`io_word2vec`.

This module knows ``WordVectors`` only as a type hint: it takes any object with
``index_to_key``, ``vectors`` and ``expandos`` (keyed.py forwards to it).
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from zero2vec._atomic import atomic_file
from zero2vec.errors import ConfigError, VectorFileError
from zero2vec.vectors.io_files import start_output
from zero2vec.vectors.io_vocab import write_vocab

if TYPE_CHECKING:
    from zero2vec.vectors.keyed import WordVectors


def check_writable_words(words: Sequence[str | None], fmt: str) -> None:
    """Raise VectorFileError if a word cannot be stored in a whitespace-separated format."""
    bad = re.compile(r"\s")
    for i, w in enumerate(words):
        if w is None:
            raise VectorFileError(f"row {i} has no word yet (a slot preallocated with count=); "
                                  f"the {fmt} format cannot store it")
        if not w or bad.search(w):
            raise VectorFileError(f"word {w!r} is empty or holds whitespace; the {fmt} format "
                                  f"cannot store it")


def _write_order(wv: WordVectors, sort_attr: str, fvocab: object) -> np.ndarray | None:
    """Rows in the order gensim writes them: by ``sort_attr`` descending, ties in row
    order; None (row order) where the attribute does not exist."""
    values = wv.expandos.get(sort_attr) if isinstance(sort_attr, str) else None
    if values is None:
        if fvocab is not None:
            raise ConfigError(f"cannot write fvocab: these vectors have no {sort_attr!r} attribute "
                              f"(load them with fvocab=, or set it with set_vecattr)")
        return None
    if values.dtype.kind not in "iuf":
        raise ConfigError(f"sort_attr={sort_attr!r} holds {values.dtype} values, not numbers")
    order = np.argsort(-values.astype(np.float64), kind="stable")
    return None if np.array_equal(order, np.arange(len(order))) else order


def _check_save_options(binary: object, total_vec: object, write_header: object, prefix: object,
                        append: object) -> None:
    for name, value in (("binary", binary), ("write_header", write_header), ("append", append)):
        if not isinstance(value, bool):
            hint = " (gensim's order is save_word2vec_format(fname, fvocab, binary, ...))" \
                if name == "binary" else ""
            raise ConfigError(f"{name} must be True or False, got {value!r}{hint}")
    if total_vec is not None and (isinstance(total_vec, bool) or not isinstance(total_vec, int)
                                  or total_vec < 0):
        raise ConfigError(f"total_vec must be a non-negative integer or None, got {total_vec!r}")
    if not isinstance(prefix, str):
        raise ConfigError(f"prefix must be a string, got {prefix!r}")


def save_word2vec_format(wv: WordVectors, fname: str | os.PathLike,
                         fvocab: str | os.PathLike | None = None, binary: bool = False,
                         total_vec: int | None = None, write_header: bool = True,
                         prefix: str = "", append: bool = False, sort_attr: str = "count",
                         progress: Callable[[int, int], None] | None = None) -> None:
    """Write ``wv`` in word2vec.c's format, atomically (gensim's arguments, in its order).

    Parameters
    ----------
    wv : WordVectors
    fname : path
    fvocab : path, optional
        Also write ``word value`` lines of ``sort_attr`` (word2vec.c's ``-save-vocab``
        with the default ``"count"``), in the same order.
    binary : bool
        Binary (float32 records, each followed by ``"\\n"``) or text (9 significant
        digits, 17 for float64 vectors: enough to read back the same numbers).
    total_vec : int, optional
        The word count the header claims (default: the number of vectors), for
        files that will have more vectors appended.
    write_header : bool
        False leaves out the header line (GloVe's layout; read with ``no_header=True``).
    prefix : str
        Put in front of every word (in ``fvocab`` too).
    append : bool
        Add to the end of ``fname`` (and ``fvocab``) instead of replacing it; the
        write stays atomic (the file is copied into the new one first).
    sort_attr : str
        Write the words by this attribute, descending (ties in row order), as gensim;
        in row order when the vectors have no such attribute.
    progress : callable(done, total), optional
        Called after each block of records.
    """
    _check_save_options(binary, total_vec, write_header, prefix, append)
    order = _write_order(wv, sort_attr, fvocab)
    words = wv.index_to_key if order is None else [wv.index_to_key[i] for i in order.tolist()]
    if prefix:
        words = [prefix + w if w is not None else w for w in words]
    check_writable_words(words, "word2vec")
    n, d = wv.vectors.shape
    if fvocab is not None:
        values = wv.expandos[sort_attr]
        write_vocab(fvocab, words, (values if order is None else values[order]).tolist(), append)
    with atomic_file(fname) as tmp, start_output(tmp, Path(fname), append) as f:
        if write_header:
            f.write(f"{n if total_vec is None else total_vec} {d}\n".encode())
        _write_records(f, wv.vectors, words, order, binary, progress)


def _write_records(f: BinaryIO, vectors: np.ndarray, words: Sequence[str], order: np.ndarray | None,
                   binary: bool, progress: Callable[[int, int], None] | None) -> None:
    """The records, a block at a time (bounded memory: one block is converted at once)."""
    n, d = vectors.shape
    wide = vectors.dtype == np.float64 and not binary
    fmt = " ".join(["%.17g" if wide else "%.9g"] * d)
    step = 8192  # records per write: bounded memory, few syscalls
    for s in range(0, n, step):
        e = min(s + step, n)
        rows = vectors[s:e] if order is None else vectors[order[s:e]]
        block = np.ascontiguousarray(rows, dtype="<f8" if wide else "<f4")
        if binary:
            flat = memoryview(block.reshape(-1).view(np.uint8))  # records sliced without copies
            width = 4 * d
            parts = []
            for j, w in enumerate(words[s:e]):
                parts += [w.encode("utf8"), b" ", flat[j * width:(j + 1) * width], b"\n"]
            f.write(b"".join(parts))
        else:
            f.write("".join(f"{w} {fmt % tuple(v)}\n" for w, v in zip(words[s:e], block.tolist()))
                    .encode("utf8"))
        if progress is not None:
            progress(e, n)
