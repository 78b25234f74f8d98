"""The random generator of the kernels: splitmix64, one 64-bit state per job.

Why not word2vec.c's LCG: its low bits are weak, and we take two numbers (an index
and a coin) out of one draw for the alias sampler. splitmix64 costs three
multiply/xor-shifts and passes BigCrush. Every job gets its own state derived from
``(seed, epoch, job)``, so the draws do not depend on how many threads run.
"""
from __future__ import annotations

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S32 = np.uint64(32)
_LOW32 = np.uint64(0xFFFFFFFF)


@njit(inline="always", cache=True)
def next_u64(state: np.ndarray) -> np.uint64:
    """Advance ``state[0]`` and return 64 random bits."""
    s = state[0] + _GOLDEN
    state[0] = s
    z = (s ^ (s >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(inline="always", cache=True)
def bounded(z: np.uint64, n: int) -> int:
    """Map the high 32 bits of ``z`` onto ``0..n-1`` (Lemire's multiply-shift)."""
    return np.int64(((z >> _S32) * np.uint64(n)) >> _S32)


@njit(inline="always", cache=True)
def low32(z: np.uint64) -> np.uint64:
    """The low 32 bits of ``z``: a uniform integer in ``[0, 2**32)``."""
    return z & _LOW32


def job_seed(seed: int, epoch: int, job: int) -> np.ndarray:
    """A one-element uint64 state for job ``job`` of epoch ``epoch``."""
    x = (int(seed) * 0x9E3779B97F4A7C15 + epoch * 0xD1B54A32D192ED03 + job * 0x8CB92BA72F3D8DD7)
    x &= (1 << 64) - 1
    # one splitmix round on the host so nearby seeds give unrelated streams
    x = (x + 0x9E3779B97F4A7C15) & ((1 << 64) - 1)
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & ((1 << 64) - 1)
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & ((1 << 64) - 1)
    return np.array([x ^ (x >> 31)], dtype=np.uint64)
