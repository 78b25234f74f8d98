"""The driver's workers, and what happens when one dies.

A worker is a Ray actor holding state nothing else has: its scanned files, its encoded
shard, its replica. When its process dies (SIGKILL, out of memory, its node gone),
every call to it fails with Ray's ``RayActorError``. The pool then starts a new actor
with the same arguments and brings it to where the dead one stood by replaying the
calls that made that state (``scan``, ``encode``: it reads its own files again) and,
once training has started, copying the driver's model in (``restore``: the state of
the last synchronisation, which every replica equalled). Then the failed call is made
again. A round is therefore trained again from exactly the state the dead worker
started it from, with the same jobs and seeds: its lost part of the epoch is trained
once more, nothing twice, and with one thread a worker the run ends bit-identical
to one without the fault.

The driver recreates the actor itself rather than letting Ray restart it
(``max_restarts``): a restarted actor comes back with none of its state anyway, and
doing it here makes the replay explicit and the same whether a process or a node was
lost.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from zero2vec.errors import WorkerLostError, Zero2VecError


class WorkerPool:
    """``len(args)`` actors of ``actor`` (a ``ray.remote`` class), worker ``w`` made
    with ``args[w]``; each may be replaced ``max_restarts`` times.

    ``master`` (set by the driver once training starts) returns an object ref of the
    driver's model, which a replacement copies in before it goes on.
    """

    def __init__(self, ray, actor, args: Sequence[tuple], max_restarts: int,
                 options: dict | None = None) -> None:
        self.ray, self.actor, self.args = ray, actor, list(args)
        self.options = options or {}
        self.max_restarts = max_restarts
        self.restarts = [0] * len(self.args)
        self.workers = [self._start(a) for a in self.args]
        self._made: list[tuple[str, list[tuple]]] = []  # the state-making calls, with their args
        self.master: Callable[[], Any] | None = None

    def _start(self, args: tuple):
        return self.actor.options(**self.options).remote(*args)

    def __len__(self) -> int:
        return len(self.workers)

    def call(self, method: str, args: Sequence[tuple] | tuple = (), *,
             state: bool = False) -> list:
        """``method`` on every worker (``args[w]`` for worker ``w``, or the same tuple for
        all); the results in worker order. A worker that died is replaced and asked again.
        ``state=True``: the call makes state a replacement needs (replayed for it)."""
        per = list(args) if args and isinstance(args[0], tuple) else [tuple(args)] * len(self)
        refs = [getattr(w, method).remote(*a) for w, a in zip(self.workers, per)]
        results = []
        for w, ref in enumerate(refs):
            while True:
                try:
                    results.append(self._get(ref))
                    break
                except self.ray.exceptions.RayActorError as exc:
                    self._replace(w, exc)
                    ref = getattr(self.workers[w], method).remote(*per[w])
        if state:
            self._made.append((method, per))
        return results

    def _get(self, ref):
        """``ray.get(ref)``; a worker's own error (a bad corpus file, ...) is raised as
        itself, with its one-line message, not wrapped in Ray's traceback."""
        try:
            return self.ray.get(ref)
        except self.ray.exceptions.RayTaskError as exc:
            if isinstance(exc, self.ray.exceptions.RayActorError):
                raise
            cause = getattr(exc, "cause", None)
            if isinstance(cause, Zero2VecError):
                raise cause from None
            raise

    def _replace(self, w: int, exc: BaseException) -> None:
        """Start worker ``w`` anew and replay what made the dead one's state."""
        while True:
            self.restarts[w] += 1
            if self.restarts[w] > self.max_restarts:
                raise WorkerLostError(f"worker {w} died {self.restarts[w]} times (max_restarts="
                                      f"{self.max_restarts}); last: {str(exc).splitlines()[0]}")
            self.ray.kill(self.workers[w], no_restart=True)
            self.workers[w] = self._start(self.args[w])
            try:
                for method, per in self._made:
                    self._get(getattr(self.workers[w], method).remote(*per[w]))
                if self.master is not None:
                    self._get(self.workers[w].restore.remote(self.master()))
                return
            except self.ray.exceptions.RayActorError as again:  # died while catching up
                exc = again

    def kill(self) -> None:
        """End every actor (a joined cluster keeps running: leave none behind)."""
        for w in self.workers:
            self.ray.kill(w, no_restart=True)
