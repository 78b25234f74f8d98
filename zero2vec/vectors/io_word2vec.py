"""word2vec.c's vector formats, text and binary, read and written.

Layout: a header line ``"<words> <dims>\n"``, then one record per word:

* text: ``word v1 v2 ... vD`` (space separated, a trailing space allowed), each
  line ending in ``"\n"`` (or ``"\r\n"``);
* binary: ``word`` + ``" "`` + D little-endian float32, optionally followed by
  ``"\n"`` (word2vec.c writes it, gensim 4 does not; both are read).

Nothing is misread; each of these is a VectorFileError saying where: ``binary=`` (or
the file's name, see ``io.detect_format``) contradicting the first record; a header
whose word count does not match the records (``limit=N`` reads the first N and
leaves the rest unread, as gensim does); a truncation anywhere (a text file must end
with a line end); NaN/inf (in text, also numbers beyond float32's range) unless
``allow_nonfinite=True``, which loads them with a warning. Binary words are read
exactly as gensim 4.4 reads them: the bytes up to the first space, leading ``"\n"``
removed, control characters kept. A word that held a space cannot be read back by
anyone (gensim silently misaligns what follows): in word2vec.c's variant the next
record then does not start on a new line and is refused; in gensim's, the next word
starts with vector bytes, which ``unicode_errors="strict"`` refuses as invalid UTF-8.

Memory is bounded: the header is checked against the file size (a ``.gz`` against
the most its bytes can expand to) and the free memory before the array is allocated,
and records are read in blocks straight into it, so a load peaks at the array, its
words and one block. Duplicate words keep their first vector (as gensim). Writers
are atomic and write the word2vec.c binary variant, which gensim and word2vec.c's
tools both read.

This module knows ``WordVectors`` only as a type hint: readers return the vectors and
the words, writers take any object with ``index_to_key``, ``vectors`` and ``counts``;
``WordVectors.load_word2vec_format`` wraps the reader (see keyed.py's module graph).
"""
from __future__ import annotations

import codecs
import io
import os
import re
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from zero2vec.errors import ConfigError, VectorFileError
from zero2vec._atomic import atomic_file
from zero2vec.vectors.io_files import (BlockReader, allocate, check_claim, check_finite,
                                       open_vector_file)

if TYPE_CHECKING:
    from zero2vec.vectors.keyed import WordVectors

# what a reader returns: the (n, d) read-only float32 vectors and the n words, in file order
Table = tuple[np.ndarray, list[str]]

_MAX_DIMS = 1 << 24
_MAX_WORD = 1 << 16  # bytes; word2vec.c stops at 100, so a longer "word" is a misread
_SNIFF = 1 << 16     # bytes looked at to tell text from binary
_UNICODE_ERRORS = ("strict", "replace", "ignore", "backslashreplace", "surrogateescape")
_NUMBER_TEXT = bytes(range(0x20, 0x7F)) + b"\t\r"  # what the numbers of a text line are made of


def _check_options(limit: int | None, encoding: str, unicode_errors: str,
                   allow_nonfinite: bool = False) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ConfigError(f"limit must be a non-negative integer or None, got {limit!r}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ConfigError(f"unknown encoding {encoding!r}") from None
    if unicode_errors not in _UNICODE_ERRORS:
        raise ConfigError(f"unicode_errors must be one of {_UNICODE_ERRORS}, got {unicode_errors!r}")
    if not isinstance(allow_nonfinite, bool):
        raise ConfigError(f"allow_nonfinite must be True or False, got {allow_nonfinite!r}")


def _header(data: bytes, name: str) -> tuple[int, int, int]:
    """``(words, dims, offset of the first record)`` from the file's first bytes."""
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


def _is_float(s: str | bytes) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def sniff(head: bytes) -> tuple[bool | None, bool]:
    """Tell binary from text by the first record: ``(binary, certain)``.

    ``binary`` is None when there is no record to tell by. ``certain``: the first
    line is a word and D numbers (text), or raw bytes no number is written with
    follow the first word (binary). Otherwise the guess is binary if control bytes
    follow the first word within the record's 4 x D bytes.
    """
    try:
        _, d, pos = _header(head, "")
    except VectorFileError:
        return None, False
    if pos >= len(head):
        return None, False
    nl = head.find(b"\n", pos)
    line = head[pos:nl if nl >= 0 else len(head)]
    parts = line.rstrip().split(b" ")
    if len(parts) == d + 1 and all(_is_float(x) for x in parts[1:]):
        return False, True
    space = line.find(b" ")
    if space < 0:
        return False, False  # a lone word on the first line: text, with a wrong record
    if line[space + 1:space + 1 + 4 * d].translate(None, _NUMBER_TEXT):
        return True, True
    start = pos + space + 1
    return bool(head[start:start + 4 * d].translate(None, _NUMBER_TEXT + b"\n")), False


def _finish(rows: np.ndarray, words: list[str], name: str, binary: bool,
            allow_nonfinite: bool) -> Table:
    """Drop duplicate words (the first vector of each is kept, as gensim), check finiteness."""
    keep = None
    if len(set(words)) != len(words):  # rare: found after the read, so no index is held during it
        first: dict[str, int] = {}
        keep = np.array([i for i, w in enumerate(words) if first.setdefault(w, i) == i], dtype=np.int64)
        step = max(1, (1 << 20) // max(rows.shape[1], 1))
        for s in range(0, len(keep), step):  # in place: keep[j] >= j, and a block's sources are copied first
            rows[s:s + step] = rows[keep[s:s + step]]
        warnings.warn(f"{name}: {len(words) - len(keep)} duplicate words; kept the first vector "
                      f"of each", stacklevel=4)
        rows, words = rows[:len(keep)], list(first)

    def where(row: int) -> str:
        record = int(keep[row]) if keep is not None else row
        return f"record {record + 1}" if binary else f"line {record + 2}"
    check_finite(name, rows, words, allow_nonfinite, where,
                 "" if binary else " (numbers beyond float32's range read as inf)")
    rows.setflags(write=False)  # loaded vectors are read-only, so norms can be cached
    return rows, words


def _fill_record(r: BlockReader, width: int, i: int, n: int, name: str) -> None:
    """Read until record ``i`` (its word, a space, ``width`` bytes) is in the buffer."""
    while True:
        space = r.buf.find(b" ", r.pos, min(r.end, r.pos + _MAX_WORD + 1))
        if space >= 0:
            need = space + 1 + width - r.pos
            if need <= r.end - r.pos:
                return
        elif r.end - r.pos > _MAX_WORD:
            raise VectorFileError(f"{name}: word {i + 1} of {n} (byte {r.offset(r.pos)}): no space "
                                  f"within {_MAX_WORD:,} bytes (not a word2vec binary file?)")
        else:
            need = r.end - r.pos + 1
        if not r.fill(need):
            raise VectorFileError(f"{name}: word {i + 1} of {n} (byte {r.offset(r.pos)}): file ends "
                                  f"early (truncated, or the header's word count is wrong)")


def _misaligned(name: str, i: int, n: int, offset: int, newline: bool) -> VectorFileError:
    return VectorFileError(
        f"{name}: word {i + 1} of {n} (byte {offset}): record 2 {'starts' if newline else 'does not start'}"
        f" on a new line but this one {'does not' if newline else 'does'}: a word with a space in the "
        f"record before (the word2vec format cannot hold one), or a corrupt file")


def _bad_word(name: str, i: int, n: int, offset: int, encoding: str, e: UnicodeDecodeError) -> VectorFileError:
    space = ", a word with a space in the record before" if i else ""
    return VectorFileError(f"{name}: word {i + 1} of {n} (byte {offset}): the word is not valid "
                           f"{encoding} ({e.reason}): a corrupt file{space}, or a word cut by "
                           f"word2vec.c (pass unicode_errors='replace' to accept those)")


def _read_binary(r: BlockReader, rows: np.ndarray, n: int, encoding: str, errors: str,
                 name: str) -> list[str]:
    """Read ``len(rows)`` binary records into ``rows``; their words."""
    width = 4 * rows.shape[1]
    words: list[str] = []
    newline = False  # records start on a new line (word2vec.c) or not (gensim): record 2 says
    buf, pos, end = r.buf, r.pos, r.end
    out, src = memoryview(rows.reshape(-1).view(np.uint8)), memoryview(buf)
    try:
        for i in range(len(rows)):
            space = buf.find(b" ", pos, end)
            if space < 0 or space + 1 + width > end or space - pos > _MAX_WORD:
                src.release()
                r.pos = pos
                _fill_record(r, width, i, n, name)
                buf, pos, end, src = r.buf, r.pos, r.end, memoryview(r.buf)
                space = buf.find(b" ", pos, end)
            starts_line = buf[pos] == 10
            if i == 1:
                newline = starts_line
            elif i > 1 and starts_line != newline:
                raise _misaligned(name, i, n, r.offset(pos), newline)
            try:
                word = buf[pos:space].decode(encoding, errors)
            except UnicodeDecodeError as e:
                raise _bad_word(name, i, n, r.offset(pos), encoding, e) from None
            if starts_line:
                word = word.lstrip("\n")  # as gensim
            words.append(word)
            pos = space + 1 + width
            out[i * width:(i + 1) * width] = src[space + 1:pos]
    finally:
        src.release()
        out.release()
    r.pos = pos
    return words


def _fill_line(r: BlockReader, max_line: int, i: int, n: int, name: str) -> int:
    """Read until line ``i + 2`` ends in the buffer; the index of its ``"\\n"``."""
    while True:
        nl = r.buf.find(b"\n", r.pos, r.end)
        if nl >= 0:
            return nl
        if r.end - r.pos > max_line:
            raise VectorFileError(f"{name}: line {i + 2}: longer than {max_line:,} bytes without a "
                                  f"line end (not a word2vec text file?)")
        if not r.fill(r.end - r.pos + 1):
            if r.end > r.pos:
                raise VectorFileError(f"{name}: line {i + 2}: the file ends inside this line, with no "
                                      f"line end (truncated? a complete word2vec text file ends "
                                      f"with a line end)")
            raise VectorFileError(f"{name}: line {i + 2}: file ends after {i} of {n} words "
                                  f"(truncated, or the header's word count is wrong)")


def _read_text(r: BlockReader, rows: np.ndarray, n: int, encoding: str, errors: str,
               name: str) -> list[str]:
    """Read ``len(rows)`` text records into ``rows``; their words."""
    d = rows.shape[1]
    max_line = _MAX_WORD + 64 * (d + 1)
    words: list[str] = []
    buf, pos, end = r.buf, r.pos, r.end
    with np.errstate(over="ignore"):  # beyond float32: inf, refused with its line afterwards
        for i in range(len(rows)):
            nl = buf.find(b"\n", pos, end)
            if nl < 0:
                r.pos = pos
                nl = _fill_line(r, max_line, i, n, name)
                buf, pos, end = r.buf, r.pos, r.end
            try:
                line = buf[pos:nl].decode(encoding, errors)
            except UnicodeDecodeError as e:
                raise VectorFileError(f"{name}: line {i + 2}: the word is not valid {encoding} "
                                      f"({e.reason} at byte {e.start} of the line); pass "
                                      f"unicode_errors='replace' to accept it") from None
            pos = nl + 1
            parts = line.rstrip().split(" ")
            if len(parts) != d + 1:
                raise VectorFileError(f"{name}: line {i + 2}: expected a word and {d} numbers, "
                                      f"found {len(parts) - 1} numbers (wrong dims in the header, "
                                      f"or a binary file read as text?)")
            try:
                rows[i] = list(map(float, parts[1:]))  # Python's float() is faster than numpy's parser
            except ValueError:
                bad = next((p for p in parts[1:] if not _is_float(p)), "?")
                raise VectorFileError(f"{name}: line {i + 2}: {bad[:30]!r} is not a number") from None
            words.append(parts[0])
    r.pos = pos
    return words


def _check_variant(name: str, binary: bool | None, head: bytes) -> bool:
    """The variant to read: ``binary`` if given and not contradicted by the content."""
    found, certain = sniff(head)
    if binary is None:
        return bool(found)
    if certain and found != binary:
        holds = "binary (raw bytes follow its first word)" if found else \
            "text (its first record is a word and numbers)"
        raise VectorFileError(f"{name}: binary={binary} but the file holds word2vec {holds}; pass "
                              f"binary={not binary}, or binary=None to detect it")
    return binary


def read_stream(f: BinaryIO, name: str, binary: bool | None = None, limit: int | None = None,
                encoding: str = "utf8", unicode_errors: str = "strict",
                allow_nonfinite: bool = False) -> Table:
    """Read word2vec text or binary from the binary stream ``f`` (see :func:`read_word2vec_format`)."""
    _check_options(limit, encoding, unicode_errors, allow_nonfinite)
    r = BlockReader(f, name)
    r.fill(_SNIFF)
    n, d, r.pos = _header(bytes(r.buf[:min(r.end, 256)]), name)
    binary = _check_variant(name, binary, bytes(r.buf[:min(r.end, r.pos + _SNIFF)]))
    count = n if limit is None else min(n, limit)
    per_record = 4 * d + 1 if binary else 2 * d + 1  # the shortest: an empty word, 1-digit numbers
    check_claim(name, f"{count:,} words x {d} dims", r.pos + count * per_record, count * d * 4,
                r.bound, f)
    rows = allocate(name, count, d)
    read = _read_binary if binary else _read_text
    words = read(r, rows, n, encoding, unicode_errors, name)
    if limit is None and not r.only_space_left():
        at = f"byte {r.offset(r.pos)}" if binary else f"line {n + 2}"
        raise VectorFileError(f"{name}: {at}: the header says {n} words but more records follow "
                              f"(the header under-counts its records"
                              f"{', or a word holds a space' if binary else ''})")
    return _finish(rows, words, name, binary, allow_nonfinite)


def parse_binary(data: bytes, limit: int | None = None, encoding: str = "utf8",
                 unicode_errors: str = "strict", name: str = "<bytes>",
                 allow_nonfinite: bool = False) -> Table:
    """Parse word2vec binary bytes (either variant) into ``(vectors, words)``."""
    return read_stream(io.BytesIO(data), name, True, limit, encoding, unicode_errors, allow_nonfinite)


def parse_text(data: bytes, limit: int | None = None, encoding: str = "utf8",
               unicode_errors: str = "strict", name: str = "<bytes>",
               allow_nonfinite: bool = False) -> Table:
    """Parse word2vec text bytes into ``(vectors, words)``."""
    return read_stream(io.BytesIO(data), name, False, limit, encoding, unicode_errors, allow_nonfinite)


def read_word2vec_format(path: str | os.PathLike, binary: bool | None = None,
                         limit: int | None = None, encoding: str = "utf8",
                         unicode_errors: str = "strict", allow_nonfinite: bool = False) -> Table:
    """Read a word2vec.c text or binary file (``.gz``/``.bz2`` too).

    Parameters
    ----------
    path : path
    binary : bool, optional
        ``None`` detects the variant from the first record; True or False is checked
        against it (a text file read with ``binary=True`` is refused).
    limit : int, optional
        Read only the first ``limit`` words (the most frequent, by convention); the
        rest of the file is left unread, as gensim does.
    encoding, unicode_errors : str
        How words are decoded; word2vec.c may cut a multi-byte character at its
        100-byte word limit, which ``unicode_errors="replace"`` tolerates.
    allow_nonfinite : bool
        Load vectors holding NaN or inf (with a warning) instead of refusing them.

    Returns
    -------
    vectors : np.ndarray
        Read-only float32, one row per word.
    words : list of str
        Duplicate words keep their first vector (with a warning).

    Raises
    ------
    VectorFileError
        Missing, empty, truncated, corrupt or mislabelled file, a header that does not
        match the records, non-finite values; the message says where.
    MemoryLimitError
        The vectors the header claims do not fit in the available memory.
    """
    with open_vector_file(path) as f:
        return read_stream(f, str(path), binary, limit, encoding, unicode_errors, allow_nonfinite)


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
            flat = memoryview(vecs.reshape(-1).view(np.uint8))  # no copy of the table
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
