"""Shared pieces of the CLI commands: consoles, loading and saving vectors."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console

from zero2vec._progress import counting, spinner
from zero2vec.errors import CorpusError
from zero2vec.vectors import WordVectors

out = Console(highlight=False)           # results
err = Console(stderr=True, highlight=False)  # notes (bars and spinners: zero2vec._progress)


def load_vectors(path: Path, quiet: bool, fmt: str | None = None, limit: int | None = None,
                 encoding: str = "utf8", unicode_errors: str = "strict") -> WordVectors:
    """Load vectors in any format, with a spinner; word2vec-only options apply there."""
    from zero2vec.vectors.io import detect_format, load

    fmt = fmt or detect_format(path)
    kwargs = {}
    if fmt.startswith("word2vec"):
        kwargs = {"limit": limit, "encoding": encoding, "unicode_errors": unicode_errors}
    with spinner(f"loading {path} ({fmt})", enabled=False if quiet else None):
        wv = load(path, format=fmt, **kwargs)
    if limit is not None and not fmt.startswith("word2vec") and limit < len(wv):
        wv = WordVectors(wv.vectors[:limit], wv.index_to_key[:limit],
                         None if wv.counts is None else wv.counts[:limit])
    return wv


def check_input_file(path: Path, what: str = "file") -> None:
    """Missing or empty input file -> one clear error before any work starts."""
    if not path.exists():
        raise CorpusError(f"{path}: no such {what}")
    if path.is_file() and path.stat().st_size == 0:
        raise CorpusError(f"{path}: {what} is empty")


def save_with_progress(wv, target: Path, fmt: str, quiet: bool, **kwargs) -> None:
    """Save, with a progress bar for the record-by-record word2vec writers."""
    from zero2vec.vectors.io import save

    if fmt.startswith("word2vec"):
        with counting(f"saving {target.name}", unit="words", enabled=False if quiet else None) as update:
            save(wv, target, format=fmt, progress=update, **kwargs)
    else:
        with spinner(f"saving {target} ({fmt})", enabled=False if quiet else None):
            save(wv, target, format=fmt, **kwargs)
