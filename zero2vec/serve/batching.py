"""Many requests' matrix-vector products as one matrix-matrix product.

A neighbours or 3CosAdd query reads the whole ``(words, dims)`` unit matrix once
(120 MB at 100k x 300): it is bound by memory bandwidth, not arithmetic. Eight such
products run at once from the server's request threads, each with its own BLAS
threads, thrash two cores (p99 near a second here); one product of the matrix with
the eight queries stacked reads it once and costs about what one query does. So the
first request thread that finds no product under way computes, for every query
waiting by then, ``unit @ Q.T``; the others wait for their column. No thread waits
for a timer: a query that arrives alone is computed at once.
"""
from __future__ import annotations

import threading

import numpy as np


class _Pending:
    __slots__ = ("query", "done", "scores", "error")

    def __init__(self, query: np.ndarray) -> None:
        self.query, self.done, self.scores, self.error = query, threading.Event(), None, None


class BatchedProducts:
    """``matrix @ query`` for concurrent callers, batched while a product is running.

    Parameters
    ----------
    matrix : np.ndarray, (rows, dims)
        Read-only; shared by every caller.
    max_batch : int
        Queries stacked in one product at the most.
    """

    def __init__(self, matrix: np.ndarray, max_batch: int = 64) -> None:
        self.matrix, self.max_batch = matrix, max_batch
        self._lock = threading.Lock()
        self._waiting: list[_Pending] = []
        self._running = False

    def scores(self, query: np.ndarray) -> np.ndarray:
        """``matrix @ query`` (a new contiguous array), computed with the queries of the
        other threads asking at the same time."""
        me = _Pending(np.asarray(query, dtype=self.matrix.dtype))
        with self._lock:
            self._waiting.append(me)
            lead = not self._running
            self._running = True
        if lead:
            self._compute_until_none_wait()
        me.done.wait()
        if me.error is not None:  # (the product of the batch it was in failed)
            raise me.error
        return me.scores

    def _compute_until_none_wait(self) -> None:
        while True:
            with self._lock:
                batch, self._waiting = self._waiting[:self.max_batch], self._waiting[self.max_batch:]
                if not batch:
                    self._running = False
                    return
            try:
                out = self.matrix @ np.stack([p.query for p in batch], axis=1)  # (rows, batch)
                for j, p in enumerate(batch):
                    p.scores = np.ascontiguousarray(out[:, j])
            except Exception as e:  # (e.g. a query of the wrong length spoils its batch)
                for p in batch:  # a waiter never hangs: each of this batch raises the error,
                    p.error = e  # and the queries that came after it are still computed
                    p.done.set()
                continue
            for p in batch:
                p.done.set()
