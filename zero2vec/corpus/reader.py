"""Reading corpus files: one sentence per line, tokens separated by whitespace.

Encoding policy: files are decoded as UTF-8 (``encoding``) with ``errors="strict"``
by default, so a bad byte stops the run with its byte offset instead of silently
becoming garbage; pass ``errors="replace"`` or ``"ignore"`` to accept such files.
``.gz`` and ``.bz2`` files are decompressed on the fly. Lines are read in bounded
pieces, so a single 100 MB line without a newline is streamed, not loaded whole, and
sentences longer than ``max_sentence_length`` are split into chunks, never truncated.
Corrupt compressed data is a CorpusError naming the file and the offset, and a
decompression "bomb" streams in blocks like any file.

What is read (:func:`open_binary`): regular files, and streams read once as they
come (a pipe, a named FIFO, ``"-"`` for stdin), which every trainer's single
vocabulary pass can use; a second pass over a stream is a CorpusError. Devices
(``/dev/zero`` never ends), sockets and directories are refused, and a named FIFO
with no writer is refused instead of waited on forever.

This module is the one place corpus text is opened and decoded, and
:data:`WHITESPACE` the one definition of what separates tokens (``str.split``'s),
which the tokenised-corpus cache and the compiled file scan use too.
"""
from __future__ import annotations

import bz2
import codecs
import gzip
import hashlib
import io
import os
import select
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from zero2vec._checks import STDIN, check_positive_int, input_kind
from zero2vec.errors import ConfigError, CorpusEOFError, CorpusError

ERROR_POLICIES = ("strict", "replace", "ignore")
_BLOCK = 1 << 22     # bytes read at a time
_MAX_LINE = 1 << 24  # a line longer than this is handed on in pieces (bounded memory)
# Every character str.split() splits at (newline included): what separates tokens.
# tests/corpus/test_reader.py checks it against str.isspace over all of Unicode.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
              + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000")
_UTF8_SPACES = tuple(c.encode("utf-8") for c in WHITESPACE if c != "\n")
# (ASCII bytes are never part of a multi-byte character in an ASCII-compatible encoding)
_ASCII_SPACES = tuple(b for b in _UTF8_SPACES if len(b) == 1)
_OPENERS = {".gz": lambda f, mode: gzip.GzipFile(fileobj=f, mode=mode), ".bz2": bz2.BZ2File}


_WRITER_GRACE = 1.0  # seconds a named pipe's writer has to connect (it may start with us)
_stdin_taken = False  # stdin is read once per process


class _Source(io.RawIOBase):
    """The raw bytes of an input: ``head`` (taken from a pipe already), then ``f``'s.

    A read error, or a decompressor's complaint (``zlib.error``, ``EOFError``,
    ``OSError``), becomes a one-line CorpusError naming the file and the offset,
    whoever reads it. ``raw``: the compressed file under ``f``, to say where in it.
    """

    def __init__(self, f, path: Path, raw=None, head: bytes = b"") -> None:
        super().__init__()
        self._f, self._path, self._raw, self._head = f, path, raw, head
        self._pos = 0  # bytes handed on
        self.compression = path.suffix[1:].lower() if raw is not None else None

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n], self._head = self._head[:n], self._head[n:]
        else:
            n = self._call(self._f.readinto, b)
        self._pos += n
        return n

    def read(self, size: int = -1) -> bytes:
        """Straight from ``f`` (no copy through a buffer: a decompressor reads in blocks)."""
        if self._head:
            return super().read(size)
        data = self._call(self._f.read, size)
        self._pos += len(data)
        return data

    def _call(self, method, arg):
        """``method(arg)`` on ``f``, a failure becoming the one-line CorpusError."""
        try:
            return method(arg)
        except (OSError, EOFError, zlib.error) as e:
            error = CorpusEOFError if isinstance(e, EOFError) else CorpusError
            raise error(f"{self._path}: {self._where()} ({e})") from None

    def _where(self) -> str:
        if self._raw is None:
            return f"cannot be read at byte offset {self._pos}"
        try:
            at = f"near byte offset {self._raw.tell()} of the file"
        except (OSError, ValueError):  # (a pipe has no position)
            at = f"after {self._pos} bytes of text"
        return f"corrupt or truncated {self._path.suffix[1:].lower()} data {at}"

    def close(self) -> None:
        if not self.closed:
            self._f.close()
        super().close()


def _readable(fd: int, seconds: float) -> bool:
    """Whether ``fd`` has data or an end to read within ``seconds`` (poll: any fd number)."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(seconds * 1000))
    return bool(select.select([fd], [], [], seconds)[0])


def _open_pipe(p: Path):
    """A named pipe, opened without waiting for a writer (a plain open would wait forever).

    A writer that is already there, or connects within ``_WRITER_GRACE`` seconds, is
    read as any stream; with none, the pipe is refused.
    """
    fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        head = b""
        if not _readable(fd, _WRITER_GRACE):
            try:
                head = os.read(fd, _BLOCK)  # b"": no writer; data: it just wrote
                if not head:
                    raise CorpusError(f"{p}: a named pipe with no process writing to it (start "
                                      "the writer first, or give a file)")
            except BlockingIOError:
                pass  # a writer is there and has not written yet
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return _Source(open(fd, "rb", buffering=0), p, head=head)


def _open_stdin():
    global _stdin_taken
    if _stdin_taken:
        raise CorpusError(f"{STDIN}: stdin was read already (it can be read once); save the "
                          "corpus to a file to read it again")
    _stdin_taken = True
    return _Source(open(os.dup(sys.stdin.fileno()), "rb", buffering=0), Path(STDIN))


def open_binary(path: str | os.PathLike, buffer_size: int = 1 << 16):
    """Open ``path`` for binary reading (decompressing ``.gz`` and ``.bz2``), with clear errors.

    The rule for inputs (:func:`zero2vec._checks.input_kind`): a regular file; or a
    stream, read once as it comes: a pipe, a named FIFO (refused when nothing writes
    to it), or ``"-"`` for stdin. Devices, sockets and directories are CorpusErrors.
    Corrupt compressed data raises CorpusError (the file and the offset) when read.
    ``buffer_size``: the read-ahead of a stream or a decompressor; small, since every
    reader here reads in blocks of its own (a second 4 MB buffer cost the vocabulary
    pass 11 MB at its peak).
    """
    p = Path(path)
    if input_kind(p) == "stream":  # (buffered: reads of a block come back whole)
        f = io.BufferedReader(_open_stdin() if os.fspath(path) == STDIN else _open_pipe(p),
                              buffer_size)
    else:
        try:
            f = open(p, "rb")
        except OSError as e:
            raise CorpusError(f"{p}: cannot be read ({e.strerror})") from None
    opener = _OPENERS.get(p.suffix.lower())
    if opener is None:
        return f
    return _Source(opener(f, "rb"), p, raw=f)  # (the decompressor buffers already)


def compression_of(f) -> tuple[str | None, object]:
    """What :func:`open_binary` returned: its compression (``"gz"``, ``"bz2"`` or None) and
    the file under the decompressor (``f`` itself when there is none)."""
    src = f if isinstance(f, _Source) else getattr(f, "raw", None)
    if isinstance(src, _Source) and src.compression is not None:
        return src.compression, src._raw
    return None, f


def file_digest(path: str | os.PathLike) -> str:
    """blake2b (160 bits) of a regular file's bytes as stored (``.gz`` not decompressed),
    read in 1 MB blocks: what identifies its content."""
    h = hashlib.blake2b(digest_size=20)
    buf = bytearray(1 << 20)
    view = memoryview(buf)
    try:
        with open(path, "rb", buffering=0) as f:
            while n := f.readinto(buf):
                h.update(view[:n])
    except OSError as e:
        raise CorpusError(f"{path}: cannot be read ({e.strerror})") from None
    return h.hexdigest()


def _safe_cut(data: bytes, utf8: bool, path) -> int:
    """Where to cut an overlong line: after its last whitespace, else before a UTF-8 character.

    Any of :data:`WHITESPACE` counts (in UTF-8; in other encodings only the ASCII ones,
    whose bytes cannot be part of a multi-byte character), so no token is cut in two.
    """
    cut = 0
    for c in _UTF8_SPACES if utf8 else _ASCII_SPACES:
        i = data.rfind(c)
        if i >= 0:
            cut = max(cut, i + len(c))
    if cut > 0:
        return cut
    if not utf8:
        raise CorpusError(f"{path}: a line longer than {_MAX_LINE} bytes without whitespace; "
                          "split it, or convert the file to UTF-8")
    cut = len(data) - 4
    while cut > 0 and (data[cut] & 0xC0) == 0x80:  # step back over continuation bytes
        cut -= 1
    return cut


def check_policy(encoding: str, errors: str) -> bool:
    """Validate the decoding policy (ConfigError if bad); return whether ``encoding`` is UTF-8."""
    if errors not in ERROR_POLICIES:
        raise ConfigError(f"errors must be one of {ERROR_POLICIES}, got {errors!r}")
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except (LookupError, TypeError):
        raise ConfigError(f"unknown encoding {encoding!r}") from None


def decode_block(data, offset: int, path, encoding: str, errors: str) -> str:
    """Decode a block (bytes-like) read at file offset ``offset``, naming a bad byte's offset."""
    try:
        return str(data, encoding, errors)
    except UnicodeDecodeError as e:
        raise CorpusError(
            f"{path}: invalid {encoding} byte {bytes(data[e.start:e.start + 1])!r} at byte "
            f"offset {offset + e.start}; pass errors='replace' or 'ignore' (CLI: --errors) to "
            "accept it"
        ) from None


def iter_byte_blocks(path: str | os.PathLike,
                     utf8: bool = True) -> Iterator[tuple[memoryview, bool, int]]:
    """Yield ``(data, ends_line, offset)``: undecoded blocks of ~4 MB that end at a line end.

    ``data`` is a view (no copy) of the bytes read; ``offset`` is the file offset of
    ``data[0]``. A line longer than 16 MB comes in pieces (``ends_line`` False) cut
    after whitespace, or (``utf8``) before a character, so memory stays bounded.
    """
    offset = 0  # file offset of ``tail``'s first byte
    tail = b""
    with open_binary(path) as f:
        while True:
            try:
                chunk = f.read(_BLOCK)
            except CorpusError:  # (the opener's own, already naming the offset)
                raise
            except (OSError, EOFError) as e:
                raise CorpusError(f"{path}: corrupt or truncated file ({e})") from None
            if not chunk:
                break
            data = tail + chunk if tail else chunk
            cut = data.rfind(b"\n") + 1
            ends = cut > 0
            if not ends:
                if len(data) < _MAX_LINE:
                    tail = data
                    continue
                cut = _safe_cut(data, utf8, path)
            yield memoryview(data)[:cut], ends, offset
            offset += cut
            tail = data[cut:]
    if tail:
        yield memoryview(tail), True, offset


def count_lines(path: str | os.PathLike) -> int:
    """Lines of a corpus file (decompressed; a last line without a newline counts), in a
    fast pass over its bytes: a progress bar's total before a slow pass."""
    n, last = 0, b"\n"
    for data, _, _ in iter_byte_blocks(path, utf8=False):
        if len(data):
            n += bytes(data).count(b"\n")
            last = bytes(data[-1:])
    return n + (last != b"\n")


def iter_blocks(path: str | os.PathLike, encoding: str = "utf-8",
                errors: str = "strict") -> Iterator[tuple[str, bool]]:
    """Yield ``(text, ends_line)``: decoded blocks of ~4 MB that end at a line end.

    Reading and decoding a block at a time is several times faster than a line at a
    time. A line longer than 16 MB comes in pieces (``ends_line`` False) cut after
    whitespace, or at a character boundary, so memory stays bounded. Under
    ``errors="strict"`` a bad byte raises CorpusError naming its byte offset.
    Encodings must be ASCII-compatible (UTF-8, Shift_JIS, EUC-JP, Latin-1...).
    """
    utf8 = check_policy(encoding, errors)
    for data, ends, offset in iter_byte_blocks(path, utf8):
        yield decode_block(data, offset, path, encoding, errors), ends


def read_text(path: str | os.PathLike, encoding: str = "utf-8", errors: str = "strict") -> str:
    """The whole decoded text of a (small) file; CorpusError names a bad byte's offset."""
    check_policy(encoding, errors)
    with open_binary(path) as f:
        try:
            data = f.read()
        except CorpusError:  # (the opener's own, already naming the offset)
            raise
        except (OSError, EOFError) as e:
            raise CorpusError(f"{path}: corrupt or truncated file ({e})") from None
    return decode_block(data, 0, path, encoding, errors)


def iter_lines(path: str | os.PathLike, encoding: str = "utf-8",
               errors: str = "strict") -> Iterator[str]:
    """Yield the decoded lines of a text file (each ending in ``"\n"`` but perhaps the last).

    A line longer than 16 MB comes in several pieces; only its last ends in ``"\n"``.
    """
    for block, ends in iter_blocks(path, encoding, errors):
        if not ends:
            yield block
            continue
        yield from _split_keep(block)


def _split_keep(block: str) -> Iterator[str]:
    lines = block.split("\n")
    last = lines.pop()
    for line in lines:
        yield line + "\n"
    if last:
        yield last


class LineSentence:
    """Iterate over a text file as sentences (lists of tokens), one per line.

    Like gensim's ``LineSentence``: restartable, so it can be iterated once per epoch;
    but a stream (``once``: a pipe, a named FIFO, ``"-"`` for stdin) only once, which
    is all the vocabulary pass needs (it records the ids it reads).

    Parameters
    ----------
    path : str or PathLike
        A UTF-8 text file, optionally ``.gz`` or ``.bz2``, or a stream.
    max_sentence_length : int
        Longer lines are yielded as several consecutive chunks of this many tokens.
    encoding, errors : str
        Decoding policy (see module docstring).
    tokenizer : callable or str, optional
        ``str -> list[str]``, or a name for
        :func:`zero2vec.corpus.tokenizers.get_tokenizer` (``"fugashi"``, ``"janome"``...);
        defaults to whitespace splitting.
    limit : int, optional
        Stop after this many lines.
    """

    def __init__(self, path: str | os.PathLike, max_sentence_length: int = 10000,
                 encoding: str = "utf-8", errors: str = "strict",
                 tokenizer: Callable[[str], list[str]] | str | None = None,
                 limit: int | None = None) -> None:
        if isinstance(tokenizer, str) and tokenizer.strip().lower() != "whitespace":
            from zero2vec.corpus.tokenizers import get_tokenizer
            tokenizer = get_tokenizer(tokenizer)
        elif isinstance(tokenizer, str):
            tokenizer = None  # str.split: the pieces of an overlong line are cut at its whitespace
        self.path = Path(path)
        self.max_sentence_length = check_positive_int("max_sentence_length", max_sentence_length)
        check_policy(encoding, errors)
        self.encoding = encoding
        self.errors = errors
        self.tokenizer = tokenizer
        self.limit = None if limit is None else check_positive_int("limit", limit)
        # fail now, not at the first epoch (a stream is only looked at: opening it is reading it)
        self.once = input_kind(self.path) == "stream"
        self._read = False
        if not self.once:
            open_binary(self.path).close()

    def byte_blocks(self, utf8: bool = True) -> Iterator[tuple[memoryview, bool, int]]:
        """The file's :func:`iter_byte_blocks`; a stream (``once``) gives them one time only."""
        if self.once and self._read:
            raise CorpusError(
                f"{self.path}: a pipe or stdin can be read only once, and a second pass over the "
                "corpus is needed (e.g. max_vocab_size pruning); save it to a file and give that")
        self._read = True
        return iter_byte_blocks(self.path, utf8)

    def __iter__(self) -> Iterator[list[str]]:
        n = self.max_sentence_length
        split = self.tokenizer or str.split
        yielded = False
        lines = 0
        carry: list[str] = []  # tokens of a line that arrives in pieces (over 16 MB)
        utf8 = check_policy(self.encoding, self.errors)
        for data, ends_line, offset in self.byte_blocks(utf8):
            block = decode_block(data, offset, self.path, self.encoding, self.errors)
            if not ends_line:
                carry.extend(split(block))
                full = len(carry) - len(carry) % n
                for start in range(0, full, n):
                    yielded = True
                    yield carry[start:start + n]
                carry = carry[full:]
                continue
            texts = block.split("\n")
            if texts[-1] == "":
                texts.pop()
            for text in texts:
                tokens = split(text)
                if carry:
                    tokens, carry = carry + tokens, []
                for start in range(0, len(tokens), n):
                    yielded = True
                    yield tokens[start:start + n]
                lines += 1
                if self.limit is not None and lines >= self.limit:
                    return
        if carry:
            yielded = True
            yield from (carry[i:i + n] for i in range(0, len(carry), n))
        if not yielded:
            raise CorpusError(f"{self.path}: holds no tokens (the file is empty or whitespace only)")
