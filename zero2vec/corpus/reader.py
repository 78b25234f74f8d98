"""Reading corpus files: one sentence per line, tokens separated by whitespace.

Encoding policy: files are decoded as UTF-8 (``encoding``) with ``errors="strict"``
by default, so a bad byte stops the run with its byte offset instead of silently
becoming garbage; pass ``errors="replace"`` or ``"ignore"`` to accept such files.
``.gz`` files are decompressed on the fly. Lines are read in bounded pieces, so a
single 100 MB line without a newline is streamed, not loaded whole, and sentences
longer than ``max_sentence_length`` are split into chunks, never truncated.
"""
from __future__ import annotations

import codecs
import gzip
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from zero2vec.errors import CorpusError

ERROR_POLICIES = ("strict", "replace", "ignore")
_PIECE = 1 << 20  # bytes read at a time; bounds memory for lines without newlines


def open_binary(path: str | os.PathLike):
    """Open ``path`` for binary reading (gunzipping ``.gz``), with clear errors."""
    p = Path(path)
    if not p.exists():
        raise CorpusError(f"{p}: no such file")
    if p.is_dir():
        raise CorpusError(f"{p}: is a directory, not a text file")
    try:
        f = open(p, "rb")
    except OSError as e:
        raise CorpusError(f"{p}: cannot be read ({e.strerror})") from None
    if p.suffix == ".gz":
        return gzip.GzipFile(fileobj=f, mode="rb")
    return f


def iter_lines(path: str | os.PathLike, encoding: str = "utf-8",
               errors: str = "strict") -> Iterator[str]:
    """Yield the decoded pieces of a text file, at most ~1 MB each.

    A piece ends at a newline, or mid-line when a line is longer than the piece size;
    the caller must treat a piece without a trailing ``"\\n"`` as continuing.
    Decoding errors under ``errors="strict"`` raise CorpusError naming the byte offset.
    """
    if errors not in ERROR_POLICIES:
        raise CorpusError(f"errors must be one of {ERROR_POLICIES}, got {errors!r}")
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors)
    except LookupError:
        raise CorpusError(f"unknown encoding {encoding!r}") from None
    consumed = 0  # bytes handed to the decoder so far
    with open_binary(path) as f:
        while True:
            try:
                raw = f.readline(_PIECE)
            except (OSError, EOFError, gzip.BadGzipFile) as e:
                raise CorpusError(f"{path}: corrupt or truncated file ({e})") from None
            pending = len(decoder.getstate()[0])
            try:
                text = decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as e:
                offset = consumed - pending + e.start
                raise CorpusError(
                    f"{path}: invalid {encoding} byte {e.object[e.start:e.start + 1]!r} at byte "
                    f"offset {offset}; pass errors='replace' or 'ignore' (CLI: --errors) to accept it"
                ) from None
            consumed += len(raw)
            if text:
                yield text
            if not raw:
                return


class LineSentence:
    """Iterate over a text file as sentences (lists of tokens), one per line.

    Like gensim's ``LineSentence``: restartable, so it can be iterated once per epoch.

    Parameters
    ----------
    path : str or PathLike
        A UTF-8 text file, optionally ``.gz``.
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
            tokenizer = None  # the built-in split, which also rejoins tokens cut between pieces
        if max_sentence_length < 1:
            raise CorpusError(f"max_sentence_length must be >= 1, got {max_sentence_length}")
        self.path = Path(path)
        self.max_sentence_length = max_sentence_length
        self.encoding = encoding
        self.errors = errors
        self.tokenizer = tokenizer
        self.limit = limit
        open_binary(self.path).close()  # fail now, not at the first epoch

    def __iter__(self) -> Iterator[list[str]]:
        n = self.max_sentence_length
        split = self.tokenizer or str.split
        yielded = False
        lines = 0
        for tokens in self._raw_sentences(split):
            for start in range(0, len(tokens), n):
                yielded = True
                yield tokens[start:start + n]
            lines += 1
            if self.limit is not None and lines >= self.limit:
                break
        if not yielded:
            raise CorpusError(f"{self.path}: holds no tokens (the file is empty or whitespace only)")

    def _raw_sentences(self, split: Callable[[str], list[str]]) -> Iterator[list[str]]:
        """One token list per line; a very long line is flushed in bounded chunks."""
        buf: list[str] = []
        tail = ""  # a token cut by a piece boundary
        for piece in iter_lines(self.path, self.encoding, self.errors):
            ends_line = piece.endswith("\n")
            text = tail + piece
            tail = ""
            if not ends_line and text and not text[-1].isspace() and self.tokenizer is None:
                # the last token may continue in the next piece
                cut = max(text.rfind(" "), text.rfind("\t"), text.rfind("\r"))
                text, tail = text[:cut + 1], text[cut + 1:]
            buf.extend(split(text))
            if ends_line:
                if buf:
                    yield buf
                buf = []
            elif len(buf) >= self.max_sentence_length:
                n = len(buf) - len(buf) % self.max_sentence_length
                yield buf[:n]
                buf = buf[n:]
        if tail:
            buf.extend(split(tail))
        if buf:
            yield buf
