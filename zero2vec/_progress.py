"""The one progress display of zero2vec: a rich bar on stderr with rate and ETA.

Every long step (reading a corpus, tokenising, training, saving, evaluating) uses
:func:`make_progress`, so they all look alike, all go to stderr, and all stay
silent when asked (``enabled=False``) or when stderr is not a terminal (logs, pipes)
unless asked explicitly.
"""
from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Items per second, e.g. ``812,345 words/s``."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None and task.elapsed:  # one update only: the average rate
            speed = task.completed / task.elapsed
        return Text("?" if speed is None else f"{speed:,.0f} {self.unit}/s", style="progress.data.speed")


def make_progress(*fields: str, unit: str = "items", enabled: bool | None = None,
                  console: Console | None = None) -> Progress:
    """A rich ``Progress`` with zero2vec's columns.

    Parameters
    ----------
    *fields : str
        Extra per-task fields shown as ``name value`` (pass them to ``add_task`` and
        ``update``, e.g. ``loss="2.31"``).
    unit : str
        What the rate counts (``words``, ``tokens``, ``questions``...).
    enabled : bool, optional
        None: only when stderr is a terminal. False: a no-op display.
    console : rich Console, optional
        Where to draw (default: a new one on stderr).
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(unit)]
    columns += [TextColumn(f"{name} {{task.fields[{name}]}}") for name in fields]
    columns += [TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    return Progress(*columns, console=console or Console(stderr=True), transient=False,
                    disable=not enabled)
