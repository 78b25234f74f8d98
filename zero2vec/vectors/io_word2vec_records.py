"""The records of a word2vec.c file, binary and text, read in blocks into an array.

:mod:`io_word2vec` parses the header, picks the variant and calls one of the two
readers here; they fill a preallocated array from a :class:`~io_files.BlockReader`
and return the words. Every failure is a :class:`VectorFileError` that says where:
a file that ends early is also an ``EOFError`` (:class:`VectorFileEOFError`) and a
word that does not decode under ``unicode_errors="strict"`` also a
``UnicodeDecodeError`` (:class:`VectorFileUnicodeError`), the types gensim raises.

Binary words are read exactly as gensim 4.4 reads them: the bytes up to the first
space, leading ``"\\n"`` removed, control characters kept. word2vec.c ends each
record with ``"\\n"``, gensim does not; record 2 tells which. In word2vec.c's
variant a record that then does not start on a new line is misaligned (a word with
a space before it) and refused; in gensim's, a record that does start with
``"\\n"`` is a word with a leading line end, which gensim strips (and so do we).
"""
from __future__ import annotations

import numpy as np

from zero2vec.errors import VectorFileEOFError, VectorFileError, VectorFileUnicodeError
from zero2vec.vectors.io_files import BlockReader

MAX_WORD = 1 << 16  # bytes; word2vec.c stops at 100, so a longer "word" is a misread


def _fill_record(r: BlockReader, width: int, i: int, n: int, name: str) -> None:
    """Read until record ``i`` (its word, a space, ``width`` bytes) is in the buffer."""
    while True:
        space = r.buf.find(b" ", r.pos, min(r.end, r.pos + MAX_WORD + 1))
        if space >= 0:
            need = space + 1 + width - r.pos
            if need <= r.end - r.pos:
                return
        elif r.end - r.pos > MAX_WORD:
            raise VectorFileError(f"{name}: word {i + 1} of {n} (byte {r.offset(r.pos)}): no space "
                                  f"within {MAX_WORD:,} bytes (not a word2vec binary file?)")
        else:
            need = r.end - r.pos + 1
        if not r.fill(need):
            raise VectorFileEOFError(f"{name}: word {i + 1} of {n} (byte {r.offset(r.pos)}): file "
                                     f"ends early (truncated, or the header's word count is wrong)")


def _misaligned(name: str, i: int, n: int, offset: int) -> VectorFileError:
    return VectorFileError(
        f"{name}: word {i + 1} of {n} (byte {offset}): record 2 starts on a new line but this one "
        f"does not: a word with a space in the record before (the word2vec format cannot hold "
        f"one), or a corrupt file")


def bad_word(name: str, where: str, encoding: str, e: UnicodeDecodeError,
             space: bool = False) -> VectorFileUnicodeError:
    """The error for a word that is not valid ``encoding`` (``where``: "word 3 of 9 (byte 40)")."""
    why = ", a word with a space in the record before" if space else ""
    return VectorFileUnicodeError(
        f"{name}: {where}: the word is not valid {encoding} ({e.reason}): a corrupt file{why}, or "
        f"a word cut by word2vec.c (pass unicode_errors='replace' to accept those)", e)


def read_binary(r: BlockReader, rows: np.ndarray, n: int, encoding: str, errors: str,
                name: str) -> list[str]:
    """Read ``len(rows)`` binary records (float32) into ``rows``; their words."""
    width = 4 * rows.shape[1]
    words: list[str] = []
    newline = False  # records start on a new line (word2vec.c) or not (gensim): record 2 says
    buf, pos, end = r.buf, r.pos, r.end
    out, src = memoryview(rows.reshape(-1).view(np.uint8)), memoryview(buf)
    try:
        for i in range(len(rows)):
            space = buf.find(b" ", pos, end)
            if space < 0 or space + 1 + width > end or space - pos > MAX_WORD:
                src.release()
                r.pos = pos
                _fill_record(r, width, i, n, name)
                buf, pos, end, src = r.buf, r.pos, r.end, memoryview(r.buf)
                space = buf.find(b" ", pos, end)
            starts_line = buf[pos] == 10
            if i == 1:
                newline = starts_line
            elif i > 1 and newline and not starts_line:
                raise _misaligned(name, i, n, r.offset(pos))
            try:
                word = buf[pos:space].decode(encoding, errors)
            except UnicodeDecodeError as e:
                where = f"word {i + 1} of {n} (byte {r.offset(pos)})"
                raise bad_word(name, where, encoding, e, space=i > 0) from None
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


def _fill_line(r: BlockReader, max_line: int, i: int, n: int, name: str, first_line: int) -> int:
    """Read until record ``i`` (line ``i + first_line``) ends in the buffer; the index of
    its ``"\\n"``."""
    line = i + first_line
    while True:
        nl = r.buf.find(b"\n", r.pos, r.end)
        if nl >= 0:
            return nl
        if r.end - r.pos > max_line:
            raise VectorFileError(f"{name}: line {line}: longer than {max_line:,} bytes without a "
                                  f"line end (not a word2vec text file?)")
        if not r.fill(r.end - r.pos + 1):
            if r.end > r.pos:
                raise VectorFileEOFError(f"{name}: line {line}: the file ends inside this line, "
                                         f"with no line end (truncated? a complete word2vec text "
                                         f"file ends with a line end)")
            raise VectorFileEOFError(f"{name}: line {line}: file ends after {i} of {n} words "
                                     f"(truncated, or the header's word count is wrong)")


def is_float(s: str | bytes) -> bool:
    """True if ``float(s)`` parses."""
    try:
        float(s)
        return True
    except ValueError:
        return False


def read_text(r: BlockReader, rows: np.ndarray, n: int, encoding: str, errors: str,
              name: str, first_line: int = 2) -> list[str]:
    """Read ``len(rows)`` text records into ``rows`` (any float dtype); their words.

    ``first_line`` is the line number of the first record in messages (1 when the
    file has no header).
    """
    d = rows.shape[1]
    max_line = MAX_WORD + 64 * (d + 1)
    words: list[str] = []
    buf, pos, end = r.buf, r.pos, r.end
    with np.errstate(over="ignore"):  # beyond the dtype's range: inf, refused with its line afterwards
        for i in range(len(rows)):
            nl = buf.find(b"\n", pos, end)
            if nl < 0:
                r.pos = pos
                nl = _fill_line(r, max_line, i, n, name, first_line)
                buf, pos, end = r.buf, r.pos, r.end
            try:
                line = buf[pos:nl].decode(encoding, errors)
            except UnicodeDecodeError as e:
                raise VectorFileUnicodeError(
                    f"{name}: line {i + first_line}: the word is not valid {encoding} ({e.reason} at "
                    f"byte {e.start} of the line); pass unicode_errors='replace' to accept it", e) from None
            pos = nl + 1
            parts = line.rstrip().split(" ")
            if len(parts) != d + 1:
                raise VectorFileError(f"{name}: line {i + first_line}: expected a word and {d} "
                                      f"numbers, found {len(parts) - 1} numbers (wrong dims in the "
                                      f"header, or a binary file read as text?)")
            try:
                rows[i] = list(map(float, parts[1:]))  # Python's float() is faster than numpy's parser
            except ValueError:
                bad = next((p for p in parts[1:] if not is_float(p)), "?")
                raise VectorFileError(f"{name}: line {i + first_line}: {bad[:30]!r} is not a "
                                      f"number") from None
            words.append(parts[0])
    r.pos = pos
    return words
