"""The engine's training bar: words/s, loss per word, learning rate and ETA."""
from __future__ import annotations

from zero2vec._progress import make_progress


class ProgressBar:
    """Progress over ``total`` words (all epochs); a no-op when disabled.

    Parameters
    ----------
    total : int
        Words to process over all epochs.
    enabled : bool or None
        ``None`` shows the bar only when stderr is a terminal.
    """

    def __init__(self, total: int, enabled: bool | None = None) -> None:
        self._progress = make_progress("loss", "lr", unit="words", enabled=enabled)
        self._task = self._progress.add_task("training", total=total, loss="-", lr="-")
        self._progress.start()

    def update(self, done: int, epoch: int, epochs: int, loss_per_word: float, lr: float) -> None:
        self._progress.update(self._task, completed=done, description=f"epoch {epoch + 1}/{epochs}",
                              loss=f"{loss_per_word:.4f}", lr=f"{lr:.5f}")

    def close(self) -> None:
        self._progress.stop()
