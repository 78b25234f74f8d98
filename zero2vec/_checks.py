"""Small argument checks shared by the whole package (one place, one wording)."""
from __future__ import annotations

import math
import os
import stat
import sys
from collections.abc import Collection
from pathlib import Path

import numpy as np

from zero2vec.errors import ConfigError, CorpusError, ShapeError


def check_positive_int(name: str, value: object, maximum: int | None = None) -> int:
    """Return ``value`` as an int, or raise ConfigError if it is not in 1..maximum."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ConfigError(f"{name} must be a positive integer, got {value!r}")
    if value <= 0:
        raise ConfigError(f"{name} must be a positive integer, got {value}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name}={value} is absurdly large (the limit is {maximum})")
    return int(value)


def check_count(name: str, value: object) -> int:
    """Return ``value`` as an int, or raise ConfigError if it is not 0 or more."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ConfigError(f"{name} must be an integer >= 0, got {value!r}")
    return int(value)


def check_flag(name: str, value: object) -> bool:
    """A 0/1 switch (gensim's ``sg``, ``hs``, ``cbow_mean``): 0, 1, False or True."""
    if value not in (0, 1, True, False) or not isinstance(value, (int, np.integer)):
        raise ConfigError(f"{name} must be 0 or 1, got {value!r}")
    return bool(value)


def check_number(name: str, value: object, low: float, high: float = math.inf,
                 low_open: bool = False) -> float:
    """A finite real number in [low, high] (or (low, high] with ``low_open``)."""
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a number, got {value!r}") from None
    if isinstance(value, (bool, str)) or not math.isfinite(v) or v < low or (low_open and v == low) \
            or v > high:
        bound = f"> {low}" if low_open else f">= {low}"
        raise ConfigError(f"{name} must be a finite number {bound} and <= {high}, got {value!r}")
    return v


def check_seed(value: object) -> int:
    """A random seed: an integer in [0, 2**32) (numpy's and word2vec.c's range)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < 2 ** 32:
        raise ConfigError(f"seed must be an integer from 0 to 2**32 - 1, got {value!r}")
    return int(value)


Seed = int | np.random.Generator | np.random.RandomState | None  # what ``seed=`` takes


def random_source(seed: Seed) -> np.random.Generator | np.random.RandomState:
    """The random source a seed stands for: a ``Generator`` or a legacy ``RandomState``
    (e.g. numpy's global one, which the book draws from) as given; anything else is
    ``np.random.default_rng``'s seed (None: fresh entropy)."""
    if isinstance(seed, (np.random.Generator, np.random.RandomState)):
        return seed
    return np.random.default_rng(seed)


def check_positive_number(name: str, value: object) -> float:
    """Return ``value`` as a float, or raise ConfigError unless it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ConfigError(f"{name} must be a positive number, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def check_ids(name: str, ids: object, vocab_size: int, ndim: int | None = None) -> np.ndarray:
    """Check an integer word-id array: right rank, integer dtype, ids in [0, vocab_size)."""
    arr = np.asarray(ids)
    if ndim is not None and arr.ndim != ndim:
        raise ShapeError(f"{name} must be a {ndim}-D array of word ids, got shape {arr.shape}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise ShapeError(f"{name} must hold integer word ids, got dtype {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() >= vocab_size):
        raise ShapeError(
            f"{name} holds word ids outside [0, {vocab_size}): min {arr.min()}, max {arr.max()}"
        )
    return arr


def check_finite(name: str, arr: np.ndarray) -> np.ndarray:
    """Raise ShapeError if ``arr`` holds NaN or inf."""
    if not np.all(np.isfinite(arr)):
        raise ShapeError(f"{name} contains NaN or inf")
    return arr


def check_choice(name: str, value: object, choices: Collection) -> object:
    """Return ``value``, or raise ConfigError naming the allowed values."""
    if value not in choices:
        allowed = ", ".join(repr(c) if isinstance(c, str) else str(c) for c in choices)
        raise ConfigError(f"{name} must be one of {allowed}, got {value!r}")
    return value


STDIN = "-"  # the input name that means standard input
_NOT_REGULAR = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                (stat.S_ISSOCK, "a socket"))


def input_kind(path: str | os.PathLike, what: str = "file") -> str:
    """What zero2vec reads: ``"file"`` (a regular file, read as often as needed) or
    ``"stream"`` (a pipe, a named FIFO, or ``"-"`` for stdin: read once, as it comes).

    Anything else (missing, a directory, a device such as ``/dev/zero``, a socket) is a
    CorpusError: a device never ends, and a second pass over it would read other bytes.
    The one rule for every input; :func:`zero2vec.corpus.reader.open_binary` opens by it.
    """
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode if os.fspath(path) == STDIN \
            else os.stat(path).st_mode
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such {what}") from None
    except (OSError, ValueError, AttributeError) as e:  # (stdin closed or detached)
        raise CorpusError(f"{path}: cannot be read ({getattr(e, 'strerror', None) or e})") from None
    if stat.S_ISDIR(mode):
        raise CorpusError(f"{path}: is a directory, not a text file")
    if os.fspath(path) == STDIN and not stat.S_ISCHR(mode):
        return "stream"  # (stdin redirected from a file is read once too)
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "stream"
    kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a file")
    stdin = " (stdin is a terminal or a device: pipe the corpus in)" if os.fspath(path) == STDIN \
        else ""
    raise CorpusError(f"{path}: not a regular file ({kind}){stdin}")


def check_input_file(path: str | os.PathLike, what: str = "file") -> Path:
    """A missing, empty or unreadable input -> one clear CorpusError before any work starts
    (the rule of :func:`input_kind`; a stream's emptiness shows only when it is read)."""
    path = Path(path)
    if input_kind(path, what) == "file" and path.stat().st_size == 0:
        raise CorpusError(f"{path}: {what} is empty")
    return path
