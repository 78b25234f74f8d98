"""The book's ``common/trainer.py`` (``Trainer``, ``remove_duplicate``) on zero2vec's Trainer.

``Trainer(model, optimizer)`` is :class:`zero2vec.trainer.Trainer` with the book's habits:
it prints the book's ``| epoch 1 |  iter 1 / 9295 | time 0[s] | loss 4.16`` lines every
``eval_interval`` steps (no progress bar), and shuffles with ``numpy.random`` exactly as
the book's does — each epoch permutes the previous epoch's order — so ``np.random.seed``
governs a run and, with the book's models, the run is the book's to the bit.
For seeds of its own, checkpoints and resume, use :class:`zero2vec.trainer.Trainer`.
"""
from __future__ import annotations

import numpy

from zero2vec.book._random import global_random
from zero2vec.book.np import GPU, np
from zero2vec.errors import ConfigError
from zero2vec.trainer.sharing import clip_grads, remove_duplicate
from zero2vec.trainer.trainer import Trainer as _Trainer

__all__ = ["GPU", "Trainer", "clip_grads", "np", "remove_duplicate"]


class _BookShuffle:
    """The order of each epoch as the book's Trainer makes it.

    The book shuffles ``x`` in place of itself every epoch (``x = x[idx]``), so epoch
    ``e`` sees the composition of ``e`` permutations drawn from ``numpy.random``.
    """

    def __init__(self) -> None:
        self.order: numpy.ndarray | None = None

    def permutation(self, n: int) -> numpy.ndarray:
        idx = global_random().permutation(numpy.arange(n))
        self.order = idx if self.order is None else self.order[idx]
        return self.order


def _check_on_cpu(what: str, arrays) -> None:
    for a in arrays:
        if not isinstance(a, numpy.ndarray) and type(a).__module__.split(".")[0] == "cupy":
            raise ConfigError(f"{what} is a CuPy array, but zero2vec's layers and Trainer run on "
                              f"the CPU (numpy and compiled kernels): set zero2vec.book.config.GPU "
                              f"= False, or pass to_cpu(...) of it")


class Trainer(_Trainer):
    """The book's ``Trainer(model, optimizer)``; ``fit`` takes the book's arguments.

    ``loss_list`` (one mean loss per ``eval_interval`` steps), ``current_epoch`` and
    ``plot(ylim=None)`` are the book's; ``plot(path)`` writes a PNG instead of showing.
    """

    def __init__(self, model, optimizer) -> None:
        _check_on_cpu("a model parameter", model.params)
        super().__init__(model, optimizer, progress=False, verbose=True)

    def fit(self, x, t, max_epoch: int = 10, batch_size: int = 32, max_grad: float | None = None,
            eval_interval: int | None = 20) -> Trainer:
        """Train as the book's ``fit``: ``len(x) // batch_size`` batches an epoch."""
        _check_on_cpu("x", [x])
        _check_on_cpu("t", [t])
        self.rng = _BookShuffle()  # each fit starts from the caller's order, as the book's
        return super().fit(x, t, max_epoch, batch_size, max_grad, eval_interval)

    def load_checkpoint(self, path):
        raise ConfigError("the book's Trainer keeps no checkpoints; zero2vec.trainer.Trainer "
                          "does: fit(..., checkpoint_path=...), then load_checkpoint(path)")
