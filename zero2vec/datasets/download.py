"""Fetching a data file into a local folder: checked (size, md5), atomic, offline-friendly."""
from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path

from zero2vec._atomic import atomic_file
from zero2vec.errors import DatasetError


def md5sum(path: Path) -> str:
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(url: str, dest: Path, size: int | None = None, md5: str | None = None,
          timeout: float = 30.0, offline_hint: str = "") -> Path:
    """Download ``url`` to ``dest``, verify it, and only then move it into place.

    A failed or interrupted download never leaves a partial ``dest`` behind.
    Raises DatasetError naming the file and where to put it by hand (then ``offline_hint``,
    the caller's other ways to provide it).
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(dest) as tmp:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as r, open(tmp, "wb") as out:
                while block := r.read(1 << 20):
                    out.write(block)
        except (urllib.error.URLError, OSError, ValueError) as e:
            reason = getattr(e, "reason", e)
            raise DatasetError(
                f"cannot download {url} ({reason}); without internet, put the file at {dest}"
                + (f", or {offline_hint}" if offline_hint else "")
            ) from None
        got = tmp.stat().st_size
        if size is not None and got != size:
            raise DatasetError(f"{url}: got {got} bytes, expected {size}; not saved to {dest}")
        if md5 is not None and md5sum(tmp) != md5:
            raise DatasetError(f"{url}: md5 mismatch (corrupt download); not saved to {dest}")
    return dest
