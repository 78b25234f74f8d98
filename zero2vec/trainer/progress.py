"""The layered Trainer's bar: words/s (targets per second), loss and ETA."""
from __future__ import annotations

from zero2vec._progress import make_progress


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
        self.words_per_step = words_per_step
        self.description = description
        self._progress = make_progress("loss", unit="words", enabled=enabled)
        self._task = self._progress.add_task(description, total=total * words_per_step, loss="-")

    def __enter__(self) -> TrainingProgress:
        self._progress.start()
        return self

    def update(self, step: int, loss: float | None = None, epoch: int | None = None) -> None:
        """Report that ``step`` steps are done."""
        fields = {} if loss is None else {"loss": f"{loss:.3f}"}
        desc = self.description if epoch is None else f"{self.description} epoch {epoch}"
        self._progress.update(self._task, completed=step * self.words_per_step, description=desc, **fields)

    def __exit__(self, *exc) -> None:
        self._progress.stop()
