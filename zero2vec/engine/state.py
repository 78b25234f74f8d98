"""The on-disk state of a native-engine run (its checkpoint): weights, vocabulary, settings, position.

Every random draw of a job comes from ``job_seed(seed, epoch, job)`` and the learning
rate from the global word position, so the state of a run is just the weights plus
"epoch e, jobs before j done" (and the losses so far). A checkpoint is taken only
when every job before ``j`` has finished and none after it has started, so a
resumed one-thread run ends bit-identical to an uninterrupted one.

A checkpoint is one ``.npz`` file written atomically, with a JSON header naming the
format and version. :func:`read` checks every field against :data:`HEADER` and every
array against the shapes the settings imply before anything is restored (see
:mod:`zero2vec._npzfile`). The corpus itself is not stored but re-encoded on resume,
and :func:`check_corpus` compares it with the one trained: its in-vocabulary word
count and its content fingerprint (a SHA-256 hash of the encoded ids and sentence
ends, :meth:`~zero2vec.corpus.encoded.EncodedCorpus.fingerprint`), so a shuffled or
edited corpus of the same size is refused too. Version 2 added the fingerprint;
version 1 checkpoints (which cannot be tied to their corpus) are refused with a
message to start the run again. When to write a checkpoint is the run control's
business (:mod:`zero2vec._runcontrol`).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from zero2vec import _npzfile
from zero2vec._npzfile import Array, ListOf, Value, fail
from zero2vec.corpus.encoded import EncodedCorpus
from zero2vec.corpus.reader import check_policy
from zero2vec.corpus.vocab import Vocabulary
from zero2vec.engine.scheduler import Position
from zero2vec.engine.settings import Settings
from zero2vec.errors import CheckpointError, ConfigError

FORMAT = "zero2vec-native-checkpoint"
VERSION = 2

_LOSSES = ListOf(Value(float))
HEADER = {  # the fields of a checkpoint's header (the settings: Settings.from_dict)
    "format": Value(str), "version": Value(int), "settings": Value(dict),
    "job_words": Value(int, 1),
    "index_to_key": ListOf(Value(str), low=1, unique=True),
    "loss_history": _LOSSES,
    "corpus": {"n_words": Value(int, 1), "file": Value(str, null=True), "fingerprint": Value(str)},
    "position": {"epoch": Value(int, 0, 100_000), "job": Value(int, 0), "losses": _LOSSES},
    # a distributed run's plan (files, workers, rounds; zero2vec.distributed.checkpoint checks
    # it), null for a single machine's; absent from checkpoints written before it existed
    "distributed": Value(dict, null=True),
}


def save(path: str | os.PathLike, model, position: Position, n_words: int,
         corpus_file: str | None, fingerprint: str, distributed: dict | None = None) -> Path:
    """Write ``model``'s weights, vocabulary, settings and ``position`` to ``path``.

    ``n_words`` (in-vocabulary words), ``corpus_file`` (None for in-memory sentences)
    and ``fingerprint`` (:meth:`EncodedCorpus.fingerprint`) describe the corpus being
    trained: a resume reads that file again and checks both. ``distributed`` is a
    distributed run's plan (then ``position.job`` counts its rounds, not jobs).
    """
    arrays = {name: getattr(model, name) for name in ("W_in", "W_out", "W_out_hs")
              if getattr(model, name) is not None}
    arrays["counts"] = model.vocab.counts
    lockf = model.lockf()
    if (lockf != 1).any():  # (gensim's vectors_lockf; all ones, the default, is not stored)
        arrays["vectors_lockf"] = lockf
    header = {
        "format": FORMAT, "version": VERSION,
        "settings": model.settings.as_dict(), "job_words": model.job_words,
        "index_to_key": model.vocab.index_to_key, "loss_history": model.loss_history,
        "corpus": {"n_words": int(n_words), "file": corpus_file, "fingerprint": fingerprint},
        "position": {"epoch": position.epoch, "job": position.job, "losses": position.losses},
        "distributed": distributed,
    }
    return _npzfile.write(path, header, arrays)


def read(path: str | os.PathLike) -> tuple[Settings, dict, dict[str, np.ndarray]]:
    """The settings, header and arrays of a native checkpoint, each field checked.

    Raises
    ------
    CheckpointError
        Naming the file and the field, for anything missing, unknown, of the wrong type
        or range, or of the wrong shape or dtype (before any model is built).
    """
    header, arrays = _npzfile.read(path, FORMAT, VERSION,
                                   "layered-model checkpoints resume with --engine layers")
    if isinstance(header, dict):
        header.setdefault("distributed", None)  # (written before distributed runs existed)
    _npzfile.check_header(path, header, HEADER)
    try:
        settings = Settings.from_dict(header["settings"], "it")
        check_policy(settings.encoding, settings.errors)  # how the corpus is read again
    except ConfigError as e:
        raise fail(path, "settings:", str(e)) from None  # "settings: window must be ..."
    pos = header["position"]
    if pos["job"] > len(pos["losses"]):
        raise fail(path, "position.job", f"must be at most the {len(pos['losses'])} jobs of "
                                         f"position.losses, got {pos['job']}")
    V, H = len(header["index_to_key"]), settings.vector_size
    if settings.hs and V < 2:
        raise fail(path, "index_to_key", "must hold 2 words or more for hierarchical softmax")
    expected = {"W_in": Array(np.float32, (V, H), finite=True),
                "counts": Array(np.int64, (V,))}
    if settings.negative:
        expected["W_out"] = Array(np.float32, (V, H), finite=True)
    if settings.hs:
        expected["W_out_hs"] = Array(np.float32, (V - 1, H), finite=True)
    if "vectors_lockf" in arrays:
        expected["vectors_lockf"] = Array(np.float32, (V if len(arrays["vectors_lockf"]) == V
                                                        else 1,), finite=True)
    _npzfile.check_arrays(path, arrays, expected)
    counts = arrays["counts"]
    if counts.min() < 1:  # (not necessarily sorted: sorted_vocab=0, or a grown vocabulary)
        raise fail(path, "array counts", "must hold counts >= 1")
    return settings, header, arrays


def vocabulary(header: dict, arrays: dict[str, np.ndarray]) -> Vocabulary:
    """The vocabulary the checkpointed run trained."""
    return Vocabulary(header["index_to_key"], arrays["counts"])


def corpus_file(path: str | os.PathLike, header: dict) -> str:
    """The corpus file the checkpointed run trained on (it must still be a file)."""
    file = header["corpus"]["file"]
    if file is None:
        raise CheckpointError(
            f"{path}: the run trained on in-memory sentences; pass them again (sentences=...)")
    if not os.path.isfile(file):
        raise fail(path, "corpus.file", f"{file!r} (the corpus it trained on) is not a file "
                                        "now; pass corpus_file=")
    return file


def restore(model, header: dict, arrays: dict[str, np.ndarray]) -> Position:
    """Copy the saved weights and losses into ``model`` (built from :func:`read`'s
    settings for :func:`vocabulary`); return the position to continue from."""
    for name in ("W_in", "W_out", "W_out_hs"):
        if name in arrays:
            getattr(model, name)[...] = arrays[name]  # in place: model.wv.vectors stays the same object
    if "vectors_lockf" in arrays:
        model.wv.vectors_lockf = np.array(arrays["vectors_lockf"])
    model.loss_history = list(header["loss_history"])
    pos = header["position"]
    return Position(pos["epoch"], pos["job"], list(pos["losses"]))


def check_corpus(path: str | os.PathLike, header: dict, corpus: EncodedCorpus) -> None:
    """Refuse to resume on a corpus other than the one trained (by size, then by content)."""
    saved = header["corpus"]
    if corpus.n_words != saved["n_words"]:
        raise CheckpointError(
            f"{path}: the corpus has {corpus.n_words:,} in-vocabulary words now, "
            f"{saved['n_words']:,} when the checkpoint was written; it changed")
    if corpus.fingerprint() != saved["fingerprint"]:
        raise CheckpointError(
            f"{path}: the corpus has the same {corpus.n_words:,} in-vocabulary words as when the "
            "checkpoint was written, but not the same content (its fingerprint differs: shuffled "
            "or edited?); resume on the corpus it was saved with")
