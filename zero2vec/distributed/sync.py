"""Synchronising replicas: the rows a worker changed, and their merge into the model.

Every worker trains a full replica of the model. Between two synchronisations it
changes only some rows (the words of its text, the negatives it drew, the Huffman
nodes on their paths); :func:`changed_rows` finds them by comparing the replica with
its copy at the last synchronisation. The driver then adds up every worker's change
of a row (:func:`merge`) — a sum, not an average: each worker's updates count in
full, as Hogwild threads' do on one machine (averaging K replicas divides the
learning rate of every shared row by K, the loss Spark's MLlib shows as K grows).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# one matrix's update: the changed rows (ascending int64) and their new values
RowUpdate = tuple[np.ndarray, np.ndarray]


def changed_rows(current: np.ndarray, snapshot: np.ndarray) -> RowUpdate:
    """The rows where ``current`` differs from ``snapshot``, and their current values."""
    rows = np.flatnonzero((current != snapshot).any(axis=1))
    return rows, current[rows]


def merge(master: np.ndarray, parts: Sequence[RowUpdate]) -> RowUpdate:
    """Apply the workers' updates of one matrix to ``master``, in the order given.

    A row changed by one worker takes that worker's value exactly (so one worker is
    the single-machine run, bit for bit); a row changed by several becomes
    ``master + sum(value_k - master)``, summed in worker order so that the result does
    not depend on which worker finished first. Returns the rows changed and their new
    values (what every worker copies into its replica).
    """
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return np.zeros(0, dtype=np.int64), master[:0].copy()
    rows, n_changes = np.unique(np.concatenate([r for r, _ in parts]), return_counts=True)
    new = master[rows]
    if len(parts) > 1:
        acc = np.zeros_like(new)
        for r, values in parts:
            acc[np.searchsorted(rows, r)] += values - master[r]
        new += acc
    alone = n_changes == 1
    for r, values in parts:
        pos = np.searchsorted(rows, r)
        mine = alone[pos]
        new[pos[mine]] = values[mine]
    master[rows] = new
    return rows, new


def apply(replica: np.ndarray, snapshot: np.ndarray, update: RowUpdate) -> None:
    """Copy the merged rows into a worker's replica and its synchronised copy."""
    rows, values = update
    replica[rows] = values
    snapshot[rows] = values


def nbytes(updates: Sequence[RowUpdate]) -> int:
    """Bytes of ``updates`` on the wire (row ids and values; Ray's framing not counted)."""
    return sum(r.nbytes + v.nbytes for r, v in updates)
