"""The book's ``Trainer``: mini-batches, gradient merging of shared params, updates, loss history."""
from __future__ import annotations

import time

import numpy as np

from zero2vec._checks import check_positive_int
from zero2vec.errors import ShapeError, TrainingDivergedError
from zero2vec.train.progress import TrainingProgress
from zero2vec.train.sharing import SharedParams, clip_grads


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

    def step(self, batch_x: np.ndarray, batch_t: np.ndarray, max_grad: float | None = None) -> float:
        """One forward/backward/update on one batch; returns its loss."""
        loss = self.model.forward(batch_x, batch_t)
        self.model.backward()
        grads = self.shared.merge(self.model.grads)
        if max_grad is not None:
            clip_grads(grads, max_grad)
        self.optimizer.update(self.shared.params, grads)
        return loss

    def fit(self, x: np.ndarray, t: np.ndarray, max_epoch: int = 10, batch_size: int = 32,
            max_grad: float | None = None, eval_interval: int | None = 20) -> Trainer:
        """Train for ``max_epoch`` epochs over shuffled mini-batches of ``(x, t)``.

        As in the book, each epoch covers ``len(x) // batch_size`` full batches (the
        remainder is dropped for that epoch; shuffling changes which rows).
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
        self.eval_interval = eval_interval
        total_loss, loss_count = 0.0, 0
        start = time.perf_counter()

        with TrainingProgress(max_epoch * max_iters, batch_size, enabled=self.progress) as bar:
            for epoch in range(max_epoch):
                self.current_epoch = epoch + 1
                idx = self.rng.permutation(data_size)
                x_epoch, t_epoch = x[idx], t[idx]
                epoch_loss = 0.0
                for iters in range(max_iters):
                    sl = slice(iters * batch_size, (iters + 1) * batch_size)
                    loss = self.step(x_epoch[sl], t_epoch[sl], max_grad)
                    if not np.isfinite(loss):
                        raise TrainingDivergedError(
                            f"loss became {loss} at epoch {epoch + 1}, step {iters + 1}; lower the "
                            f"learning rate (now {getattr(self.optimizer, 'lr', '?')}) or set max_grad"
                        )
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
                self.epoch_losses.append(epoch_loss / max_iters)
                bar.update((epoch + 1) * max_iters, self.epoch_losses[-1], epoch + 1)
        self.elapsed = time.perf_counter() - start
        self.words_per_sec = max_epoch * max_iters * batch_size / max(self.elapsed, 1e-9)
        return self

    def plot(self, path: str | None = None, ylim: tuple[float, float] | None = None):
        """Plot ``loss_list``; save a PNG to ``path``, or show the figure when ``path`` is None."""
        from zero2vec.plot import plot_loss

        xlabel = f"iterations (x{self.eval_interval})" if self.eval_interval else "iterations"
        return plot_loss(self.loss_list, path, xlabel=xlabel, ylim=ylim)
