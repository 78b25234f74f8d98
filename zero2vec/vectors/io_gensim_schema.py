"""The settings and training state of a pickled gensim 4 ``Word2Vec``, checked.

:mod:`io_gensim` reads the pickle; this module turns the model's attributes into two
plain dicts (see :class:`~zero2vec.vectors.io_gensim.GensimParts`): each value is of
the type gensim keeps it in (NumPy scalars become Python numbers), an attribute that
gensim 4.0-4.3 did not write yet gets the value gensim's own loader gives it, and
anything else missing or of another type is a VectorFileError naming it.
"""
from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np

from zero2vec.errors import VectorFileError

_INT, _FLOAT, _BOOL, _STR = "int", "float", "bool", "str"
# name -> (type, default when absent: gensim's Word2Vec._load_specials); no default: required
SETTINGS: dict[str, tuple[str, Any]] = {
    "vector_size": (_INT, None), "window": (_INT, None), "sg": (_INT, None), "hs": (_INT, None),
    "negative": (_INT, None), "ns_exponent": (_FLOAT, 0.75), "cbow_mean": (_INT, None),
    "sample": (_FLOAT, None), "alpha": (_FLOAT, None), "min_alpha": (_FLOAT, None),
    "epochs": (_INT, None), "min_count": (_INT, None), "max_vocab_size": (_INT + "?", None),
    "max_final_vocab": (_INT + "?", ...), "sorted_vocab": (_INT, None),
    "null_word": (_INT, None), "batch_words": (_INT, None), "shrink_windows": (_BOOL, True),
    "compute_loss": (_BOOL, False), "seed": (_INT, None), "workers": (_INT, 3),
    "comment": (_STR + "?", ...),
}
STATE: dict[str, tuple[str, Any]] = {
    "min_alpha_yet_reached": (_FLOAT, None), "train_count": (_INT, 0),
    "total_train_time": (_FLOAT, 0.0), "corpus_count": (_INT + "?", ...),
    "corpus_total_words": (_INT + "?", ...), "running_training_loss": (_FLOAT, 0.0),
    "effective_min_count": (_INT, None), "layer1_size": (_INT, None),
}


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _typed(kind: str, value: Any) -> tuple[bool, Any]:
    """(ok, the value as a Python number or str) for ``kind`` ("int", "float?", ...)."""
    value = _plain(value)
    if kind.endswith("?"):
        if value is None:
            return True, None
        kind = kind[:-1]
    if kind == _BOOL:
        ok = isinstance(value, (bool, Integral)) and value in (0, 1)
        return ok, bool(value) if ok else value
    if kind == _INT:
        return isinstance(value, Integral), int(value) if isinstance(value, Integral) else value
    if kind == _FLOAT:
        ok = isinstance(value, Real) and not isinstance(value, bool)
        return ok, float(value) if ok else value
    return isinstance(value, str), value


def _pick(st: dict, schema: dict[str, tuple[str, Any]], main: str) -> dict[str, Any]:
    out = {}
    for key, (kind, default) in schema.items():
        if key not in st:
            if default is None:
                raise VectorFileError(f"{main}: not a gensim 4 Word2Vec model (it has no "
                                      f"{key!r}; gensim 3.x? load it with gensim 4 and save "
                                      f"it again)")
            out[key] = None if default is ... else default
            continue
        ok, value = _typed(kind, st[key])
        if not ok:
            raise VectorFileError(f"{main}: corrupt gensim model ({key} is {st[key]!r:.40}, not "
                                  f"{kind.rstrip('?')}{' or None' if kind.endswith('?') else ''})")
        out[key] = value
    return out


def model_settings(st: dict, main: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(settings, state)`` of a pickled gensim Word2Vec's attributes ``st``."""
    settings = _pick(st, SETTINGS, main)
    hashfxn = st.get("hashfxn")
    settings["hashfxn"] = getattr(hashfxn, "name", None) or "builtins.hash"
    state = _pick(st, STATE, main)
    raw = st.get("raw_vocab", {})
    if not isinstance(raw, dict) or not all(type(k) is str and isinstance(_plain(v), Integral)
                                            for k, v in raw.items()):
        raise VectorFileError(f"{main}: corrupt gensim model (raw_vocab is not word -> count)")
    state["raw_vocab"] = {k: int(v) for k, v in raw.items()}
    events = st.get("lifecycle_events", [])
    state["lifecycle_events"] = [e for e in events if isinstance(e, dict)] \
        if isinstance(events, list) else []
    if state["layer1_size"] != settings["vector_size"]:
        raise VectorFileError(f"{main}: corrupt gensim model (layer1_size "
                              f"{state['layer1_size']} != vector_size {settings['vector_size']})")
    return settings, state
