"""A whole ``Word2Vec`` model on disk (``Word2Vec.save`` / ``Word2Vec.load``), not pickled.

What training needs to go on is stored: the vocabulary with its counts, ``W_in`` and
``W_out`` / ``W_out_hs``, gensim's ``vectors_lockf``, the settings, the loss history and
the running loss, and the counters of past training (``train_count``, epochs trained,
the corpus's size). Derived tables (Huffman tree, sampler) are rebuilt from the counts,
so ``load`` then ``train`` continues exactly as the model would have without stopping
(bit for bit with ``workers=1``).

The file is the checkpoint container (:mod:`zero2vec._npzfile`: an uncompressed ``.npz``
with a JSON header naming format and version); every field and array is checked before
a model is built, and ``mmap`` maps the big arrays in place instead of reading them.
:func:`read` returns plain parts; ``Word2Vec._from_parts`` builds the model from them,
whatever file they came from.
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from zero2vec import _npzfile
from zero2vec._checks import check_count, check_positive_int
from zero2vec._npzfile import Array, ListOf, Value, fail
from zero2vec.corpus.scan import encode
from zero2vec.corpus.vocab import Vocabulary
from zero2vec.engine.settings import Settings
from zero2vec.errors import CheckpointError, ClassOnlyError, ConfigError, NotAModelError

FORMAT = "zero2vec-word2vec-model"
VERSION = 1
WHAT = "Word2Vec model file"

HEADER = {  # the settings are checked by Settings.from_dict
    "format": Value(str), "version": Value(int), "settings": Value(dict),
    "job_words": Value(int, 1), "index_to_key": ListOf(Value(str), low=1, unique=True),
    "state": {"loss_history": ListOf(Value(float)), "running_training_loss": Value(float),
              "compute_loss": Value(bool), "train_count": Value(int, 0),
              "epochs_trained": Value(int, 0), "corpus_count": Value(int, 0),
              "corpus_total_words": Value(int, 0), "comment": Value(str, null=True)},
}
_ARRAYS = ("W_in", "W_out", "W_out_hs")


def model_state(model) -> dict:
    """What a model holds besides its weights, vocabulary and settings (the header's ``state``)."""
    return {"loss_history": [float(x) for x in model.loss_history],
            "running_training_loss": float(model.running_training_loss),
            "compute_loss": bool(model.compute_loss), "train_count": int(model.train_count),
            "epochs_trained": int(model.epochs_trained), "corpus_count": int(model.corpus_count),
            "corpus_total_words": int(model.corpus_total_words), "comment": model.comment}


def save(model, path: str | os.PathLike) -> Path:
    """Write ``model`` to ``path`` (atomically: a failed save leaves no file)."""
    if model.vocab is None:
        raise ConfigError("nothing to save: build the vocabulary (build_vocab) first")
    arrays = {name: np.asarray(getattr(model, name)) for name in _ARRAYS
              if getattr(model, name) is not None}
    arrays["counts"] = model.vocab.counts
    arrays["vectors_lockf"] = model.lockf()
    header = {"format": FORMAT, "version": VERSION, "settings": model.settings.as_dict(),
              "job_words": int(model.job_words), "index_to_key": model.vocab.index_to_key,
              "state": model_state(model)}
    return _npzfile.write(path, header, arrays)


def read(path: str | os.PathLike, mmap: str | None = None) -> dict:
    """The parts of the model at ``path``: ``words``, ``counts``, ``W_in``, ``W_out``,
    ``W_out_hs``, ``settings`` (a dict), ``state`` (a dict, with ``vectors_lockf`` and
    ``job_words``), each checked. ``mmap`` maps the arrays (numpy's ``'r'``/``'r+'``/``'c'``).

    Raises
    ------
    CheckpointError
        One line naming the file and what is wrong with it (missing, not a model file, a
        newer version, truncated, a field or an array that does not fit).
    """
    header, arrays = _npzfile.read(path, FORMAT, VERSION, what=WHAT, mmap=mmap,
                                   hint="a vector file loads with WordVectors.load, a "
                                        "checkpoint with Word2Vec.load_checkpoint")
    _npzfile.check_header(path, header, HEADER)
    try:
        settings = Settings.from_dict(header["settings"], "it")
    except ConfigError as e:
        raise fail(path, "settings:", str(e)) from None
    V, H = len(header["index_to_key"]), settings.vector_size
    if settings.hs and V < 2:
        raise fail(path, "index_to_key", "must hold 2 words or more for hierarchical softmax")
    lockf = arrays.get("vectors_lockf")
    expected = {"W_in": Array(np.float32, (V, H), finite=True), "counts": Array(np.int64, (V,)),
                "vectors_lockf": Array(np.float32, (V if lockf is not None and len(lockf) == V
                                                    else 1,), finite=True)}
    if settings.negative:
        expected["W_out"] = Array(np.float32, (V, H), finite=True)
    if settings.hs:
        expected["W_out_hs"] = Array(np.float32, (V - 1, H), finite=True)
    _npzfile.check_arrays(path, arrays, expected)
    counts = arrays["counts"]
    if counts.min() < 1:
        raise fail(path, "array counts", "must hold counts >= 1")
    state = dict(header["state"], vectors_lockf=arrays["vectors_lockf"],
                 job_words=header["job_words"])
    return {"words": header["index_to_key"], "counts": np.array(counts),
            "W_in": arrays["W_in"], "W_out": arrays.get("W_out"),
            "W_out_hs": arrays.get("W_out_hs"), "settings": settings.as_dict(), "state": state}


# gensim's constructor settings that zero2vec's Settings hold under the same names
_GENSIM_SETTINGS = ("vector_size", "window", "min_count", "sg", "hs", "negative", "ns_exponent",
                    "cbow_mean", "sample", "alpha", "min_alpha", "epochs", "workers", "seed",
                    "max_vocab_size", "max_final_vocab", "shrink_windows", "sorted_vocab",
                    "null_word")


def gensim_parts(path: str | os.PathLike, parts) -> dict:
    """:meth:`Persistence._from_parts`' arguments from a gensim 4 ``.model`` file's parts
    (:func:`zero2vec.vectors.io_gensim.read_gensim`): its vocabulary, weights, settings
    and where its training stopped.

    Raises
    ------
    NotAModelError
        ``path`` holds KeyedVectors, not a model (an AttributeError, as gensim's).
    CheckpointError
        The file lacks the counts a model needs.
    """
    if parts.kind != "Word2Vec":
        raise NotAModelError(f"{path}: holds gensim {parts.kind}, not a Word2Vec model: load it "
                             "with WordVectors.load")
    if parts.counts is None or len(parts.counts) != len(parts.index_to_key):
        raise fail(path, "the vocabulary", "has no count for every word")
    g = parts.settings
    settings = {k: g[k] for k in _GENSIM_SETTINGS if k in g}
    settings["sg"], settings["hs"] = bool(settings.get("sg")), bool(settings.get("hs"))
    settings["cbow_mean"] = bool(settings.get("cbow_mean", 1))
    st = parts.state
    state = {"vectors_lockf": parts.vectors_lockf,
             "running_training_loss": float(st.get("running_training_loss", 0.0)),
             "compute_loss": bool(g.get("compute_loss", False)),
             "train_count": int(st.get("train_count", 0)),
             "corpus_count": int(st.get("corpus_count", 0)),
             "corpus_total_words": int(st.get("corpus_total_words", 0)),
             "comment": g.get("comment"), "raw_vocab": st.get("raw_vocab", {})}
    return {"words": list(parts.index_to_key), "counts": np.asarray(parts.counts, np.int64),
            "W_in": parts.vectors, "W_out": parts.syn1neg, "W_out_hs": parts.syn1,
            "settings": settings, "state": state}


STATE = frozenset(HEADER["state"])  # what _from_parts sets besides weights and vocabulary


def load_on_instance(*args, **kwargs):
    """What ``model.load`` is on an instance: an error (as in gensim), never a silent no-op."""
    raise ClassOnlyError("load() returns a new model: call it on the class "
                         "(model = Word2Vec.load(path)), not on an instance")


class Persistence:
    """``Word2Vec``'s files: the whole model (:meth:`save`, :meth:`load`) and a run's
    checkpoint (:meth:`load_checkpoint`; written by ``train(checkpoint_path=...)``)."""

    @classmethod
    def load_checkpoint(cls, path: str | os.PathLike, sentences: Iterable | None = None,
                        corpus_file: str | os.PathLike | None = None) -> Persistence:
        """Rebuild a model from a checkpoint; ``train()`` then continues where it stopped.

        The checkpoint is checked field by field first (:func:`zero2vec.engine.state.read`).
        The corpus is read again (``corpus_file`` defaults to the one recorded in the
        checkpoint; for a ``sentences`` corpus pass the same sentences) and must be the
        one trained: the same in-vocabulary words in the same order (its fingerprint).
        """
        from zero2vec.engine import state

        settings, header, arrays = state.read(path)
        if header["distributed"] is not None:
            raise CheckpointError(f"{path}: written by a distributed run; resume it with "
                                  "zero2vec.distributed.Word2Vec(resume_from=...) or "
                                  "zero2vec train --resume")
        model = cls(**settings.as_dict())
        model._load_kernels()
        if sentences is None and corpus_file is None:
            corpus_file = state.corpus_file(path, header)
        model.vocab, model.job_words = state.vocabulary(header, arrays), header["job_words"]
        model._reset_weights()
        position = state.restore(model, header, arrays)
        source, key = model._source(sentences, corpus_file, model.max_sentence_length)
        model._corpus = encode(source, model.vocab, model.max_sentence_length, model.max_ram_tokens)
        state.check_corpus(path, header, model._corpus)
        model._corpus_source = key
        model._corpus_file = key[1] if key[0] == "file" else None
        model.corpus_count, model.corpus_total_words = model._corpus.n_sentences, model._corpus.raw_words
        model._resume = position
        return model

    def save(self, fname_or_handle: str | os.PathLike, separately: list | None = None,
             sep_limit: int = 10 * 1024 ** 2, ignore: frozenset = frozenset(),
             pickle_protocol: int = 4) -> None:
        """Write the whole model to one file (:mod:`zero2vec.engine.model_io`: no pickle).

        gensim's signature. ``separately``, ``sep_limit`` and ``pickle_protocol`` are
        gensim's pickling choices and change nothing here (the arrays are always stored
        as arrays, mappable by ``load(mmap=...)``); ``ignore`` must be empty (every part
        is needed to continue training).
        """
        if not isinstance(fname_or_handle, (str, os.PathLike)):
            raise ConfigError("save() takes a file name (an open handle cannot be written atomically)")
        if separately is not None and not isinstance(separately, (list, tuple)):
            raise ConfigError(f"separately must be a list of names or None, got {separately!r}")
        check_count("sep_limit", sep_limit)
        check_positive_int("pickle_protocol", pickle_protocol, 5)
        if ignore:
            raise ConfigError(f"ignore={set(ignore)!r}: every part of the model is saved")
        save(self, fname_or_handle)

    @classmethod
    def load(cls, fname: str | os.PathLike, mmap: str | None = None) -> Persistence:
        """A model written by :meth:`save`; ``mmap`` (``'r'``, ``'r+'``, ``'c'``) maps
        its arrays instead of reading them (``'r'``: read-only, it cannot train)."""
        from zero2vec.vectors import io_gensim, io_native

        if io_native.is_native(fname):
            raise NotAModelError(f"{fname}: holds word vectors, not a Word2Vec model: load it with "
                                 "WordVectors.load")
        if io_gensim.is_gensim_file(fname):
            return cls._from_parts(**gensim_parts(fname, io_gensim.read_gensim(fname, mmap)))
        return cls._from_parts(**read(fname, mmap))

    @classmethod
    def _from_parts(cls, words: list[str], counts: np.ndarray, W_in: np.ndarray,
                    W_out: np.ndarray | None, W_out_hs: np.ndarray | None, settings: dict,
                    state: dict | None = None) -> Persistence:
        """A model from plain parts (what every loader reads): the vocabulary, the
        weights, the settings (``Settings.from_dict``) and the training state (the keys
        of :func:`~zero2vec.engine.model_io.model_state`, ``vectors_lockf`` and
        ``job_words``, and ``raw_vocab`` from a gensim file; missing ones take a new
        model's values). ``W_out_hs`` may have
        gensim's shape (one row per word, the last unused)."""
        model = cls(**Settings.from_dict(settings).as_dict())
        model.vocab = Vocabulary(words, counts)
        if W_out_hs is not None and len(W_out_hs) == len(words) > 1:
            W_out_hs = W_out_hs[:-1]  # gensim's syn1 has a row per word; V-1 inner nodes are used
        state = dict(state or {})
        model._attach(W_in, W_out, W_out_hs, state.pop("vectors_lockf", None))
        model.job_words = state.pop("job_words", model.job_words)
        model.raw_vocab = defaultdict(int, state.pop("raw_vocab", {}))  # (a built model's)
        for name, value in state.items():
            if name not in STATE:
                raise ConfigError(f"unknown model state {name!r}")
            setattr(model, name, list(value) if name == "loss_history" else value)
        return model

