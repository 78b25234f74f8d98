"""Watching a run train: the observer a training job reports to, and its snapshots.

:class:`LiveRun` is handed to :func:`zero2vec.job.run` as ``observer``. The trainer
calls it on the training side (the native engine's main thread, which only collects
results while the worker threads keep training; the layered Trainer every
``eval_interval`` steps), and there it only records the latest loss, words/s and
learning rate. The heavier parts, at most every ``interval`` seconds, run on a thread
of their own (``zero2vec-live``), never on a training thread: the watch-words'
neighbours (their rows copied, the live matrix read in place in one compiled pass
without the GIL, :func:`~zero2vec.serve.kernels.row_dots`, not BLAS, whose thread
pool would compete with the Hogwild workers for the cores), and for the layered
models the parameter-sharing table (:func:`zero2vec.inspect.describe_params`) with
``‖W_in − W_in0‖`` and the rows touched. The last snapshot is taken when training
ends, of the trained weights. The server reads :meth:`LiveRun.snapshot` from its own
threads and waits for a new one with :meth:`LiveRun.wait`.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from zero2vec.errors import ConfigError
from zero2vec.serve.kernels import compile_now, row_dots
from zero2vec.vectors._math import safe_norms, top_k, unit_rows

MAX_WATCH = 12      # watch-words at a time
MAX_POINTS = 2000   # loss points kept (older ones are thinned, one in two)
_ROW_BLOCK = 1 << 14


class LiveRun:
    """The observer of one training run, and the latest snapshot of it (thread-safe).

    Parameters
    ----------
    watch : sequence of str, optional
        Watch-words (those not in the vocabulary are listed as ``unknown_watch``); by
        default, five frequent words chosen when training begins (:func:`default_watch`).
    topn : int
        Neighbours shown per watch-word.
    interval : float
        Least seconds between two neighbour / drift computations.
    """

    def __init__(self, watch: Sequence[str] | None = None, topn: int = 8,
                 interval: float = 2.0) -> None:
        self.topn, self.interval = topn, interval
        self._asked = list(watch or [])
        self._cond = threading.Condition()
        self._version = 0
        self._last_heavy = -np.inf
        self._wv = self._model = self._w0 = None
        self._due = threading.Event()  # wakes the snapshot thread
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._state: dict[str, Any] = {"status": "starting", "engine": None, "epoch": 0,
                                       "epochs": None, "steps": [], "epoch_losses": [],
                                       "words_per_s": None, "lr": None, "progress": 0.0,
                                       "watch": [], "neighbours": {}, "sharing": None,
                                       "drift": None, "elapsed_s": 0.0, "error": None,
                                       "unknown_watch": [], "snapshot_error": None}
        self._t0 = time.perf_counter()

    # -- the observer (training side) ---------------------------------------------------
    def begin(self, wv, model: Any, engine: str, epochs: int) -> None:
        """Training starts: ``wv.vectors`` is the live ``W_in``; ``model`` the trainer's model."""
        self._wv, self._model = wv, model
        layered = engine == "layers"
        self._w0 = np.array(wv.vectors, copy=True) if layered else None  # for ‖W_in − W_in0‖
        with self._cond:
            self._state.update(status="training", engine=engine, epochs=epochs)
            known = [w for w in dict.fromkeys(self._asked) if w in wv.key_to_index][:MAX_WATCH]
            self._state["watch"] = known or default_watch(wv)
            self._state["unknown_watch"] = [w for w in self._asked if w not in wv.key_to_index]
        self._stopping = False
        self._thread = threading.Thread(target=self._snapshots, name="zero2vec-live", daemon=True)
        self._thread.start()
        self._due.set()  # the first neighbours while training starts

    def progress(self, step: int, loss: float, words_per_s: float, lr: float | None,
                 epoch: int, fraction: float) -> None:
        """A loss point (``step``: steps or words done) and the rates; cheap, every call."""
        with self._cond:
            s = self._state
            s["steps"].append([int(step), float(loss)])
            if len(s["steps"]) > MAX_POINTS:
                s["steps"] = s["steps"][::2]
            s.update(words_per_s=float(words_per_s), lr=None if lr is None else float(lr),
                     epoch=int(epoch), progress=float(fraction),
                     elapsed_s=time.perf_counter() - self._t0)
            self._bump()
        if time.perf_counter() - self._last_heavy >= self.interval:
            self._due.set()

    def epoch_end(self, epoch: int, loss: float) -> None:
        with self._cond:
            self._state["epoch_losses"].append(float(loss))
            self._state["epoch"] = int(epoch)
            self._bump()
        self._due.set()

    def end(self, error: BaseException | None = None) -> None:
        self._stop_thread()
        self._heavy()  # of the weights as training left them
        with self._cond:
            self._state.update(status="failed" if error else "finished", progress=1.0 if not error
                               else self._state["progress"], error=None if error is None else str(error),
                               elapsed_s=time.perf_counter() - self._t0)
            self._bump()

    # -- the server side ---------------------------------------------------------------
    def snapshot(self) -> tuple[int, dict]:
        """The latest version number and a copy of the state (JSON-ready)."""
        with self._cond:
            s = dict(self._state)
            s["steps"] = list(s["steps"])
            s["epoch_losses"] = list(s["epoch_losses"])
            return self._version, s

    def wait(self, version: int, timeout: float) -> int:
        """Block until the version passes ``version`` (or ``timeout`` s); the version now."""
        with self._cond:
            self._cond.wait_for(lambda: self._version != version, timeout)
            return self._version

    def set_watch(self, words: Sequence[str]) -> list[str]:
        """Replace the watch-words (checked against the vocabulary); neighbours follow at
        the next snapshot. Returns the words now watched."""
        if self._wv is None:
            raise ConfigError("training has not started yet; try again in a moment")
        words = self._checked(words)
        with self._cond:
            self._state["watch"] = words
            self._bump()
        if self._thread is not None and self._thread.is_alive() and not self._stopping:
            self._due.set()
        else:  # training is over: the caller computes them (once)
            self._heavy()
        return words

    # -- internals ---------------------------------------------------------------------
    def _checked(self, words: Sequence[str]) -> list[str]:
        words = list(dict.fromkeys(words))
        if not 1 <= len(words) <= MAX_WATCH:
            raise ConfigError(f"give 1 to {MAX_WATCH} watch-words, got {len(words)}")
        unknown = [w for w in words if w not in self._wv.key_to_index]
        if unknown:
            raise ConfigError(f"not in the vocabulary: {', '.join(unknown[:5])}")
        return words

    def _bump(self) -> None:
        self._version += 1
        self._cond.notify_all()

    def _snapshots(self) -> None:
        """The snapshot thread: a heavy snapshot each time one is due, until training ends."""
        if self._wv.vectors.dtype in (np.float32, np.float64):  # (others are copied to float32)
            compile_now(self._wv.vectors)
        while True:
            self._due.wait()
            self._due.clear()
            if self._stopping:
                return
            try:
                self._heavy()
            except Exception as e:  # (shown on the page; training goes on, and so do snapshots)
                with self._cond:
                    self._state["snapshot_error"] = f"{type(e).__name__}: {e}"
                    self._bump()

    def _stop_thread(self) -> None:
        self._stopping = True
        self._due.set()
        if self._thread is not None:
            self._thread.join()

    def _heavy(self) -> None:
        """Neighbours of the watch-words and the layered panel, now."""
        if self._wv is None:
            return
        self._last_heavy = time.perf_counter()
        with self._cond:
            watch = list(self._state["watch"])
        neighbours = watch_neighbours(self._wv, watch, self.topn)
        sharing = drift = None
        if self._w0 is not None:
            sharing = sharing_table(self._model)
            drift = weight_drift(self._wv.vectors, self._w0)
        with self._cond:
            self._state.update(neighbours=neighbours, sharing=sharing, drift=drift, snapshot_error=None)
            self._bump()


def default_watch(wv, n: int = 5) -> list[str]:
    """The first ``n`` words (most frequent) of at least 3 letters, past the 20 commonest."""
    keys = wv.index_to_key
    start = 20 if len(keys) > 20 + 5 * n else 0
    words = [w for w in keys[start:start + 50 * n] if isinstance(w, str) and len(w) >= 3][:n]
    return words or [str(k) for k in keys[:n]]


def watch_neighbours(wv, words: Sequence[str], topn: int) -> dict[str, list]:
    """Each watch-word's ``topn`` neighbours, scored against the live matrix in place.

    Only the watch rows are copied; the matrix is read while training writes it (as
    the Hogwild workers themselves do), so a score may mix two nearby states. One
    pass computes every row's norm and its dot products with the watch rows, on the
    calling thread alone (:func:`~zero2vec.serve.kernels.row_dots`).
    """
    rows = [wv.key_to_index[w] for w in words]
    if not rows:
        return {}
    live = wv.vectors
    if live.dtype not in (np.float32, np.float64):  # (the kernel's types; a copy otherwise)
        live = np.asarray(live, dtype=np.float32)
    query = unit_rows(np.array(live[rows]))  # the copy: k rows
    norms = np.empty(len(live), dtype=live.dtype)
    scores = row_dots(live, query, norms)
    scores /= safe_norms(norms)
    keys = wv.index_to_key
    return {w: [[keys[i], round(float(sc[i]), 4)] for i in top_k(sc, topn, [r])]
            for w, r, sc in zip(words, rows, scores)}


def sharing_table(model: Any) -> list[dict]:
    """``zero2vec inspect``'s table as rows: the array's id, shape, holders, how often it
    appears in ``model.params``, and whether it is ``model.word_vecs``."""
    from zero2vec.inspect import compress_paths, describe_params

    params = list(model.params)
    out = []
    for info in describe_params(model, print_table=False):
        array = params[info.positions[0]]
        out.append({"index": info.index, "id": hex(id(array)), "shape": list(info.shape),
                    "dtype": info.dtype, "held_by": compress_paths(info.holders),
                    "layers": sorted(set(info.layer_types)), "count": info.count,
                    "is_word_vecs": info.is_word_vecs})
    return out


def weight_drift(w: np.ndarray, w0: np.ndarray) -> dict:
    """``‖W_in − W_in0‖`` (Frobenius) and how many rows differ from the start, by blocks."""
    total, touched = 0.0, 0
    for s in range(0, len(w), _ROW_BLOCK):
        d = w[s:s + _ROW_BLOCK] - w0[s:s + _ROW_BLOCK]
        total += float(np.einsum("ij,ij->", d, d, dtype=np.float64))
        touched += int(np.count_nonzero(d.any(axis=1)))
    return {"norm": total ** 0.5, "rows_touched": touched, "rows": int(len(w)),
            "init_norm": float(np.linalg.norm(w0))}
