"""One entry point for every vector format: :func:`load` and :func:`save`.

Formats (names used by ``zero2vec convert --to``):

==================  ===============================  ==========================
name                what                             detected from
==================  ===============================  ==========================
``fasttext-bin``    Facebook fastText model          ``.bin`` starting with its magic
``word2vec-bin``    word2vec.c binary                ``.bin`` (or content)
``word2vec-text``   word2vec.c text; fastText .vec   ``.txt``, ``.vec`` (or content)
``glove``           text without a header (GloVe)    content (line 1 is a record)
``native``          zero2vec folder (``.npy``+JSON)  folder with ``meta.json``, ``.z2v``
``tensorboard``     projector ``vectors.tsv``        folder with ``vectors.tsv``
``book-pickle``     the book's ``params`` pickle     ``.pkl``, ``.pickle``
``gensim``          gensim 4's ``.kv`` / ``.model``  content, ``.kv``, ``.model``
                    (read only: see ``io_gensim``)
==================  ===============================  ==========================

``.gz``/``.bz2`` suffixes are looked through. A word2vec file's name is checked
against its content: a ``.bin`` holding text (or a ``.txt`` holding binary) is
refused, not misread. Pickles are only read by the restricted unpickler
(:mod:`io_pickle`): the book's when asked for by name (``.pkl``, ``.pickle``) or
``format="book-pickle"``, gensim's when its content or name says so; either refuses
any class or function its kind of file does not hold.
A fastText ``.bin`` loads as a
:class:`~zero2vec.subword.keyed.FastTextKeyedVectors` (vectors for unseen words too),
and such vectors saved to a ``.bin`` name are written as fastText's ``.bin``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from zero2vec.errors import ConfigError, VectorFileError
from zero2vec.subword import io_fasttext  # (numba-free: the .bin layout only)
from zero2vec.vectors import io_export, io_gensim, io_native, io_word2vec, io_word2vec_write
from zero2vec.vectors.io_files import check_finite, read_bytes
from zero2vec.vectors.keyed import WordVectors

FORMATS = ("fasttext-bin", "word2vec-bin", "word2vec-text", "glove", "native", "tensorboard", "book-pickle")
# formats that are read but never written: gensim's pickles (gensim reads word2vec files)
READ_FORMATS = FORMATS + ("gensim",)
_BY_NAME = {".bin": "word2vec-bin", ".txt": "word2vec-text", ".vec": "word2vec-text",
            ".z2v": "native", ".pkl": "book-pickle", ".pickle": "book-pickle",
            ".tb": "tensorboard", ".kv": "gensim", ".model": "gensim"}


def detect_format(path: str | os.PathLike, for_writing: bool = False) -> str:
    """The format of ``path``, from what is there (reading) or its name (writing)."""
    p = Path(path)
    if not for_writing:
        if io_native.is_native(p):
            return "native"
        if io_export.is_tensorboard(p):
            return "tensorboard"
        if p.is_dir():
            raise VectorFileError(f"{p}: a folder, but neither a zero2vec folder (meta.json) "
                                  f"nor a TensorBoard one (vectors.tsv)")
    suffixes = [s.lower() for s in p.suffixes if s.lower() not in (".gz", ".bz2")]
    last = suffixes[-1] if suffixes else ""
    named = _BY_NAME.get(last)
    if for_writing:
        if named == "gensim":
            raise ConfigError(f"{p.name}: zero2vec reads gensim's .kv/.model pickles but does not "
                              f"write them; write .z2v (native) or word2vec .bin/.txt, which "
                              f"gensim loads with KeyedVectors.load_word2vec_format")
        if named:
            return named
        raise ConfigError(f"cannot tell the format from the name {p.name!r}; choose one of "
                          f"{', '.join(FORMATS)}")
    if named in ("native", "book-pickle"):
        return named
    if io_gensim.is_gensim_file(p):
        return "gensim"
    if named == "gensim":
        return named  # (the reader says what the file is not)
    return _detect_word2vec(p, named, last)


def _detect_word2vec(p: Path, named: str | None, last: str) -> str:
    """word2vec binary, text or headerless text (GloVe), from the content and the name."""
    head = read_bytes(p, limit=1 << 16)
    if named in (None, "word2vec-bin") and io_fasttext.is_facebook(head):
        return "fasttext-bin"
    if named is None and head[:1] == b"\x80":  # pickle protocol 2+, not gensim's
        raise VectorFileError(f"{p}: a Python pickle, not gensim's; zero2vec does not unpickle "
                              f"a file it does not recognise (the book's params pickle is read "
                              f"from a .pkl/.pickle name or with format='book-pickle')")
    binary, certain = io_word2vec.sniff(head)
    if binary is None and io_word2vec.looks_headerless(head):
        return "glove"
    if named in ("word2vec-bin", "word2vec-text"):
        if certain and binary != (named == "word2vec-bin"):
            kind, held = ("binary", "word2vec-bin") if binary else ("text", "word2vec-text")
            raise VectorFileError(f"{p}: named {last} but holds word2vec {kind}; pass "
                                  f"format='{held}' (CLI: --from {held}) or rename it")
        return named
    return "word2vec-bin" if binary else "word2vec-text"


def load(path: str | os.PathLike, format: str | None = None, allow_nonfinite: bool = False,
         **kwargs: Any) -> WordVectors:
    """Load word vectors in any supported format (detected when ``format`` is None).

    ``allow_nonfinite=True`` loads vectors holding NaN or inf, with a warning; by
    default they are refused (a VectorFileError naming the first such word).
    ``kwargs`` go to the format's reader: ``limit``, ``encoding``, ``unicode_errors``,
    ``datatype``, ``no_header`` for word2vec files, ``mmap`` for native and gensim files. A
    word2vec file holds no counts, so none are made up (``counts`` is None; gensim's
    ``WordVectors.load_word2vec_format`` makes them up, as gensim does).

    Examples
    --------
    >>> wv = load("GoogleNews-vectors-negative300.bin.gz", limit=100000)  # doctest: +SKIP
    """
    if not isinstance(allow_nonfinite, bool):
        raise ConfigError(f"allow_nonfinite must be True or False, got {allow_nonfinite!r}")
    fmt = format or detect_format(path)
    if fmt in ("word2vec-bin", "word2vec-text", "glove"):
        if fmt == "glove":
            kwargs.setdefault("no_header", True)
        vectors, words = io_word2vec.read_word2vec_format(
            path, binary=fmt == "word2vec-bin", allow_nonfinite=allow_nonfinite, **kwargs)
        return WordVectors(vectors, words)
    if fmt == "fasttext-bin":
        _no_kwargs(fmt, kwargs, allowed=("encoding",))
        from zero2vec.subword.keyed import FastTextKeyedVectors  # numba: only when asked for

        wv = FastTextKeyedVectors.load(path, **kwargs)
        check_finite(path, wv.vectors, wv.index_to_key, allow_nonfinite)
        return wv
    _no_kwargs(fmt, kwargs, allowed=("mmap",) if fmt in ("native", "gensim") else ())
    if fmt == "native":
        return WordVectors.load(path, allow_nonfinite=allow_nonfinite, **kwargs)
    if fmt == "gensim":
        parts = io_gensim.read_gensim(path, allow_nonfinite=allow_nonfinite, **kwargs)
        return WordVectors.from_gensim_parts(parts, path)
    if fmt == "tensorboard":
        return io_export.import_tensorboard(path, allow_nonfinite)
    if fmt == "book-pickle":
        return io_export.load_book_pickle(path, allow_nonfinite)
    raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(READ_FORMATS)}")


def save(wv: WordVectors, path: str | os.PathLike, format: str | None = None, **kwargs: Any) -> str:
    """Save ``wv`` atomically in ``format`` (from the name of ``path`` when None).

    Returns the format used.
    """
    fmt = format or detect_format(path, for_writing=True)
    if format is None and fmt == "word2vec-bin" and _is_subword(wv):
        fmt = "fasttext-bin"  # keep the n-grams: a word2vec .bin would drop them
    if fmt == "fasttext-bin":
        if not _is_subword(wv):
            raise ConfigError("the fasttext-bin format needs subword vectors (a fastText model's "
                              ".wv); these are whole-word vectors: save them as word2vec-bin")
        _no_kwargs(fmt, kwargs, allowed=("encoding",))
        wv.save(path, **kwargs)
    elif fmt in ("word2vec-bin", "word2vec-text"):
        io_word2vec_write.save_word2vec_format(wv, path, binary=fmt == "word2vec-bin", **kwargs)
    elif fmt == "glove":
        io_word2vec_write.save_word2vec_format(wv, path, binary=False, write_header=False,
                                               **kwargs)
    elif fmt == "native":
        io_native.save_native(wv, path, **kwargs)
    elif fmt == "tensorboard":
        _no_kwargs(fmt, kwargs)
        io_export.export_tensorboard(wv, path)
    elif fmt == "book-pickle":
        io_export.save_book_pickle(wv, path, **kwargs)
    elif fmt == "gensim":
        raise ConfigError("zero2vec reads gensim's .kv/.model pickles but does not write them; "
                          "save native or word2vec, which gensim loads with "
                          "KeyedVectors.load_word2vec_format")
    else:
        raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


def _is_subword(wv: WordVectors) -> bool:
    """Whether ``wv`` is a FastTextKeyedVectors (without importing numba to ask)."""
    keyed = sys.modules.get("zero2vec.subword.keyed")
    return keyed is not None and isinstance(wv, keyed.FastTextKeyedVectors)


def _no_kwargs(fmt: str, kwargs: dict, allowed: tuple[str, ...] = ()) -> None:
    extra = sorted(set(kwargs) - set(allowed))
    if extra:
        raise ConfigError(f"the {fmt} format takes no option {', '.join(extra)}")
