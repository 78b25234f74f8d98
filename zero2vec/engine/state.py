"""Checkpoints of the native engine: weights, vocabulary, settings and the job position.

Every random draw of a job comes from ``job_seed(seed, epoch, job)`` and the learning
rate from the global word position, so the state of a run is just the weights plus
"epoch e, jobs before j done" (and the losses so far). A checkpoint is taken only
when every job before ``j`` has finished and none after it has started, so a
resumed one-thread run ends bit-identical to an uninterrupted one.

A checkpoint is one ``.npz`` file written atomically, with a JSON header naming the
format and version; the corpus itself is not stored, but re-encoded on resume
(its word count is checked).
"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import numpy as np

from zero2vec import _npzfile
from zero2vec.corpus.vocab import Vocabulary
from zero2vec.engine.scheduler import Position
from zero2vec.errors import CheckpointError, TrainingInterrupted

FORMAT = "zero2vec-native-checkpoint"
VERSION = 1
SETTINGS = ("vector_size", "window", "min_count", "sg", "hs", "negative", "ns_exponent", "cbow_mean",
            "sample", "alpha", "min_alpha", "epochs", "workers", "seed", "max_vocab_size",
            "max_final_vocab", "shared_negatives", "max_sentence_length", "encoding", "errors")


class Checkpointer:
    """Decides when to checkpoint (every N jobs / M minutes / on SIGINT-SIGTERM) and writes it."""

    def __init__(self, model, path: str | os.PathLike, every_jobs: int | None = None,
                 minutes: float | None = None) -> None:
        self.model, self.path = model, Path(path)
        self.every_jobs, self.minutes = every_jobs, minutes
        self.signal: int | None = None
        self._jobs_at_last = 0
        self._last = time.monotonic()
        self._handlers: dict = {}

    def __enter__(self) -> Checkpointer:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._handlers[sig] = signal.signal(sig, self._on_signal)
        return self

    def __exit__(self, *exc) -> None:
        for sig, h in self._handlers.items():
            signal.signal(sig, h)

    def _on_signal(self, signum, frame) -> None:  # noqa: ARG002
        self.signal = signum  # the trainer drains the running jobs, then saves

    def due(self, jobs_done: int) -> bool:
        """Whether to stop handing out jobs and checkpoint (``jobs_done`` so far this call)."""
        if self.signal is not None:
            return True
        if self.minutes and time.monotonic() - self._last >= 60 * self.minutes:
            return True
        return bool(self.every_jobs) and jobs_done - self._jobs_at_last >= self.every_jobs

    def save(self, position: Position, jobs_done: int, final: bool = False) -> None:
        save(self.path, self.model, position)
        self._last, self._jobs_at_last = time.monotonic(), jobs_done
        if self.signal is not None and not final:
            raise TrainingInterrupted(self.signal, self.path)


def save(path: str | os.PathLike, model, position: Position) -> Path:
    """Write ``model``'s weights, vocabulary, settings and ``position`` to ``path``."""
    arrays = {name: getattr(model, name) for name in ("W_in", "W_out", "W_out_hs")
              if getattr(model, name) is not None}
    arrays["counts"] = model.vocab.counts
    header = {
        "format": FORMAT, "version": VERSION,
        "settings": {k: getattr(model, k) for k in SETTINGS}, "job_words": model.job_words,
        "index_to_key": model.vocab.index_to_key, "loss_history": model.loss_history,
        "corpus": {"n_words": int(model._corpus.n_words),
                   "file": model._corpus_file},
        "position": {"epoch": position.epoch, "job": position.job, "losses": position.losses},
    }
    return _npzfile.write(path, header, arrays)


def read(path: str | os.PathLike) -> tuple[dict, dict[str, np.ndarray]]:
    """The header and arrays of a native checkpoint, checked for format and version."""
    return _npzfile.read(path, FORMAT, VERSION, "layered-model checkpoints resume with --engine layers")


def restore(model, header: dict, arrays: dict[str, np.ndarray]) -> Position:
    """Put the saved vocabulary and weights into a freshly built ``model``; return the position."""
    model.vocab = Vocabulary(header["index_to_key"], arrays["counts"])
    model.job_words = header["job_words"]
    model._reset_weights()
    for name in ("W_in", "W_out", "W_out_hs"):
        saved, current = arrays.get(name), getattr(model, name)
        if (saved is None) != (current is None) or (saved is not None and saved.shape != current.shape):
            raise CheckpointError(f"checkpoint's {name} does not fit this model")
        if saved is not None:
            current[...] = saved  # in place: model.wv.vectors stays the same object
    model.loss_history = list(header["loss_history"])
    pos = header["position"]
    return Position(pos["epoch"], pos["job"], list(pos["losses"]))
