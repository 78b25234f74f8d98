"""Memory: refuse an allocation that cannot fit, and give back what is no longer used.

Allocating a 2M x 300 matrix on a laptop does not fail cleanly: the machine swaps or
the OOM killer ends the process with nothing saved. So every large allocation is
estimated first and compared with the memory the OS says is available. And once
the compiled kernels are loaded, :func:`release_compiler_memory` hands the
compiler's pages back.
"""
from __future__ import annotations

import ctypes
import os
import sys

from zero2vec.errors import MemoryLimitError

SAFETY = 0.9  # leave the OS and the rest of the process some room


def available_memory() -> int | None:
    """Bytes the OS can give this process now (MemAvailable on Linux), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:,.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    return f"{n:.1f} TiB"  # pragma: no cover


def check_memory(needed: int, what: str, hint: str = "", available: int | None = None) -> None:
    """Raise MemoryLimitError if ``needed`` bytes exceed the available memory.

    Parameters
    ----------
    needed : int
        Estimated bytes of the allocation.
    what : str
        What is being allocated, for the message (e.g. "the model (2 x 70,000 x 300 float32)").
    hint : str
        How to need less (e.g. "raise min_count or set max_final_vocab").
    available : int, optional
        Override the OS reading (tests).
    """
    avail = available_memory() if available is None else available
    if avail is not None and needed > SAFETY * avail:
        msg = f"{what} needs about {human_bytes(needed)}, but only {human_bytes(avail)} of memory is available"
        raise MemoryLimitError(msg + (f"; {hint}" if hint else ""))


_MADV_PAGEOUT = 21  # Linux 5.4+


def release_compiler_memory() -> int:
    """Give back the resident pages of LLVM's library, once the compiled kernels are loaded.

    numba links even cached kernels with LLVM, which touches ~70 MB of
    ``libllvmlite``; training itself never calls into it. ``MADV_PAGEOUT`` asks
    Linux to reclaim those pages now rather than under memory pressure: clean pages
    of the file are dropped (read back if LLVM runs again, say to compile another
    kernel), and pages the loader modified are kept unless there is swap. Nothing
    changes but the process's resident size. Returns the bytes advised (0 where this
    is not supported).
    """
    if not sys.platform.startswith("linux"):
        return 0
    try:
        with open("/proc/self/maps", encoding="ascii", errors="replace") as f:
            ranges = [line.split()[0] for line in f
                      if "libllvmlite" in line.rsplit("/", 1)[-1]]
        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
    except (OSError, AttributeError):
        return 0
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    done = 0
    for r in ranges:
        start, end = (int(x, 16) for x in r.split("-"))
        if madvise(start, end - start, _MADV_PAGEOUT) != 0:
            return done  # an older kernel (EINVAL): nothing to gain
        done += end - start
    return done
