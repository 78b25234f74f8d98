"""zero2vec's native vector format: a folder that loads in milliseconds.

Layout (format version 1)::

    NAME.z2v/
        meta.json     {"format": "zero2vec.vectors", "version": 1, "shape": [n, d],
                       "dtype": "float32", "metadata": {...}}
        vocab.json    {"index_to_key": [...], "counts": [...] or null}
        vectors.npy   the (n, d) array, NumPy's own format (memory-mappable)

Why a folder of standard files: ``vectors.npy`` can be memory-mapped (``mmap="r"``:
a 100k x 300 table opens without copying it; only the NaN/inf check reads it, which
``allow_nonfinite=True`` skips), and every part opens with ordinary
tools (``numpy.load``, ``json``) without zero2vec. ``version`` is bumped on any
incompatible change; a reader refuses versions newer than it knows.

This module knows ``WordVectors`` only as a type hint: :func:`read_native` returns the
parts, ``WordVectors.load`` wraps them (see keyed.py's module graph).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from zero2vec.errors import ConfigError, VectorFileError
from zero2vec._atomic import atomic_dir
from zero2vec._memory import check_memory
from zero2vec.vectors.io_files import check_finite

if TYPE_CHECKING:
    from zero2vec.vectors.keyed import WordVectors

FORMAT = "zero2vec.vectors"
VERSION = 1


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
    try:
        meta_text = json.dumps({
            "format": FORMAT, "version": VERSION, "shape": list(wv.vectors.shape),
            "dtype": str(wv.vectors.dtype), "metadata": metadata or {},
        }, ensure_ascii=False, indent=1)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"metadata must be JSON-serialisable: {e}") from None
    vocab = {"index_to_key": wv.index_to_key,
             "counts": None if wv.counts is None else wv.counts.tolist()}
    with atomic_dir(path) as tmp:
        np.save(tmp / "vectors.npy", np.ascontiguousarray(wv.vectors), allow_pickle=False)
        (tmp / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf8")
        (tmp / "meta.json").write_text(meta_text, encoding="utf8")


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
                ) -> tuple[np.ndarray, list[str], list | None, dict[str, Any]]:
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
    words : list of str
    counts : list or None
        As stored in ``vocab.json`` (checked when the WordVectors is built).
    metadata : dict

    NaN/inf are refused unless ``allow_nonfinite`` (which warns). The check reads a
    memory map once too, block by block (from the page cache: no memory is held);
    ``mmap`` with ``allow_nonfinite=True`` opens without reading anything.
    """
    if mmap not in (None, "r", "c"):
        raise ConfigError(f"mmap must be None, 'r' or 'c', got {mmap!r}")
    p = Path(path)
    meta = read_meta(p)
    vocab = _json(p / "vocab.json")
    words = vocab.get("index_to_key") if isinstance(vocab, dict) else None
    if not isinstance(words, list) or not set(map(type, words)) <= {str}:
        raise VectorFileError(f"{p / 'vocab.json'}: 'index_to_key' must be a list of words")
    npy = p / "vectors.npy"
    shape = meta.get("shape")
    check_npy(npy, shape)
    if len(words) != shape[0]:
        raise VectorFileError(f"{p}: {len(words)} words in vocab.json but {shape[0]} vectors")
    if mmap is None:
        check_memory(npy.stat().st_size, f"{npy} ({shape[0]:,} x {shape[1]:,})",
                     hint="open it with mmap='r'")
    try:
        vectors = np.load(npy, mmap_mode=mmap, allow_pickle=False)
    except OSError as e:
        raise VectorFileError(f"{npy}: cannot be read ({e.strerror or e})") from None
    except (ValueError, EOFError):  # the header was checked: only a file changed meanwhile
        raise VectorFileError(f"{npy}: corrupt or truncated") from None
    if not (mmap and allow_nonfinite):
        check_finite(npy, vectors, words, allow_nonfinite)
    metadata = meta.get("metadata", {})
    if not isinstance(metadata, dict):
        raise VectorFileError(f"{p / 'meta.json'}: 'metadata' must be an object, got {metadata!r:.40}")
    return vectors, words, vocab.get("counts"), metadata
