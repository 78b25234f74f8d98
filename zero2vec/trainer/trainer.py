"""The book's ``Trainer``: mini-batches, gradient merging of shared params, updates, loss history."""
from __future__ import annotations

import os
import signal
import threading
import time

import numpy as np

from zero2vec._checks import check_positive_int
from zero2vec.errors import ShapeError, TrainingDivergedError, TrainingInterrupted
from zero2vec.trainer import state
from zero2vec.trainer.progress import TrainingProgress
from zero2vec.trainer.sharing import SharedParams, clip_grads


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
    progress : bool
        Show a progress bar (words/s, loss, ETA) on stderr.
    verbose : bool
        Also print the book's ``| epoch 1 | iter 21 / 9295 | time 1[s] | loss 4.15`` lines.

    Attributes
    ----------
    loss_list : list of float
        Mean loss over each ``eval_interval`` steps (the book's name).
    epoch_losses : list of float
        Mean loss of each epoch.
    """

    def __init__(self, model, optimizer, seed: int | None = None, progress: bool = True,
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
        self._resume: dict | None = None
        self._signal: int | None = None

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

    def _save(self, path, epoch, iters, perm, acc, settings) -> None:
        total_loss, loss_count, epoch_loss = acc
        state.save(path, self, {
            "epoch": epoch, "iters": iters, "permutation": perm, "total_loss": total_loss,
            "loss_count": loss_count, "epoch_loss": epoch_loss, **settings})

    def _on_signal(self, signum, frame) -> None:  # noqa: ARG002
        self._signal = signum  # acted on at the next step boundary, so state stays consistent

    # -- training ---------------------------------------------------------------------
    def fit(self, x: np.ndarray, t: np.ndarray, max_epoch: int = 10, batch_size: int = 32,
            max_grad: float | None = None, eval_interval: int | None = 20,
            checkpoint_path: str | os.PathLike | None = None, checkpoint_every: int | None = None,
            checkpoint_minutes: float | None = None) -> Trainer:
        """Train for ``max_epoch`` epochs over shuffled mini-batches of ``(x, t)``.

        As in the book, each epoch covers ``len(x) // batch_size`` full batches (the
        remainder is dropped for that epoch; shuffling changes which rows).

        With ``checkpoint_path``, a checkpoint is written every ``checkpoint_every`` steps
        and/or ``checkpoint_minutes`` minutes, at the end, and on SIGINT/SIGTERM — after
        which :class:`~zero2vec.errors.TrainingInterrupted` is raised (exit code 130/143
        in the CLI). Resume with :meth:`load_checkpoint` then ``fit`` again.
        """
        x, t = np.asarray(x), np.asarray(t)
        max_epoch = check_positive_int("max_epoch", max_epoch)
        batch_size = check_positive_int("batch_size", batch_size)
        if len(x) != len(t):
            raise ShapeError(f"x has {len(x)} rows but t has {len(t)}")
        data_size = len(x)
        max_iters = data_size // batch_size
        if max_iters == 0:
            raise ShapeError(f"batch_size={batch_size} is larger than the data ({data_size} rows)")
        settings = {"max_epoch": max_epoch, "batch_size": batch_size, "data_size": data_size}
        self.eval_interval = eval_interval

        start_epoch, start_iter, perm, acc = 0, 0, None, (0.0, 0, 0.0)
        if self._resume is not None:
            pos, self._resume = self._resume, None
            for k, v in settings.items():
                if pos[k] != v:
                    raise state.CheckpointError(
                        f"the checkpoint was saved with {k}={pos[k]}, this fit has {k}={v}")
            start_epoch, start_iter, perm = pos["epoch"], pos["iters"], pos.get("permutation")
            acc = (pos["total_loss"], pos["loss_count"], pos["epoch_loss"])
        total_loss, loss_count, epoch_loss = acc

        handlers = {}
        if checkpoint_path is not None and threading.current_thread() is threading.main_thread():
            self._signal = None
            for sig in (signal.SIGINT, signal.SIGTERM):
                handlers[sig] = signal.signal(sig, self._on_signal)
        last_save = time.monotonic()
        start = time.perf_counter()
        steps_done = 0
        try:
            with TrainingProgress(max_epoch * max_iters, batch_size, enabled=self.progress) as bar:
                for epoch in range(start_epoch, max_epoch):
                    self.current_epoch = epoch + 1
                    if perm is None:
                        perm = self.rng.permutation(data_size)
                    x_epoch, t_epoch = x[perm], t[perm]
                    for iters in range(start_iter, max_iters):
                        if self._signal is not None:
                            self._save(checkpoint_path, epoch, iters, perm,
                                       (total_loss, loss_count, epoch_loss), settings)
                            raise TrainingInterrupted(self._signal, checkpoint_path)
                        sl = slice(iters * batch_size, (iters + 1) * batch_size)
                        loss = self.step(x_epoch[sl], t_epoch[sl], max_grad)
                        if not np.isfinite(loss):
                            raise TrainingDivergedError(
                                f"loss became {loss} at epoch {epoch + 1}, step {iters + 1}; lower the "
                                f"learning rate (now {getattr(self.optimizer, 'lr', '?')}) or set max_grad"
                                + (f"; the last good checkpoint is {checkpoint_path}" if checkpoint_path else ""))
                        steps_done += 1
                        total_loss += loss
                        epoch_loss += loss
                        loss_count += 1
                        if eval_interval and (iters % eval_interval) == 0:
                            avg = total_loss / loss_count
                            self.loss_list.append(float(avg))
                            total_loss, loss_count = 0.0, 0
                            bar.update(epoch * max_iters + iters + 1, avg, epoch + 1)
                            if self.verbose:
                                print(f"| epoch {epoch + 1} |  iter {iters + 1} / {max_iters} | "
                                      f"time {time.perf_counter() - start:.0f}[s] | loss {avg:.2f}")
                        if checkpoint_path is not None and (
                                (checkpoint_every and (epoch * max_iters + iters + 1) % checkpoint_every == 0)
                                or (checkpoint_minutes and time.monotonic() - last_save >= 60 * checkpoint_minutes)):
                            self._save(checkpoint_path, epoch, iters + 1, perm,
                                       (total_loss, loss_count, epoch_loss), settings)
                            last_save = time.monotonic()
                    self.epoch_losses.append(epoch_loss / max_iters)
                    epoch_loss, start_iter, perm = 0.0, 0, None
                    bar.update((epoch + 1) * max_iters, self.epoch_losses[-1], epoch + 1)
                if checkpoint_path is not None:
                    self._save(checkpoint_path, max_epoch, 0, None, (total_loss, loss_count, 0.0), settings)
        finally:
            for sig, h in handlers.items():
                signal.signal(sig, h)
        self.elapsed = time.perf_counter() - start
        self.words_per_sec = steps_done * batch_size / max(self.elapsed, 1e-9)
        return self

    def plot(self, path: str | None = None, ylim: tuple[float, float] | None = None):
        """Plot ``loss_list``; save a PNG to ``path``, or show the figure when ``path`` is None."""
        from zero2vec.plot import plot_loss

        xlabel = f"iterations (x{self.eval_interval})" if self.eval_interval else "iterations"
        return plot_loss(self.loss_list, path, xlabel=xlabel, ylim=ylim)
