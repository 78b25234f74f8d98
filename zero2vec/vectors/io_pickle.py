"""Restricted unpickling: the one way zero2vec reads a pickle (the book's, gensim's).

A pickle can name any importable callable and call it (``os.system`` included), so a
plain ``pickle.load`` of a user's file runs whatever it says. Every pickle here is read
by :func:`restricted_load`:

* the bytes are walked first (:func:`scan_pickle`, compiled, nothing built): CPython's
  unpickler allocates whatever a memo index claims, so 300 tampered bytes could
  otherwise ask for gigabytes; a length must fit in the bytes that are there;
* :class:`RestrictedUnpickler.find_class` answers only the names of its ``allowed``
  map, each mapped to what it should build (NumPy's own array reconstructors, or a
  stand-in class of zero2vec's); any other name is an :class:`UnsafePickleError`
  naming it, before anything is called.

Names pickles write in protocols 0-2 (``__builtin__``, ``copy_reg``) are read as
Python 3's, as :mod:`pickle` itself does.
"""
from __future__ import annotations

import io
import pickle
import pickletools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from numba import njit

from zero2vec.errors import UnsafePickleError, VectorFileEOFError, VectorFileError

class CheckedArray(np.ndarray):
    """What a pickled ``numpy.ndarray`` is rebuilt as: NumPy's own array, whose state is
    checked before NumPy reads it. (NumPy trusts it: an object array's list shorter than
    its shape reads past the list's end, a crash that a few tampered bytes cause.)
    Readers take ``.view(np.ndarray)`` (:func:`plain`)."""

    def __setstate__(self, state: Any) -> None:
        if not isinstance(state, tuple) or len(state) not in (4, 5):
            raise TypeError("an array's pickled state must be a 4- or 5-tuple")
        shape, dtype, _, data = state[-4:]
        if not isinstance(shape, tuple) or not all(type(x) is int and 0 <= x < 1 << 40
                                                   for x in shape):
            raise TypeError(f"an array's pickled shape must be non-negative ints, got {shape!r:.40}")
        if not isinstance(dtype, np.dtype):
            raise TypeError("an array's pickled dtype is not a dtype")
        size = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if dtype.hasobject:
            if dtype.kind != "O" or not isinstance(data, list) or len(data) != size:
                raise TypeError("a pickled object array whose items do not match its shape")
        elif not isinstance(data, (bytes, bytearray)) or len(data) != size * dtype.itemsize:
            raise TypeError("a pickled array whose bytes do not match its shape")
        super().__setstate__(state)


def plain(value: Any) -> Any:
    """A :class:`CheckedArray` as a plain ndarray (anything else as it is)."""
    return value.view(np.ndarray) if isinstance(value, CheckedArray) else value


# NumPy's reconstructors of arrays, dtypes and scalars (numpy 1.x and 2.x module names):
# they build numbers and containers of what the pickle holds, nothing else.
NUMPY_GLOBALS: dict[tuple[str, str], Any] = {
    ("numpy", "ndarray"): CheckedArray, ("numpy", "dtype"): np.dtype,
    **{(f"numpy.{core}.multiarray", "_reconstruct"): np.ndarray.__reduce__(np.zeros(0))[0]
       for core in ("core", "_core")},
    **{(f"numpy.{core}.multiarray", "scalar"): np.float64(0).__reduce__()[0]
       for core in ("core", "_core")},
}
try:  # protocol 5's out-of-band-capable arrays (numpy >= 1.16)
    from numpy._core.numeric import _frombuffer  # type: ignore[attr-defined]
except ImportError:  # numpy 1.x
    from numpy.core.numeric import _frombuffer  # type: ignore[attr-defined,no-redef]
NUMPY_GLOBALS.update({(f"numpy.{core}.numeric", "_frombuffer"): _frombuffer
                      for core in ("core", "_core")})

_PY2_MODULES = {"__builtin__": "builtins", "copy_reg": "copyreg"}
_PY2_NAMES = {("builtins", "long"): ("builtins", "int"), ("builtins", "unicode"): ("builtins", "str")}


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that builds only what ``allowed`` maps ``(module, name)`` to.

    ``refuse(module, name)`` gives the message for any other name (it may say what
    the name is, e.g. a gensim class of a model zero2vec does not read).
    """

    def __init__(self, f: Any, allowed: dict[tuple[str, str], Any],
                 refuse: Callable[[str, str], str]) -> None:
        super().__init__(f, encoding="latin1")  # (as gensim: Python 2 str become str)
        self._allowed, self._refuse = allowed, refuse

    def find_class(self, module: str, name: str) -> Any:
        module = _PY2_MODULES.get(module, module)
        module, name = _PY2_NAMES.get((module, name), (module, name))
        try:
            return self._allowed[(module, name)]
        except KeyError:
            raise UnsafePickleError(self._refuse(module, name)) from None
        except TypeError:  # (names that are not str: a hostile stream)
            raise UnsafePickleError(self._refuse(repr(module), repr(name))) from None


def _opcode_table() -> np.ndarray:
    """How each opcode's argument is laid out (from :mod:`pickletools`' own table):
    ``n >= 0`` bytes; -1 up to a line end; -6 two lines (GLOBAL, INST); -2/-3/-4/-5 a
    1-byte, int4, uint4 or uint8 length, then that many bytes; -100 no such opcode."""
    table = np.full(256, -100, dtype=np.int64)
    for op in pickletools.opcodes:
        n = op.arg.n if op.arg is not None else 0
        table[ord(op.code)] = -6 if op.name in ("GLOBAL", "INST") else n
    return table


_TABLE = _opcode_table()
_PUTS = np.array([ord("p"), ord("q"), ord("r")], dtype=np.int64)  # PUT, BINPUT, LONG_BINPUT
OK, TRUNCATED, BAD_OPCODE, MEMO_LIE, BAD_LENGTH, NO_STOP = range(6)


@njit(cache=True, nogil=True)
def _walk(data, table, puts):  # pragma: no cover - compiled
    """Walk the opcodes of ``data`` up to STOP: ``(status, offset, opcodes seen)``."""
    n, pos, ops = len(data), 0, 0
    while pos < n:
        code = data[pos]
        kind = table[code]
        start = pos
        pos += 1
        ops += 1
        if kind == -100:
            return BAD_OPCODE, start, ops
        if code == 46:  # STOP
            return OK, start, ops
        if kind >= 0:
            if pos + kind > n:
                return TRUNCATED, start, ops
            if code == puts[1] or code == puts[2]:
                memo = 0
                for i in range(kind - 1, -1, -1):
                    memo = memo * 256 + np.int64(data[pos + i])
                if memo >= ops:
                    return MEMO_LIE, start, ops
            pos += kind
        elif kind == -1 or kind == -6:
            lines = 2 if kind == -6 else 1
            memo, digits = 0, True
            while lines > 0:
                if pos >= n:
                    return TRUNCATED, start, ops
                c = data[pos]
                pos += 1
                if c == 10:
                    lines -= 1
                elif 48 <= c <= 57 and memo < (1 << 40):
                    memo = memo * 10 + (c - 48)
                else:
                    digits = False
            if code == puts[0] and (not digits or memo >= ops):
                return MEMO_LIE, start, ops
        else:
            width = 1 if kind == -2 else (4 if kind >= -4 else 8)
            if pos + width > n:
                return TRUNCATED, start, ops
            if width == 8 and data[pos + 7] != 0:  # beyond 2**56 bytes: no file holds it
                return TRUNCATED, start, ops
            length = 0
            for i in range(width - 1, -1, -1):
                length = length * 256 + np.int64(data[pos + i])
            if kind == -3 and length >= (1 << 31):  # a negative int4
                return BAD_LENGTH, start, ops
            pos += width
            if length < 0 or length > n - pos:  # (never past the end: no bounds checks here)
                return TRUNCATED, start, ops
            pos += length
    return NO_STOP, pos, ops


def scan_pickle(data: bytes, name: str) -> None:
    """Walk the opcodes of ``data`` without building anything (compiled: a 100 MB pickle
    in a fraction of a second); VectorFileError if they are not a pickle (a truncated
    one: also an EOFError), or a memo index or a length lies."""
    status, at, ops = _walk(np.frombuffer(data, dtype=np.uint8), _TABLE, _PUTS)
    if status == OK:
        return
    if status in (TRUNCATED, NO_STOP):
        raise VectorFileEOFError(f"{name}: not a readable pickle: it ends early "
                                 f"(truncated file?)")
    why = {BAD_OPCODE: f"no opcode {data[at:at + 1]!r}", MEMO_LIE: f"a memo index beyond the "
           f"{ops} opcodes so far", BAD_LENGTH: "a negative length"}[status]
    raise VectorFileError(f"{name}: not a readable pickle ({why} at byte {at})")


def restricted_load(data: bytes, name: str, allowed: dict[tuple[str, str], Any],
                    refuse: Callable[[str, str], str]) -> Any:
    """The object pickled in ``data``, built by a :class:`RestrictedUnpickler`.

    Raises
    ------
    UnsafePickleError
        The pickle names a class or function not in ``allowed`` (nothing was called).
    VectorFileError
        Not a pickle, or a corrupt one (a truncated one: VectorFileEOFError, also an
        ``EOFError``).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # a tampered string's odd escapes
        scan_pickle(data, name)
        try:
            return RestrictedUnpickler(io.BytesIO(data), allowed, refuse).load()
        except UnsafePickleError as e:
            raise UnsafePickleError(f"{name}: {e}") from None
        except EOFError:
            raise VectorFileEOFError(f"{name}: not a readable pickle: it ends early "
                                     f"(truncated file?)") from None
        except Exception as e:  # noqa: BLE001 - pickle raises anything on garbage input
            raise VectorFileError(f"{name}: not a readable pickle ({type(e).__name__}: "
                                  f"{' '.join(str(e).split())[:200]})") from None
