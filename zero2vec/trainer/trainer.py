"""The book's ``Trainer``: mini-batches, gradient merging of shared params, updates, loss history."""
from __future__ import annotations

import math
import os
import time

import numpy as np

from zero2vec._checks import check_positive_int
from zero2vec._progress import TrainingBar
from zero2vec._runcontrol import RunControl
from zero2vec.errors import ShapeError, TrainingDivergedError
from zero2vec.trainer import state
from zero2vec.trainer.sharing import SharedParams, clip_grads
from zero2vec.trainer.state import Position


class Trainer:
    """Train a layered model with an optimizer.

    Every step: ``loss = model.forward(x, t)``, ``model.backward()``, merge the gradients
    of parameters that several layers hold (:class:`SharedParams`), optionally clip,
    then ``optimizer.update(params, grads)`` which changes the arrays in place.

    Parameters
    ----------
    model : object with ``forward``, ``backward``, ``params``, ``grads``
    optimizer : object with ``update(params, grads)``
    seed : int, optional
        Seeds the per-epoch shuffling.
    progress : bool, optional
        Show a progress bar (words/s, loss, ETA) on stderr (default: only when it is
        a terminal).
    verbose : bool
        Also print the book's ``| epoch 1 | iter 21 / 9295 | time 1[s] | loss 4.15`` lines.

    Attributes
    ----------
    loss_list : list of float
        Mean loss over each ``eval_interval`` steps (the book's name).
    epoch_losses : list of float
        Mean loss of each epoch.
    """

    def __init__(self, model, optimizer, seed: int | None = None, progress: bool | None = None,
                 verbose: bool = False) -> None:
        self.model = model
        self.optimizer = optimizer
        self.shared = SharedParams(model.params)
        self.rng = np.random.default_rng(seed)
        self.progress = progress
        self.verbose = verbose
        self.loss_list: list[float] = []
        self.epoch_losses: list[float] = []
        self.eval_interval: int | None = None
        self.current_epoch = 0
        self.words_per_sec = 0.0
        self.elapsed = 0.0
        self._resume: tuple[Position, dict] | None = None  # after load_checkpoint
        self._observer, self._batch_size, self._first_step = None, 1, 0  # set by fit

    def step(self, batch_x: np.ndarray, batch_t: np.ndarray, max_grad: float | None = None) -> float:
        """One forward/backward/update on one batch; returns its loss."""
        loss = self.model.forward(batch_x, batch_t)
        self.model.backward()
        grads = self.shared.merge(self.model.grads)
        if max_grad is not None:
            clip_grads(grads, max_grad)
        self.optimizer.update(self.shared.params, grads)
        return loss

    # -- checkpoints ------------------------------------------------------------------
    def load_checkpoint(self, path: str | os.PathLike) -> Trainer:
        """Restore weights (in place), optimizer, random streams and position from ``path``.

        The next :meth:`fit` with the same data and settings continues where the saved
        run stopped.
        """
        self._resume = state.load(path, self)
        return self

    def _start(self, settings: dict) -> Position:
        """Where this fit begins: the loaded checkpoint's position (same settings), or the start."""
        if self._resume is None:
            return Position()
        (position, saved), self._resume = self._resume, None
        state.check_settings(saved, settings)
        return position

    # -- training ---------------------------------------------------------------------
    def fit(self, x: np.ndarray, t: np.ndarray, max_epoch: int = 10, batch_size: int = 32,
            max_grad: float | None = None, eval_interval: int | None = 20,
            checkpoint_path: str | os.PathLike | None = None, checkpoint_every: int | None = None,
            checkpoint_minutes: float | None = None, observer=None) -> Trainer:
        """Train for ``max_epoch`` epochs over shuffled mini-batches of ``(x, t)``.

        As in the book, each epoch covers ``len(x) // batch_size`` full batches (the
        remainder is dropped for that epoch; shuffling changes which rows).

        With ``checkpoint_path``, a checkpoint is written every ``checkpoint_every`` steps
        and/or ``checkpoint_minutes`` minutes, at the end, and on SIGINT/SIGTERM — after
        which :class:`~zero2vec.errors.TrainingInterrupted` is raised (exit code 130/143
        in the CLI); see :class:`~zero2vec._runcontrol.RunControl`. Resume with
        :meth:`load_checkpoint` then ``fit`` again.

        ``observer`` (see :func:`zero2vec.job.run`) gets ``progress`` with each
        ``eval_interval`` mean loss and ``epoch_end`` with each epoch's mean loss.
        """
        x, t = np.asarray(x), np.asarray(t)
        max_epoch, batch_size = _check_fit(x, t, max_epoch, batch_size)
        max_iters = len(x) // batch_size
        settings = {"max_epoch": max_epoch, "batch_size": batch_size, "data_size": len(x)}
        if checkpoint_path is not None or self._resume is not None:  # ties a checkpoint to its data
            settings["data_fingerprint"] = state.data_fingerprint(x, t)
        self.eval_interval = eval_interval
        self._observer, self._batch_size = observer, batch_size
        run = RunControl(checkpoint_path, checkpoint_every, checkpoint_minutes,
                         write=lambda path, pos: state.save(path, self, pos, settings))
        pos = self._start(settings)
        self._first_step = pos.epoch * max_iters + pos.iters
        bar = TrainingBar(max_epoch * max_iters, max_epoch, self.progress, words_per_step=batch_size)
        start, steps = time.perf_counter(), 0
        with run, bar:
            while pos.epoch < max_epoch:
                self.current_epoch = pos.epoch + 1
                if pos.permutation is None:
                    pos.permutation = self.rng.permutation(len(x))
                x_epoch, t_epoch = x[pos.permutation], t[pos.permutation]
                for iters in range(pos.iters, max_iters):
                    pos.iters = iters
                    if run.due():
                        run.checkpoint(pos)
                    sl = slice(iters * batch_size, (iters + 1) * batch_size)
                    loss = self.step(x_epoch[sl], t_epoch[sl], max_grad)
                    self._check_loss(loss, pos, run.path)
                    pos.add(loss)
                    run.step_done()
                    steps += 1
                    if eval_interval and iters % eval_interval == 0:
                        self._report(pos, max_iters, bar, time.perf_counter() - start)
                self.epoch_losses.append(pos.epoch_loss / max_iters)
                if observer is not None:
                    observer.epoch_end(pos.epoch + 1, self.epoch_losses[-1])
                pos.next_epoch()
                bar.update(pos.epoch * max_iters, pos.epoch, self.epoch_losses[-1])
            run.finish(pos)
        self.elapsed = time.perf_counter() - start
        self.words_per_sec = steps * batch_size / max(self.elapsed, 1e-9)
        return self

    def _check_loss(self, loss: float, pos: Position, checkpoint_path: object) -> None:
        if not math.isfinite(loss):  # (a Python float, every step)
            raise TrainingDivergedError(
                f"loss became {loss} at epoch {pos.epoch + 1}, step {pos.iters + 1}; lower the "
                f"learning rate (now {getattr(self.optimizer, 'lr', '?')}) or set max_grad"
                + (f"; the last good checkpoint is {checkpoint_path}" if checkpoint_path else ""))

    def _report(self, pos: Position, max_iters: int, bar: TrainingBar, elapsed: float) -> None:
        """Every ``eval_interval`` steps: the mean loss since the last report (the book's)."""
        avg = pos.total_loss / pos.loss_count
        self.loss_list.append(float(avg))
        pos.total_loss, pos.loss_count = 0.0, 0
        done = pos.epoch * max_iters + pos.iters + 1
        bar.update(done, pos.epoch + 1, avg)
        if self._observer is not None:  # words/s of this fit so far (steps x batch size)
            this_fit = done - self._first_step
            wps = this_fit * self._batch_size / max(elapsed, 1e-9)
            self._observer.progress(done, float(avg), wps, getattr(self.optimizer, "lr", None),
                                    pos.epoch + 1, done / (bar.epochs * max_iters))
        if self.verbose:
            print(f"| epoch {pos.epoch + 1} |  iter {pos.iters + 1} / {max_iters} | "
                  f"time {int(elapsed)}[s] | loss {avg:.2f}")

    def plot(self, path: str | None = None, ylim: tuple[float, float] | None = None):
        """Plot ``loss_list``; save a PNG to ``path``, or show the figure when ``path`` is None."""
        from zero2vec.vectors.plot import plot_loss

        xlabel = f"iterations (x{self.eval_interval})" if self.eval_interval else "iterations"
        return plot_loss(self.loss_list, path, xlabel=xlabel, ylim=ylim)


def _check_fit(x: np.ndarray, t: np.ndarray, max_epoch: int, batch_size: int) -> tuple[int, int]:
    """Check the arguments of :meth:`Trainer.fit`; return ``max_epoch`` and ``batch_size`` as ints."""
    max_epoch = check_positive_int("max_epoch", max_epoch)
    batch_size = check_positive_int("batch_size", batch_size)
    if len(x) != len(t):
        raise ShapeError(f"x has {len(x)} rows but t has {len(t)}")
    if len(x) < batch_size:
        raise ShapeError(f"batch_size={batch_size} is larger than the data ({len(x)} rows)")
    return max_epoch, batch_size
