"""Scheduling the kernels: jobs, Hogwild threads, the schedule, callbacks and progress.

An epoch is cut into jobs of about ``job_words`` words (whole sentences). Worker
threads take jobs from a queue and run a compiled kernel on each with the GIL
released, all writing the same weight arrays without locks (Hogwild, as word2vec.c
and gensim do). The main thread only collects results, so callbacks and the progress
bar run there.

Everything random or scheduled is a function of the job, not of the thread that
runs it: job ``j`` of epoch ``e`` draws from ``job_seed(seed, e, j)``, and the
learning rate follows the global word position. With one thread a run is therefore
bit-for-bit reproducible, and with several the only difference is the order of the
lock-free updates. Losses are summed per job in float64 and added up in job order.
"""
from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from zero2vec._progress import TrainingBar
from zero2vec._runcontrol import RunControl
from zero2vec.corpus.encoded import EncodedCorpus
from zero2vec.engine.job_kernel import JobKernel
from zero2vec.engine.rng import job_seed
from zero2vec.engine.sampling import linear_alpha
from zero2vec.errors import CheckpointError, TrainingDivergedError

DEFAULT_JOB_WORDS = 1 << 16


def job_bounds(corpus: EncodedCorpus, job_words: int = DEFAULT_JOB_WORDS,
               chunk: int = 1 << 16) -> tuple[np.ndarray, np.ndarray]:
    """Sentence indices cutting the corpus into jobs of about ``job_words`` words, and
    the word position where each cut falls.

    Job ``j`` is sentences ``bounds[j]..bounds[j+1]-1``, words ``offsets[j]..offsets[j+1]-1``.
    The sentence ends are read a chunk at a time (they may live in a file).
    """
    ends = corpus.ends
    marks = np.arange(job_words, corpus.n_words, job_words, dtype=np.int64)
    cuts = np.ones(len(marks), dtype=np.int64)  # the first sentence whose start >= mark
    for i in range(0, len(ends), chunk):
        cuts += np.searchsorted(ends.read(i, i + chunk), marks, side="left")
    bounds = np.unique(np.concatenate(([0], cuts, [len(ends)]))).astype(np.int64)
    offsets = np.array([0] + [int(ends.read(b - 1, b)[0]) for b in bounds[1:]], dtype=np.int64)
    return bounds, offsets


@dataclass
class JobResult:
    epoch: int
    job: int
    loss: float = 0.0
    kept: int = 0
    words: int = 0
    error: BaseException | None = None


@dataclass
class TrainReport:
    """What a call to :func:`run_training` did."""

    epoch_losses: list[float] = field(default_factory=list)
    words: int = 0
    kept_words: int = 0
    seconds: float = 0.0


def _call(callbacks, name: str, *args) -> None:
    for cb in callbacks:
        fn = getattr(cb, name, None)
        if fn is not None:
            fn(*args)


@dataclass
class Position:
    """Where a run stands: the next job to start, and the losses of the epoch so far."""

    epoch: int = 0
    job: int = 0
    losses: list[float] = field(default_factory=list)


def run_training(model, kernel: JobKernel, corpus: EncodedCorpus, epochs: int, *,
                 callbacks=(), progress: bool | None = None, progress_interval: float = 1.0,
                 job_words: int = DEFAULT_JOB_WORDS, start: Position | None = None,
                 control: RunControl | None = None,
                 epoch_done: Callable[[float], None] | None = None) -> TrainReport:
    """Train ``epochs`` epochs of ``corpus`` with ``kernel.settings.workers`` threads.

    ``kernel(ids, starts, done0, total, state)`` is called once per job with the job's
    ids and sentence starts (global word positions, see :meth:`EncodedCorpus.read_job`)
    and returns ``(loss, kept_words)``; its settings give the threads, the seed and the
    learning rates. Load it on the main thread first (see ``Word2Vec._load_kernels``).

    Jobs are handed out in order, at most ``2 * workers`` at a time. When the run
    ``control`` says a checkpoint is due (every N jobs, M minutes, or a signal it
    caught), no new job is started; once the running ones are done, every job before
    ``next`` is finished and none after it started, so ``control.checkpoint(Position)``
    captures a state that ``start=`` continues exactly (bit for bit with one thread).

    ``epoch_done(loss)`` is called with each epoch's loss as soon as the epoch ends,
    before the callbacks' ``on_epoch_end`` and before any checkpoint (the model's
    loss history). ``model`` is only handed to the callbacks.
    """
    settings = kernel.settings
    jobs = _Jobs(corpus, *job_bounds(corpus, job_words), kernel, settings.seed,
                 float(epochs) * corpus.n_words)
    start = start or Position()
    if start.job and len(start.losses) != jobs.n:
        raise CheckpointError(
            f"the checkpoint's epochs have {len(start.losses)} jobs, this corpus cut into jobs of "
            f"{job_words:,} words has {jobs.n}; resume with the corpus and job_words it was saved with")
    run = _Run(model, jobs, epochs, settings.alpha, settings.min_alpha, tuple(callbacks),
               progress_interval, control)
    run.report.words = int(start.epoch * corpus.n_words + jobs.offsets[start.job])
    with _Workers(settings.workers, jobs.runner) as run.pool, \
            TrainingBar(int(jobs.total), epochs, progress, lr=True) as run.bar:
        _call(run.callbacks, "on_train_begin", model)
        for epoch in range(start.epoch, epochs):
            _call(run.callbacks, "on_epoch_begin", model)
            resumed = start.losses[:start.job] if epoch == start.epoch else []
            run.report.epoch_losses.append(run.epoch(epoch, resumed))
            if epoch_done is not None:
                epoch_done(run.report.epoch_losses[-1])
            _call(run.callbacks, "on_epoch_end", model)
        if control is not None:
            control.finish(Position(epochs, 0, []))
        run.report.seconds = time.perf_counter() - run.t0
        _call(run.callbacks, "on_train_end", model)
    return run.report


@dataclass
class _Jobs:
    """The corpus cut into jobs (:func:`job_bounds`), and how one job is run."""

    corpus: EncodedCorpus
    bounds: np.ndarray
    offsets: np.ndarray
    kernel: JobKernel
    seed: int
    total: float  # words over all epochs

    @property
    def n(self) -> int:
        return len(self.bounds) - 1

    def runner(self) -> Callable[[int, int], JobResult]:
        """A function running job ``j`` of epoch ``e``, with read buffers of its own (one per thread)."""
        most_sentences = int(np.diff(self.bounds).max()) if self.n else 0
        most_words = int(np.diff(self.offsets).max()) if self.n else 0
        starts_buf = np.empty(most_sentences + 1, dtype=np.int64)
        ids_buf = np.empty(0 if self.corpus.ids.in_ram else most_words, dtype=np.int32)
        N = self.corpus.n_words

        def run(e: int, j: int) -> JobResult:
            r = JobResult(e, j, words=int(self.offsets[j + 1] - self.offsets[j]))
            try:
                starts, ids = self.corpus.read_job(int(self.bounds[j]), int(self.bounds[j + 1]),
                                                   starts_buf, ids_buf)
                r.loss, r.kept = self.kernel(ids, starts, float(e) * N, self.total,
                                             job_seed(self.seed, e, j))
            except BaseException as exc:  # handed to the main thread
                r.error = exc
            return r
        return run


class _Workers:
    """``n`` threads taking ``(epoch, job)`` from ``jobs`` and putting results on ``results``."""

    def __init__(self, n: int, make_runner: Callable[[], Callable[[int, int], JobResult]]) -> None:
        self.n = n
        self.jobs: queue.Queue = queue.Queue()
        self.results: queue.Queue = queue.Queue()
        self._threads = [threading.Thread(target=self._serve, args=(make_runner,),
                                          name=f"zero2vec-worker-{i}", daemon=True) for i in range(n)]

    def _serve(self, make_runner) -> None:
        run_job = make_runner()  # (its buffers are allocated on this thread)
        while (item := self.jobs.get()) is not None:
            self.results.put(run_job(*item))

    def __enter__(self) -> _Workers:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        # drop queued jobs, stop the workers (a running job finishes first)
        try:
            while True:
                self.jobs.get_nowait()
        except queue.Empty:
            pass
        for _ in self._threads:
            self.jobs.put(None)
        for t in self._threads:
            t.join()

    def result(self, timeout: float = 0.1) -> JobResult | None:
        try:
            return self.results.get(timeout=timeout)
        except queue.Empty:
            return None


class _Run:
    """The main thread's side of a run: hands out jobs, collects results, reports."""

    pool: _Workers
    bar: TrainingBar

    def __init__(self, model, jobs: _Jobs, epochs: int, alpha: float, min_alpha: float,
                 callbacks: tuple, progress_interval: float, control: RunControl | None) -> None:
        self.model, self.jobs, self.epochs = model, jobs, epochs
        self.alpha, self.min_alpha = alpha, min_alpha
        self.callbacks, self.progress_interval, self.control = callbacks, progress_interval, control
        self.report = TrainReport()
        self.t0 = self._last_cb = time.perf_counter()
        self._last_bar = 0.0

    def epoch(self, epoch: int, done_losses: list[float]) -> float:
        """Run the jobs of ``epoch`` after the first ``len(done_losses)`` (done before a
        checkpoint); return the epoch's loss."""
        n, control = self.jobs.n, self.control
        losses = np.zeros(n, dtype=np.float64)
        next_job = len(done_losses)
        losses[:next_job] = done_losses
        # the words of the jobs done before a checkpoint count too: loss per word on a resume
        inflight, epoch_words = 0, int(self.jobs.offsets[next_job])
        while next_job < n or inflight:
            draining = control is not None and control.due()
            while not draining and inflight < 2 * self.pool.n and next_job < n:
                self.pool.jobs.put((epoch, next_job))
                next_job += 1
                inflight += 1
            if draining and not inflight:
                control.checkpoint(Position(epoch, next_job, losses.tolist()))
                continue
            r = self.pool.result()
            if r is not None:
                inflight -= 1
                self._collect(r, losses)
                epoch_words += r.words
            self._show(epoch, losses, epoch_words, done=not (next_job < n or inflight))
        return float(losses.sum())

    def _collect(self, r: JobResult, losses: np.ndarray) -> None:
        if r.error is not None:
            raise r.error
        if not np.isfinite(r.loss):  # stop before a checkpoint can save NaN weights
            lr = _rate(self.alpha, self.min_alpha, self.report.words, self.jobs.total)
            kept = self.control is not None and self.control.path is not None
            raise TrainingDivergedError(
                f"loss became {r.loss} in epoch {r.epoch + 1}, job {r.job + 1} of {self.jobs.n} "
                f"(learning rate about {lr:.4g}); lower alpha"
                + ("; the last good checkpoint is kept" if kept else ""))
        losses[r.job] = r.loss
        if self.control is not None:
            self.control.step_done()
        self.report.words += r.words
        self.report.kept_words += r.kept

    def _show(self, epoch: int, losses: np.ndarray, epoch_words: int, done: bool) -> None:
        """The bar (at most every 0.2 s) and ``on_progress`` (every ``progress_interval`` s)."""
        now = time.perf_counter()
        if now - self._last_bar < 0.2 and not done:
            return
        self._last_bar = now
        info = _info(self.report, epoch, self.epochs, losses, epoch_words, self.alpha,
                     self.min_alpha, self.jobs.total, now - self.t0)
        self.bar.update(self.report.words, epoch + 1, info["loss_per_word"], info["alpha"])
        if now - self._last_cb >= self.progress_interval:
            self._last_cb = now
            _call(self.callbacks, "on_progress", self.model, info)


def _rate(alpha: float, min_alpha: float, done: float, total: float) -> float:
    """The learning rate after ``done`` words: the kernels' own schedule."""
    return linear_alpha.py_func(alpha, min_alpha, done, total) if total else alpha


def _info(report: TrainReport, epoch: int, epochs: int, losses: np.ndarray, epoch_words: int,
          alpha: float, min_alpha: float, total: float, elapsed: float) -> dict:
    done = report.words
    wps = done / elapsed if elapsed > 0 else 0.0
    epoch_loss = float(losses.sum())
    return {
        "epoch": epoch, "epochs": epochs, "words_done": done, "words_total": int(total),
        "words_per_s": wps, "epoch_loss": epoch_loss,
        "loss_per_word": epoch_loss / epoch_words if epoch_words else 0.0,
        "alpha": _rate(alpha, min_alpha, done, total), "elapsed_s": elapsed,
        "eta_s": (total - done) / wps if wps > 0 else float("inf"),
    }
