"""The checkpoint container: one ``.npz`` of arrays plus a JSON header, written atomically.

Both engines' checkpoints use it; the header's ``format`` and ``version`` say what a
file is, so a checkpoint of the other engine, of another version or a corrupt file
is refused with a message instead of a traceback from numpy.
"""
from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np

from zero2vec._atomic import atomic_file
from zero2vec.errors import CheckpointError


def write(path: str | os.PathLike, header: dict, arrays: dict[str, np.ndarray]) -> Path:
    """Write ``arrays`` and the JSON ``header`` to ``path`` (temp file + rename)."""
    blob = np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), dtype=np.uint8)
    path = Path(path)
    with atomic_file(path) as tmp:
        with open(tmp, "wb") as f:
            np.savez(f, header=blob, **arrays)
    return path


def read(path: str | os.PathLike, fmt: str, version: int, hint: str = "") -> tuple[dict, dict[str, np.ndarray]]:
    """The header and arrays of ``path``; CheckpointError unless it is ``fmt`` at ``version``."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        header = json.loads(arrays.pop("header").tobytes().decode())
    except FileNotFoundError:
        raise CheckpointError(f"{path}: no such checkpoint") from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError, EOFError) as e:
        # numpy's own message for pickled data advises allow_pickle: never pass that on
        why = "it holds pickled objects, which zero2vec never loads" if "pickle" in str(e) else str(e)
        raise CheckpointError(f"{path}: not a readable zero2vec checkpoint ({why})") from None
    if not isinstance(header, dict) or header.get("format") != fmt:
        got = header.get("format") if isinstance(header, dict) else None
        raise CheckpointError(f"{path}: not a {fmt} (format {got!r}){'; ' + hint if hint else ''}")
    if header.get("version") != version:
        raise CheckpointError(f"{path}: checkpoint version {header.get('version')} is not supported "
                              f"(this zero2vec reads version {version})")
    return header, arrays
