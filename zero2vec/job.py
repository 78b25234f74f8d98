"""The training job: a corpus file in; vectors, vocabulary, loss plot and run summary out.

``zero2vec train``, the demo and any other front end describe a run as a
:class:`TrainJob` (settings, corpus, engine, outputs) and call :func:`run`. The job
checks everything before any work starts (settings, the corpus, every output against
every input), picks the trainer (the native engine, the book's layers or PPMI-SVD),
and writes the outputs so that a signal during the final save leaves the finished
run's checkpoint to ``resume`` from, never neither. A front end only parses, calls and
prints; bars and spinners follow :mod:`zero2vec._progress` (``progress=None``: on a
terminal only), and remarks go to the ``note`` callback.
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import zero2vec
from zero2vec import _jobrecord
from zero2vec._jobtrain import check_ray, distributed_files, distributed_summary, train
from zero2vec._atomic import atomic_file, check_outputs
from zero2vec._checks import check_choice, check_input_file, check_positive_int, check_seed
from zero2vec._progress import counting, spinner
from zero2vec._runcontrol import signals_deferred, signals_raise
from zero2vec.errors import ConfigError, TrainingInterrupted
from zero2vec.vectors import WordVectors
from zero2vec.vectors.io import FORMATS, detect_format

ENGINES = ("native", "layers")
METHODS = ("word2vec", "ppmi-svd")
MODELS = ("word2vec", "fasttext")  # what the native engine trains: whole words, or subwords


@dataclass(frozen=True)
class TrainJob:
    """One training run, fully described; checked when made.

    Settings carry gensim's names (``sg``, ``vector_size``, ``epochs``, ``workers``);
    ``batch_size``, ``optimizer`` and ``lr`` are the book's and apply to
    ``engine="layers"`` only. ``format=None`` picks the format from ``output``'s name
    (word2vec text when the name says nothing, as word2vec.c). ``checkpoint=None``
    checkpoints to ``OUTPUT.ckpt`` and removes it once every output is written;
    ``resume`` continues an interrupted run from its checkpoint. ``plot=False`` skips
    ``OUTPUT.loss.png``; ``summary_file`` and ``plot_file`` name them otherwise.
    ``sentences`` is an already tokenised corpus to use instead of reading ``corpus``
    (which then only names it in the summary). A run that checkpoints records itself
    beside the checkpoint (:mod:`zero2vec._jobrecord`); :meth:`resuming` builds the job
    that continues it. ``model="fasttext"`` trains fastText's subword model (``min_n``,
    ``max_n``, ``bucket``; native engine, no checkpoints yet) and writes a ``.bin``
    output as fastText's own ``.bin``.
    ``phrases=N`` trains on the corpus phrased in N passes (gensim's Phrases defaults:
    bigrams, then trigrams...), written to a temporary file beside the output for the run.
    ``ray`` trains on a Ray cluster (:mod:`zero2vec.distributed`): ``"local"`` starts one for
    the run, else its address (``"auto"``, ``"host:port"``, ``"ray://host:port"``), with
    ``ray_workers`` workers (default 2) of ``threads_per_worker`` threads; the corpus is
    then ``corpus`` and ``more_corpus`` (files), or ``corpus`` alone as a folder or a glob.
    """

    corpus: Path
    output: Path
    format: str | None = None
    method: str = "word2vec"
    engine: str = "native"
    sg: int = 0
    vector_size: int = 100
    window: int = 5
    negative: int = 5
    hs: int = 0
    sample: float = 1e-3
    min_count: int = 5
    epochs: int = 5
    workers: int | None = None
    alpha: float | None = None
    seed: int = 1
    batch_size: int = 100
    optimizer: str = "adam"
    lr: float = 0.001
    tokenizer: str = "whitespace"
    ja_form: str | None = None
    ja_pos_filter: str | None = None
    encoding: str = "utf-8"
    errors: str = "strict"
    save_vocab: Path | None = None
    plot: bool = True
    checkpoint: Path | None = None
    checkpoint_every: int | None = None
    checkpoint_minutes: float | None = None
    resume: Path | None = None
    progress: bool | None = None
    summary_file: Path | None = None
    plot_file: Path | None = None
    phrases: int = 0
    model: str = "word2vec"
    min_n: int = 3
    max_n: int = 6
    bucket: int = 2_000_000
    vec_output: Path | None = None
    ray: str | None = None
    ray_workers: int | None = None
    threads_per_worker: int = 1
    more_corpus: tuple[Path, ...] = ()
    sentences: Iterable | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("corpus", "output", "save_vocab", "checkpoint", "resume", "summary_file",
                     "plot_file", "vec_output"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(value))
        object.__setattr__(self, "more_corpus", tuple(Path(p) for p in self.more_corpus))
        check_choice("engine", self.engine, ENGINES)
        check_choice("method", self.method, METHODS)
        check_choice("sg", self.sg, (0, 1))
        check_choice("hs", self.hs, (0, 1))
        check_choice("model", self.model, MODELS)
        check_seed(self.seed)
        if self.phrases:
            check_positive_int("phrases", self.phrases)
        if self.model == "fasttext":
            self._check_fasttext()
        elif (self.min_n, self.max_n, self.bucket) != (3, 6, 2_000_000):
            raise ConfigError("min_n, max_n and bucket (--minn, --maxn, --bucket) apply to "
                              "model fasttext (--model fasttext)")
        check_ray(self)
        if self.format is not None:
            check_choice("format", self.format, FORMATS)
        if self.method == "word2vec" and self.engine == "layers" and self.hs:
            raise ConfigError("hs=1 (--hs 1) needs the native engine (the book's layers use "
                              "negative sampling)")
        if self.method == "word2vec" and self.engine == "layers":
            from zero2vec.optim import get_optimizer

            get_optimizer(self.optimizer, lr=self.lr)  # (checks both)
            check_positive_int("batch_size", self.batch_size)
        if self.method != "word2vec":
            for name in ("checkpoint", "checkpoint_every", "checkpoint_minutes", "resume"):
                if getattr(self, name) is not None:
                    raise ConfigError(f"{name} applies to word2vec training, not method {self.method}")

    def _check_fasttext(self) -> None:
        from zero2vec.subword.ngrams import check_ngram_range

        if self.method != "word2vec" or self.engine != "native":
            raise ConfigError("model fasttext (--model fasttext) trains with the native engine "
                              "and method word2vec")
        for name in ("checkpoint", "checkpoint_every", "checkpoint_minutes", "resume"):
            if getattr(self, name) is not None:
                raise ConfigError(f"{name}: fastText models do not checkpoint yet")
        check_ngram_range(self.min_n, self.max_n, self.bucket)

    @classmethod
    def resuming(cls, checkpoint: str | os.PathLike, /, **given: Any) -> TrainJob:
        """The job that continues ``checkpoint``: the recorded job, with ``given`` on top.

        ``given`` may change how the run goes on (outputs, checkpoints, ``workers``,
        progress) but not what it trains: a setting that differs from the recorded one
        is a :class:`~zero2vec.errors.ConfigError` naming each.
        """
        return cls(**_jobrecord.resumed_fields(Path(checkpoint), given))

    def fields(self) -> dict[str, Any]:
        """Every field, by name (what :mod:`zero2vec._jobrecord` records)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    # -- the files ---------------------------------------------------------------------
    @property
    def resolved_format(self) -> str:
        if self.format is not None:
            return self.format
        try:
            fmt = detect_format(self.output, for_writing=True)
        except ConfigError:
            return "word2vec-text"  # word2vec.c's default
        return "fasttext-bin" if fmt == "word2vec-bin" and self.model == "fasttext" else fmt

    @property
    def checkpoint_path(self) -> Path | None:
        if self.method != "word2vec" or self.model != "word2vec":
            return None
        return self.checkpoint or self.output.with_name(self.output.name + ".ckpt")

    @property
    def summary_path(self) -> Path:
        return self.summary_file or self.output.with_name(self.output.name + ".json")

    @property
    def plot_path(self) -> Path | None:
        if not self.plot or self.method != "word2vec":
            return None
        return self.plot_file or self.output.with_name(self.output.name + ".loss.png")

    def check_files(self) -> None:
        """The corpus exists and is not empty; no output is an input or another output."""
        inputs = {"the corpus file": self.corpus}
        if self.ray is not None:  # (each file is checked)
            inputs = {f"the corpus file {f}": f for f in distributed_files(self)}
        else:
            check_input_file(self.corpus, "corpus file")
        ckpt = self.checkpoint_path
        in_place = ckpt is not None and self.resume is not None and ckpt.resolve() == self.resume.resolve()
        record = None if ckpt is None or in_place else _jobrecord.record_path(ckpt)
        check_outputs({"the vectors (--output)": self.output,
                       "the vocabulary (--save-vocab)": self.save_vocab,
                       "the .vec file (--vec)": self.vec_output,
                       "the checkpoint": None if in_place else ckpt,  # resuming in place is fine
                       "the checkpoint's job record": record,
                       "the run summary": self.summary_path, "the loss plot": self.plot_path},
                      {**inputs, "the checkpoint to resume (--resume)": self.resume})

    def unused_settings(self) -> list[str]:
        """Settings given that this job's trainer does not use (each worth a note)."""
        if self.method != "word2vec" or self.engine != "layers":
            return []
        given = [("sample", self.sample != 1e-3), ("alpha", self.alpha is not None),
                 ("workers", self.workers is not None)]
        return [name for name, differs in given if differs]

    def settings(self) -> dict[str, Any]:
        """The settings as recorded in the run summary (no paths, no corpus object)."""
        skip = {"corpus", "output", "format", "save_vocab", "plot", "checkpoint", "resume",
                "progress", "summary_file", "plot_file", "sentences", "vec_output", "more_corpus"}
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in skip}


@dataclass
class JobResult:
    """What :func:`run` did: the vectors, the trained model and the files written."""

    wv: WordVectors
    model: Any
    loss_history: list[float]
    train_seconds: float
    save_seconds: float
    written: list[Path]
    summary: dict[str, Any]


def run(job: TrainJob, note: Callable[[str], None] | None = None,
        observer: Any = None) -> JobResult:
    """Check, train and save ``job``; return what it did.

    ``note`` receives remarks for the user (a setting the chosen engine does not use);
    by default they are issued as warnings. ``observer`` watches the training of either
    engine (e.g. :class:`zero2vec.serve.live.LiveRun`): it is called on the training
    side, which it must not hold up, as ``begin(wv, model, engine, epochs)`` (``wv.vectors``
    is the live ``W_in``), ``progress(step, loss, words_per_s, lr, epoch, fraction)``,
    ``epoch_end(epoch, loss)`` and, when training stops, ``end(error)``.

    Raises
    ------
    Zero2VecError
        A bad setting, corpus or output, before any work; or
        :class:`~zero2vec.errors.TrainingInterrupted` after a signal (a checkpoint holds
        the run; ``resume`` it).
    """
    note = note or (lambda message: warnings.warn(message, stacklevel=3))
    job.check_files()
    for name in job.unused_settings():
        note(f"{name} is not used by the layers engine (the book's model: no subsampling, "
                      "one thread; its rate is lr)")
    ckpt = job.checkpoint_path
    t0 = time.perf_counter()
    try:
        if ckpt is not None:  # so that --resume CKPT alone knows the corpus, outputs and settings
            _jobrecord.write(ckpt, job.fields())
        wv, model, loss = train(job, observer)
    except BaseException as exc:
        if ckpt is not None and not ckpt.exists():  # no checkpoint, so nothing to resume
            _jobrecord.record_path(ckpt).unlink(missing_ok=True)
        if observer is not None:
            observer.end(exc)
        raise
    if observer is not None:
        observer.end(None)
    train_s = time.perf_counter() - t0
    # the finished run's checkpoint stays until every output is written: a signal while
    # saving stops the save cleanly and leaves it to resume from
    with signals_raise(lambda sig: TrainingInterrupted(sig, ckpt, doing="saving")):
        result = _save(job, wv, model, loss, train_s)
        if job.checkpoint is None and ckpt is not None:
            ckpt.unlink(missing_ok=True)
            _jobrecord.record_path(ckpt).unlink(missing_ok=True)
    return result


def save_vectors(wv: WordVectors, path: Path, fmt: str, progress: bool | None = None,
                 **kwargs) -> None:
    """Save in ``fmt``, with a bar for the record-by-record word2vec writers."""
    from zero2vec.vectors.io import save

    if fmt.startswith("word2vec"):
        with counting(f"saving {path.name}", unit="words", enabled=progress) as update:
            save(wv, path, format=fmt, progress=update, **kwargs)
    else:
        with spinner(f"saving {path} ({fmt})", enabled=progress):
            save(wv, path, format=fmt, **kwargs)


# what loss_history holds, for both engines, as the bar shows it: each epoch's loss over
# all its predictions (-log sigmoid of the true and the negative samples' scores) divided by
# the epoch's training words — the book's batch-mean loss per target word
LOSS_UNIT = "mean loss per word"


def loss_title(corpus: str, params: dict[str, Any], engine: str) -> str:
    """The loss plot's title: corpus, architecture and engine."""
    arch = "skip-gram" if params.get("sg") else "CBOW"
    return f"{corpus}: {arch}, {engine} engine" if corpus else f"{arch}, {engine} engine"


def _raw_losses(model) -> dict[str, list[float]]:
    """The engines' own loss records, next to the per-word history: the native engine's
    per-epoch sums (gensim's quantity), the book Trainer's per-interval means."""
    if model is None:
        return {}
    if hasattr(model, "settings"):
        return {"loss_sums": list(model.loss_history)}
    return {"loss_list": list(model.trainer.loss_list)}


def _trained_settings(job: TrainJob, model) -> dict[str, Any]:
    """The settings as they ran: a resumed native run's from its checkpoint, and the
    defaults resolved (``alpha``, ``workers``), not ``None``."""
    params = job.settings()
    settings = getattr(model, "settings", None)  # a native Word2Vec's
    if settings is not None:
        for k in ("vector_size", "window", "min_count", "negative", "sample", "alpha", "epochs",
                  "workers", "seed"):
            params[k] = getattr(settings, k)
        params["sg"], params["hs"] = int(settings.sg), int(settings.hs)
    elif job.method == "word2vec":  # the book's Trainer runs on one thread; its rate is lr
        params["workers"] = 1
    return params


def _save(job: TrainJob, wv: WordVectors, model, loss: list[float], train_s: float) -> JobResult:
    """Write the vectors, the vocabulary, the loss plot and, last, the run summary."""
    t1 = time.perf_counter()
    fmt, written, params = job.resolved_format, [], _trained_settings(job, model)
    meta = {"metadata": {"corpus": str(job.corpus), **params}} if fmt == "native" else {}
    if fmt == "fasttext-bin" and hasattr(model, "save_facebook_model"):
        with spinner(f"saving {job.output} (fastText .bin)", enabled=job.progress):
            model.save_facebook_model(job.output)  # with its output layer: fastText can go on
    else:
        save_vectors(wv, job.output, fmt, job.progress, **meta)
    written.append(job.output)
    if job.vec_output is not None:  # fastText's companion: whole-word vectors as text
        save_vectors(wv, job.vec_output, "word2vec-text", job.progress)
        written.append(job.vec_output)
    if job.save_vocab is not None:
        with atomic_file(job.save_vocab) as tmp:
            counts = wv.counts.tolist() if wv.counts is not None else [0] * len(wv)
            tmp.write_text("".join(f"{w} {c}\n" for w, c in zip(wv.index_to_key, counts)),
                           encoding="utf8")
        written.append(job.save_vocab)
    save_s = time.perf_counter() - t1
    plot_path = job.plot_path if loss else None
    if plot_path is not None:
        from zero2vec.vectors.plot import plot_loss

        with spinner(f"plotting {plot_path}", enabled=job.progress), signals_deferred():
            plot_loss(loss, plot_path, title=loss_title(job.corpus.name, params, job.engine),
                      ylabel=LOSS_UNIT)
        written.append(plot_path)
    summary = {
        "zero2vec": zero2vec.__version__, "command": ["zero2vec", *sys.argv[1:]],
        "corpus": str(job.corpus), **distributed_summary(job, model),
        "output": str(job.output), "format": fmt, "engine": job.engine,
        "method": job.method, "params": params, "vocab_size": len(wv),
        "vector_size": wv.vector_size, "loss_history": loss, "loss_unit": LOSS_UNIT,
        **_raw_losses(model),
        "loss_plot": str(plot_path) if plot_path else None,
        "train_seconds": round(train_s, 3), "save_seconds": round(save_s, 3),
    }
    with atomic_file(job.summary_path) as tmp:
        tmp.write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf8")
    written.append(job.summary_path)
    return JobResult(wv, model, loss, train_s, save_s, written, summary)
