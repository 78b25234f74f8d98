"""word2vec.c's vector formats, text and binary, read and written.

Layout: a header line ``"<words> <dims>\\n"``, then one record per word:

* text: ``word v1 v2 ... vD`` (space separated, a trailing space allowed);
* binary: ``word`` + ``" "`` + D little-endian float32, optionally followed by
  ``"\\n"`` (word2vec.c writes it, gensim 4 does not; both are read).

Readers parse bytes in memory and report where a file breaks (line, or record and
byte offset). Any byte string gives vectors or a :class:`VectorFileError` / another
:class:`Zero2VecError`: the header is checked against the file size before
allocating, so a lying header cannot exhaust memory. Duplicate words keep their
first vector (as gensim). Writers are atomic and write the word2vec.c binary variant
(newline after each vector), which gensim and word2vec.c's tools both read.

This module knows ``WordVectors`` only as a type hint: readers return the vectors and
the words, writers take any object with ``index_to_key``, ``vectors`` and ``counts``;
``WordVectors.load_word2vec_format`` wraps the reader (see keyed.py's module graph).
"""
from __future__ import annotations

import codecs
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from zero2vec.errors import ConfigError, VectorFileError
from zero2vec._atomic import atomic_file

if TYPE_CHECKING:
    from zero2vec.vectors.keyed import WordVectors

# what a reader returns: the (n, d) read-only float32 vectors and the n words, in file order
Table = tuple[np.ndarray, list[str]]

_MAX_DIMS = 1 << 24
_UNICODE_ERRORS = ("strict", "replace", "ignore", "backslashreplace", "surrogateescape")


def read_bytes(path: str | os.PathLike, limit: int = -1) -> bytes:
    """The file's bytes (gunzipped for ``.gz``/``.bz2``; the first ``limit`` if given),
    with VectorFileError on failure."""
    import bz2
    import gzip

    p = Path(path)
    if not p.exists():
        raise VectorFileError(f"{p}: no such file")
    if p.is_dir():
        raise VectorFileError(f"{p}: is a folder, not a vector file")
    try:
        if p.suffix == ".gz":
            with gzip.open(p, "rb") as f:
                return f.read(limit)
        if p.suffix == ".bz2":
            with bz2.open(p, "rb") as f:
                return f.read(limit)
        with open(p, "rb") as f:
            return f.read(limit)
    except (OSError, EOFError, ValueError) as e:
        raise VectorFileError(f"{p}: cannot be read ({e})") from None


def _check_options(limit: int | None, encoding: str, unicode_errors: str) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ConfigError(f"limit must be a non-negative integer or None, got {limit!r}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ConfigError(f"unknown encoding {encoding!r}") from None
    if unicode_errors not in _UNICODE_ERRORS:
        raise ConfigError(f"unicode_errors must be one of {_UNICODE_ERRORS}, got {unicode_errors!r}")


def _header(data: bytes, name: str) -> tuple[int, int, int]:
    """``(words, dims, offset of the first record)``."""
    if not data:
        raise VectorFileError(f"{name}: file is empty")
    end = data.find(b"\n", 0, 256)
    if end < 0:
        raise VectorFileError(f"{name}: line 1 should be the header '<words> <dims>' "
                              f"but no line end within its first 256 bytes (not a word2vec file?)")
    parts = data[:end].split()
    try:
        if len(parts) != 2:
            raise ValueError
        n, d = int(parts[0]), int(parts[1])
    except ValueError:
        shown = data[:min(end, 60)].decode("ascii", "replace")
        raise VectorFileError(f"{name}: line 1 should be the header '<words> <dims>', "
                              f"got {shown!r} (not a word2vec file?)") from None
    if n < 0 or not 1 <= d <= _MAX_DIMS:
        raise VectorFileError(f"{name}: line 1: implausible header ({n} words, {d} dims)")
    return n, d, end + 1


def looks_binary(data: bytes) -> bool:
    """Guess the variant from the first record: text if it is a word and numbers."""
    try:
        n, d, pos = _header(data, "")
    except VectorFileError:
        return False
    end = data.find(b"\n", pos)
    line = data[pos:end if end >= 0 else len(data)]
    try:
        parts = line.decode("utf8").rstrip().split(" ")
        if len(parts) != d + 1:
            return True
        [float(x) for x in parts[1:]]
        return False
    except (UnicodeDecodeError, ValueError):
        return True


def _decode(raw: bytes, encoding: str, errors: str, where: str) -> str:
    try:
        return raw.decode(encoding, errors)
    except UnicodeDecodeError as e:
        raise VectorFileError(f"{where}: the word is not valid {encoding} ({e.reason} at byte "
                              f"{e.start} of the word); pass unicode_errors='replace' to accept it"
                              ) from None


def parse_binary(data: bytes, limit: int | None = None, encoding: str = "utf8",
                 unicode_errors: str = "strict", name: str = "<bytes>") -> Table:
    """Parse word2vec binary bytes (either variant) into ``(vectors, words)``."""
    _check_options(limit, encoding, unicode_errors)
    n, d, pos = _header(data, name)
    if limit is not None:
        n = min(n, limit)
    width = 4 * d
    # never allocate more rows than the bytes left could hold
    rows = np.empty((min(n, (len(data) - pos) // (width + 1)), d), dtype="<f4")
    out = memoryview(rows.reshape(-1).view(np.uint8))  # records are copied in with memcpy
    src = memoryview(data)
    find = data.find
    words: list[str] = []
    i = 0
    try:
        for i in range(n):
            space = find(b" ", pos)
            if space < 0 or space + 1 + width > len(data) or i >= len(rows):
                raise VectorFileError(f"{name}: word {i + 1} of {n} (byte {pos}): file ends early "
                                      f"(truncated, or the header's word count is wrong)")
            raw = data[pos:space]
            if raw[:1] == b"\n":  # word2vec.c puts '\n' after each vector; gensim does not
                raw = raw.lstrip(b"\n")
            words.append(raw.decode(encoding, unicode_errors))
            out[i * width:(i + 1) * width] = src[space + 1:space + 1 + width]
            pos = space + 1 + width
    except UnicodeDecodeError as e:
        raise VectorFileError(f"{name}: word {i + 1} of {n} (byte {pos}): the word is not valid "
                              f"{encoding} ({e.reason}); pass unicode_errors='replace' to accept it"
                              ) from None
    finally:
        out.release()
        src.release()
    return _build(rows[:n], words, name)


def parse_text(data: bytes, limit: int | None = None, encoding: str = "utf8",
               unicode_errors: str = "strict", name: str = "<bytes>") -> Table:
    """Parse word2vec text bytes into ``(vectors, words)``."""
    _check_options(limit, encoding, unicode_errors)
    n, d, pos = _header(data, name)
    if limit is not None:
        n = min(n, limit)
    # a row needs at least 2 bytes per number: never allocate beyond what the file can hold
    rows = np.empty((min(n, data.count(b"\n", pos) + 1, (len(data) - pos) // (2 * d) + 1), d),
                    dtype=np.float32)
    words: list[str] = []
    for i in range(n):
        line_no = i + 2
        if pos >= len(data) or i >= len(rows):
            raise VectorFileError(f"{name}: line {line_no}: file ends after {i} of {n} words "
                                  f"(truncated, or the header's word count is wrong)")
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        line = _decode(data[pos:end], encoding, unicode_errors, f"{name}: line {line_no}")
        pos = end + 1
        parts = line.rstrip().split(" ")
        if len(parts) != d + 1:
            raise VectorFileError(f"{name}: line {line_no}: expected a word and {d} numbers, "
                                  f"found {len(parts) - 1} numbers (wrong dims in the header, "
                                  f"or a binary file read as text?)")
        try:
            rows[i] = list(map(float, parts[1:]))  # Python's float() is faster than numpy's parser
        except ValueError:
            bad = next((p for p in parts[1:] if not _is_float(p)), "?")
            raise VectorFileError(f"{name}: line {line_no}: {bad[:30]!r} is not a number") from None
        words.append(parts[0])
    return _build(rows[:n], words, name)


def _is_float(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def _build(vectors: np.ndarray, words: list[str], name: str) -> Table:
    seen: dict[str, int] = {}
    keep = [i for i, w in enumerate(words) if seen.setdefault(w, i) == i]
    if len(keep) != len(words):
        warnings.warn(f"{name}: {len(words) - len(keep)} duplicate words; kept the first vector "
                      f"of each", stacklevel=3)
        vectors, words = vectors[keep], [words[i] for i in keep]
    vectors.setflags(write=False)  # loaded vectors are read-only, so norms can be cached
    return vectors, words


def read_word2vec_format(path: str | os.PathLike, binary: bool | None = None,
                         limit: int | None = None, encoding: str = "utf8",
                         unicode_errors: str = "strict") -> Table:
    """Read a word2vec.c text or binary file (``.gz``/``.bz2`` too).

    Parameters
    ----------
    path : path
    binary : bool, optional
        ``None`` detects the variant from the first record.
    limit : int, optional
        Read only the first ``limit`` words (the most frequent, by convention).
    encoding, unicode_errors : str
        How words are decoded; word2vec.c may cut a multi-byte character at its
        100-byte word limit, which ``unicode_errors="replace"`` tolerates.

    Returns
    -------
    vectors : np.ndarray
        Read-only float32, one row per word.
    words : list of str
        Duplicate words keep their first vector (with a warning).

    Raises
    ------
    VectorFileError
        Missing, empty, truncated or corrupt file; the message says where.
    """
    data = read_bytes(path)
    if binary is None:
        binary = looks_binary(data)
    parse = parse_binary if binary else parse_text
    return parse(data, limit=limit, encoding=encoding, unicode_errors=unicode_errors, name=str(path))


def check_writable_words(words: list[str], fmt: str) -> None:
    """Raise VectorFileError if a word cannot be stored in a whitespace-separated format."""
    bad = re.compile(r"\s")
    for w in words:
        if not w or bad.search(w):
            raise VectorFileError(f"word {w!r} is empty or holds whitespace; the {fmt} format "
                                  f"cannot store it")


def save_word2vec_format(wv: WordVectors, path: str | os.PathLike, binary: bool = False,
                         fvocab: str | os.PathLike | None = None,
                         progress: Callable[[int, int], None] | None = None) -> None:
    """Write ``wv`` in word2vec.c's format, atomically.

    Parameters
    ----------
    wv : WordVectors
    path : path
    binary : bool
        Binary (float32 records, each followed by ``"\\n"``) or text (9 significant
        digits, enough to read back the same float32).
    fvocab : path, optional
        Also write ``word count`` lines (word2vec.c's ``-save-vocab``), if counts are known.
    progress : callable(done, total), optional
        Called after each block of records.
    """
    words = wv.index_to_key
    check_writable_words(words, "word2vec")
    vecs = np.ascontiguousarray(wv.vectors, dtype="<f4")
    n, d = vecs.shape
    with atomic_file(path) as tmp, open(tmp, "wb") as f:
        f.write(f"{n} {d}\n".encode())
        if binary:
            flat = memoryview(vecs.tobytes())
            width = 4 * d
            step = 8192  # records per write: bounded memory, few syscalls
            for s in range(0, n, step):
                parts = []
                for i in range(s, min(s + step, n)):
                    parts += [words[i].encode("utf8"), b" ", flat[i * width:(i + 1) * width], b"\n"]
                f.write(b"".join(parts))
                if progress is not None:
                    progress(min(s + step, n), n)
        else:
            fmt = " ".join(["%.9g"] * d)
            for s in range(0, n, 8192):
                block = [f"{words[i]} {fmt % tuple(vecs[i].tolist())}\n" for i in range(s, min(s + 8192, n))]
                f.write("".join(block).encode("utf8"))
                if progress is not None:
                    progress(min(s + 8192, n), n)
    if fvocab is not None:
        if wv.counts is None:
            raise VectorFileError("no word counts to write to fvocab (these vectors have none)")
        with atomic_file(fvocab) as tmp:
            tmp.write_text("".join(f"{w} {c}\n" for w, c in zip(words, wv.counts.tolist())),
                           encoding="utf8")
