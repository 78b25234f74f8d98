"""What every vector-file reader shares: opening, bounded reading, checking what was read.

* :func:`open_vector_file` / :func:`read_bytes` / :func:`iter_lines`: a file
  (``.gz``/``.bz2`` decompressed on the fly); every failure (missing, a folder, unreadable, corrupt or truncated
  compressed data: ``zlib.error``, ``EOFError``, ``gzip.BadGzipFile``) is a one-line
  :class:`VectorFileError` naming the file (a truncated one also an ``EOFError``).
* :func:`start_output`: the temporary of an atomic write, holding the old file first
  when appending.
* :class:`BlockReader`: a stream read in blocks into one reused buffer, so a reader
  never holds the whole file, only the array it fills.
* :func:`size_bound` / :func:`check_claim`: the most bytes a stream can yield (a regular
  file's size; for gzip 1032 x the compressed size, deflate's largest expansion),
  checked against what a header claims before anything is allocated. Streams
  without a known size (pipes, devices, bz2) get no size check, only the memory check
  and the streamed read, which fails at the first bad record.
* :func:`check_finite`: NaN/inf refused unless ``allow_nonfinite`` (then a warning).

This module knows nothing of formats; the format modules build on it.
"""
from __future__ import annotations

import gzip
import io
import os
import shutil
import stat
import warnings
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

from zero2vec._memory import check_memory
from zero2vec.corpus.reader import compression_of, open_binary
from zero2vec.errors import CorpusError, VectorFileEOFError, VectorFileError

BLOCK = 1 << 20          # bytes read at a time
GZIP_MAX_RATIO = 1032    # deflate codes 258 bytes in 2 bits at best
# what a failed read raises: OSError (gzip.BadGzipFile, bz2's "Invalid data stream"),
# EOFError (a truncated .gz/.bz2), zlib.error (corrupt deflate data)
_READ_ERRORS = (OSError, EOFError, zlib.error)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def read_error(name: object, e: BaseException) -> VectorFileError:
    """The one-line error for a failed read of ``name``."""
    if isinstance(e, CorpusError):  # the opener's own message names the file and the offset
        return (VectorFileEOFError if isinstance(e, EOFError) else VectorFileError)(str(e))
    if isinstance(e, EOFError):
        return VectorFileEOFError(f"{name}: truncated compressed data ({_one_line(e)})")
    if isinstance(e, (zlib.error, gzip.BadGzipFile)):
        return VectorFileError(f"{name}: corrupt or truncated compressed data ({_one_line(e)})")
    why = e.strerror if isinstance(e, OSError) and e.strerror else _one_line(e)
    return VectorFileError(f"{name}: cannot be read ({why})")


def open_vector_file(path: str | os.PathLike) -> BinaryIO:
    """Open ``path`` for binary reading by the one input rule (:func:`~zero2vec.corpus.reader.open_binary`:
    a regular file or a stream; ``.gz``/``.bz2`` decompressed), its errors as VectorFileError."""
    p = Path(path)
    if p.is_dir():
        raise VectorFileError(f"{p}: is a folder, not a vector file")
    try:
        return open_binary(p)
    except CorpusError as e:
        raise VectorFileError(str(e)) from None


def read_bytes(path: str | os.PathLike, limit: int = -1) -> bytes:
    """The file's bytes (decompressed; only the first ``limit`` if given)."""
    with open_vector_file(path) as f:
        try:
            return f.read(limit)
        except (*_READ_ERRORS, CorpusError) as e:
            raise read_error(path, e) from None


def iter_lines(path: str | os.PathLike) -> Iterator[tuple[int, bytes]]:
    """``(line number, bytes)`` of each line of ``path`` (decompressed), read errors as
    :func:`read_error`."""
    with open_vector_file(path) as f:
        lines = enumerate(f, start=1)
        while True:
            try:
                item = next(lines, None)
            except _READ_ERRORS as e:
                raise read_error(path, e) from None
            if item is None:
                return
            yield item


def start_output(tmp: Path, path: Path, append: bool) -> BinaryIO:
    """The open temporary of an atomic write of ``path``: empty, or holding the current
    bytes of ``path`` first when ``append`` (so appending stays all-or-nothing)."""
    if append and path.is_file():
        shutil.copyfile(path, tmp)
    return open(tmp, "ab" if append else "wb")


def size_bound(f: BinaryIO) -> int | None:
    """The most bytes ``f`` can still yield, or None where that is unknown.

    Only regular files are measured (``os.fstat``); a pipe, a device or a bz2 stream
    gives None and is left to the streamed read and the memory check.
    """
    if isinstance(f, io.BytesIO):
        return len(f.getbuffer()) - f.tell()
    compression, raw = compression_of(f)
    if compression == "bz2":
        return None  # bzip2 expands far more than deflate: no useful bound
    ratio = GZIP_MAX_RATIO if compression == "gz" else 1
    try:
        st = os.fstat(raw.fileno())  # type: ignore[attr-defined]
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    if ratio == 1:
        try:
            return max(st.st_size - f.tell(), 0)
        except (OSError, ValueError):
            return None
    return st.st_size * ratio


def check_claim(name: object, what: str, needed: int, allocating: int, bound: int | None,
                f: BinaryIO) -> None:
    """Refuse a header whose ``what`` needs ``needed`` bytes the stream cannot hold.

    Only claims that would allocate more than a block (``allocating`` bytes) are
    checked: a smaller array costs nothing, and the streamed read then says exactly
    where such a file breaks.
    """
    if bound is None or needed <= bound or allocating <= BLOCK:
        return
    if compression_of(f)[0] == "gz":
        has = (f"{bound // GZIP_MAX_RATIO:,} bytes of gzip data expand to at most {bound:,} "
               f"(deflate expands at most {GZIP_MAX_RATIO}-fold)")
    else:
        has = f"the file has {bound:,}"
    raise VectorFileEOFError(f"{name}: file ends early: the header claims {what}, which need at "
                             f"least {needed:,} bytes but {has} (truncated, or the header is wrong)")


def allocate(name: object, n: int, d: int, dtype: str = "<f4") -> np.ndarray:
    """An uninitialised ``(n, d)`` array, after checking the memory it needs is there."""
    check_memory(n * d * np.dtype(dtype).itemsize, f"{name}: {n:,} x {d} vectors",
                 hint="pass limit= (CLI: --limit) to read only the first words")
    return np.empty((n, d), dtype=dtype)


class BlockReader:
    """A stream read in blocks into one reused buffer.

    ``buf[pos:end]`` holds the bytes not consumed yet; ``base`` is the stream offset
    of ``buf[0]``; ``bound`` is :func:`size_bound` of the stream before reading.
    Readers advance ``pos`` themselves and call :meth:`fill` when a record is not
    complete in the buffer.
    """

    def __init__(self, f: BinaryIO, name: object, capacity: int = BLOCK) -> None:
        self.bound = size_bound(f)  # measured before reading: the whole stream
        if self.bound is not None:
            capacity = min(capacity, self.bound + 1)  # a small file gets a small buffer
        self.f, self.name = f, name
        self.buf = bytearray(max(capacity, 64))
        self.pos = self.end = self.base = 0
        self.eof = False

    def offset(self, i: int) -> int:
        """The stream offset of ``buf[i]``."""
        return self.base + i

    def fill(self, need: int) -> bool:
        """Read until ``need`` bytes are unconsumed; False if the stream ends first.

        Moves the unconsumed bytes to the front (``pos`` becomes 0) and may grow the
        buffer, so callers must drop any memoryview of ``buf`` first.
        """
        while self.end - self.pos < need and not self.eof:
            tail = self.end - self.pos
            if self.pos:
                self.buf[:tail] = self.buf[self.pos:self.end]
                self.base += self.pos
                self.pos, self.end = 0, tail
            if len(self.buf) < need:
                self.buf.extend(bytes(max(need, 2 * len(self.buf)) - len(self.buf)))
            with memoryview(self.buf) as view:
                try:
                    got = self.f.readinto(view[self.end:])  # type: ignore[attr-defined]
                except (*_READ_ERRORS, CorpusError) as e:  # (the opener's: names the offset)
                    raise read_error(self.name, e) from None
            if not got:
                self.eof = True
            self.end += got or 0
        return self.end - self.pos >= need

    def only_space_left(self) -> bool:
        """Consume the rest of the stream; True if it holds only whitespace."""
        while True:
            if bytes(self.buf[self.pos:self.end]).strip():
                return False
            self.pos = self.end
            if not self.fill(1):
                return True


def nonfinite_rows(vectors: np.ndarray) -> np.ndarray:
    """Indices of the rows holding NaN or inf (checked in blocks: bounded temporaries)."""
    if vectors.dtype.kind not in "fc" or vectors.size == 0:
        return np.zeros(0, dtype=np.int64)
    step = max(1, (1 << 18) // max(vectors.shape[1], 1))
    bad = []
    for s in range(0, len(vectors), step):
        ok = np.isfinite(vectors[s:s + step])
        if not ok.all():
            bad.append(s + np.flatnonzero(~ok.all(axis=1)))
    return np.concatenate(bad) if bad else np.zeros(0, dtype=np.int64)


def check_finite(name: object, vectors: np.ndarray, words: Sequence[str], allow_nonfinite: bool,
                 where: Callable[[int], str] | None = None, note: str = "") -> None:
    """Refuse vectors holding NaN or inf, unless ``allow_nonfinite`` (then warn).

    ``where(row)`` says where a row is in the file (``"line 7"``); ``note`` adds why
    such values appear (text: numbers beyond float32's range read as inf).
    """
    bad = nonfinite_rows(vectors)
    if not bad.size:
        return
    first = int(bad[0])
    at = f"{where(first)}: " if where is not None else ""
    if not allow_nonfinite:
        raise VectorFileError(f"{name}: {at}the vector of {words[first]!r} holds NaN or inf{note}; "
                              f"pass allow_nonfinite=True (CLI: --allow-nonfinite) to load it anyway")
    many = f"{bad.size} vectors hold" if bad.size > 1 else "1 vector holds"
    warnings.warn(f"{name}: {many} NaN or inf (the first: {words[first]!r}); loaded anyway, as "
                  f"allow_nonfinite=True asks", UserWarning, stacklevel=4)
