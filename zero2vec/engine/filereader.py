"""A fast reader for ``corpus_file``: whitespace-separated tokens, one sentence a line.

The vocabulary pass is dominated by reading text, and the general
:class:`zero2vec.corpus.reader.LineSentence` (an incremental decoder, one line at a
time) runs at about half the speed of gensim's reader. This one reads blocks of
4 MiB, cuts them at the last newline (so a UTF-8 character is never split), decodes
each block in one call and splits it with ``str.split``. A line longer than 16 MiB is
cut at whitespace into consecutive pieces, so memory stays bounded. On a decoding
error it defers to LineSentence, whose CorpusError names the byte offset.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

from zero2vec.corpus.reader import LineSentence, open_binary
from zero2vec.errors import CorpusError

_BLOCK = 1 << 22
_MAX_LINE = 1 << 24


class FastLineSentence:
    """Restartable iterator over the token lists of a UTF-8 (optionally .gz) file."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = path
        open_binary(path).close()  # clear CorpusError now if missing/unreadable

    def __iter__(self) -> Iterator[list[str]]:
        try:
            yield from self._lines()
        except UnicodeDecodeError:
            for _ in LineSentence(self.path):  # raises CorpusError with the byte offset
                pass
            raise CorpusError(f"{self.path}: not valid UTF-8") from None

    def _lines(self) -> Iterator[list[str]]:
        tail = b""
        with open_binary(self.path) as f:
            while True:
                try:
                    chunk = f.read(_BLOCK)
                except (OSError, EOFError) as e:
                    raise CorpusError(f"{self.path}: corrupt or truncated file ({e})") from None
                if not chunk:
                    break
                data = tail + chunk if tail else chunk
                cut = data.rfind(b"\n")
                if cut < 0:
                    if len(data) < _MAX_LINE:
                        tail = data
                        continue
                    # a huge line: emit what we have up to the last whitespace
                    cut = max(data.rfind(b" "), data.rfind(b"\t"))
                    if cut < 0:
                        raise CorpusError(f"{self.path}: a token longer than {_MAX_LINE} bytes")
                    yield data[:cut].decode("utf-8").split()
                    tail = data[cut + 1:]
                    continue
                for line in data[:cut].decode("utf-8").split("\n"):
                    yield line.split()
                tail = data[cut + 1:]
        if tail:
            yield tail.decode("utf-8").split()
