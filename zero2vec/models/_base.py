"""What every layered model shares: collecting params/grads, walking its layers, input checks."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from zero2vec._checks import check_positive_int
from zero2vec._memory import check_memory
from zero2vec.errors import ShapeError


def init_weights(rng: np.random.Generator | np.random.RandomState, shape: tuple[int, int],
                 dtype: np.dtype = np.float32) -> np.ndarray:
    """Small Gaussian weights, as the book's ``0.01 * np.random.randn(V, H).astype('f')``.

    Cast first, then scaled in ``dtype``, as the book does: from the same draws (numpy's
    global ``RandomState`` after ``np.random.seed``) the weights are the book's to the bit.
    """
    # the float64 draw is transient; Adam later adds two more arrays of this size
    check_memory(shape[0] * shape[1] * (8 + 3 * np.dtype(dtype).itemsize),
                 f"a {shape[0]:,} x {shape[1]:,} weight matrix",
                 "use a smaller vocabulary (min_count / max_final_vocab) or fewer dimensions")
    w = rng.standard_normal(shape).astype(dtype)
    w *= 0.01
    return w


class Model:
    """Base of the layered models: ``params``/``grads`` are the concatenation of the layers'.

    A parameter held by several layers (CBOW's ``W_in``) appears several times in
    ``params``; the Trainer merges those entries before each update.
    """

    params: list[np.ndarray]
    grads: list

    def _collect(self, layers: list) -> None:
        self.params, self.grads = [], []
        for layer in layers:
            self.params += layer.params
            self.grads += layer.grads

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> float:  # pragma: no cover
        raise NotImplementedError

    def backward(self, dout: float = 1) -> None:  # pragma: no cover
        raise NotImplementedError


def is_layer(obj: object) -> bool:
    """Whether ``obj`` is a layer (or a model): it has ``params`` and ``forward``."""
    return hasattr(obj, "params") and hasattr(obj, "forward") and not isinstance(obj, np.ndarray)


def child_layers(layer: object) -> Iterator[tuple[str, object]]:
    """The layers ``layer`` holds directly, as ``(attribute, layer)``; lists give ``name[i]``."""
    for name, val in vars(layer).items():
        if is_layer(val):
            yield name, val
        elif isinstance(val, (list, tuple)) and val and all(is_layer(v) for v in val):
            for i, v in enumerate(val):
                yield f"{name}[{i}]", v


def iter_layers(model: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Every layer inside ``model``, depth first, as ``(attribute path, layer)``.

    Works on any object that holds layers in its attributes (a model, a layer, a loss),
    e.g. ``("ns_loss.embed_dot_layers[0].embed", Embedding)`` for CBOW.
    """
    for name, kid in child_layers(model):
        sub = f"{path}.{name}" if path else name
        yield sub, kid
        yield from iter_layers(kid, sub)


def check_ns_sizes(vocab_size: int, hidden_size: int, window_size: int) -> tuple[int, int, int]:
    return (check_positive_int("vocab_size", vocab_size, 100_000_000),
            check_positive_int("hidden_size", hidden_size, 100_000),
            check_positive_int("window_size", window_size, 1000))


def check_batch(contexts: np.ndarray, target: np.ndarray, n_contexts: int, vocab_size: int) -> None:
    """Shapes and id ranges of a (contexts, target) batch of word ids."""
    if contexts.ndim != 2 or contexts.shape[1] != n_contexts:
        raise ShapeError(
            f"contexts must have shape (batch, {n_contexts}), got {contexts.shape}"
        )
    if target.ndim != 1 or target.shape[0] != contexts.shape[0]:
        raise ShapeError(
            f"target must have shape ({contexts.shape[0]},) to match contexts, got {target.shape}"
        )
    for name, a in (("contexts", contexts), ("target", target)):
        if not np.issubdtype(a.dtype, np.integer):
            raise ShapeError(f"{name} must hold integer word ids, got dtype {a.dtype}")
        if a.size and (a.min() < 0 or a.max() >= vocab_size):
            raise ShapeError(f"{name} holds word ids outside [0, {vocab_size})")
