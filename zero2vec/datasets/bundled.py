"""Small real corpora shipped inside the package (sources and licenses: data/SOURCES.md)."""
from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

BUNDLED = {
    "brown": DATA_DIR / "brown.txt.gz",   # English, 1.16M tokens, one sentence per line
    "kokoro": DATA_DIR / "kokoro.txt",    # Japanese raw text (not segmented), 5,172 lines
    "jwsd": DATA_DIR / "jwsd",            # Japanese Word Similarity Dataset: score_{noun,verb,adj,adv}.csv
}
JWSD_PARTS = ("noun", "verb", "adj", "adv")


def bundled_path(name: str) -> Path:
    """Path of a bundled data set: ``"brown"``, ``"kokoro"`` or ``"jwsd"`` (a folder)."""
    from zero2vec.errors import DatasetError

    if name not in BUNDLED:
        raise DatasetError(f"no bundled corpus {name!r}; choose one of {sorted(BUNDLED)}")
    return BUNDLED[name]
