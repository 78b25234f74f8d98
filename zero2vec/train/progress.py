"""A training progress bar: words/s, loss, ETA (rich), or the book's printed lines."""
from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
)


class TrainingProgress:
    """Context manager that shows one bar for a whole run.

    Parameters
    ----------
    total : int
        Number of steps (iterations) in the run.
    words_per_step : int
        Target words per step, for the words/s figure.
    enabled : bool
        False shows nothing.
    """

    def __init__(self, total: int, words_per_step: int, enabled: bool = True,
                 description: str = "training") -> None:
        self.total = total
        self.words_per_step = words_per_step
        self.enabled = enabled
        self.description = description
        self._progress: Progress | None = None
        self._task = None
        self._t0 = 0.0

    def __enter__(self) -> TrainingProgress:
        self._t0 = time.perf_counter()
        if self.enabled:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[wps]:>9} words/s"), TextColumn("loss {task.fields[loss]}"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(file=sys.stderr), transient=False,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task(self.description, total=self.total,
                                                 wps="-", loss="-")
        return self

    def update(self, step: int, loss: float | None = None, epoch: int | None = None) -> None:
        """Report that ``step`` steps are done."""
        if self._progress is None:
            return
        elapsed = max(time.perf_counter() - self._t0, 1e-9)
        fields = {"wps": f"{step * self.words_per_step / elapsed:,.0f}"}
        if loss is not None:
            fields["loss"] = f"{loss:.3f}"
        desc = self.description if epoch is None else f"{self.description} epoch {epoch}"
        self._progress.update(self._task, completed=step, description=desc, **fields)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self._t0

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)
