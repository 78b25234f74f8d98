"""Saving and loading phrase models: a versioned ``.npz`` (:mod:`zero2vec._npzfile`), no pickle.

Format ``zero2vec.phrases`` version 1: a JSON header (the class, gensim's settings,
``corpus_word_count``, ``min_reduce``, the connector words, the scoring by name —
``"default"``, ``"npmi"`` or ``"module:qualname"`` of a function, imported again on
loading) and the word table's arrays: ``words`` (start, length, count of each key),
``whash`` (their hashes), ``pool`` (their UTF-8 bytes) and, for a FrozenPhrases,
``scores``. Everything is checked on loading (fields, ranges, shapes; keys inside the
pool, valid UTF-8, hashes that match the bytes), so a damaged file is a one-line error.
"""
from __future__ import annotations

import importlib
import os

import numpy as np

from zero2vec import _npzfile
from zero2vec._npzfile import Array, ListOf, Value, fail
from zero2vec.corpus.filescan import utf8_error
from zero2vec.corpus.wordhash import COUNT, LENGTH, N_WORDS, POOL, START, WordTable, _rehash
from zero2vec.phrases import kernels as K
from zero2vec.phrases.scoring import CALLABLE, check_threshold, resolve

FORMAT = "zero2vec.phrases"
VERSION = 1
_WHAT = "phrase model"
_SCHEMA = {
    "format": Value(str), "version": Value(int), "kind": Value(str),
    "min_count": Value(float, 0), "threshold": Value(float), "delimiter": Value(str),
    "scoring": Value(str), "connector_words": ListOf(Value(str), unique=True),
    "max_vocab_size": Value(int, 1, null=True), "progress_per": Value(int, 1, null=True),
    "corpus_word_count": Value(int, 0, null=True), "min_reduce": Value(int, 1, null=True),
}


def _scoring_name(scoring) -> str:
    code, fn = resolve(scoring)
    if code != CALLABLE:
        return ("default", "npmi")[code]
    return f"{fn.__module__}:{fn.__qualname__}"


def _scoring_function(path, name: str):
    if name in ("default", "npmi"):
        return name
    module, _, qualname = name.partition(":")
    try:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError, ValueError):
        raise fail(path, "scoring", f"names a function that cannot be imported: {name!r}") from None
    return obj


def save(model, fname: str | os.PathLike) -> None:
    """Write ``model`` (a Phrases, or a FrozenPhrases: it has ``_scores``) to ``fname``."""
    frozen = hasattr(model, "_scores")
    table = model._table if frozen else model.table
    n, used = len(table), int(table.st[POOL])
    header = {
        "format": FORMAT, "version": VERSION, "kind": "FrozenPhrases" if frozen else "Phrases",
        "min_count": model.min_count, "threshold": model.threshold,
        "delimiter": model.delimiter, "scoring": _scoring_name(model.scoring),
        "connector_words": sorted(model.connector_words),
        "max_vocab_size": None if frozen else model.max_vocab_size,
        "progress_per": None if frozen else model.progress_per,
        "corpus_word_count": None if frozen else model.corpus_word_count,
        "min_reduce": None if frozen else model.min_reduce,
    }
    arrays = {"words": table.words[:n], "whash": table.whash[:n], "pool": table.pool[:used]}
    if frozen:
        arrays["scores"] = model._scores
    _npzfile.write(fname, header, arrays)


def load(fname: str | os.PathLike) -> tuple[dict, WordTable, np.ndarray | None, object]:
    """The header, the word table, the scores (a FrozenPhrases; else None) and the scoring
    (a name or the function) of ``fname``, each field and array checked."""
    header, arrays = _npzfile.read(fname, FORMAT, VERSION, what=_WHAT)
    _npzfile.check_header(fname, header, _SCHEMA)
    kind = header["kind"]
    if kind not in ("Phrases", "FrozenPhrases"):
        raise fail(fname, "kind", f"must be 'Phrases' or 'FrozenPhrases', got {kind!r}")
    frozen = kind == "FrozenPhrases"
    n = len(arrays.get("words", ()))
    expected = {"words": Array(np.int64, (n, 3)), "whash": Array(np.uint64, (n,)),
                "pool": Array(np.uint8, (len(arrays.get("pool", ())),))}
    if frozen:
        expected["scores"] = Array(np.float64, (n,))
    _npzfile.check_arrays(fname, arrays, expected)
    table = _table(fname, arrays["words"], arrays["whash"], arrays["pool"])
    scoring = _scoring_function(fname, header["scoring"])
    if not frozen:
        for key in ("max_vocab_size", "progress_per", "corpus_word_count", "min_reduce"):
            if header[key] is None:
                raise fail(fname, key, "must be an integer for a Phrases model, got None")
    try:
        check_threshold(header["threshold"], scoring)
    except ValueError as e:
        raise fail(fname, "threshold", f"is not valid ({e})") from None
    return header, table, arrays["scores"].copy() if frozen else None, scoring


def _table(path, words: np.ndarray, whash: np.ndarray, pool: np.ndarray) -> WordTable:
    """The word table of the arrays, once they prove consistent."""
    n = len(words)
    starts, lengths = words[:, START], words[:, LENGTH]
    if n and (starts.min() < 0 or lengths.min() < 0 or (starts + lengths).max() > len(pool)):
        raise fail(path, "array words", "points outside the pool of key bytes")
    if n and words[:, COUNT].min() < 0:
        raise fail(path, "array words", "holds a negative count")
    if utf8_error(pool) >= 0:
        raise fail(path, "array pool", "is not valid UTF-8")
    check = np.empty(n, dtype=np.uint64)
    K.hash_spans(pool, starts.copy(), lengths.copy(), check)
    if not np.array_equal(check, whash):
        raise fail(path, "array whash", "does not match the keys (the file was altered)")
    table = WordTable(max(1, n), max(1, len(pool)))
    table.words[:n], table.whash[:n], table.pool[:len(pool)] = words, whash, pool
    table.st[N_WORDS], table.st[POOL] = n, len(pool)
    _rehash(table.slots, table.whash, n)
    return table
