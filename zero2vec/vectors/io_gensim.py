"""gensim 4's own files: ``KeyedVectors.save`` (``.kv``) and ``Word2Vec.save`` (``.model``).

What such a file is (gensim's ``utils.SaveLoad``): a pickle of the object, from which
the large NumPy arrays (over ``sep_limit``, 10 MB by default, or those ``separately``
names) were taken out into side files next to it, ``NAME.ATTR.npy`` (a model's
vectors: ``NAME.wv.vectors.npy``), or ``NAME.ATTR.npz`` (the array under ``val``)
when ``NAME`` ends in ``.gz``/``.bz2`` (the pickle is then compressed too). The
pickle lists them (``__numpys``; ``__recursive_saveloads`` for the model's ``wv``).

How it is read: never by ``pickle.load``. :mod:`io_pickle`'s restricted unpickler
answers only the names a gensim 4.x file of these two kinds holds: gensim's
``KeyedVectors`` and ``Word2Vec`` become :class:`GensimObject` stand-ins that only
keep the pickled attributes (no gensim code, and gensim need not be installed);
NumPy's array reconstructors are NumPy's; the model's random state, ``hashfxn`` and
``defaultdict`` become inert placeholders. Anything else (``os.system``, a class of
another gensim model, a gensim 3.x class) is an :class:`~zero2vec.errors.UnsafePickleError`
naming it, before anything is called. Then every part is checked (types, shapes,
the word index) and side files are read with their ``.npy`` headers checked first
(:func:`~zero2vec.vectors.io_native.check_npy`), memory-mapped when ``mmap`` asks.

:func:`read_gensim` returns plain parts (:class:`GensimParts`); ``WordVectors.load``
wraps a ``.kv``'s (or a ``.model``'s vectors), ``Word2Vec.load`` a model's.
"""
from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from zero2vec._memory import check_memory
from zero2vec.errors import ConfigError, VectorFileError
from zero2vec.vectors.io_files import check_finite, read_bytes
from zero2vec.vectors.io_gensim_schema import model_settings
from zero2vec.vectors.io_native import check_npy
from zero2vec.vectors.io_pickle import NUMPY_GLOBALS, plain, restricted_load

KV_CLASS = ("gensim.models.keyedvectors", "KeyedVectors")
W2V_CLASS = ("gensim.models.word2vec", "Word2Vec")


class GensimObject:
    """A stand-in for a pickled gensim object: its attributes in ``state``, nothing run."""

    gensim_class = ""

    def __new__(cls, *args: Any, **kwargs: Any) -> GensimObject:  # (NEWOBJ passes nothing)
        obj = object.__new__(cls)
        obj.state = {}
        return obj

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, tuple) and len(state) == 2:  # (dict, slots)
            state = state[0]
        if not isinstance(state, dict):
            raise TypeError(f"the state of a {self.gensim_class} must be a dict")
        self.state = state


class _KeyedVectors(GensimObject):
    gensim_class = ".".join(KV_CLASS)


class _Word2Vec(GensimObject):
    gensim_class = ".".join(W2V_CLASS)


class Placeholder:
    """What a name the reader does not use becomes (``hashfxn``, the random state...):
    inert, never called; ``name`` says what it stood for."""

    def __init__(self, name: str = "") -> None:
        self.name = name

    def __setstate__(self, state: Any) -> None:  # (a random state's: not kept)
        pass

    def __repr__(self) -> str:
        return self.name


def _make_placeholder(name: str):
    def build(*args: Any, **kwargs: Any) -> Placeholder:
        return Placeholder(name)
    return build


def _encode(text: Any, encoding: str = "latin1") -> bytes:
    """Protocol 0-2's bytes: ``_codecs.encode(str, "latin1")``; nothing else."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise TypeError("_codecs.encode of something other than latin-1 text")
    return text.encode("latin1")


def _reconstructor(cls: Any, base: Any, state: Any = None) -> Any:
    """Protocol 0-1's ``copyreg._reconstructor``: only a gensim stand-in on ``object``."""
    if not (isinstance(cls, type) and issubclass(cls, GensimObject)) or base is not object \
            or state is not None:
        raise TypeError("copyreg._reconstructor of something other than a gensim object")
    return cls.__new__(cls)


_RANDOM = [("numpy.random._pickle", n) for n in
           ("__randomstate_ctor", "__bit_generator_ctor", "__generator_ctor")]
_RANDOM += [(f"numpy.random._{m.lower()}", m) for m in ("MT19937", "PCG64", "PCG64DXSM",
                                                         "Philox", "SFC64")]
ALLOWED: dict[tuple[str, str], Any] = {
    **NUMPY_GLOBALS,
    KV_CLASS: _KeyedVectors, W2V_CLASS: _Word2Vec,
    ("gensim.utils", "call_on_class_only"): Placeholder("gensim.utils.call_on_class_only"),
    ("builtins", "hash"): Placeholder("builtins.hash"),  # a model's hashfxn
    ("builtins", "int"): int, ("builtins", "float"): float, ("builtins", "object"): object,
    ("builtins", "frozenset"): frozenset, ("builtins", "set"): set,
    ("collections", "defaultdict"): lambda *args: {},  # raw_vocab: its items, not its factory
    ("collections", "OrderedDict"): dict,
    ("_codecs", "encode"): _encode, ("copyreg", "_reconstructor"): _reconstructor,
    **{k: _make_placeholder(".".join(k)) for k in _RANDOM},
}


def _refuse(module: str, name: str) -> str:
    """Why ``module.name`` is not read: the one-line message."""
    if name in ("FastText", "FastTextKeyedVectors"):
        return (f"{module}.{name}: a gensim fastText model; fastText models are not supported "
                f"yet: save its vectors with model.wv.save_word2vec_format() and load that")
    if name in ("Word2VecKeyedVectors", "Vocab", "Word2VecVocab", "Word2VecTrainables",
                "EuclideanKeyedVectors", "BaseKeyedVectors"):
        return (f"{module}.{name}: written by gensim 3.x or older, which zero2vec does not "
                f"read: load it with gensim 4 and save it again")
    if module == "gensim" or module.startswith("gensim."):
        return (f"{module}.{name}: a gensim class zero2vec does not read (it reads gensim 4's "
                f"KeyedVectors .kv and Word2Vec .model files)")
    return (f"refused to unpickle {module}.{name}: gensim's KeyedVectors and Word2Vec files "
            f"hold no such thing (zero2vec never calls what a pickle names)")


@dataclass
class GensimParts:
    """What a gensim file holds, as plain values (nothing of gensim).

    Attributes
    ----------
    kind : {"KeyedVectors", "Word2Vec"}
    index_to_key : list of str
        The words in row order.
    key_to_index : dict of str -> int
        gensim's word -> row, checked to be exactly ``index_to_key``'s positions.
    vectors : np.ndarray, (n_words, vector_size)
        gensim's ``wv.vectors`` (the input vectors, ``W_in``); writable unless
        memory-mapped with ``mmap="r"``.
    expandos : dict of str -> np.ndarray
        gensim's per-word attributes, one length-n array each: ``"count"`` (int64)
        and, for a model, ``"sample_int"`` (uint32, gensim's downsampling
        thresholds) and, with ``hs=1``, ``"code"``/``"point"`` (object arrays of each
        word's Huffman code and inner-node path).
    vectors_lockf : np.ndarray or None
        gensim's ``wv.vectors_lockf`` (float32; length 1 or n), None if absent.
    syn1neg, syn1 : np.ndarray or None
        A model's output vectors for negative sampling (``W_out``) and for
        hierarchical softmax (``W_out_hs``), ``(n_words, layer1_size)``; None when
        ``negative=0`` / ``hs=0`` (and always for a ``.kv``).
    settings : dict
        A model's constructor settings, with gensim's names: ``vector_size, window,
        sg, hs, negative, ns_exponent, cbow_mean, sample, alpha, min_alpha, epochs,
        min_count, max_vocab_size, max_final_vocab, sorted_vocab, null_word,
        batch_words, shrink_windows, compute_loss, seed, workers, comment`` and
        ``hashfxn`` (its name, e.g. ``"builtins.hash"``). Empty for a ``.kv``.
    state : dict
        A model's training state: ``min_alpha_yet_reached`` (the rate it stopped
        at), ``train_count``, ``total_train_time``, ``corpus_count``,
        ``corpus_total_words``, ``running_training_loss``, ``effective_min_count``,
        ``layer1_size``, ``raw_vocab`` (dict; empty unless ``keep_raw_vocab``),
        ``lifecycle_events`` (gensim's log of the model, a list of dicts).
    """

    kind: str
    index_to_key: list[str]
    key_to_index: dict[str, int]
    vectors: np.ndarray
    expandos: dict[str, np.ndarray] = field(default_factory=dict)
    vectors_lockf: np.ndarray | None = None
    syn1neg: np.ndarray | None = None
    syn1: np.ndarray | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> np.ndarray | None:
        """The words' corpus counts (``expandos["count"]``), or None."""
        return self.expandos.get("count")


# how gensim's pickles start: PROTO and its number (2-5; gensim writes 4), so a damaged
# zero2vec file whose first byte happens to be 0x80 is not taken for one; protocols 0-1
# (``pickle_protocol=0``) start with the first class they name.
_PICKLE_STARTS = (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05",
                  b"ccopy_reg\n_reconstructor\n", b"cgensim.")


def is_gensim_file(path: str | os.PathLike) -> bool:
    """True if ``path`` is a file whose (decompressed) content starts as gensim's
    pickles do (what its ``save`` writes)."""
    p = Path(path)
    if not p.is_file():
        return False
    try:
        return read_bytes(p, limit=32).startswith(_PICKLE_STARTS)
    except VectorFileError:
        return False


def read_gensim(path: str | os.PathLike, mmap: str | None = None,
                allow_nonfinite: bool = False) -> GensimParts:
    """Read a file written by gensim 4.x's ``KeyedVectors.save`` or ``Word2Vec.save``.

    Parameters
    ----------
    path : path
        The main file (its side files ``path.*.npy``/``.npz`` are found next to it).
    mmap : {None, "r", "c"}
        As gensim's ``load(fname, mmap=...)``: side-file arrays memory-mapped
        read-only (``"r"``) or copy-on-write (``"c"``) instead of read. Arrays held
        in the pickle itself (small ones) are always read.
    allow_nonfinite : bool
        Load vectors holding NaN or inf (with a warning) instead of refusing them.

    Returns
    -------
    GensimParts

    Raises
    ------
    UnsafePickleError
        The pickle names anything but what such a file holds (nothing is called).
    VectorFileError
        Not a gensim file, a corrupt or inconsistent one, a missing side file; a
        truncated one is also an ``EOFError``.
    """
    if mmap not in (None, "r", "c"):
        raise ConfigError(f"mmap must be None, 'r' or 'c', got {mmap!r}")
    if not isinstance(allow_nonfinite, bool):
        raise ConfigError(f"allow_nonfinite must be True or False, got {allow_nonfinite!r}")
    p = Path(path)
    name = str(p)
    if p.is_file() and not name.endswith((".gz", ".bz2")):
        check_memory(p.stat().st_size, f"{name} (a gensim pickle)")
    obj = restricted_load(read_bytes(p), name, ALLOWED, _refuse)
    if isinstance(obj, _Word2Vec):
        kind, wv = "Word2Vec", obj.state.get("wv")
        if not isinstance(wv, _KeyedVectors):
            raise VectorFileError(f"{name}: a gensim Word2Vec model without its KeyedVectors (wv)")
    elif isinstance(obj, _KeyedVectors):
        kind, wv = "KeyedVectors", obj
    else:
        raise VectorFileError(f"{name}: a pickle of {type(obj).__name__}, not a gensim "
                              f"KeyedVectors or Word2Vec (the book's params pickle loads from a "
                              f".pkl name or with format='book-pickle')")
    side = _SideFiles(name, mmap)
    parts = _keyed_parts(wv, kind, side.child("wv") if kind == "Word2Vec" else side)
    if kind == "Word2Vec":
        _model_parts(obj, parts, side)
    if not (mmap and allow_nonfinite):
        for what in ("vectors", "syn1neg", "syn1"):
            arr = getattr(parts, what)
            if arr is not None:
                check_finite(f"{name} ({what})", arr, parts.index_to_key, allow_nonfinite)
    return parts


class _SideFiles:
    """The side files of one pickled object: ``BASE.ATTR.npy`` (``.npz`` if compressed)."""

    def __init__(self, base: str, mmap: str | None, main: str | None = None,
                 numpys: Any = None) -> None:
        self.base, self.mmap, self.main = base, mmap, main or base
        self.compressed = self.main.endswith((".gz", ".bz2"))
        self.numpys: Any = numpys

    def child(self, attr: str) -> _SideFiles:
        return _SideFiles(f"{self.base}.{attr}", self.mmap, self.main)

    def bind(self, state: dict) -> None:
        numpys, scipys = state.get("__numpys", []), state.get("__scipys", [])
        if not isinstance(numpys, list) or not all(isinstance(a, str) for a in numpys):
            raise VectorFileError(f"{self.main}: corrupt gensim file ('__numpys' is not a list "
                                  f"of names)")
        if scipys:
            raise VectorFileError(f"{self.main}: holds sparse (scipy) arrays, which gensim's "
                                  f"KeyedVectors and Word2Vec never save")
        self.numpys = numpys

    def get(self, state: dict, attr: str, shape: list) -> Any:
        """``state[attr]``, read from its side file if it was saved in one."""
        if attr not in (self.numpys or []):
            return state.get(attr)
        path = Path(f"{self.base}.{attr}.{'npz' if self.compressed else 'npy'}")
        if not path.exists():
            raise VectorFileError(f"{path}: missing: gensim saved the array {attr!r} of "
                                  f"{self.main} in this file; keep the side files "
                                  f"({Path(self.main).name}.*) next to it")
        if self.compressed:
            return self._npz(path)
        check_npy(path, shape, source=f"{Path(self.main).name}")
        if self.mmap is None:
            check_memory(path.stat().st_size, f"{path}", hint="load it with mmap='r'")
        try:
            return np.load(path, mmap_mode=self.mmap, allow_pickle=False)
        except (OSError, ValueError, EOFError) as e:
            raise VectorFileError(f"{path}: cannot be read ({e})") from None

    def _npz(self, path: Path) -> np.ndarray:
        if self.mmap:
            raise ConfigError(f"{path}: cannot memory-map the arrays of a compressed gensim "
                              f"file (they are in .npz archives); load it with mmap=None")
        try:
            with np.load(path, allow_pickle=False) as z:
                return z["val"]
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:
            raise VectorFileError(f"{path}: not gensim's .npz of one array 'val' "
                                  f"({' '.join(str(e).split())[:120]})") from None


def _array(main: str, what: str, value: Any, shape: list, kinds: str = "f") -> np.ndarray:
    """``value`` checked: an ndarray of ``kinds`` and ``shape`` (None: any length)."""
    if not isinstance(value, np.ndarray) or value.dtype.kind not in kinds:
        got = value.dtype if isinstance(value, np.ndarray) else type(value).__name__
        raise VectorFileError(f"{main}: corrupt gensim file ({what} is {got}, not an array of "
                              f"numbers)")
    if value.ndim != len(shape) or any(s is not None and g != s for g, s in zip(value.shape, shape)):
        raise VectorFileError(f"{main}: corrupt gensim file ({what} has shape {value.shape}, "
                              f"expected {tuple('n' if s is None else s for s in shape)})")
    if value.dtype.kind == "O":  # (gensim's Huffman paths: an array of arrays)
        items = [plain(x) for x in value]
        if not all(isinstance(x, np.ndarray) and x.ndim == 1 and x.dtype.kind in "iu" for x in items):
            raise VectorFileError(f"{main}: corrupt gensim file ({what} holds something other "
                                  f"than arrays of ints)")
        value = np.empty(len(items), dtype=object)
        value[:] = items
    return plain(value)


def _keyed_parts(kv: GensimObject, kind: str, side: _SideFiles) -> GensimParts:
    """The checked parts of a pickled gensim KeyedVectors."""
    main, st = side.main, kv.state
    side.bind(st)
    words = st.get("index_to_key")
    if not isinstance(words, list):
        raise VectorFileError(f"{main}: not a gensim 4 KeyedVectors (no index_to_key list; "
                              f"written by gensim 3.x? load it with gensim 4 and save it again)")
    if not set(map(type, words)) <= {str}:  # (C speed)
        bad = next(w for w in words if type(w) is not str)
        raise VectorFileError(f"{main}: holds a key {bad!r:.40} that is not a word (str); "
                              f"zero2vec's vectors are indexed by words")
    n, d = len(words), st.get("vector_size")
    if type(d) is not int or d < 1:
        raise VectorFileError(f"{main}: corrupt gensim file (vector_size {d!r:.40})")
    vectors = _array(main, "vectors", side.get(st, "vectors", [n, d]), [n, d])
    k2i = st.get("key_to_index")
    try:
        ok = isinstance(k2i, dict) and len(k2i) == n and list(map(k2i.__getitem__, words)) == \
            list(range(n))
    except (KeyError, TypeError):
        ok = False
    if not ok:
        raise VectorFileError(f"{main}: corrupt gensim file (key_to_index does not match "
                              f"index_to_key)")
    expandos = st.get("expandos", {})
    if not isinstance(expandos, dict):
        raise VectorFileError(f"{main}: corrupt gensim file (expandos is not a dict)")
    for attr, values in list(expandos.items()):
        expandos[attr] = _array(main, f"expandos[{attr!r:.30}]", values, [n],
                                "fiuO" if attr in ("code", "point") else "fiub")
    if "count" in expandos:
        expandos["count"] = _array(main, "the counts", expandos["count"], [n], "iu"
                                   ).astype(np.int64, copy=False)
    lockf = side.get(st, "vectors_lockf", [None])
    if lockf is not None:
        lockf = _array(main, "vectors_lockf", lockf, [None], "fiu")
        if len(lockf) not in (1, n):
            raise VectorFileError(f"{main}: corrupt gensim file (vectors_lockf has "
                                  f"{len(lockf)} values for {n} words)")
    return GensimParts(kind, words, k2i, vectors, dict(expandos), lockf)


def _model_parts(model: GensimObject, parts: GensimParts, side: _SideFiles) -> None:
    """Add a pickled gensim Word2Vec's output layers, settings and state to ``parts``."""
    st = model.state
    side.bind(st)
    parts.settings, parts.state = model_settings(st, side.main)
    n, width = len(parts.index_to_key), parts.state["layer1_size"]
    for attr, setting in (("syn1neg", "negative"), ("syn1", "hs")):
        value = side.get(st, attr, [n, width])
        if value is None:
            if parts.settings[setting]:
                raise VectorFileError(f"{side.main}: a model with {setting}="
                                      f"{parts.settings[setting]} but no {attr} (its output vectors)")
            continue
        setattr(parts, attr, _array(side.main, attr, value, [n, width]))
