"""Merging the gradients of shared parameters (the book's ``remove_duplicate``).

CBOW lists ``W_in`` once per context ``Embedding`` in ``model.params``. Before an update
those entries must become one, with the **sum** of every holder's gradient, or the
optimizer would step ``W_in`` 2·window times with partial gradients (and Adam would
keep 2·window separate moment estimates for one matrix). The grouping is by object
identity (``is``), worked out once per model, not once per step.
"""
from __future__ import annotations

import numpy as np

from zero2vec.errors import ConfigError
from zero2vec.nn.sparse import RowSparseGrad


class SharedParams:
    """The distinct parameters of a model, and which ``grads`` entries feed each one.

    Parameters
    ----------
    params : list of np.ndarray
        ``model.params``, possibly with repeats.

    Attributes
    ----------
    params : list of np.ndarray
        Each distinct array once, in order of first appearance.
    groups : list of list of int
        ``groups[k]`` are the positions in ``model.params`` that hold ``params[k]``.
    """

    def __init__(self, params: list[np.ndarray]) -> None:
        self.params: list[np.ndarray] = []
        self.groups: list[list[int]] = []
        where: dict[int, int] = {}
        for pos, p in enumerate(params):
            k = where.get(id(p))
            if k is None:
                for q in self.params:
                    if np.shares_memory(p, q):
                        raise ConfigError(
                            "two different array objects in model.params share memory (views of one "
                            "array); shared parameters must be the same object so their gradients merge"
                        )
                where[id(p)] = len(self.params)
                self.params.append(p)
                self.groups.append([pos])
            else:
                self.groups[k].append(pos)

    def merge(self, grads: list) -> list:
        """One gradient per distinct parameter: the sum over its holders."""
        merged = []
        for group in self.groups:
            gs = [grads[i] for i in group]
            if isinstance(gs[0], RowSparseGrad):
                merged.append(RowSparseGrad.concat(gs))  # a sum, kept as rows
            elif len(gs) == 1:
                merged.append(gs[0])
            else:
                merged.append(np.add.reduce(gs))
        return merged


def remove_duplicate(params: list[np.ndarray], grads: list) -> tuple[list[np.ndarray], list]:
    """The book's function: drop repeated params, summing their gradients."""
    shared = SharedParams(params)
    return shared.params, shared.merge(grads)


def clip_grads(grads: list, max_norm: float) -> None:
    """Scale all gradients in place so that their global L2 norm is at most ``max_norm``."""
    total = 0.0
    for i, g in enumerate(grads):
        if isinstance(g, RowSparseGrad):
            rows, summed = g.coalesce()  # the dense norm needs duplicate rows summed first
            g.set(rows, summed)
            total += float(np.sum(summed.astype(np.float64) ** 2))
        else:
            total += float(np.sum(g.astype(np.float64) ** 2))
    rate = max_norm / (np.sqrt(total) + 1e-6)
    if rate < 1:
        for g in grads:
            if isinstance(g, RowSparseGrad):
                g.values *= rate
            else:
                g *= rate
