"""Atomic, durable writes, and the rule that an output never overwrites an input.

An output is built under a temporary name beside it, flushed to the disk (``fsync``),
then renamed over the target, and the folder's entry is flushed too. A crash, a full
disk, Ctrl-C or a power loss leaves either the old file or the new one, never a
half-written one. The temporary lives in the same folder so the rename stays on one
file system (``os.replace`` is atomic there).

``ZERO2VEC_FSYNC=0`` skips the flushes (faster on slow disks; a rename still survives a
crash of the process, not of the machine).
"""
from __future__ import annotations

import errno
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from zero2vec.errors import OutputError

PathLike = str | os.PathLike


def _parent(path: Path) -> Path:
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {parent} does not exist")
    return parent


def _disk_full(error: BaseException, folder: Path) -> bool:
    if not isinstance(error, OSError):
        return False
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if error.errno is None:  # numpy's short write ("N requested and M written") has no errno
        try:
            st = os.statvfs(folder)
        except OSError:
            return False
        return st.f_bavail * st.f_frsize < (1 << 20)
    return False


def _raise_full(error: OSError, path: Path) -> None:
    """A full disk is the user's to fix: say so in one line, naming what was being written."""
    folder = path.parent if str(path.parent) else Path(".")
    what = "disk quota exceeded" if error.errno == errno.EDQUOT else "no space left on device"
    raise OutputError(f"cannot write {path}: {what} (nothing was written; free some space "
                      f"in {folder} and run again)") from None


def _durable() -> bool:
    return os.environ.get("ZERO2VEC_FSYNC", "1").strip().lower() not in ("0", "no", "false", "off")


def _fsync_path(path: Path, directory: bool = False) -> None:
    """Flush ``path``'s data (a file) or its entries (a folder) to the disk."""
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
    try:
        os.fsync(fd)
    except OSError:
        if not directory:  # some file systems cannot fsync a folder; a file must be flushed
            raise
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            _fsync_path(Path(folder) / name)
        _fsync_path(Path(folder), directory=True)


def _temporary_name(parent: Path, path: Path, suffix: str) -> Path:
    """A hidden, unused name beside ``path`` (created by the caller with O_EXCL / mkdir)."""
    while True:
        tmp = parent / f".{path.name}.{secrets.token_hex(8)}{suffix}"
        if not os.path.lexists(tmp):
            return tmp


@contextmanager
def atomic_file(path: PathLike) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path``, durably.

    Examples
    --------
    >>> with atomic_file("out.bin") as tmp:  # doctest: +SKIP
    ...     tmp.write_bytes(b"...")
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    parent = _parent(path)
    tmp = _temporary_name(parent, path, ".tmp")  # named before it exists: a signal at any
    try:                                         # point leaves nothing behind
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        yield tmp
        os.chmod(tmp, 0o644)  # made 0600; vector files are meant to be shared
        durable = _durable()
        if durable:
            _fsync_path(tmp)
        os.replace(tmp, path)
        if durable:
            _fsync_path(parent, directory=True)
    except BaseException as e:
        full = _disk_full(e, parent)  # (asked before the temporary frees its space)
        tmp.unlink(missing_ok=True)
        if full:
            _raise_full(e, path)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``);
    False where the system or the file system cannot."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


@contextmanager
def atomic_dir(path: PathLike) -> Iterator[Path]:
    """Yield a temporary folder to fill; on success it takes the place of ``path``, durably.

    An existing folder (or file: a save over an older one, as gensim's ``save`` does) at
    ``path`` is swapped with the new one in one step where the system can (Linux), so
    there is never a moment without it; elsewhere it is moved aside first. Either way it
    is removed only after the new one is in place.
    """
    path = Path(path)
    parent = _parent(path)
    tmp = _temporary_name(parent, path, ".tmp")
    try:
        os.mkdir(tmp, 0o700)
        yield tmp
        os.chmod(tmp, 0o755)
        durable = _durable()
        if durable:
            _fsync_tree(tmp)
        if (path.is_dir() or path.is_file()) and _exchange(tmp, path):
            if durable:
                _fsync_path(parent, directory=True)
            if tmp.is_dir():  # (tmp now holds the old folder or file)
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink(missing_ok=True)
            return
        old = None
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=parent))
            os.replace(path, old / "x")
        os.replace(tmp, path)
        if durable:
            _fsync_path(parent, directory=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as e:
        full = _disk_full(e, parent)
        shutil.rmtree(tmp, ignore_errors=True)
        if full:
            _raise_full(e, path)
        raise


def _same(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file (links resolved), or ``a`` lies inside folder ``b``."""
    try:
        if a.exists() and b.exists() and os.path.samefile(a, b):
            return True
    except OSError:
        pass
    ra, rb = a.resolve(), b.resolve()
    return ra == rb or (b.is_dir() and rb in ra.parents)


def check_outputs(outputs: Mapping[str, PathLike | None],
                  inputs: Mapping[str, PathLike | None] | None = None) -> None:
    """Refuse, before any work starts, outputs that would overwrite an input or each other.

    Parameters
    ----------
    outputs, inputs : mapping of a description (``"the vectors (--output)"``) to a path
        ``None`` values are skipped. Paths are compared after resolving links
        (:func:`os.path.samefile`), so a hard or symbolic link to an input is caught,
        as is an output inside an input folder.

    Raises
    ------
    OutputError
        Naming both roles and the path; or an output's folder that does not exist.
    """
    outs = [(what, Path(p)) for what, p in outputs.items() if p is not None]
    ins = [(what, Path(p)) for what, p in (inputs or {}).items() if p is not None]
    for i, (what, out) in enumerate(outs):
        _parent(out)
        for role, src in ins:
            if _same(out, src):
                raise OutputError(f"refusing to write {what} to {out}: it is {role}")
        for other, out2 in outs[i + 1:]:
            if _same(out, out2) or _same(out2, out):
                raise OutputError(f"{what} and {other} are the same file, {out}: give them different names")
