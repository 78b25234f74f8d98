"""Shared pieces of the CLI commands: consoles, progress bars, loading vectors."""
from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console

from zero2vec._progress import make_progress

from zero2vec.vectors import WordVectors

out = Console(highlight=False)           # results
err = Console(stderr=True, highlight=False)  # progress and notes

Update = Callable[[int, int], None]

# the option of every command that reads vectors
ALLOW_NONFINITE = typer.Option(False, "--allow-nonfinite",
                               help="Load vectors holding NaN or inf (refused by default).")


@contextmanager
def progress_bar(description: str, quiet: bool, unit: str = "items") -> Iterator[Update]:
    """A rich progress bar on stderr (rate and ETA); yields ``update(done, total)``.

    With ``quiet``, or when stderr is not a terminal (logs, pipes), nothing is shown
    and ``update`` does nothing.
    """
    if quiet or not err.is_terminal:
        yield lambda done, total: None
        return
    with make_progress(unit=unit, enabled=True, console=err) as p:
        task = p.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            p.update(task, completed=done, total=total)
        yield update


@contextmanager
def step(description: str, quiet: bool) -> Iterator[None]:
    """A spinner for a step without a known length; prints its duration when done
    (on a terminal only, like the progress bars)."""
    if quiet or not err.is_terminal:
        yield
        return
    t0 = time.perf_counter()
    with err.status(description):
        yield
    err.print(f"{description} [dim]({time.perf_counter() - t0:.2f} s)[/dim]")


def load_vectors(path: Path, quiet: bool, fmt: str | None = None, limit: int | None = None,
                 encoding: str = "utf8", unicode_errors: str = "strict",
                 allow_nonfinite: bool = False) -> WordVectors:
    """Load vectors in any format, with a spinner; word2vec-only options apply there.

    The readers' warnings (duplicate words, NaN/inf loaded with ``allow_nonfinite``)
    are printed as one ``zero2vec: warning:`` line each.
    """
    from zero2vec.vectors.io import detect_format, load

    fmt = fmt or detect_format(path)
    kwargs = {}
    if fmt.startswith("word2vec"):
        kwargs = {"limit": limit, "encoding": encoding, "unicode_errors": unicode_errors}
    with step(f"loading {path} ({fmt})", quiet), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wv = load(path, format=fmt, allow_nonfinite=allow_nonfinite, **kwargs)
    for w in caught:
        err.print(f"zero2vec: warning: {w.message}", markup=False, soft_wrap=True)
    if limit is not None and not fmt.startswith("word2vec") and limit < len(wv):
        wv = WordVectors(wv.vectors[:limit], wv.index_to_key[:limit],
                         None if wv.counts is None else wv.counts[:limit])
    return wv


class ConsoleReporter:
    """What :func:`zero2vec.job.run` shows: bars and spinners on stderr (a terminal only)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def step(self, description: str):
        return step(description, self.quiet)

    def bar(self, description: str, unit: str):
        return progress_bar(description, self.quiet, unit=unit)

    def note(self, message: str) -> None:
        err.print(f"zero2vec: note: {message}")
