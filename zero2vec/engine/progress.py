"""The training progress bar (rich): words/s, loss, learning rate and ETA."""
from __future__ import annotations

import sys


class ProgressBar:
    """A rich progress bar over ``total`` words; a no-op when disabled.

    Parameters
    ----------
    total : int
        Words to process over all epochs.
    enabled : bool or None
        ``None`` shows the bar only when stderr is a terminal.
    """

    def __init__(self, total: int, enabled: bool | None = None) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty()
        self._progress = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, Progress, TaskProgressColumn, TextColumn,
                                   TimeRemainingColumn)
        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"), TextColumn("loss {task.fields[loss]}"),
            TextColumn("lr {task.fields[lr]}"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )
        self._task = self._progress.add_task("training", total=total, rate="", loss="-", lr="-")
        self._progress.start()

    def update(self, done: int, epoch: int, epochs: int, words_per_s: float,
               loss_per_word: float, lr: float) -> None:
        if self._progress is None:
            return
        self._progress.update(self._task, completed=done,
                              description=f"epoch {epoch + 1}/{epochs}",
                              rate=f"{words_per_s / 1e3:,.0f}k words/s",
                              loss=f"{loss_per_word:.4f}", lr=f"{lr:.5f}")

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
