"""The on-disk state of a layered training run (its checkpoint): all it takes to continue bit-identically.

A checkpoint is one ``.npz`` file (written atomically: temp file + rename) holding the
distinct parameter arrays, the optimizer's state arrays, the permutation of the epoch
in progress, and a JSON header with the format version, model type, sizes, optimizer
settings and step counter, the random generators' states (shuffling and negative
sampling) and the progress position. ``fit`` after ``load`` replays nothing: it
continues at the next step with the same random streams, so a one-thread run that was
interrupted and resumed ends with the same bits as an uninterrupted one.

:func:`load` checks every field of the header against :data:`HEADER`, the arrays
against the model's parameters and the optimizer's state layout, and the random
states on fresh generators, all before anything is restored (see
:mod:`zero2vec._npzfile`). The fit's settings include a content fingerprint of its
data (:func:`data_fingerprint`: a SHA-256 hash of ``x`` and ``t``, which the book's
``create_contexts_target`` derives from the corpus id stream), so :func:`check_settings`
refuses to continue on other data of the same size, e.g. a shuffled corpus. Version 2
added the fingerprint; version 1 checkpoints are refused with a message to start the
run again.
"""
from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zero2vec import _npzfile
from zero2vec._npzfile import Array, ListOf, Value, fail, show
from zero2vec.corpus.encoded import fingerprint
from zero2vec.errors import CheckpointError
from zero2vec.models import iter_layers

FORMAT = "zero2vec-layered-checkpoint"
VERSION = 2

_COUNT, _NUMBER = Value(int, 0), Value(float)
HEADER = {  # the fields of a checkpoint's header (random states: checked on fresh generators)
    "format": Value(str), "version": Value(int), "model": Value(str),
    "param_shapes": ListOf(Value(list)),
    "optimizer": {"name": Value(str), "settings": Value(dict), "iter": _COUNT, "n_state": _COUNT},
    "trainer_rng": Value(dict), "sampler_rngs": ListOf(Value(dict)),
    "loss_list": ListOf(_NUMBER), "epoch_losses": ListOf(_NUMBER),
    "position": {"epoch": _COUNT, "iters": _COUNT, "total_loss": _NUMBER, "loss_count": _COUNT,
                 "epoch_loss": _NUMBER, "max_epoch": Value(int, 1), "batch_size": Value(int, 1),
                 "data_size": Value(int, 1), "data_fingerprint": Value(str)},
}


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


def _checked_rng(path, field: str, state: object, like):
    """A fresh generator of ``like``'s kind in the saved ``state`` (CheckpointError if it is
    not one): the real generator is set only once the whole checkpoint is known good."""
    fresh = np.random.Generator(type(like.bit_generator)()) if isinstance(like, np.random.Generator) \
        else np.random.RandomState()
    try:
        _set_rng_state(fresh, state)
    except (TypeError, ValueError, KeyError, IndexError, OverflowError, AttributeError) as e:
        raise fail(path, field, f"is not a state of a {type(fresh).__name__} ({e})") from None
    return fresh


def _optimizer_settings(opt) -> dict:
    """The optimizer's constructor settings (``lr``, ``beta1``, ``lazy``...) as plain values."""
    import inspect

    names = inspect.signature(type(opt).__init__).parameters
    return {k: v for k, v in vars(opt).items()
            if k in names and isinstance(v, (int, float, bool, str))}


def _optimizer_layout(opt, params: list[np.ndarray]) -> list[list[Array]]:
    """The state arrays ``opt`` keeps for ``params`` once it has stepped: found by preparing a
    copy of it for small stand-ins of the parameters (no optimizer-specific code here)."""
    if not hasattr(opt, "state"):
        return []
    probe = copy.copy(opt)
    probe.state = None
    probe._prepare([np.zeros(tuple(range(2, 2 + p.ndim)), p.dtype) for p in params])
    return [[Array(a.dtype, p.shape[:a.ndim], finite=np.issubdtype(a.dtype, np.floating))
             for p, a in zip(params, per_param)] for per_param in probe.state]


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
        "optimizer": {"name": type(opt).__name__, "settings": _optimizer_settings(opt),
                      "iter": getattr(opt, "iter", 0), "n_state": 0 if state is None else len(state)},
        "trainer_rng": _rng_state(trainer.rng),
        "sampler_rngs": [_rng_state(s.rng) for s in samplers_of(model)],
        "loss_list": trainer.loss_list, "epoch_losses": trainer.epoch_losses,
        "position": {"epoch": position.epoch, "iters": position.iters,
                     "total_loss": position.total_loss, "loss_count": position.loss_count,
                     "epoch_loss": position.epoch_loss, **settings},
    }
    return _npzfile.write(path, header, arrays)


def _name(saved: str) -> str:
    """A saved class name as it reads in a message (quoted if it is not a plain name)."""
    return saved if saved.isidentifier() else show(saved)


def _check_fit(path, header: dict, trainer) -> None:
    """The checkpoint is of this model and optimizer, at a position its own fit can reach."""
    model, opt = trainer.model, trainer.optimizer
    if header["model"] != type(model).__name__:
        raise CheckpointError(f"{path}: checkpoint of a {_name(header['model'])}, "
                              f"not a {type(model).__name__}")
    shapes = [list(p.shape) for p in trainer.shared.params]
    if header["param_shapes"] != shapes:
        raise fail(path, "param_shapes",
                   f"{show(header['param_shapes'], 80)} do not match the model's {shapes}")
    saved = header["optimizer"]
    if saved["name"] != type(opt).__name__:
        raise CheckpointError(f"{path}: saved with {_name(saved['name'])}, resumed with {type(opt).__name__}")
    for k, v in _optimizer_settings(opt).items():
        if k in saved["settings"] and saved["settings"][k] != v:
            raise fail(path, f"optimizer.settings.{k}",
                       f"is {show(saved['settings'][k])}, this optimizer has {v!r}")
    pos = header["position"]
    if pos["epoch"] > pos["max_epoch"]:
        raise fail(path, "position.epoch",
                   f"must be at most max_epoch={pos['max_epoch']}, got {pos['epoch']}")
    if pos["batch_size"] > pos["data_size"]:
        raise fail(path, "position.batch_size", f"must be at most data_size={pos['data_size']}, "
                                                f"got {pos['batch_size']}")
    if pos["iters"] >= pos["data_size"] // pos["batch_size"]:
        raise fail(path, "position.iters", f"must be below the {pos['data_size'] // pos['batch_size']} "
                                           f"steps of an epoch, got {pos['iters']}")


def _check_arrays(path, header: dict, arrays: dict[str, np.ndarray], trainer) -> None:
    """The parameters, the optimizer's state and the epoch's permutation, as the fit needs them."""
    params, pos = trainer.shared.params, header["position"]
    expected = {f"param_{k}": Array(p.dtype, p.shape, finite=np.issubdtype(p.dtype, np.floating))
                for k, p in enumerate(params)}
    layout, n_state = _optimizer_layout(trainer.optimizer, params), header["optimizer"]["n_state"]
    if n_state not in (0, len(layout)):
        raise fail(path, "optimizer.n_state", f"must be 0 or {len(layout)}, got {n_state}")
    for s in range(n_state):
        expected.update({f"opt_{s}_{k}": spec for k, spec in enumerate(layout[s])})
    if pos["epoch"] < pos["max_epoch"]:
        expected["permutation"] = Array(np.int64, (pos["data_size"],))
    _npzfile.check_arrays(path, arrays, expected)
    perm = arrays.get("permutation")
    if perm is not None and (perm.min() < 0 or perm.max() >= len(perm)
                             or (np.bincount(perm, minlength=len(perm)) != 1).any()):
        raise fail(path, "array permutation", f"is not a permutation of 0..{len(perm) - 1}")


def load(path: str | os.PathLike, trainer) -> tuple[Position, dict]:
    """Restore ``trainer`` (model weights in place, optimizer, RNGs); return the position
    and the settings of the fit that saved it (``max_epoch``, ``batch_size``, ``data_size``,
    ``data_fingerprint``).

    Raises
    ------
    CheckpointError
        Naming the file and the field, for anything missing, unknown, of the wrong type,
        range, shape or dtype, or not fitting this trainer: before anything is restored.
    """
    header, arrays = _npzfile.read(path, FORMAT, VERSION,
                                   "native-engine checkpoints resume with zero2vec.Word2Vec.load_checkpoint")
    _npzfile.check_header(path, header, HEADER)
    _check_fit(path, header, trainer)
    _check_arrays(path, header, arrays, trainer)
    samplers = samplers_of(trainer.model)
    if len(samplers) != len(header["sampler_rngs"]):
        raise fail(path, "sampler_rngs", f"holds {len(header['sampler_rngs'])} states, the model "
                                         f"has {len(samplers)} samplers")
    rngs = [(trainer.rng, _checked_rng(path, "trainer_rng", header["trainer_rng"], trainer.rng))]
    rngs += [(s.rng, _checked_rng(path, f"sampler_rngs[{i}]", st, s.rng))
             for i, (s, st) in enumerate(zip(samplers, header["sampler_rngs"]))]

    # all checked: restore
    opt, n_params = trainer.optimizer, len(trainer.shared.params)
    for k, p in enumerate(trainer.shared.params):
        p[...] = arrays[f"param_{k}"]  # in place: every layer and word_vecs see it
    n_state = header["optimizer"]["n_state"]
    if n_state:
        opt.state = [[arrays[f"opt_{s}_{k}"].copy() for k in range(n_params)] for s in range(n_state)]
    if hasattr(opt, "iter"):
        opt.iter = header["optimizer"]["iter"]
    for rng, fresh in rngs:
        _set_rng_state(rng, _rng_state(fresh))
    trainer.loss_list = list(header["loss_list"])
    trainer.epoch_losses = list(header["epoch_losses"])
    saved = dict(header["position"])
    position = Position(saved.pop("epoch"), saved.pop("iters"), arrays.get("permutation"),
                        saved.pop("total_loss"), saved.pop("loss_count"), saved.pop("epoch_loss"))
    return position, saved


def data_fingerprint(x: np.ndarray, t: np.ndarray) -> str:
    """The content hash of a fit's data (:func:`zero2vec.corpus.encoded.fingerprint`)."""
    return fingerprint(np.asarray(x), np.asarray(t))


def check_settings(saved: dict, settings: dict) -> None:
    """A checkpoint continues only the fit it came from (same epochs, batch size, data)."""
    for k, v in settings.items():
        if saved.get(k) == v:
            continue
        if k == "data_fingerprint":
            raise CheckpointError("the checkpoint was saved on other data of the same size (the "
                                  "fingerprint of x and t differs: a shuffled or edited corpus?); "
                                  "resume on the data it was saved with")
        raise CheckpointError(f"the checkpoint was saved with {k}={saved.get(k)}, this fit has {k}={v}")
