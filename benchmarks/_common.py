"""Helpers shared by the benchmark scripts: peak memory, JSON output, a text table."""
from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SHARED_DATA = Path(os.environ.get("ZERO2VEC_SHARED_DATA", ROOT.parent / "shared" / "data"))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB.

    On Linux this is VmHWM, the high-water mark of the process's own memory.
    ``getrusage``'s ``ru_maxrss`` is not: a child started by ``subprocess`` (vfork +
    exec) inherits its parent's peak there, so every child would report at least the
    benchmark parent's peak.
    """
    hwm = _status_mb().get("VmHWM")
    if hwm is not None:
        return hwm
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 2 ** 20


def _status_mb() -> dict:
    out = {}
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                key, _, val = line.partition(":")
                if key in ("VmHWM", "VmRSS", "RssAnon", "RssFile"):
                    out[key] = int(val.split()[0]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return out


class AnonPeak:
    """Samples this process's anonymous resident memory (heap, arrays; not mapped
    files such as shared libraries) every ``interval`` s in a thread; ``.mb`` is the
    highest reading (Linux; 0 elsewhere)."""

    def __init__(self, interval: float = 0.02) -> None:
        import threading

        self.mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.mb = max(self.mb, _status_mb().get("RssAnon", 0.0))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        self.mb = max(self.mb, _status_mb().get("RssAnon", 0.0))
        return self.mb


def rss_now_mb() -> dict:
    """Current resident memory split into anonymous (heap, arrays) and file-backed
    (mapped shared libraries such as LLVM, memory-mapped files) parts, in MiB (Linux)."""
    return {k: v for k, v in _status_mb().items() if k != "VmHWM"}


def machine_info() -> dict:
    """What the numbers were measured on."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        cpus = os.cpu_count()
    try:
        load = os.getloadavg()
    except OSError:  # pragma: no cover
        load = None
    return {"python": platform.python_version(), "machine": platform.machine(),
            "processor": platform.processor(), "cpus": cpus, "loadavg_at_start": load,
            "time_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def write_json(path: str | os.PathLike, data: dict) -> Path:
    """Write ``data`` as indented JSON, creating the folder; return the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return p


def format_table(rows: Sequence[dict], columns: Sequence[str],
                 headers: Sequence[str] | None = None) -> str:
    """A plain-text table (Markdown pipe syntax) of ``rows`` restricted to ``columns``."""
    headers = list(headers or columns)

    def fmt(v) -> str:
        if v is None:
            return "-"
        if isinstance(v, float):
            return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3f}"
        if isinstance(v, int):
            return f"{v:,}"
        return str(v)

    cells = [[fmt(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    line = lambda vals: "| " + " | ".join(v.rjust(w) for v, w in zip(vals, widths)) + " |"  # noqa: E731
    out = [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(c) for c in cells]
    return "\n".join(out)


def print_table(rows: Sequence[dict], columns: Sequence[str],
                headers: Sequence[str] | None = None) -> None:
    print(format_table(rows, columns, headers), flush=True)
