"""gensim's corpus readers: sentences (lists of tokens) from files, built on :mod:`reader`.

* :class:`LineSentence`: one sentence per line of a file (a path or an open file).
* :class:`PathLineSentences`: the same over every file of a folder, in name order.
* :class:`Text8Corpus`: a file of words with no sentence marks (text8), cut into
  sentences of ``max_sentence_length`` words.
* :class:`BrownCorpus`: the NLTK Brown corpus' ``word/TAG`` files as ``word/TA``
  tokens.

Names, arguments (order and defaults) and the sentences they yield are gensim 4's
(``tests/corpus/test_sentences.py`` compares them on the same files); every file is
opened and decoded by :mod:`zero2vec.corpus.reader` (``.gz``/``.bz2``, strict UTF-8
by default with the offset of a bad byte). Where gensim has no rule, the reader's
holds: a reader that yields no token at all is a CorpusError (the vocabulary pass
needs words), and a folder's files are taken in name order (gensim's ``BrownCorpus``
takes ``os.listdir``'s arbitrary order).
"""
from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from zero2vec._checks import check_positive_int, input_kind
from zero2vec.corpus.reader import (check_policy, decode_block, iter_blocks, iter_byte_blocks,
                                    open_binary)
from zero2vec.errors import ConfigError, CorpusError


def _chunks(tokens: list[str], n: int) -> Iterator[list[str]]:
    """``tokens`` in consecutive pieces of ``n`` (the last shorter): gensim's cut."""
    for start in range(0, len(tokens), n):
        yield tokens[start:start + n]


class LineSentence:
    """Iterate over a text file as sentences (lists of tokens), one per line.

    gensim's ``LineSentence(source, max_sentence_length=10000, limit=None)``:
    restartable, so it can be iterated once per epoch; but a stream (``once``: a pipe,
    a named FIFO, ``"-"`` for stdin, or a file object that cannot seek) only once,
    which is all the vocabulary pass needs (it records the ids it reads).

    Parameters
    ----------
    source : str, PathLike or file object
        A text file (UTF-8 by default, optionally ``.gz`` or ``.bz2``), a stream, or
        an open file (text or binary) read from its start on every pass, as gensim's.
    max_sentence_length : int
        Longer lines are yielded as several consecutive chunks of this many tokens.
    limit : int, optional
        Read only the first ``limit`` lines (a positive number: ``0`` would read nothing).
    encoding, errors : str
        Decoding policy (see :mod:`zero2vec.corpus.reader`); for a binary file object too.
    tokenizer : callable or str, optional
        ``str -> list[str]``, or a name for
        :func:`zero2vec.corpus.tokenizers.get_tokenizer` (``"fugashi"``, ``"janome"``...);
        defaults to whitespace splitting.
    """

    def __init__(self, source: str | os.PathLike | Any, max_sentence_length: int = 10000,
                 limit: int | None = None, encoding: str = "utf-8", errors: str = "strict",
                 tokenizer: Callable[[str], list[str]] | str | None = None) -> None:
        if isinstance(tokenizer, str) and tokenizer.strip().lower() != "whitespace":
            from zero2vec.corpus.tokenizers import get_tokenizer
            tokenizer = get_tokenizer(tokenizer)
        elif isinstance(tokenizer, str):
            tokenizer = None  # str.split: the pieces of an overlong line are cut at its whitespace
        self.max_sentence_length = check_positive_int("max_sentence_length", max_sentence_length)
        check_policy(encoding, errors)
        self.encoding, self.errors, self.tokenizer = encoding, errors, tokenizer
        self.limit = None if limit is None else check_positive_int("limit", limit)
        self.source = source
        self.file = source if hasattr(source, "read") else None  # an open file object
        self._read = False
        if self.file is not None:
            self.path = Path(getattr(source, "name", "<file object>") if
                             isinstance(getattr(source, "name", None), str) else "<file object>")
            self.once = not _seekable(source)
            return
        if not isinstance(source, (str, os.PathLike)):
            raise ConfigError(f"LineSentence takes a path or an open file, got "
                              f"{type(source).__name__}")
        self.path = Path(source)
        # fail now, not at the first epoch (a stream is only looked at: opening it is reading it)
        self.once = input_kind(self.path) == "stream"
        if not self.once:
            open_binary(self.path).close()

    def byte_blocks(self, utf8: bool = True) -> Iterator[tuple[memoryview, bool, int]]:
        """The file's :func:`~zero2vec.corpus.reader.iter_byte_blocks`; a stream (``once``)
        gives them one time only. (Only for a path; the compiled scan reads these.)"""
        self._check_pass()
        return iter_byte_blocks(self.path, utf8)

    def _check_pass(self) -> None:
        if self.once and self._read:
            raise CorpusError(
                f"{self.path}: a pipe, stdin or unseekable file can be read only once, and a "
                "second pass over the corpus is needed (e.g. max_vocab_size pruning, or the "
                "next epoch); save it to a file and give that")
        self._read = True

    def __iter__(self) -> Iterator[list[str]]:
        yielded = False
        for sentence in self.sentences():
            yielded = True
            yield sentence
        if not yielded:
            raise CorpusError(f"{self.path}: holds no tokens (the file is empty or whitespace only)")

    def sentences(self) -> Iterator[list[str]]:
        """The sentences, without the check that there is at least one."""
        if self.file is not None:
            split, n = self.tokenizer or str.split, self.max_sentence_length
            for text in self._file_lines():
                yield from _chunks(split(text), n)
            return
        yield from self._path_sentences()

    def _path_sentences(self) -> Iterator[list[str]]:
        n = self.max_sentence_length
        split = self.tokenizer or str.split
        lines = 0
        carry: list[str] = []  # tokens of a line that arrives in pieces (over 16 MB)
        utf8 = check_policy(self.encoding, self.errors)
        for data, ends_line, offset in self.byte_blocks(utf8):
            block = decode_block(data, offset, self.path, self.encoding, self.errors)
            if not ends_line:  # a piece of a long line: its full chunks now (bounded memory)
                carry.extend(split(block))
                full = len(carry) - len(carry) % n
                yield from _chunks(carry[:full], n)
                carry = carry[full:]
                continue
            texts = block.split("\n")
            if texts[-1] == "":
                texts.pop()
            for text in texts:
                if self.limit is not None and lines >= self.limit:
                    return
                tokens = split(text)
                if carry:
                    tokens, carry = carry + tokens, []
                yield from _chunks(tokens, n)
                lines += 1
        if carry and (self.limit is None or lines < self.limit):
            yield from _chunks(carry, n)

    def _file_lines(self) -> Iterator[str]:
        """The lines of the open file, from its start (as gensim's ``seek(0)``)."""
        self._check_pass()
        f = self.file
        if not self.once:
            f.seek(0)
        offset = 0
        for i, line in enumerate(f):
            if self.limit is not None and i >= self.limit:
                return
            if isinstance(line, (bytes, bytearray)):
                text = decode_block(line, offset, self.path, self.encoding, self.errors)
                offset += len(line)
            elif isinstance(line, str):
                text = line
            else:
                raise CorpusError(f"{self.path}: the file object yields {type(line).__name__}, "
                                  f"not lines of text")
            yield text


def _seekable(f: Any) -> bool:
    try:
        return bool(f.seekable()) if hasattr(f, "seekable") else hasattr(f, "seek")
    except (OSError, ValueError, io.UnsupportedOperation):
        return False


def folder_files(source: str | os.PathLike) -> list[str]:
    """The files of the folder ``source`` (or ``source``, a file), as gensim names them
    (folder + separator + name), in name order; sub-folders are skipped."""
    p = Path(source)
    if p.is_file():
        return [os.fspath(source)]
    if not p.is_dir():
        raise CorpusError(f"{p}: neither a file nor a folder (gensim: 'input is neither a "
                          f"file nor a path')")
    base = os.path.join(os.fspath(source), "")
    files = [f for f in sorted(base + name for name in os.listdir(p)) if os.path.isfile(f)]
    if not files:
        raise CorpusError(f"{p}: a folder with no files to read")
    return files


class PathLineSentences:
    """gensim's ``PathLineSentences(source, max_sentence_length=10000, limit=None)``: every
    file of the folder ``source`` (or ``source`` itself, a file), in file-name order, as
    :class:`LineSentence` reads one; ``limit`` lines of each file.

    Sub-folders are skipped (gensim fails on them); a folder without files, or files
    that hold no token, are a CorpusError.
    """

    def __init__(self, source: str | os.PathLike, max_sentence_length: int = 10000,
                 limit: int | None = None, encoding: str = "utf-8", errors: str = "strict") -> None:
        self.source = source
        self.input_files = folder_files(source)
        self.max_sentence_length, self.limit = max_sentence_length, limit
        self._files = [LineSentence(f, max_sentence_length, limit, encoding, errors)
                       for f in self.input_files]

    def __iter__(self) -> Iterator[list[str]]:
        yield from _nonempty((s for f in self._files for s in f.sentences()), self.source)


def _nonempty(sentences: Iterable[list[str]], source: object) -> Iterator[list[str]]:
    yielded = False
    for s in sentences:
        yielded = True
        yield s
    if not yielded:
        raise CorpusError(f"{source}: holds no tokens (empty or whitespace only)")


class Text8Corpus:
    """gensim's ``Text8Corpus(fname, max_sentence_length=10000)``: a file of words with
    no sentence marks (Matt Mahoney's text8: one 100 MB line) as consecutive
    sentences of ``max_sentence_length`` words (the last one shorter); line ends
    separate words like spaces.

    (gensim's reader, reading 8192 bytes at a time, joins two words where a block
    happens to end right after a line end; this one never does. On text8 itself, which
    has no line end, both give the same sentences.)
    """

    def __init__(self, fname: str | os.PathLike, max_sentence_length: int = 10000,
                 encoding: str = "utf-8", errors: str = "strict") -> None:
        self.fname = fname
        self.max_sentence_length = check_positive_int("max_sentence_length", max_sentence_length)
        check_policy(encoding, errors)
        self.encoding, self.errors = encoding, errors
        open_binary(fname).close()  # fail now, not at the first epoch

    def __iter__(self) -> Iterator[list[str]]:
        yield from _nonempty(self._sentences(), self.fname)

    def _sentences(self) -> Iterator[list[str]]:
        n = self.max_sentence_length
        carry: list[str] = []
        for block, _ in iter_blocks(self.fname, self.encoding, self.errors):  # cut at whitespace
            carry.extend(block.split())
            full = len(carry) - len(carry) % n
            yield from _chunks(carry[:full], n)
            carry = carry[full:]
        if carry:
            yield carry


class BrownCorpus:
    """gensim's ``BrownCorpus(dirname)``: the Brown corpus' files (NLTK's
    ``brown/``: one sentence per line, tokens ``word/TAG``) as sentences of
    ``word/TA`` tokens: the word lowercased and the tag's first two letters; tokens
    whose tag does not start with two letters (punctuation), or that are not one
    ``word/TAG`` pair, are dropped, and so are the lines left empty.

    The files are read in name order (gensim's: ``os.listdir``'s); sub-folders skipped.
    """

    def __init__(self, dirname: str | os.PathLike, encoding: str = "utf-8",
                 errors: str = "strict") -> None:
        self.dirname = dirname
        if not Path(dirname).is_dir():
            raise CorpusError(f"{dirname}: not a folder (BrownCorpus reads a folder of files)")
        # a line is a sentence, never cut (gensim's)
        self._files = [LineSentence(f, sys.maxsize, None, encoding, errors)
                       for f in folder_files(dirname)]

    def __iter__(self) -> Iterator[list[str]]:
        yield from _nonempty(self._sentences(), self.dirname)

    def _sentences(self) -> Iterator[list[str]]:
        for f in self._files:
            for tokens in f.sentences():
                pairs = [t.split("/") for t in tokens]
                words = [f"{p[0].lower()}/{p[1][:2]}" for p in pairs
                         if len(p) == 2 and p[1][:2].isalpha()]
                if words:
                    yield words
