"""Running the kernels: jobs, Hogwild threads, the schedule, callbacks and progress.

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
from dataclasses import dataclass, field

import numpy as np

from zero2vec.corpus.encoded import EncodedCorpus
from zero2vec.engine.progress import ProgressBar
from zero2vec.engine.rng import job_seed
from zero2vec.errors import TrainingDivergedError

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


def run_training(model, kernel, kernel_args: tuple, tail_args: tuple, corpus: EncodedCorpus,
                 epochs: int, workers: int, seed: int, alpha: float, min_alpha: float,
                 callbacks=(), progress: bool | None = None, progress_interval: float = 1.0,
                 job_words: int = DEFAULT_JOB_WORDS, start: Position | None = None,
                 checkpointer=None) -> TrainReport:
    """Train ``epochs`` epochs of ``corpus`` with ``workers`` threads.

    ``kernel(tokens, starts, *kernel_args, done0, total, state, *tail_args)`` is
    called once per job with the job's ids and sentence starts (global word positions,
    see :meth:`EncodedCorpus.read_job`) and returns ``(loss, kept_words)``. Load it on
    the main thread first (see ``Word2Vec._load_kernels``).

    Jobs are handed out in order, at most ``2 * workers`` at a time. When the
    ``checkpointer`` asks for a checkpoint (``due()``, or a signal it caught), no new
    job is started; once the running ones are done, every job before ``next`` is
    finished and none after it started, so ``checkpointer.save(Position)`` captures a
    state that ``start=`` continues exactly (bit for bit with one thread).
    """
    bounds, offsets = job_bounds(corpus, job_words)
    n_jobs = len(bounds) - 1
    most_words = int(np.diff(offsets).max()) if n_jobs else 0
    most_sentences = int(np.diff(bounds).max()) if n_jobs else 0
    N = corpus.n_words
    total = float(epochs) * N
    jobs: queue.Queue = queue.Queue()
    results: queue.Queue = queue.Queue()

    def worker() -> None:
        starts_buf = np.empty(most_sentences + 1, dtype=np.int64)
        ids_buf = np.empty(0 if corpus.ids.in_ram else most_words, dtype=np.int32)
        while True:
            item = jobs.get()
            if item is None:
                return
            e, j = item
            r = JobResult(e, j, words=int(offsets[j + 1] - offsets[j]))
            try:
                starts, ids = corpus.read_job(int(bounds[j]), int(bounds[j + 1]), starts_buf,
                                              ids_buf)
                r.loss, r.kept = kernel(ids, starts, *kernel_args, float(e) * N, total,
                                        job_seed(seed, e, j), *tail_args)
            except BaseException as exc:  # handed to the main thread
                r.error = exc
            results.put(r)

    threads = [threading.Thread(target=worker, name=f"zero2vec-worker-{i}", daemon=True)
               for i in range(workers)]
    for t in threads:
        t.start()
    report = TrainReport()
    bar = ProgressBar(int(total), progress)
    t0 = time.perf_counter()
    last_cb = t0
    last_bar = 0.0
    start = start or Position()
    if start.job and len(start.losses) != n_jobs:
        raise ValueError(f"checkpoint has {len(start.losses)} jobs per epoch, this corpus {n_jobs}")
    report.words = int(start.epoch * N + offsets[start.job])
    jobs_done = 0
    try:
        _call(callbacks, "on_train_begin", model)
        for epoch in range(start.epoch, epochs):
            _call(callbacks, "on_epoch_begin", model)
            losses = np.zeros(n_jobs, dtype=np.float64)
            next_job = 0
            if epoch == start.epoch and start.job:
                next_job = start.job
                losses[:next_job] = start.losses[:next_job]
            inflight = 0
            epoch_words = 0
            while next_job < n_jobs or inflight:
                draining = checkpointer is not None and checkpointer.due(jobs_done)
                while not draining and inflight < 2 * workers and next_job < n_jobs:
                    jobs.put((epoch, next_job))
                    next_job += 1
                    inflight += 1
                if draining and not inflight:
                    checkpointer.save(Position(epoch, next_job, losses.tolist()), jobs_done)
                    continue
                try:
                    r = results.get(timeout=0.1)
                except queue.Empty:
                    r = None
                if r is not None:
                    inflight -= 1
                    if r.error is not None:
                        raise r.error
                    if not np.isfinite(r.loss):  # stop before a checkpoint can save NaN weights
                        lr = max(min_alpha, alpha - (alpha - min_alpha) * report.words / total)
                        raise TrainingDivergedError(
                            f"loss became {r.loss} in epoch {epoch + 1}, job {r.job + 1} of {n_jobs} "
                            f"(learning rate about {lr:.4g}); lower alpha"
                            + ("; the last good checkpoint is kept" if checkpointer is not None else ""))
                    losses[r.job] = r.loss
                    jobs_done += 1
                    epoch_words += r.words
                    report.words += r.words
                    report.kept_words += r.kept
                pending = next_job < n_jobs or inflight
                now = time.perf_counter()
                if now - last_bar >= 0.2 or not pending:
                    last_bar = now
                    info = _info(report, epoch, epochs, losses, epoch_words, alpha, min_alpha,
                                 total, now - t0)
                    bar.update(report.words, epoch, epochs, info["loss_per_word"], info["alpha"])
                    if now - last_cb >= progress_interval:
                        last_cb = now
                        _call(callbacks, "on_progress", model, info)
            report.epoch_losses.append(float(losses.sum()))
            model._on_epoch_done(report.epoch_losses[-1])
            _call(callbacks, "on_epoch_end", model)
        if checkpointer is not None:
            checkpointer.save(Position(epochs, 0, []), jobs_done, final=True)
        report.seconds = time.perf_counter() - t0
        _call(callbacks, "on_train_end", model)
    finally:
        # drop queued jobs, stop the workers (a running job finishes first)
        try:
            while True:
                jobs.get_nowait()
        except queue.Empty:
            pass
        for _ in threads:
            jobs.put(None)
        for t in threads:
            t.join()
        bar.close()
    return report


def _info(report: TrainReport, epoch: int, epochs: int, losses: np.ndarray, epoch_words: int,
          alpha: float, min_alpha: float, total: float, elapsed: float) -> dict:
    done = report.words
    wps = done / elapsed if elapsed > 0 else 0.0
    lr = max(min_alpha, alpha - (alpha - min_alpha) * done / total) if total else alpha
    return {
        "epoch": epoch, "epochs": epochs, "words_done": done, "words_total": int(total),
        "words_per_s": wps, "epoch_loss": float(losses.sum()),
        "loss_per_word": float(losses.sum()) / epoch_words if epoch_words else 0.0,
        "alpha": lr, "elapsed_s": elapsed,
        "eta_s": (total - done) / wps if wps > 0 else float("inf"),
    }
