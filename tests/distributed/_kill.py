"""Finding and killing a Ray worker process of this test's own Ray (its descendants only)."""
from __future__ import annotations

import os
import random
import signal
import threading
import time


def descendants(root: int) -> list[int]:
    """The processes below ``root`` (Ray's raylet, and its workers, are below the driver)."""
    children: dict[int, list[int]] = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(stat[1]), []).append(int(pid))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def shard_workers(root: int, doing: str = "") -> list[int]:
    """Pids of the ``ShardWorker`` actors below ``root`` (Ray titles them
    ``ray::ShardWorker.METHOD`` while a call runs); ``doing``: only those running it."""
    found = []
    for pid in descendants(root):
        try:
            title = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")[0].decode()
        except OSError:
            continue
        if title.startswith("ray::ShardWorker" + (f".{doing}" if doing else "")):
            found.append(pid)
    return found


class Killer(threading.Thread):
    """SIGKILLs a ShardWorker process below ``root`` for each of ``phases``: at a random
    moment (up to ``max_delay`` s) after one was seen running that method ("": any).
    Seeded by ``seed`` (a failure says it)."""

    def __init__(self, root: int, seed: int, phases: tuple[str, ...] = ("train_round",),
                 max_delay: float = 0.3) -> None:
        super().__init__(daemon=True)
        self.root, self.rng, self.phases = root, random.Random(seed), phases
        self.max_delay, self.killed, self.stop = max_delay, [], threading.Event()
        self.old = set(shard_workers(root))  # a finished run's actors, still being ended

    def _workers(self, doing: str = "") -> list[int]:
        return [p for p in shard_workers(self.root, doing) if p not in self.old]

    def run(self) -> None:
        while len(self.killed) < len(self.phases) and not self.stop.is_set():
            busy = self._workers(self.phases[len(self.killed)])
            if not busy:
                time.sleep(0.005)
                continue
            time.sleep(self.rng.uniform(0, self.max_delay))
            alive = [p for p in self._workers() if p not in self.killed]
            if alive and not self.stop.is_set():
                pid = self.rng.choice(sorted(alive))
                os.kill(pid, signal.SIGKILL)
                self.killed.append(pid)
