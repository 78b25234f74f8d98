"""Shared pieces of the CLI commands: consoles, loading vectors, the options they share."""
from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console

from zero2vec._progress import spinner
from zero2vec.vectors import WordVectors

out = Console(highlight=False)           # results
err = Console(stderr=True, highlight=False)  # notes (bars and spinners: zero2vec._progress)

# the option of every command that reads vectors
ALLOW_NONFINITE = typer.Option(False, "--allow-nonfinite",
                               help="Load vectors holding NaN or inf (refused by default).")


@contextmanager
def warning_lines() -> Iterator[None]:
    """Python warnings raised inside become one ``zero2vec: warning:`` line each on stderr
    (not Python's two lines with a source line)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        err.print(f"zero2vec: warning: {w.message}", markup=False, soft_wrap=True)


def load_vectors(path: Path, quiet: bool, fmt: str | None = None, limit: int | None = None,
                 encoding: str = "utf8", unicode_errors: str = "strict",
                 allow_nonfinite: bool = False) -> WordVectors:
    """Load vectors in any format, with a spinner; word2vec-only options apply there.

    The readers' warnings (duplicate words, NaN/inf loaded with ``allow_nonfinite``)
    are printed as one ``zero2vec: warning:`` line each (:func:`warning_lines`).
    """
    from zero2vec.vectors.io import detect_format, load

    fmt = fmt or detect_format(path)
    kwargs = {}
    if fmt.startswith("word2vec"):
        kwargs = {"limit": limit, "encoding": encoding, "unicode_errors": unicode_errors}
    with spinner(f"loading {path} ({fmt})", enabled=False if quiet else None), warning_lines():
        wv = load(path, format=fmt, allow_nonfinite=allow_nonfinite, **kwargs)
    if limit is not None and not fmt.startswith("word2vec") and limit < len(wv):
        wv = WordVectors(wv.vectors[:limit], wv.index_to_key[:limit],
                         None if wv.counts is None else wv.counts[:limit])
    return wv
