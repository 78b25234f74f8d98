"""Many requests' matrix-vector products as one pass over the matrix.

A neighbours or 3CosAdd query reads the whole ``(words, dims)`` unit matrix once
(120 MB at 100k x 300): it is bound by memory bandwidth, not arithmetic. Eight such
products run at once from the server's request threads, each with its own BLAS
threads, thrash two cores (p99 near a second here); one pass over the matrix for the
eight queries (:func:`~zero2vec.serve.kernels.row_dots`) costs about what one query
does. So the first request thread that finds no product under way computes, for
every query waiting by then, their scores; the others wait for theirs. No thread
waits for a timer: a query that arrives alone is computed at once.

A leader computes only until its own query is answered, then hands the lead to the
oldest waiting query, which computes for the queries waiting by then. (A leader that
went on while queries kept arriving could answer its own client seconds late under a
steady load: the 11 s worst case of an earlier measurement.)
"""
from __future__ import annotations

import threading

import numpy as np

from zero2vec.serve.kernels import compile_now, row_dots


class _Pending:
    __slots__ = ("query", "wake", "lead", "scores", "error")

    def __init__(self, query: np.ndarray) -> None:
        self.query, self.wake, self.lead = query, threading.Event(), False
        self.scores = self.error = None

    @property
    def answered(self) -> bool:
        return self.scores is not None or self.error is not None


class BatchedProducts:
    """``matrix @ query`` for concurrent callers, batched while a product is running.

    Parameters
    ----------
    matrix : np.ndarray, (rows, dims)
        Float32 or float64, read-only; shared by every caller.
    max_batch : int
        Queries computed in one pass at the most.
    """

    def __init__(self, matrix: np.ndarray, max_batch: int = 64) -> None:
        self.matrix, self.max_batch = matrix, max_batch
        self._lock = threading.Lock()
        self._waiting: list[_Pending] = []
        self._running = False
        compile_now(matrix)  # (not in the first request's time)

    def scores(self, query: np.ndarray) -> np.ndarray:
        """``matrix @ query`` (new contiguous arrays), computed with the queries of the
        other threads asking at the same time. A ``(k, dims)`` query is ``k`` queries:
        the answer is ``(k, rows)``."""
        me = _Pending(np.asarray(query, dtype=self.matrix.dtype))
        with self._lock:
            self._waiting.append(me)
            me.lead = not self._running
            self._running = True
        if not me.lead:
            me.wake.wait()  # answered, or handed the lead
        while not me.answered:
            self._compute_one_batch()
        if me.lead:
            self._hand_on()
        if me.error is not None:  # (the product of the batch it was in failed)
            raise me.error
        return me.scores

    def _compute_one_batch(self) -> None:
        with self._lock:
            batch, self._waiting = self._waiting[:self.max_batch], self._waiting[self.max_batch:]
        try:
            stacked = np.concatenate([np.atleast_2d(p.query) for p in batch])
            out = row_dots(self.matrix, stacked)  # (queries, rows)
            at = 0
            for p in batch:
                k = 1 if p.query.ndim == 1 else len(p.query)
                p.scores = out[at] if p.query.ndim == 1 else out[at:at + k]
                at += k
        except Exception as e:  # (e.g. a query of the wrong length spoils its batch)
            for p in batch:  # a waiter never hangs: each of this batch raises the error,
                p.error = e  # and the queries that came after it are still computed
        for p in batch:
            if not p.lead:
                p.wake.set()

    def _hand_on(self) -> None:
        """The leader is answered: the oldest waiting query leads next, or none runs."""
        with self._lock:
            if not self._waiting:
                self._running = False
                return
            nxt = self._waiting[0]
            nxt.lead = True
        nxt.wake.set()
