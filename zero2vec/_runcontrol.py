"""Run control, for both engines: signals, periodic checkpoints and interruption.

A training loop asks :meth:`RunControl.due` between its steps (a batch of the layered
``Trainer``, a job of the native engine). When it says yes, the loop brings the run to
a point where its state is consistent (the native engine first lets the running jobs
finish) and hands that state to :meth:`RunControl.checkpoint`, which writes it with
the loop's own writer; if a SIGINT/SIGTERM asked for the checkpoint, the run then
stops with :class:`~zero2vec.errors.TrainingInterrupted` (exit code ``128 + signum``).
A signal only sets a flag, so nothing is written half-way through a step.

Without a checkpoint path nothing is caught and nothing is due: the loop runs as
if the control were not there. Around the final save, :func:`signals_raise` makes a
signal stop the save at once instead (the atomic writers then remove their temporary).
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from zero2vec._checks import check_positive_int, check_positive_number
from zero2vec.errors import ConfigError, TrainingInterrupted

Writer = Callable[[Path, object], object]


class RunControl:
    """When to checkpoint a run, and what a caught signal does.

    Parameters
    ----------
    path : str or PathLike, optional
        Where checkpoints go. None: no checkpoints, signals are left alone.
    every : int, optional
        Checkpoint after every ``every`` steps (counted from the last checkpoint, or
        from the start of this run).
    minutes : float, optional
        Checkpoint when ``minutes`` have passed since the last one.
    write : callable(path, state)
        Writes a checkpoint of the loop's ``state`` (the engine's own format).

    Use it as a context manager around the loop: SIGINT and SIGTERM are caught while
    inside (on the main thread only, where Python delivers signals) and the previous
    handlers are put back on the way out.
    """

    def __init__(self, path: str | os.PathLike | None, every: int | None = None,
                 minutes: float | None = None, *, write: Writer) -> None:
        if path is None and (every is not None or minutes is not None):
            raise ConfigError("checkpoint_every / checkpoint_minutes need a checkpoint_path")
        self.path = None if path is None else Path(path)
        self.every = None if every is None else check_positive_int("checkpoint_every", every)
        self.minutes = None if minutes is None else check_positive_number("checkpoint_minutes", minutes)
        self.signal: int | None = None
        self._write = write
        self._steps = 0  # since the last checkpoint
        self._last = time.monotonic()
        self._handlers: dict = {}

    def __enter__(self) -> RunControl:
        self._steps, self._last = 0, time.monotonic()
        if self.path is not None and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._handlers[sig] = signal.signal(sig, self._on_signal)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._handlers.items():
            signal.signal(sig, handler)
        self._handlers.clear()

    def _on_signal(self, signum: int, frame: object) -> None:  # noqa: ARG002
        self.signal = signum  # acted on at the next step boundary, so the state stays consistent

    def step_done(self, n: int = 1) -> None:
        """Count ``n`` finished steps."""
        self._steps += n

    def due(self) -> bool:
        """Whether the loop should stop at a consistent point and call :meth:`checkpoint`."""
        if self.path is None:
            return False
        if self.signal is not None or (self.every is not None and self._steps >= self.every):
            return True
        return self.minutes is not None and time.monotonic() - self._last >= 60 * self.minutes

    def checkpoint(self, state: object) -> None:
        """Write ``state``; then, if a signal asked for it, stop the run.

        Raises
        ------
        TrainingInterrupted
            After the checkpoint, when SIGINT/SIGTERM came.
        """
        self._write(self.path, state)
        self._steps, self._last = 0, time.monotonic()
        if self.signal is not None:
            raise TrainingInterrupted(self.signal, self.path)

    def finish(self, state: object) -> None:
        """The end-of-run checkpoint (a signal during the last step no longer stops anything)."""
        if self.path is not None:
            self._write(self.path, state)


@contextmanager
def _handled(handler: Callable[[int, object], None]) -> Iterator[None]:
    """SIGINT and SIGTERM go to ``handler`` within the block (main thread only: elsewhere
    Python delivers no signal); the previous handlers come back on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)


@contextmanager
def signals_raise(make_error: Callable[[int], BaseException]) -> Iterator[None]:
    """Within the block, SIGINT/SIGTERM raise ``make_error(signum)`` at once (main thread only).

    Used around the final save: the atomic writers then remove their temporary file,
    where SIGTERM's default would kill the process mid-write.
    """
    def handler(signum, frame):  # noqa: ARG001
        raise make_error(signum)
    with _handled(handler):
        yield


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Within the block, SIGINT/SIGTERM wait until it ends, then act as they would outside.

    For a step that an exception raised at an arbitrary point would break rather than
    stop: drawing a plot (matplotlib's C++ renderer turns it into ``ValueError: Invalid
    bounding box``; a first ``import matplotlib`` cut short leaves a half-made module).
    Such a step is short, so the signal is only late, never lost.
    """
    caught: list[int] = []
    with _handled(lambda signum, frame: caught.append(signum)):
        yield
    if caught:  # delivered again, now to the handler outside the block
        signal.raise_signal(caught[0])
