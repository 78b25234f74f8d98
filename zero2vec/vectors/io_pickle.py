"""Restricted unpickling: the one way zero2vec reads a pickle (the book's, gensim's).

A pickle can name any importable callable and call it (``os.system`` included), so a
plain ``pickle.load`` of a user's file runs whatever it says. Every pickle here is read
by :func:`restricted_load`:

* the bytes are walked first with :mod:`pickletools` (pure Python, nothing built):
  CPython's unpickler allocates whatever a memo index claims, so 300 tampered bytes
  could otherwise ask for gigabytes;
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

from zero2vec.errors import UnsafePickleError, VectorFileEOFError, VectorFileError

# NumPy's reconstructors of arrays, dtypes and scalars (numpy 1.x and 2.x module names):
# they build numbers and containers of what the pickle holds, nothing else.
NUMPY_GLOBALS: dict[tuple[str, str], Any] = {
    ("numpy", "ndarray"): np.ndarray, ("numpy", "dtype"): np.dtype,
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


# what pickletools says when the data stops inside an opcode
_TRUNCATED = ("not enough data", "but only", "exhausted before", "no newline found")


def scan_pickle(data: bytes, name: str) -> None:
    """Walk the opcodes of ``data`` without building anything; VectorFileError if they
    are not a pickle (a truncated one: also an EOFError), or a memo index lies."""
    ops = 0
    try:
        for op, arg, _ in pickletools.genops(data):
            ops += 1
            if op.name in ("PUT", "BINPUT", "LONG_BINPUT") and not 0 <= int(arg) < ops:
                raise ValueError(f"memo index {arg} at opcode {ops}")
            if op.name == "STOP":
                return
    except Exception as e:  # noqa: BLE001 - genops raises anything on garbage input
        if any(w in str(e) for w in _TRUNCATED):
            raise VectorFileEOFError(f"{name}: not a readable pickle: it ends early "
                                     f"(truncated file?)") from None
        raise VectorFileError(f"{name}: not a readable pickle ({type(e).__name__}: {e})") from None
    raise VectorFileEOFError(f"{name}: not a readable pickle: it ends early (no STOP opcode: "
                             f"truncated file?)")


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
