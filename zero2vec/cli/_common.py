"""Shared pieces of the CLI commands: consoles, loading vectors."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console

from zero2vec._progress import spinner
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
