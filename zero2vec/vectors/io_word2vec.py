"""word2vec.c's vector formats, text and binary, read (gensim's options).

Layout: a header line ``"<words> <dims>\n"``, then one record per word:

* text: ``word v1 v2 ... vD`` (space separated, a trailing space allowed), each
  line ending in ``"\n"`` (or ``"\r\n"``); GloVe's files are this without the
  header (``no_header=True``, as gensim 4 reads them: a first pass counts the lines);
* binary: ``word`` + ``" "`` + D little-endian float32, optionally followed by
  ``"\n"`` (word2vec.c writes it, gensim 4 does not; both are read).

Nothing is misread; each of these is a VectorFileError saying where: ``binary=`` (or
the file's name, see ``io.detect_format``) contradicting the first record; a header
whose word count does not match the records (``limit=N`` reads the first N and
leaves the rest unread, as gensim does); a truncation anywhere (a text file must end
with a line end; also an ``EOFError``, as gensim's); a word that is not valid in its
encoding under ``unicode_errors="strict"`` (also a ``UnicodeDecodeError``); NaN/inf
(in text, also numbers beyond the dtype's range) unless ``allow_nonfinite=True``,
which loads them with a warning. How records are read (and what a word with a space
does to them): :mod:`io_word2vec_records`.

Memory is bounded: the header is checked against the file size (a ``.gz`` against
the most its bytes can expand to) and the free memory before the array is allocated,
and records are read in blocks straight into it, so a load peaks at the array, its
words and one block. Duplicate words keep their first vector (as gensim). Loaded
vectors are writable. The writer is :mod:`io_word2vec_write`.

This module knows nothing of ``WordVectors``: readers return the vectors and the
words, which ``WordVectors.load_word2vec_format`` wraps (see keyed.py).
"""
from __future__ import annotations

import codecs
import io
import os
import struct
import warnings
from typing import BinaryIO

import numpy as np

from zero2vec.errors import ConfigError, VectorFileError
from zero2vec.vectors.io_files import (BLOCK, BlockReader, allocate, check_claim, check_finite,
                                       open_vector_file)
from zero2vec.vectors.io_word2vec_records import (MAX_WORD, bad_word, is_float, read_binary,
                                                  read_text)

# what a reader returns: the (n, d) vectors and the n words, in file order
Table = tuple[np.ndarray, list[str]]

_MAX_DIMS = 1 << 24
_SNIFF = 1 << 16     # bytes looked at to tell text from binary
_UNICODE_ERRORS = ("strict", "replace", "ignore", "backslashreplace", "surrogateescape")
_NUMBER_TEXT = bytes(range(0x20, 0x7F)) + b"\t\r"  # what the numbers of a text line are made of


def _check_options(binary: object, limit: int | None, encoding: str, unicode_errors: str,
                   allow_nonfinite: bool = False, datatype: object = np.float32) -> np.dtype:
    """ConfigError for a bad reading option; the dtype to read into."""
    if binary is not None and not isinstance(binary, bool):
        raise ConfigError(f"binary must be True, False or None (detect), got {binary!r} (gensim's "
                          f"order is load_word2vec_format(fname, fvocab, binary, ...))")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ConfigError(f"limit must be a non-negative integer or None, got {limit!r}")
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise ConfigError(f"unknown encoding {encoding!r}") from None
    if unicode_errors not in _UNICODE_ERRORS:
        raise ConfigError(f"unicode_errors must be one of {_UNICODE_ERRORS}, got {unicode_errors!r}")
    if not isinstance(allow_nonfinite, bool):
        raise ConfigError(f"allow_nonfinite must be True or False, got {allow_nonfinite!r}")
    try:
        dtype = np.dtype(datatype)
    except TypeError:
        dtype = None
    if dtype is None or dtype.kind != "f":
        raise ConfigError(f"datatype must be a float type (np.float16, np.float32, np.float64), "
                          f"got {datatype!r}")
    return dtype


FASTTEXT_MAGIC = struct.pack("<i", 793712314)  # the first 4 bytes of a fastText .bin model


def is_fasttext_bin(head: bytes) -> bool:
    """True if ``head`` starts as a fastText ``.bin`` model: its magic number, or (before
    fastText 0.2) straight away its 12 int32 arguments and a float64 ``t`` in range."""
    if head.startswith(FASTTEXT_MAGIC):
        return True
    if len(head) < 56:
        return False
    dim, ws, epoch, _, neg, ngrams, loss, model, _, minn, maxn, lr_update = \
        struct.unpack("<12i", head[:48])
    t = struct.unpack("<d", head[48:56])[0]
    return (0 < dim <= 1 << 16 and 0 < ws <= 1000 and epoch > 0 and neg >= 0 and ngrams > 0
            and 1 <= loss <= 4 and 1 <= model <= 3 and 0 <= minn <= maxn and lr_update > 0
            and 0 < t < 1)


def _not_a_header(data: bytes, name: str, why: str) -> VectorFileError:
    """The error for a first line that is no header, saying what the file seems to be."""
    if looks_headerless(data):
        return VectorFileError(f"{name}: line 1 is a word and its numbers, not the header "
                               f"'<words> <dims>': a GloVe file? pass no_header=True "
                               f"(zero2vec.vectors.load detects it)")
    return VectorFileError(f"{name}: {why} (not a word2vec file?)")


def _header(data: bytes, name: str) -> tuple[int, int, int]:
    """``(words, dims, offset of the first record)`` from the file's first bytes."""
    if not data:
        raise VectorFileError(f"{name}: file is empty")
    if data.startswith(FASTTEXT_MAGIC):
        raise VectorFileError(f"{name}: a fastText .bin model, not a word2vec file; load it with "
                              f"zero2vec.load_facebook_vectors (or vectors.io.load)")
    if is_fasttext_bin(data):
        raise VectorFileError(f"{name}: a fastText .bin model of the format before fastText 0.2 "
                              f"(no magic number), which is not supported; use its .vec file")
    end = data.find(b"\n", 0, 256)
    if end < 0:
        raise _not_a_header(data, name, "line 1 should be the header '<words> <dims>' but no "
                                        "line end within its first 256 bytes")
    parts = data[:end].split()
    try:
        if len(parts) != 2:
            raise ValueError
        n, d = int(parts[0]), int(parts[1])
    except ValueError:
        shown = data[:min(end, 60)].decode("ascii", "replace")
        raise _not_a_header(data, name, f"line 1 should be the header '<words> <dims>', got "
                                        f"{shown!r}") from None
    if n < 0 or not 1 <= d <= _MAX_DIMS:
        raise VectorFileError(f"{name}: line 1: implausible header ({n} words, {d} dims)")
    return n, d, end + 1


def looks_headerless(head: bytes) -> bool:
    """True if ``head`` starts as a text file without a header (GloVe's): line 1 is a
    word and at least one number, not two integers, and line 2 (if complete) holds as
    many fields."""
    lines = head.split(b"\n", 2)
    if len(lines) < 2:
        return False
    first = lines[0].rstrip().split(b" ")
    if len(first) < 2 or not all(is_float(x) for x in first[1:]):
        return False
    if len(first) == 2 and first[0].isdigit() and first[1].isdigit():
        return False  # '<words> <dims>': word2vec's header
    return len(lines) < 3 or not lines[1].strip() or len(lines[1].rstrip().split(b" ")) == len(first)


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
    if len(parts) == d + 1 and all(is_float(x) for x in parts[1:]):
        return False, True
    space = line.find(b" ")
    if space < 0:
        return False, False  # a lone word on the first line: text, with a wrong record
    if line[space + 1:space + 1 + 4 * d].translate(None, _NUMBER_TEXT):
        return True, True
    start = pos + space + 1
    return bool(head[start:start + 4 * d].translate(None, _NUMBER_TEXT + b"\n")), False


def _finish(rows: np.ndarray, words: list[str], name: str, binary: bool,
            allow_nonfinite: bool, first_line: int = 2) -> Table:
    """Drop duplicate words (the first vector of each is kept, as gensim), check finiteness."""
    keep = None
    if len(set(words)) != len(words):  # rare: found after the read, so no index is held during it
        first: dict[str, int] = {}
        keep = np.array([i for i, w in enumerate(words) if first.setdefault(w, i) == i], dtype=np.int64)
        step = max(1, (1 << 20) // max(rows.shape[1], 1))
        for s in range(0, len(keep), step):  # in place: keep[j] >= j, and a block's sources are copied first
            block = keep[s:s + step]
            rows[s:s + len(block)] = rows[block]
        warnings.warn(f"{name}: {len(words) - len(keep)} duplicate words; kept the first vector "
                      f"of each", stacklevel=4)
        rows, words = rows[:len(keep)], list(first)

    def where(row: int) -> str:
        record = int(keep[row]) if keep is not None else row
        return f"record {record + 1}" if binary else f"line {record + first_line}"
    check_finite(name, rows, words, allow_nonfinite, where,
                 "" if binary else f" (numbers beyond {rows.dtype}'s range read as inf)")
    return rows, words


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
                allow_nonfinite: bool = False, datatype: object = np.float32,
                header: tuple[int, int] | None = None) -> Table:
    """Read word2vec text or binary from the binary stream ``f`` (see :func:`read_word2vec_format`).

    ``header``: ``(words, dims)`` of a text stream that has no header line (the stream
    starts with the first record).
    """
    dtype = _check_options(binary, limit, encoding, unicode_errors, allow_nonfinite, datatype)
    r = BlockReader(f, name)
    r.fill(_SNIFF)
    if header is None:
        n, d, r.pos = _header(bytes(r.buf[:min(r.end, _SNIFF)]), name)
        binary = _check_variant(name, binary, bytes(r.buf[:min(r.end, r.pos + _SNIFF)]))
    else:
        (n, d), binary = header, False
    first_line = 2 if header is None else 1
    count = n if limit is None else min(n, limit)
    per_record = 4 * d + 1 if binary else 2 * d + 1  # the shortest: an empty word, 1-digit numbers
    check_claim(name, f"{count:,} words x {d} dims", r.pos + count * per_record, count * d * 4,
                r.bound, f)
    rows = allocate(name, count, d, "<f4" if binary else dtype)  # text: parsed straight into dtype
    if binary:
        words = read_binary(r, rows, n, encoding, unicode_errors, name)
    else:
        words = read_text(r, rows, n, encoding, unicode_errors, name, first_line)
    if limit is None and not r.only_space_left():
        at = f"byte {r.offset(r.pos)}" if binary else f"line {n + first_line}"
        raise VectorFileError(f"{name}: {at}: the header says {n} words but more records follow "
                              f"(the header under-counts its records"
                              f"{', or a word holds a space' if binary else ''})")
    if rows.dtype != dtype:
        with np.errstate(over="ignore"):  # beyond float16: inf, refused by _finish
            rows = rows.astype(dtype)
    return _finish(rows, words, name, binary, allow_nonfinite, first_line)


def count_records(f: BinaryIO, name: str, limit: int | None = None, encoding: str = "utf8",
                  unicode_errors: str = "strict") -> tuple[int, int]:
    """gensim's first pass over a text file without a header: ``(words, dims)``.

    Words are the lines up to the last that holds more than whitespace (at most
    ``limit``); dims are the numbers on line 1.
    """
    r = BlockReader(f, name)
    r.fill(_SNIFF)
    nl = r.buf.find(b"\n", 0, r.end)
    while nl < 0 and not r.eof and r.end <= MAX_WORD + 64 * (_MAX_DIMS + 1):
        r.fill(r.end + BLOCK)
        nl = r.buf.find(b"\n", 0, r.end)
    first = bytes(r.buf[:nl if nl >= 0 else r.end])
    if not first.strip():
        raise VectorFileError(f"{name}: line 1 is empty (no_header=True: the file should start "
                              f"with a word and its numbers)")
    try:
        d = len(first.decode(encoding, unicode_errors).rstrip().split(" ")) - 1
    except UnicodeDecodeError as e:
        raise bad_word(name, "line 1", encoding, e) from None
    if not 1 <= d <= _MAX_DIMS:
        raise VectorFileError(f"{name}: line 1 holds a word and {d} numbers (no_header=True: each "
                              f"line should be a word and its numbers)")
    lines = last = 0  # line ends seen; lines up to the last one holding more than whitespace
    while r.end > r.pos:
        kept = len(bytes(r.buf[r.pos:r.end]).rstrip())
        if kept:
            last = lines + r.buf.count(b"\n", r.pos, r.pos + kept) + 1
        lines += r.buf.count(b"\n", r.pos, r.end)
        if limit is not None and last >= limit:
            break
        r.pos = r.end
        r.fill(1)
    return (last if limit is None else min(last, limit)), d


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
                         unicode_errors: str = "strict", allow_nonfinite: bool = False,
                         datatype: object = np.float32, no_header: bool = False) -> Table:
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
    datatype : float type
        The dtype of the vectors (gensim's ``datatype``): text is parsed straight into
        it, binary float32 converted.
    no_header : bool
        The file is text without the header line (GloVe's files): a first pass counts
        its lines, as gensim's does.

    Returns
    -------
    vectors : np.ndarray
        ``datatype``, writable, one row per word.
    words : list of str
        Duplicate words keep their first vector (with a warning).

    Raises
    ------
    VectorFileError
        Missing, empty, truncated (also an ``EOFError``), corrupt or mislabelled file,
        a word not valid in ``encoding`` (also a ``UnicodeDecodeError``), a header that
        does not match the records, non-finite values; the message says where.
    MemoryLimitError
        The vectors the header claims do not fit in the available memory.
    """
    if not isinstance(no_header, bool):
        raise ConfigError(f"no_header must be True or False, got {no_header!r}")
    _check_options(binary, limit, encoding, unicode_errors, allow_nonfinite, datatype)
    header = None
    if no_header:
        if binary:
            raise ConfigError("no_header=True reads text files only (a binary file needs its "
                              "header, as in gensim)")
        with open_vector_file(path) as f:
            header = count_records(f, str(path), limit, encoding, unicode_errors)
    with open_vector_file(path) as f:
        return read_stream(f, str(path), binary, limit, encoding, unicode_errors, allow_nonfinite,
                           datatype, header)
