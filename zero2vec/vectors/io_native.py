"""zero2vec's native vector format: a folder that loads in milliseconds.

Layout (format version 2)::

    NAME.z2v/
        meta.json     {"format": "zero2vec.vectors", "version": 2, "shape": [n, d],
                       "dtype": "float32", "finite": true, "vocab": "vocab.txt",
                       "metadata": {...}}
        vocab.txt     the n words, one a line (UTF-8; "\n" after each)
          or vocab.json  {"index_to_key": [...]}, when a word holds a line end
        counts.npy    the words' counts (int64), when known
        expando.NAME.npy  each other per-word attribute (gensim's expandos: numbers,
                      one per word), listed in meta.json's "expandos"
        vectors.npy   the (n, d) array, NumPy's own format (memory-mappable)

Version 1 (still read): ``vocab.json`` ``{"index_to_key": [...], "counts": [...]}``,
no ``finite``, no ``vocab``.

Why a folder of standard files: ``vectors.npy`` can be memory-mapped (``mmap="r"``:
a table of any size opens in about a millisecond), and every part opens with ordinary
tools (``numpy.load``, a text editor, ``json``) without zero2vec. Why this layout: a
million words split from one text file take a tenth of the time ``json`` takes, counts
in an ``.npy`` need no parsing, and ``finite`` (whether every value was finite when
zero2vec wrote the table) spares a memory-mapped load the NaN/inf scan, which would
read every page of the file: a memory map trusts it (a file edited since can hold
NaN unnoticed: ``wv.check_finite()`` checks on demand), a load into memory scans
anyway (the bytes are read regardless), and a folder without it (version 1) is
scanned. With ``mmap``, the words too are read on first use (see
:mod:`~zero2vec.vectors.word_index`). ``version`` is bumped on any incompatible
change; a reader refuses versions newer than it knows.

This module knows ``WordVectors`` only as a type hint: :func:`read_native` returns the
parts, ``WordVectors.load`` wraps them (see keyed.py's module graph).
"""
from __future__ import annotations

import json
import os
import re
import warnings
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from zero2vec.errors import ConfigError, VectorFileError
from zero2vec._atomic import atomic_dir
from zero2vec._memory import check_memory
from zero2vec.vectors.io_files import check_finite, nonfinite_rows

if TYPE_CHECKING:
    from zero2vec.vectors.keyed import WordVectors

FORMAT = "zero2vec.vectors"
VERSION = 2


def is_native(path: str | os.PathLike) -> bool:
    """True if ``path`` is a folder holding a native-format ``meta.json``."""
    return (Path(path) / "meta.json").is_file()


def save_native(wv: WordVectors, path: str | os.PathLike, metadata: dict[str, Any] | None = None) -> None:
    """Write ``wv`` to the folder ``path`` (replaced atomically if it exists).

    Parameters
    ----------
    wv : WordVectors
    path : path
        The folder to create; ``.z2v`` is the conventional suffix.
    metadata : dict, optional
        JSON-serialisable facts to keep with the vectors (training settings, corpus...).
    """
    words = wv.index_to_key
    text = _vocab_text(words)
    extra = _expandos_to_save(wv)
    try:
        meta_text = json.dumps({
            "format": FORMAT, "version": VERSION, "shape": list(wv.vectors.shape),
            "dtype": str(wv.vectors.dtype), "finite": not nonfinite_rows(wv.vectors).size,
            "vocab": "vocab.json" if text is None else "vocab.txt", "expandos": sorted(extra),
            "metadata": metadata or {},
        }, ensure_ascii=False, indent=1)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"metadata must be JSON-serialisable: {e}") from None
    with atomic_dir(path) as tmp:
        np.save(tmp / "vectors.npy", np.ascontiguousarray(wv.vectors), allow_pickle=False)
        if text is None:
            # (ASCII escapes: a lone surrogate, which UTF-8 cannot hold, survives too)
            (tmp / "vocab.json").write_text(json.dumps({"index_to_key": words}), encoding="utf8")
        else:
            (tmp / "vocab.txt").write_bytes(text)
        if wv.counts is not None:
            np.save(tmp / "counts.npy", np.asarray(wv.counts, dtype=np.int64), allow_pickle=False)
        for name, values in extra.items():
            np.save(tmp / f"expando.{name}.npy", values, allow_pickle=False)
        (tmp / "meta.json").write_text(meta_text, encoding="utf8")


_EXPANDO_NAME = re.compile(r"[A-Za-z0-9_]{1,64}")


def _expandos_to_save(wv: WordVectors) -> dict[str, np.ndarray]:
    """The per-word attributes besides the counts that an ``.npy`` holds (numbers, one per
    word, under a file-name-safe name); a warning names those that are not saved."""
    extra, left = {}, []
    for name, values in wv.expandos.items():
        if name == "count":
            continue
        arr = np.asarray(values)
        if _EXPANDO_NAME.fullmatch(name) and arr.ndim == 1 and arr.dtype.kind in "biuf":
            extra[name] = arr
        else:
            left.append(name)
    if left:
        warnings.warn(f"per-word attributes {', '.join(map(repr, left))} are not saved (only "
                      f"numbers, one per word, under a plain name; gensim's 'code' and 'point' "
                      f"are Huffman paths that training rebuilds)", UserWarning, stacklevel=3)
    return extra


def _vocab_text(words: list) -> bytes | None:
    """The words as ``vocab.txt``'s bytes, or None when a line per word cannot hold them
    (a word with a line end, or that is no str)."""
    if not all(type(w) is str for w in words):
        return None
    text = "".join(w + "\n" for w in words)
    if text.count("\n") != len(words):
        return None
    try:
        return text.encode("utf8")
    except UnicodeEncodeError:  # lone surrogates: JSON escapes them
        return None


def read_meta(path: str | os.PathLike) -> dict[str, Any]:
    """The parsed ``meta.json`` of a native folder, checked for format and version."""
    p = Path(path)
    if not p.exists():
        raise VectorFileError(f"{p}: no such file or folder")
    meta = _json(p / "meta.json")
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise VectorFileError(f"{p / 'meta.json'}: not a zero2vec vectors folder "
                              f"(format is {meta.get('format') if isinstance(meta, dict) else None!r})")
    version = meta.get("version")
    if not isinstance(version, int) or version < 1:
        raise VectorFileError(f"{p / 'meta.json'}: bad format version {version!r}")
    if version > VERSION:
        raise VectorFileError(f"{p}: written by a newer zero2vec (format version {version}, "
                              f"this one reads up to {VERSION}); upgrade zero2vec")
    shape = meta.get("shape")
    if not (isinstance(shape, list) and len(shape) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in shape)):
        raise VectorFileError(f"{p / 'meta.json'}: 'shape' must be [words, dims], got {shape!r:.60}")
    return meta


def _json(path: Path) -> Any:
    _regular(path)
    try:
        return json.loads(path.read_text(encoding="utf8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise VectorFileError(f"{path}: corrupt JSON ({e})") from None


def _regular(path: Path) -> None:
    """Refuse a part that is missing or not a regular file (a FIFO would block the read)."""
    if not path.exists():
        raise VectorFileError(f"{path}: missing (not a zero2vec vectors folder?)")
    if not path.is_file():
        raise VectorFileError(f"{path}: not a regular file")


def check_npy(path: Path, shape: Any, source: str = "meta.json") -> None:
    """Check a ``.npy`` header before numpy reads it: a plain ``.npy`` of numbers of
    the ``shape`` that ``source`` gives (``meta.json`` for ``vectors.npy``; None: any
    length on that axis), and exactly as long as that header says.

    So an ``.npz``, an array of strings or Python objects, or a header claiming a
    terabyte is refused in one line without allocating; numpy's own errors (which
    talk of ``allow_pickle``) are never shown.
    """
    _regular(path)
    fmt = np.lib.format
    try:
        with open(path, "rb") as f:
            magic = f.read(6)
            f.seek(0)
            if magic[:4] == b"PK\x03\x04":
                raise VectorFileError(f"{path}: a zip archive (an .npz?), not a .npy array")
            version = fmt.read_magic(f)
            if version not in ((1, 0), (2, 0)):
                raise ValueError
            read_header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
            got, _, dtype = read_header(f)
            data_start = f.tell()
    except VectorFileError:
        raise
    except OSError as e:
        raise VectorFileError(f"{path}: cannot be read ({e.strerror or e})") from None
    except Exception:  # noqa: BLE001 - numpy's header parser (tokenize, ast) raises anything on garbage
        raise VectorFileError(f"{path}: not a .npy array file (bad or unsupported header)") from None
    if dtype.hasobject or dtype.kind not in "fiu" or dtype.shape or dtype.names:
        raise VectorFileError(f"{path}: holds {dtype} values, not numbers (corrupt, or not "
                              f"written by zero2vec)")
    if len(got) != len(shape) or any(s is not None and g != s for g, s in zip(got, shape)):
        raise VectorFileError(f"{path}: shape {tuple(got)} but {source} says {list(shape)}")
    expected = data_start + int(np.prod(got, dtype=np.int64)) * dtype.itemsize
    size = path.stat().st_size
    if size != expected:
        how = "truncated" if size < expected else "longer than its header says"
        dims = " x ".join(f"{x:,}" for x in got)
        raise VectorFileError(f"{path}: {how} ({size:,} bytes, its header of a {dims} {dtype} "
                              f"array needs {expected:,})")


def read_native(path: str | os.PathLike, mmap: str | None = None, allow_nonfinite: bool = False
                ) -> tuple[np.ndarray, Callable[[], list[str]], np.ndarray | list | None,
                           dict[str, Any]]:
    """Read a native folder into its parts (``WordVectors.load`` wraps them).

    Parameters
    ----------
    path : path
    mmap : {None, "r", "c"}
        ``"r"`` maps ``vectors.npy`` read-only (instant open, pages read on use);
        ``"c"`` maps copy-on-write. ``None`` reads it into memory.

    Returns
    -------
    vectors : np.ndarray
        Writable, except a ``mmap="r"`` map; shape as ``meta.json`` says.
    words : callable
        ``words()`` reads the words (checked: a list of str); with ``mmap``, the
        caller reads them when first needed, otherwise at once.
    counts : array, list or None
        As stored (checked when the WordVectors is built).
    metadata : dict
    expandos : dict of str -> np.ndarray
        The other per-word attributes (gensim's ``expandos``), one array each.

    NaN/inf are refused unless ``allow_nonfinite`` (which warns): a load into memory
    scans the table; a memory map trusts ``finite`` where meta.json records it
    (format version 2) and scans only otherwise (from the page cache, block by
    block; ``allow_nonfinite=True`` opens without reading anything).
    """
    if mmap not in (None, "r", "c"):
        raise ConfigError(f"mmap must be None, 'r' or 'c', got {mmap!r}")
    p = Path(path)
    meta = read_meta(p)
    shape = meta.get("shape")
    vocab_name = meta.get("vocab", "vocab.json") if meta["version"] >= 2 else "vocab.json"
    if vocab_name not in ("vocab.json", "vocab.txt"):
        raise VectorFileError(f"{p / 'meta.json'}: 'vocab' must be vocab.txt or vocab.json")
    _regular(p / vocab_name)
    counts: Any = None
    if meta["version"] == 1:
        vocab = _json(p / "vocab.json")
        counts = vocab.get("counts") if isinstance(vocab, dict) else None
        words = _checked_words(p / "vocab.json", vocab.get("index_to_key") if isinstance(vocab, dict)
                               else None, shape[0])
        read_words: Callable[[], list[str]] = lambda: words  # noqa: E731
    else:
        read_words = lambda: _read_words(p / vocab_name, shape[0])  # noqa: E731
        if (p / "counts.npy").exists():
            check_npy(p / "counts.npy", [shape[0]], "meta.json")
            counts = np.load(p / "counts.npy", allow_pickle=False)
    expandos = _read_expandos(p, meta, shape[0])
    npy = p / "vectors.npy"
    check_npy(npy, shape)
    if mmap is None:
        check_memory(npy.stat().st_size, f"{npy} ({shape[0]:,} x {shape[1]:,})",
                     hint="open it with mmap='r'")
    try:
        vectors = np.load(npy, mmap_mode=mmap, allow_pickle=False)
    except OSError as e:
        raise VectorFileError(f"{npy}: cannot be read ({e.strerror or e})") from None
    except (ValueError, EOFError):  # the header was checked: only a file changed meanwhile
        raise VectorFileError(f"{npy}: corrupt or truncated") from None
    trusted = mmap is not None and meta.get("finite") is True
    if not (mmap and allow_nonfinite) and not trusted:
        check_finite(npy, vectors, _Lazy(read_words), allow_nonfinite)
    metadata = meta.get("metadata", {})
    if not isinstance(metadata, dict):
        raise VectorFileError(f"{p / 'meta.json'}: 'metadata' must be an object, got {metadata!r:.40}")
    return vectors, read_words, counts, metadata, expandos


def _read_expandos(p: Path, meta: dict, n: int) -> dict[str, np.ndarray]:
    """The ``expando.NAME.npy`` files meta.json lists (format 2), checked."""
    names = meta.get("expandos", []) if meta["version"] >= 2 else []
    if not isinstance(names, list) or not all(isinstance(x, str) and _EXPANDO_NAME.fullmatch(x)
                                              and x != "count" for x in names):
        raise VectorFileError(f"{p / 'meta.json'}: 'expandos' must be a list of plain names")
    out = {}
    for name in names:
        part = p / f"expando.{name}.npy"
        check_npy(part, [n], "meta.json")
        out[name] = np.load(part, allow_pickle=False)
    return out


class _Lazy:
    """``words[i]`` for a message, reading the words only then."""

    def __init__(self, read: Callable[[], list[str]]) -> None:
        self.read = read

    def __getitem__(self, i: int) -> str:
        return self.read()[i]


def _checked_words(path: Path, words: Any, n: int) -> list[str]:
    if not isinstance(words, list) or not set(map(type, words)) <= {str}:
        raise VectorFileError(f"{path}: 'index_to_key' must be a list of words")
    if len(words) != n:
        raise VectorFileError(f"{path.parent}: {len(words)} words in {path.name} but {n} vectors")
    return words


def _read_words(path: Path, n: int) -> list[str]:
    """The words of ``vocab.txt`` or ``vocab.json`` (format 2), checked against ``n``."""
    if path.name == "vocab.json":
        vocab = _json(path)
        return _checked_words(path, vocab.get("index_to_key") if isinstance(vocab, dict) else None, n)
    _regular(path)
    try:
        text = path.read_bytes().decode("utf8")
    except OSError as e:
        raise VectorFileError(f"{path}: cannot be read ({e.strerror or e})") from None
    except UnicodeDecodeError as e:
        raise VectorFileError(f"{path}: not UTF-8 (byte {e.start}): corrupt") from None
    if text and not text.endswith("\n"):
        raise VectorFileError(f"{path}: truncated (no line end after the last word)")
    words = text.split("\n")
    words.pop()  # (after the last line end)
    return _checked_words(path, words, n)
