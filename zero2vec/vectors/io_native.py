"""zero2vec's native vector format: a folder that loads in milliseconds.

Layout (format version 1)::

    NAME.z2v/
        meta.json     {"format": "zero2vec.vectors", "version": 1, "shape": [n, d],
                       "dtype": "float32", "metadata": {...}}
        vocab.json    {"index_to_key": [...], "counts": [...] or null}
        vectors.npy   the (n, d) array, NumPy's own format (memory-mappable)

Why a folder of standard files: ``vectors.npy`` can be memory-mapped (``mmap="r"``:
a 100k x 300 table opens without reading it), and every part opens with ordinary
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
    return meta


def _json(path: Path) -> Any:
    if not path.is_file():
        raise VectorFileError(f"{path}: missing (not a zero2vec vectors folder?)")
    try:
        return json.loads(path.read_text(encoding="utf8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise VectorFileError(f"{path}: corrupt JSON ({e})") from None


def read_native(path: str | os.PathLike, mmap: str | None = None
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
        Read-only (unless ``mmap="c"``), shape as ``meta.json`` says.
    words : list of str
    counts : list or None
        As stored in ``vocab.json`` (checked when the WordVectors is built).
    metadata : dict
    """
    if mmap not in (None, "r", "c"):
        raise ConfigError(f"mmap must be None, 'r' or 'c', got {mmap!r}")
    p = Path(path)
    meta = read_meta(p)
    vocab = _json(p / "vocab.json")
    words = vocab.get("index_to_key") if isinstance(vocab, dict) else None
    if not isinstance(words, list) or not set(map(type, words)) <= {str}:
        raise VectorFileError(f"{p / 'vocab.json'}: 'index_to_key' must be a list of words")
    try:
        vectors = np.load(p / "vectors.npy", mmap_mode=mmap, allow_pickle=False)
    except FileNotFoundError:
        raise VectorFileError(f"{p / 'vectors.npy'}: missing") from None
    except (OSError, ValueError, EOFError) as e:
        raise VectorFileError(f"{p / 'vectors.npy'}: corrupt or truncated ({e})") from None
    if list(vectors.shape) != meta.get("shape") or vectors.ndim != 2:
        raise VectorFileError(f"{p}: vectors.npy has shape {vectors.shape} but meta.json says "
                              f"{meta.get('shape')}")
    if len(words) != vectors.shape[0]:
        raise VectorFileError(f"{p}: {len(words)} words in vocab.json but {vectors.shape[0]} vectors")
    if mmap is None:
        vectors.setflags(write=False)
    return vectors, words, vocab.get("counts"), meta.get("metadata", {})
