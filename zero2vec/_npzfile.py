"""The checkpoint container: one ``.npz`` of arrays plus a JSON header, written atomically;
and the one schema check both engines' checkpoints pass before anything is restored.

The header's ``format`` and ``version`` say what a file is, so a checkpoint of the other
engine, of another version or a corrupt file is refused with a message instead of a
traceback from numpy. Everything else in it is checked field by field against a schema
(:func:`check_header`: required keys, no unknown ones, JSON types, ranges, lists and
their items) and every array against its expected dtype and shape, finite where it must
be (:func:`check_arrays`). Each problem is a one-line
:class:`~zero2vec.errors.CheckpointError` naming the file and the field
(``position.epoch``, ``array W_in``), so a tampered or damaged checkpoint never reaches
the model. Files are read with ``allow_pickle=False``: no object array is ever loaded.
"""
from __future__ import annotations

import json
import math
import os
import struct
import tokenize
import zipfile
import zlib
from dataclasses import dataclass
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


def _load(path: Path, what: str = "checkpoint", mmap: str | None = None) -> dict[str, np.ndarray]:
    try:
        if mmap is not None:
            return _mapped(path, mmap, what)
        z = np.load(path, allow_pickle=False)
        if isinstance(z, np.lib.npyio.NpzFile):
            with z:
                return {k: z[k] for k in z.files}
    except FileNotFoundError:
        raise CheckpointError(f"{path}: no such {what}") from None
    except MemoryError:
        raise CheckpointError(f"{path}: not a readable zero2vec {what} (an array claims "
                              "more memory than there is)") from None
    except (OSError, ValueError, KeyError, EOFError, struct.error, zipfile.BadZipFile,
            zlib.error, SyntaxError, TypeError, tokenize.TokenError, NotImplementedError) as e:
        # (SyntaxError, TypeError, TokenError: a damaged .npy header, which numpy parses as
        # Python; NotImplementedError: zipfile on a damaged compression-method field)
        reason = "it holds pickled objects, which zero2vec never loads" if "pickle" in str(e) \
            else str(e).splitlines()[0] if str(e) else type(e).__name__
        raise CheckpointError(f"{path}: not a readable zero2vec {what} ({reason})") from None
    raise CheckpointError(f"{path}: not a readable zero2vec {what} (one array, not an .npz "
                          "archive)")


def _mapped(path: Path, mode: str, what: str) -> dict[str, np.ndarray]:
    """The archive's arrays memory-mapped in place (``np.savez`` stores members
    uncompressed, so each ``.npy`` lies whole in the file, after its zip local header)."""
    if mode not in ("r", "r+", "c"):
        raise CheckpointError(f"mmap must be 'r', 'r+' or 'c' (numpy's modes), got {show(mode)}")
    out = {}
    size = path.stat().st_size
    with zipfile.ZipFile(path) as z, open(path, "rb") as f:
        for info in z.infolist():
            if info.compress_type != zipfile.ZIP_STORED:
                raise ValueError(f"member {info.filename} is compressed; it cannot be memory-mapped")
            f.seek(info.header_offset)
            local = f.read(30)
            if len(local) < 30 or local[:4] != b"PK\x03\x04":
                raise ValueError(f"member {info.filename} has no local header")
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            f.seek(info.header_offset + 30 + name_len + extra_len)
            version = np.lib.format.read_magic(f)
            shape, fortran, dtype = (np.lib.format.read_array_header_1_0(f) if version == (1, 0)
                                     else np.lib.format.read_array_header_2_0(f))
            if dtype.hasobject:
                raise ValueError("it holds pickled objects, which zero2vec never loads")
            offset, n = f.tell(), int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
            if offset + n > size:
                raise EOFError(f"member {info.filename} is cut short")
            key = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
            out[key] = np.zeros(shape, dtype) if n == 0 else np.memmap(
                path, dtype, mode, offset, shape, "F" if fortran else "C")
    if "header" in out:
        out["header"] = np.array(out["header"])  # (small; read now, the file may change)
    return out


def read(path: str | os.PathLike, fmt: str, version: int, hint: str = "", *,
         what: str = "checkpoint", mmap: str | None = None) -> tuple[dict, dict[str, np.ndarray]]:
    """The header and arrays of ``path``; CheckpointError unless it is ``fmt`` at ``version``.

    ``what`` names the kind of file in messages; ``mmap`` (numpy's ``'r'``, ``'r+'``,
    ``'c'``) maps the arrays instead of reading them.
    """
    path = Path(path)
    arrays = _load(path, what, mmap)
    try:
        header = json.loads(arrays.pop("header").tobytes().decode())
    except (KeyError, ValueError, UnicodeDecodeError, RecursionError):
        raise CheckpointError(f"{path}: not a readable zero2vec {what} (no JSON header)") from None
    if not isinstance(header, dict) or header.get("format") != fmt:
        got = header.get("format") if isinstance(header, dict) else None
        raise CheckpointError(f"{path}: not a {fmt} (format {show(got)}){'; ' + hint if hint else ''}")
    got = header.get("version")
    if got != version or isinstance(got, bool):
        older = isinstance(got, int) and not isinstance(got, bool) and got < version
        raise CheckpointError(f"{path}: {what} version {show(got)} is not supported "
                              f"(this zero2vec reads version {version})"
                              + ("; it cannot be resumed: start the run again"
                                 if older and what == "checkpoint" else ""))
    return header, arrays


# -- the schema ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Value:
    """A header field: its JSON type (``int``, ``float`` — any finite number —, ``str``,
    ``bool``, ``dict``, ``list``), its range [``low``, ``high``] for numbers, and whether it
    may be null."""

    kind: type
    low: float | None = None
    high: float | None = None
    null: bool = False

    def problem(self, v: object) -> str | None:
        """What is wrong with ``v`` (None: nothing)."""
        if v is None and self.null:
            return None
        if isinstance(v, bool) and self.kind is not bool or not isinstance(v, _JSON[self.kind]) \
                or isinstance(v, float) and not math.isfinite(v):
            return f"must be {self.describe()}, got {show(v)}"
        if (self.low is not None and v < self.low) or (self.high is not None and v > self.high):
            return f"must be {self.describe()}, got {show(v)}"
        return None

    def describe(self) -> str:
        what = _NAMES[self.kind]
        if self.low is not None and self.high is not None:
            what += f" from {self.low:g} to {self.high:g}"
        elif self.low is not None:
            what += f" >= {self.low:g}"
        return what + (" or null" if self.null else "")


@dataclass(frozen=True)
class ListOf:
    """A header field that is a list of ``item`` values, at least ``low`` of them,
    none twice when ``unique``."""

    item: Value
    low: int = 0
    unique: bool = False


@dataclass(frozen=True)
class Array:
    """An array of the checkpoint: its dtype, its shape, and whether it must be finite."""

    dtype: np.dtype | type
    shape: tuple[int, ...]
    finite: bool = False


_JSON = {int: int, float: (int, float), str: str, bool: bool, dict: dict, list: list}
_NAMES = {int: "an integer", float: "a finite number", str: "a string", bool: "true or false",
          dict: "a mapping", list: "a list"}


def show(v: object, limit: int = 40) -> str:
    """``repr(v)``, cut short: a message stays one readable line."""
    text = repr(v)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def fail(path: str | os.PathLike, field: str, problem: str) -> CheckpointError:
    """The error for a field of checkpoint ``path`` (raise it); always one line, whatever
    the checkpoint holds."""
    return CheckpointError(f"{path}: {field} {problem}".replace("\n", "\\n").replace("\r", "\\r"))


def check_header(path: str | os.PathLike, header: dict, schema: dict, where: str = "") -> None:
    """Check ``header`` against ``schema`` (field -> :class:`Value`, :class:`ListOf` or a
    nested schema dict): every field present, none unknown, each of its type and range.

    Raises
    ------
    CheckpointError
        Naming the file and the first field that is missing, unknown or wrong.
    """
    unknown = sorted(map(str, set(header) - set(schema)))
    if unknown:
        raise fail(path, where.rstrip(".") or "the header", f"holds unknown fields: {show(unknown)}")
    for key, spec in schema.items():
        name = where + key
        if key not in header:
            raise fail(path, name, "is missing")
        v = header[key]
        if isinstance(spec, dict):
            if not isinstance(v, dict):
                raise fail(path, name, f"must be a mapping, got {show(v)}")
            check_header(path, v, spec, name + ".")
        elif isinstance(spec, ListOf):
            _check_list(path, name, v, spec)
        else:
            problem = spec.problem(v)
            if problem:
                raise fail(path, name, problem)


def _check_list(path, name: str, v: object, spec: ListOf) -> None:
    if not isinstance(v, list) or len(v) < spec.low:
        least = "" if not spec.low else " of one item or more" if spec.low == 1 \
            else f" of {spec.low} items or more"
        raise fail(path, name, f"must be a list{least}, got {show(v)}")
    for i, item in enumerate(v):
        problem = spec.item.problem(item)
        if problem:
            raise fail(path, f"{name}[{i}]", problem)
    if spec.unique and len(set(v)) != len(v):
        seen: set = set()
        twice = next(x for x in v if x in seen or seen.add(x))
        raise fail(path, name, f"lists {show(twice)} twice")


def check_arrays(path: str | os.PathLike, arrays: dict[str, np.ndarray],
                 expected: dict[str, Array], rows: int = 1 << 16) -> None:
    """Check that ``arrays`` holds exactly the ``expected`` arrays, each of its dtype and
    shape, and finite where asked (tested ``rows`` rows at a time: no array-sized temporary).

    Raises
    ------
    CheckpointError
        Naming the file and the first array that is missing, unknown or wrong.
    """
    unknown = sorted(set(arrays) - set(expected))
    if unknown:
        raise fail(path, "the file", f"holds unknown arrays: {show(unknown)}")
    for name, spec in expected.items():
        a = arrays.get(name)
        if a is None:
            raise fail(path, f"array {name}", "is missing")
        if a.dtype != np.dtype(spec.dtype) or a.shape != tuple(spec.shape):
            raise fail(path, f"array {name}", f"must be {np.dtype(spec.dtype)} of shape "
                                              f"{tuple(spec.shape)}, got {a.dtype} of shape {a.shape}")
        if spec.finite and any(not np.isfinite(a[i:i + rows]).all() for i in range(0, len(a), rows)):
            raise fail(path, f"array {name}", "holds NaN or inf")
