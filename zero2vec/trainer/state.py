"""The on-disk state of a layered training run (its checkpoint): all it takes to continue bit-identically.

A checkpoint is one ``.npz`` file (written atomically: temp file + rename) holding the
distinct parameter arrays, the optimizer's state arrays, the permutation of the epoch
in progress, and a JSON header with the format version, model type, sizes, optimizer
settings and step counter, the random generators' states (shuffling and negative
sampling) and the progress position. ``fit`` after ``load`` replays nothing: it
continues at the next step with the same random streams, so a one-thread run that was
interrupted and resumed ends with the same bits as an uninterrupted one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zero2vec import _npzfile
from zero2vec.errors import CheckpointError
from zero2vec.models import iter_layers

FORMAT = "zero2vec-layered-checkpoint"
VERSION = 1


@dataclass
class Position:
    """Where a layered run stands: the next step, the epoch's shuffle and the running loss sums."""

    epoch: int = 0
    iters: int = 0  # the next step of the epoch
    permutation: np.ndarray | None = None  # of the epoch in progress (None: not drawn yet)
    total_loss: float = 0.0  # since the last loss_list entry
    loss_count: int = 0
    epoch_loss: float = 0.0

    def add(self, loss: float) -> None:
        """Count the loss of one finished step."""
        self.total_loss += loss
        self.epoch_loss += loss
        self.loss_count += 1

    def next_epoch(self) -> None:
        self.epoch, self.iters, self.permutation, self.epoch_loss = self.epoch + 1, 0, None, 0.0


def samplers_of(model) -> list:
    """The distinct negative samplers inside a model (they hold random state)."""
    out, seen = [], set()
    for _, layer in iter_layers(model):
        s = getattr(layer, "sampler", None)
        if s is not None and hasattr(s, "rng") and id(s) not in seen:
            seen.add(id(s))
            out.append(s)
    return out


def _rng_state(rng) -> dict:
    return rng.bit_generator.state if isinstance(rng, np.random.Generator) else {
        "legacy": [x.tolist() if isinstance(x, np.ndarray) else x for x in rng.get_state()]}


def _set_rng_state(rng, state: dict) -> None:
    if isinstance(rng, np.random.Generator):
        rng.bit_generator.state = state
    else:
        s = state["legacy"]
        rng.set_state((s[0], np.array(s[1], dtype=np.uint32), *s[2:]))


def save(path: str | os.PathLike, trainer, position: Position, settings: dict) -> Path:
    """Write ``trainer``'s full state at ``position`` of a fit with ``settings`` to ``path``."""
    model, opt = trainer.model, trainer.optimizer
    arrays: dict[str, np.ndarray] = {}
    for k, p in enumerate(trainer.shared.params):
        arrays[f"param_{k}"] = p
    state = getattr(opt, "state", None)
    if state is not None:
        for s, per_param in enumerate(state):
            for k, a in enumerate(per_param):
                arrays[f"opt_{s}_{k}"] = a
    if position.permutation is not None:
        arrays["permutation"] = position.permutation
    header = {
        "format": FORMAT, "version": VERSION, "model": type(model).__name__,
        "param_shapes": [list(p.shape) for p in trainer.shared.params],
        "optimizer": {"name": type(opt).__name__,
                      "settings": {k: v for k, v in vars(opt).items()
                                   if isinstance(v, (int, float, bool, str)) and k != "iter"},
                      "iter": getattr(opt, "iter", 0), "n_state": 0 if state is None else len(state)},
        "trainer_rng": _rng_state(trainer.rng),
        "sampler_rngs": [_rng_state(s.rng) for s in samplers_of(model)],
        "loss_list": trainer.loss_list, "epoch_losses": trainer.epoch_losses,
        "position": {"epoch": position.epoch, "iters": position.iters,
                     "total_loss": position.total_loss, "loss_count": position.loss_count,
                     "epoch_loss": position.epoch_loss, **settings},
    }
    return _npzfile.write(path, header, arrays)


def load(path: str | os.PathLike, trainer) -> tuple[Position, dict]:
    """Restore ``trainer`` (model weights in place, optimizer, RNGs); return the position
    and the settings of the fit that saved it (``max_epoch``, ``batch_size``, ``data_size``)."""
    header, arrays = _npzfile.read(path, FORMAT, VERSION,
                                   "native-engine checkpoints resume with zero2vec.Word2Vec.load_checkpoint")
    model, opt = trainer.model, trainer.optimizer
    if header["model"] != type(model).__name__:
        raise CheckpointError(f"{path}: checkpoint of a {header['model']}, not a {type(model).__name__}")
    shapes = [list(p.shape) for p in trainer.shared.params]
    if header["param_shapes"] != shapes:
        raise CheckpointError(f"{path}: parameter shapes {header['param_shapes']} do not match the model's {shapes}")
    if header["optimizer"]["name"] != type(opt).__name__:
        raise CheckpointError(f"{path}: saved with {header['optimizer']['name']}, resumed with {type(opt).__name__}")

    for k, p in enumerate(trainer.shared.params):
        p[...] = arrays[f"param_{k}"]  # in place: every layer and word_vecs see it
    n_state = header["optimizer"]["n_state"]
    if n_state:
        opt.state = [[arrays[f"opt_{s}_{k}"].copy() for k in range(len(shapes))] for s in range(n_state)]
    if hasattr(opt, "iter"):
        opt.iter = header["optimizer"]["iter"]
    _set_rng_state(trainer.rng, header["trainer_rng"])
    samplers = samplers_of(model)
    if len(samplers) != len(header["sampler_rngs"]):
        raise CheckpointError(f"{path}: sampler count differs from the model's")
    for s, st in zip(samplers, header["sampler_rngs"]):
        _set_rng_state(s.rng, st)
    trainer.loss_list = list(header["loss_list"])
    trainer.epoch_losses = list(header["epoch_losses"])
    saved = dict(header["position"])
    position = Position(saved.pop("epoch"), saved.pop("iters"), arrays.get("permutation"),
                        saved.pop("total_loss"), saved.pop("loss_count"), saved.pop("epoch_loss"))
    return position, saved


def check_settings(saved: dict, settings: dict) -> None:
    """A checkpoint continues only the fit it came from (same epochs, batch size, data size)."""
    for k, v in settings.items():
        if saved.get(k) != v:
            raise CheckpointError(f"the checkpoint was saved with {k}={saved.get(k)}, this fit has {k}={v}")
