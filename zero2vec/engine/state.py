"""The on-disk state of a native-engine run (its checkpoint): weights, vocabulary, settings, position.

Every random draw of a job comes from ``job_seed(seed, epoch, job)`` and the learning
rate from the global word position, so the state of a run is just the weights plus
"epoch e, jobs before j done" (and the losses so far). A checkpoint is taken only
when every job before ``j`` has finished and none after it has started, so a
resumed one-thread run ends bit-identical to an uninterrupted one.

A checkpoint is one ``.npz`` file written atomically, with a JSON header naming the
format and version; the corpus itself is not stored, but re-encoded on resume
(its word count is checked). When to write one is the run control's business
(:mod:`zero2vec._runcontrol`).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from zero2vec import _npzfile
from zero2vec.corpus.vocab import Vocabulary
from zero2vec.engine.scheduler import Position
from zero2vec.errors import CheckpointError

FORMAT = "zero2vec-native-checkpoint"
VERSION = 1

def save(path: str | os.PathLike, model, position: Position, n_words: int,
         corpus_file: str | None) -> Path:
    """Write ``model``'s weights, vocabulary, settings and ``position`` to ``path``.

    ``n_words`` (in-vocabulary words) and ``corpus_file`` (None for in-memory
    sentences) describe the corpus being trained: a resume reads that file again and
    checks the count.
    """
    arrays = {name: getattr(model, name) for name in ("W_in", "W_out", "W_out_hs")
              if getattr(model, name) is not None}
    arrays["counts"] = model.vocab.counts
    header = {
        "format": FORMAT, "version": VERSION,
        "settings": model.settings.as_dict(), "job_words": model.job_words,
        "index_to_key": model.vocab.index_to_key, "loss_history": model.loss_history,
        "corpus": {"n_words": int(n_words), "file": corpus_file},
        "position": {"epoch": position.epoch, "job": position.job, "losses": position.losses},
    }
    return _npzfile.write(path, header, arrays)


def read(path: str | os.PathLike) -> tuple[dict, dict[str, np.ndarray]]:
    """The header and arrays of a native checkpoint, checked for format and version."""
    return _npzfile.read(path, FORMAT, VERSION, "layered-model checkpoints resume with --engine layers")


def vocabulary(header: dict, arrays: dict[str, np.ndarray]) -> Vocabulary:
    """The vocabulary the checkpointed run trained."""
    return Vocabulary(header["index_to_key"], arrays["counts"])


def restore(model, header: dict, arrays: dict[str, np.ndarray]) -> Position:
    """Copy the saved weights and losses into ``model`` (built for :func:`vocabulary`);
    return the position to continue from."""
    for name in ("W_in", "W_out", "W_out_hs"):
        saved, current = arrays.get(name), getattr(model, name)
        if (saved is None) != (current is None) or (saved is not None and saved.shape != current.shape):
            raise CheckpointError(f"checkpoint's {name} does not fit this model")
        if saved is not None:
            current[...] = saved  # in place: model.wv.vectors stays the same object
    model.loss_history = list(header["loss_history"])
    pos = header["position"]
    return Position(pos["epoch"], pos["job"], list(pos["losses"]))
