"""The one progress display of zero2vec: rich bars and spinners on stderr.

Every long step (reading a corpus, tokenising, training, saving, evaluating) draws
through this module, so they all look alike, all go to stderr, and all follow one
rule for whether they are shown (:func:`is_shown`): ``enabled=True`` shows,
``False`` hides, and ``None`` (every default) shows only when stderr is a terminal
(a real one: ``FORCE_COLOR`` or ``TTY_COMPATIBLE``, which ask rich for colour, do not
put bars into a log), so logs and pipes stay clean unless a bar is asked for. A bar is
one line at any width: on a narrow terminal it drops its timing columns rather than
wrap. For a log of a layered run, the book's ``Trainer(verbose=True)`` prints its
``| epoch 1 |  iter 1 / 9295 | time 0[s] | loss 4.16`` lines on stdout.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.table import Column
from rich.text import Text

Update = Callable[[int, int], None]

_stderr: Console | None = None


def stderr_console() -> Console:
    """The console every bar draws on (one, shared: stderr)."""
    global _stderr
    if _stderr is None:
        _stderr = Console(stderr=True, highlight=False, force_terminal=None if _tty() else False)
    return _stderr


def _tty() -> bool:
    import sys

    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, ValueError):  # no stderr, or a closed one
        return False


def is_shown(enabled: bool | None) -> bool:
    """The one rule: ``True``/``False`` as asked; ``None``: only when stderr is a terminal."""
    if enabled is not None:
        return bool(enabled)
    console = stderr_console()
    return console.is_terminal and not console.is_dumb_terminal


class RateColumn(ProgressColumn):
    """Items per second, e.g. ``812,345 words/s``."""

    def __init__(self, unit: str, table_column: Column | None = None) -> None:
        super().__init__(table_column=table_column)
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None and task.elapsed:  # one update only: the average rate
            speed = task.completed / task.elapsed
        return Text("?" if speed is None else f"{speed:,.0f} {self.unit}/s", style="progress.data.speed")


def make_progress(*fields: str, unit: str = "items", enabled: bool | None = None) -> Progress:
    """A rich ``Progress`` with zero2vec's columns.

    Parameters
    ----------
    *fields : str
        Extra per-task fields shown as ``name value`` (pass them to ``add_task`` and
        ``update``, e.g. ``loss="2.31"``).
    unit : str
        What the rate counts (``words``, ``tokens``, ``questions``...).
    enabled : bool, optional
        See :func:`is_shown`; a hidden display is a no-op.
    """
    one_line = Column(no_wrap=True)  # a cut word, never a second line
    console = stderr_console()
    # narrower terminals drop the timing, then the rate and the count (a log keeps them all)
    width = console.width if console.is_terminal else 200
    columns = [TextColumn("[bold]{task.description}", table_column=one_line),
               BarColumn(bar_width=40 if width >= 120 else 10)]
    if width >= 72:
        columns += [MofNCompleteColumn(table_column=one_line)]
    if width >= 100:
        columns += [RateColumn(unit, table_column=one_line)]
    columns += [TextColumn(f"{name} {{task.fields[{name}]}}", table_column=one_line) for name in fields]
    if width >= 120:
        columns += [TimeElapsedColumn(table_column=one_line)]
    columns += [TextColumn("ETA", table_column=one_line), TimeRemainingColumn(table_column=one_line)]
    return Progress(*columns, console=console, transient=False, disable=not is_shown(enabled))


@contextmanager
def counting(description: str, unit: str = "items", enabled: bool | None = None) -> Iterator[Update]:
    """A bar for a loop that reports ``update(done, total)`` (savers, evaluators).

    A hidden bar yields a function that does nothing, so the loop pays nothing.
    """
    if not is_shown(enabled):
        yield lambda done, total: None
        return
    with make_progress(unit=unit, enabled=True) as p:
        task = p.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            p.update(task, completed=done, total=total)
        yield update


@contextmanager
def spinner(description: str, enabled: bool | None = None) -> Iterator[None]:
    """A spinner for a step without a known length; prints its duration when done."""
    if not is_shown(enabled):
        yield
        return
    console = stderr_console()
    t0 = time.perf_counter()
    with console.status(description):
        yield
    console.print(f"{description} [dim]({time.perf_counter() - t0:.2f} s)[/dim]")


class TrainingBar:
    """One bar over a whole training run (both engines): words/s, loss, learning rate, ETA.

    Parameters
    ----------
    total : int
        Steps over all epochs (the native engine counts words).
    epochs : int
        Epochs of the run (shown as ``epoch 2/5``).
    enabled : bool, optional
        See :func:`is_shown`.
    words_per_step : int
        Target words per step, for the words/s figure (the layered Trainer's batch size).
    lr : bool
        Also show the learning rate (the native engine's falls over the run).
    """

    def __init__(self, total: int, epochs: int, enabled: bool | None = None,
                 words_per_step: int = 1, lr: bool = False) -> None:
        self.epochs, self.words_per_step = epochs, words_per_step
        fields = ("loss", "lr") if lr else ("loss",)
        self._progress = make_progress(*fields, unit="words", enabled=enabled)
        self._task = self._progress.add_task("training", total=total * words_per_step,
                                             **{name: "-" for name in fields})

    def __enter__(self) -> TrainingBar:
        self._progress.start()
        return self

    def update(self, done: int, epoch: int, loss: float, lr: float | None = None) -> None:
        """Show ``done`` steps done, in (1-based) ``epoch``, with the latest ``loss``."""
        fields = {"loss": f"{loss:.4f}"} if lr is None else {"loss": f"{loss:.4f}", "lr": f"{lr:.5f}"}
        self._progress.update(self._task, completed=done * self.words_per_step,
                              description=f"epoch {epoch}/{self.epochs}", **fields)

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()
