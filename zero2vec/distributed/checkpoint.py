"""A distributed run's checkpoint: the native engine's format, with the run's plan.

The driver's model is the whole state a distributed run needs besides its plan: every
worker's replica equals it after each synchronisation, and a round's jobs and seeds are
functions of the round. So a checkpoint is :func:`zero2vec.engine.state.save` of the
driver's model, taken between two rounds, with ``position = (epoch, round, the losses
of the epoch's rounds so far)``, the corpus described by its words and by the workers'
fingerprints hashed in worker order, and ``distributed`` holding the plan: the files,
the number of workers and the words between synchronisations. A resume must use the
same files and workers (they decide every round); the threads of a worker may change.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zero2vec import _npzfile
from zero2vec._npzfile import ListOf, Value
from zero2vec.engine import state
from zero2vec.engine.scheduler import Position
from zero2vec.errors import CheckpointError, ConfigError

PLAN = {"files": ListOf(Value(str), low=1), "num_workers": Value(int, 1),
        "sync_words": Value(int, 1), "rounds": Value(int, 1)}


@dataclass
class Plan:
    """What decides a distributed run's rounds (recorded in its checkpoints)."""

    files: list[str]
    num_workers: int
    sync_words: int
    rounds: int = 1

    def as_dict(self) -> dict:
        return {"files": [str(Path(f).absolute()) for f in self.files],
                "num_workers": self.num_workers, "sync_words": self.sync_words,
                "rounds": self.rounds}


@dataclass
class Shards:
    """The workers' encoded files, as a checkpoint knows them (:func:`state.check_corpus`)."""

    n_words: int
    fingerprints: Sequence[str]

    def fingerprint(self) -> str:
        return hashlib.sha256("".join(self.fingerprints).encode()).hexdigest()


def save(path: str | os.PathLike, model, position: Position, shards: Shards, plan: Plan) -> Path:
    """Checkpoint the driver's ``model`` between two rounds (``position.job``: the next round)."""
    return state.save(path, model, position, shards.n_words, None, shards.fingerprint(),
                      distributed=plan.as_dict())


def read(path: str | os.PathLike):
    """The settings, header, arrays and plan of a distributed checkpoint, checked.

    Raises
    ------
    CheckpointError
        Not a checkpoint, a damaged one, or a single machine's.
    """
    settings, header, arrays = state.read(path)
    if header["distributed"] is None:
        raise CheckpointError(f"{path}: written by a single-machine run; resume it with "
                              "zero2vec.Word2Vec.load_checkpoint (or zero2vec train --resume "
                              "without --ray)")
    _npzfile.check_header(path, header["distributed"], PLAN, "distributed.")
    d = header["distributed"]
    return settings, header, arrays, Plan(d["files"], d["num_workers"], d["sync_words"], d["rounds"])


def check_plan(path: str | os.PathLike, saved: Plan, files: Sequence[str] | None,
               num_workers: int | None, sync_words: int | None) -> Plan:
    """The plan a resume runs: the saved one; what the caller gave must agree with it.

    Raises
    ------
    ConfigError
        Naming what differs (other files, another number of workers or sync_words).
    """
    differ = []
    if files is not None and [os.path.realpath(f) for f in files] != \
            [os.path.realpath(f) for f in saved.files]:
        differ.append(f"the corpus files ({len(saved.files)} saved: {saved.files[0]}, ...)")
    if num_workers is not None and num_workers != saved.num_workers:
        differ.append(f"num_workers={saved.num_workers}")
    if sync_words is not None and sync_words != saved.sync_words:
        differ.append(f"sync_words={saved.sync_words}")
    if differ:
        raise ConfigError(f"{path} continues a run of {', '.join(differ)}; a resumed "
                          "distributed run keeps its files and workers (they decide every round)")
    return saved
