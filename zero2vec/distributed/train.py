"""The driver of a distributed run: Ray, the vocabulary broadcast, the rounds.

The driver holds the authoritative model (a ``zero2vec.Word2Vec``) and nothing of the
corpus. It asks every worker for its counts, merges them
(:func:`~zero2vec.distributed.shards.merge_counts`), puts the vocabulary in Ray's
object store once, and then runs ``rounds`` rounds per epoch: every worker trains
its next fraction of its shard, returns the rows it changed, the driver merges them in
worker order (:func:`~zero2vec.distributed.sync.merge`) and hands the merge to the
next round (one object, read by every worker). See docs/distributed.md.
"""
from __future__ import annotations

import math
import os
import signal
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from zero2vec._atomic import check_outputs
from zero2vec._checks import check_count, check_positive_int
from zero2vec._runcontrol import RunControl
from zero2vec.distributed import checkpoint, sync
from zero2vec.distributed import shards as _shards
from zero2vec.distributed.checkpoint import Plan, Shards
from zero2vec.distributed.shards import assign, merge_counts
from zero2vec.engine.scheduler import DEFAULT_JOB_WORDS, Position, TrainReport
from zero2vec.errors import CheckpointError, ConfigError, MissingDependencyError

DEFAULT_SYNC_WORDS = 1 << 20


@dataclass
class SyncReport:
    """What the synchronisation of a distributed run cost (``model.sync_report``), and what
    every worker trained."""

    num_workers: int
    rounds: int = 0
    bytes_up: int = 0         # workers -> driver: changed rows
    bytes_down: int = 0       # driver -> workers: the merge, once per worker
    train_seconds: float = 0.0   # per round, the slowest worker's kernel time, summed
    wall_seconds: float = 0.0    # the rounds, end to end
    cpu_seconds: float = 0.0     # the workers' processes while training, summed
    diff_seconds: float = 0.0    # per round, the slowest worker's search for changed rows, summed
    merge_seconds: float = 0.0   # the driver's merges, summed
    words: int = 0
    round_words: list[int] = field(default_factory=list)
    nodes: int = 0               # distinct Ray nodes the workers ran on
    shard_words: list[int] = field(default_factory=list)   # each worker's in-vocabulary words
    worker_words: list[int] = field(default_factory=list)  # words each worker trained (kept rounds)
    job_counts: list[list[int]] = field(default_factory=list)  # times each job of a worker was trained
    restarts: list[int] = field(default_factory=list)      # dead workers replaced, per worker

    @property
    def sync_share(self) -> float:
        """The share of the rounds' time not spent in the slowest worker's kernels."""
        return 1.0 - self.train_seconds / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def bytes_per_token(self) -> float:
        return (self.bytes_up + self.bytes_down) / self.words if self.words else 0.0

    def count(self, worker: int, result: dict) -> None:
        """Count a round ``worker`` trained and the driver kept (a dead worker's is not)."""
        self.worker_words[worker] += result["words"]
        counts = self.job_counts[worker]
        first, stop = result["jobs"]
        counts.extend([0] * (stop - len(counts)))
        for j in range(first, stop):
            counts[j] += 1


def _ray():
    try:
        import ray
    except ImportError:
        raise MissingDependencyError("distributed training needs Ray: "
                                     "pip install 'zero2vec[ray]'") from None
    return ray


def Word2Vec(corpus_files: str | os.PathLike | Sequence[str | os.PathLike] | None = None,  # noqa: N802 - gensim's name
             num_workers: int | None = None, threads_per_worker: int = 1,
             address: str | None = None, sync_words: int | None = None, *,
             checkpoint_path: str | os.PathLike | None = None,
             checkpoint_every: int | None = None, checkpoint_minutes: float | None = None,
             resume_from: str | os.PathLike | None = None, max_restarts: int = 3,
             **settings):
    """Train ``zero2vec.Word2Vec`` on ``num_workers`` Ray workers; return the model.

    Parameters
    ----------
    corpus_files : str, PathLike or list of them
        The corpus: files, a folder (its files by name) or a glob, one sentence a line.
        Each worker reads whole files (at least one each). With ``resume_from``: the
        checkpoint's (if given, they must be the same).
    num_workers : int
        Ray actors, each training a replica on its files (default 2; with
        ``resume_from``: the checkpoint's).
    threads_per_worker : int
        Hogwild threads inside each worker (``workers`` of the single machine; with 1,
        two runs of the same seed and ``num_workers`` are bit-identical).
    address : str, optional
        ``None``: the Ray of this process if initialised, else a local one started for
        this call (and shut down after). ``"auto"`` or ``"ray://host:port"``: join that
        cluster.
    sync_words : int
        Words of the whole corpus between two synchronisations (default 2**20; each
        worker trains its share of them).
    checkpoint_path, checkpoint_every, checkpoint_minutes
        As ``zero2vec.Word2Vec.train``'s, counting rounds instead of jobs: a checkpoint
        every ``checkpoint_every`` rounds and/or ``checkpoint_minutes`` minutes, at the
        end, and on SIGINT/SIGTERM, after which
        :class:`~zero2vec.errors.TrainingInterrupted` is raised.
    resume_from : str or PathLike, optional
        A checkpoint of a distributed run to continue (its settings, files and workers;
        none of ``**settings`` may be given).
    max_restarts : int
        How many times each worker may die (its process killed, its node lost) and be
        replaced before the run fails with :class:`~zero2vec.errors.WorkerLostError`.
    **settings
        The settings of ``zero2vec.Word2Vec`` (``vector_size``, ``sg``, ``epochs``,
        ``seed``, ...); ``workers`` is ``threads_per_worker``'s single-machine name and
        may not be given as well; ``callbacks``/``progress`` are not supported yet.

    Returns
    -------
    zero2vec.Word2Vec
        Trained; ``.wv``, ``save``, evaluation work as after a single-machine run.
        ``model.sync_report`` (:class:`SyncReport`) says what synchronising cost and
        what every worker trained.
    """
    _check_settings(settings)
    check_count("max_restarts", max_restarts)
    T = check_positive_int("threads_per_worker", threads_per_worker, 1024)
    if num_workers is not None:
        check_positive_int("num_workers", num_workers, 4096)
    if sync_words is not None:
        check_positive_int("sync_words", sync_words)
    resume = None
    if resume_from is not None:
        resume, config, plan = _resumed(resume_from, corpus_files, num_workers, sync_words, settings)
        config = config.replace(workers=T)
    else:
        from zero2vec.engine.settings import Settings

        if corpus_files is None:
            raise ConfigError("distributed.Word2Vec needs corpus_files (or resume_from)")
        config = Settings(workers=T, **settings)
        plan = Plan(_shards.corpus_files(corpus_files), num_workers or 2,
                    sync_words or DEFAULT_SYNC_WORDS)
    files = _shards.corpus_files(plan.files)
    shards = assign(files, plan.num_workers)
    run = _RunArgs(checkpoint_path, checkpoint_every, checkpoint_minutes, resume, max_restarts)
    RunControl(checkpoint_path, checkpoint_every, checkpoint_minutes, write=print)  # (checks them now)
    if checkpoint_path is not None:
        check_outputs({"the checkpoint": checkpoint_path},
                      {f"corpus file {f}": f for f in files})
    ray = _ray()
    if ray.is_initialized():
        if address is not None:
            raise ConfigError(f"Ray is already initialised in this process; address={address!r} "
                              "cannot be joined (pass address=None to use it)")
        return _train(ray, shards, config, plan, run)
    with _ray_session(ray, address, plan.num_workers * T):
        return _train(ray, shards, config, plan, run)


@dataclass
class _RunArgs:
    """How a run checkpoints, what it resumes, how often a worker may be replaced."""

    checkpoint_path: str | os.PathLike | None
    every: int | None
    minutes: float | None
    resume: tuple | None  # (path, header, arrays) of the checkpoint to continue
    max_restarts: int


def _check_settings(settings: dict) -> None:
    from zero2vec.engine.settings import FIELDS

    for name in ("workers", "callbacks", "progress", "sentences", "corpus_file"):
        if name in settings:
            raise ConfigError(f"distributed.Word2Vec does not take {name}= "
                              + ("(use threads_per_worker)" if name == "workers" else
                                 "(use corpus_files)" if name.startswith(("sent", "corpus"))
                                 else "yet"))
    unknown = sorted(set(settings) - set(FIELDS))
    if unknown:
        raise ConfigError(f"distributed.Word2Vec got unknown settings: {', '.join(unknown)}")


def _resumed(path, corpus_files, num_workers, sync_words, settings: dict):
    """The checkpoint ``path`` to continue, its settings and its plan (checked against what
    the caller gave)."""
    if settings:
        raise ConfigError(f"resume_from={os.fspath(path)!r} trains the checkpoint's settings; "
                          f"do not pass {', '.join(sorted(settings))}")
    config, header, arrays, saved = checkpoint.read(path)
    files = None if corpus_files is None else _shards.corpus_files(corpus_files)
    plan = checkpoint.check_plan(path, saved, files, num_workers, sync_words)
    return (path, header, arrays), config, plan


@contextmanager
def _ray_session(ray, address: str | None, num_cpus: int):
    """Ray started (``address=None``: a local one of ``num_cpus``) or joined for one run, then
    shut down; the process's SIGINT/SIGTERM handlers are put back as they were (``ray.init``
    installs its own SIGTERM handler, which would outlive the run and bypass the run control
    of later trainings)."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    ray.init(address=address, num_cpus=None if address else num_cpus, include_dashboard=False,
             log_to_driver=False, logging_level="WARNING")
    try:
        yield
    finally:
        ray.shutdown()
        for sig, handler in saved.items():
            if handler is not None:
                signal.signal(sig, handler)


def worker_job_words(sync_words: int, num_workers: int) -> int:
    """The words of a worker's job: the single machine's (65,536), or less when a worker's
    share of ``sync_words`` is smaller, so that every round trains at least one job."""
    return min(DEFAULT_JOB_WORDS, max(1024, sync_words // num_workers))




def _train(ray, shards: list[list[int]], config, plan: Plan, run: _RunArgs):
    from zero2vec.distributed.pool import WorkerPool
    from zero2vec.distributed.worker import ShardWorker
    from zero2vec.engine.replica import untrained

    K, T = len(shards), config.workers
    cpus = ray.cluster_resources().get("CPU", 0)
    if cpus < K * T:
        raise ConfigError(f"{K} workers x {T} threads need {K * T} CPUs; the Ray cluster has "
                          f"{cpus:g}")
    actor = ray.remote(num_cpus=T, max_restarts=0)(ShardWorker)
    job_words = worker_job_words(plan.sync_words, K)
    pool = WorkerPool(ray, actor, [([plan.files[i] for i in shard], shard, config.as_dict(), w, K,
                                    job_words) for w, shard in enumerate(shards)],
                      run.max_restarts, {"scheduling_strategy": "SPREAD"})
    try:
        t0 = time.perf_counter()
        counts = pool.call("scan", state=True)
        vocab = merge_counts([c[:3] for c in counts], config.min_count, config.max_final_vocab,
                             config.max_vocab_size)
        vocab_ref = ray.put(vocab)  # broadcast once: every worker reads the same object
        shard_words = pool.call("encode", (vocab_ref,), state=True)
        plan.rounds = max(1, math.ceil(sum(shard_words) / plan.sync_words))
        model = untrained(config, vocab, job_words)
        corpus = None
        if run.checkpoint_path is not None or run.resume is not None:
            corpus = Shards(sum(shard_words), pool.call("fingerprint"))
        start = Position()
        if run.resume is not None:
            start = _restore(pool, model, corpus, plan, *run.resume)
        model.vocab_seconds = time.perf_counter() - t0
        report = SyncReport(K, nodes=len(set(pool.call("node_id"))), shard_words=shard_words,
                            worker_words=[0] * K, job_counts=[[] for _ in range(K)])
        pool.master = lambda: ray.put(model.params)  # what a replacement copies in
        control = RunControl(run.checkpoint_path, run.every, run.minutes,
                             write=lambda path, pos: checkpoint.save(path, model, pos, corpus, plan))
        with control:
            model.last_report = _rounds(pool, model, plan.rounds, report, start, control)
        report.restarts = list(pool.restarts)
        if run.resume is None:
            _check_counts(report, model.epochs)
        model.sync_report = report
        model.train_seconds = model.last_report.seconds
        return model
    finally:
        pool.kill()


def _restore(pool, model, corpus: Shards, plan: Plan, path, header: dict, arrays: dict) -> Position:
    """Put the checkpoint's weights into the driver's model and every worker's replica."""
    from zero2vec.engine import state

    if header["index_to_key"] != model.vocab.index_to_key:
        raise CheckpointError(f"{path}: the corpus files give another vocabulary now than when "
                              "the checkpoint was written; they changed")
    state.check_corpus(path, header, corpus)
    if plan.rounds != header["distributed"]["rounds"]:
        raise CheckpointError(f"{path}: the run had {header['distributed']['rounds']} rounds an "
                              f"epoch, this corpus makes {plan.rounds}; it changed")
    position = state.restore(model, header, arrays)
    pool.call("restore", (pool.ray.put(model.params),))
    return position


def _rounds(pool, model, rounds: int, report: SyncReport, start: Position,
            control: RunControl) -> TrainReport:
    """Run the epochs' rounds from ``start``; merge into ``model``'s arrays; fill ``report``.
    Before each round a due checkpoint (a signal, every N rounds) is written."""
    ray = pool.ray
    train = TrainReport()
    t0 = time.perf_counter()
    update_ref = None
    for epoch in range(start.epoch, model.epochs):
        losses = list(start.losses) if epoch == start.epoch else []
        for r in range(start.job if epoch == start.epoch else 0, rounds):
            if control.due():
                control.checkpoint(Position(epoch, r, list(losses)))
            t_round = time.perf_counter()
            results = pool.call("train_round", (update_ref, epoch, r, rounds))
            t_merge = time.perf_counter()
            merged = [sync.merge(p, [res["changed"][m] for res in results])
                      for m, p in enumerate(model.params)]
            report.merge_seconds += time.perf_counter() - t_merge
            update_ref = ray.put(merged)
            losses.append(sum(res["loss"] for res in results))  # (in worker order)
            for w, res in enumerate(results):
                report.count(w, res)
            words = sum(res["words"] for res in results)
            train.words += words
            train.kept_words += sum(res["kept"] for res in results)
            report.rounds += 1
            report.words += words
            report.round_words.append(words)
            report.bytes_up += sum(sync.nbytes(res["changed"]) for res in results)
            report.bytes_down += sync.nbytes(merged) * len(results)
            report.train_seconds += max(res["seconds"] for res in results)
            report.diff_seconds += max(res["diff_seconds"] for res in results)
            report.cpu_seconds += sum(res["cpu_seconds"] for res in results)
            report.wall_seconds += time.perf_counter() - t_round
            control.step_done()
        model.loss_history.append(sum(losses))
        train.epoch_losses.append(model.loss_history[-1])
    control.finish(Position(model.epochs, 0, []))
    train.seconds = time.perf_counter() - t0
    return train


def _check_counts(report: SyncReport, epochs: int) -> None:
    """Every job of every worker was trained ``epochs`` times (a lost round exactly once
    more): the run's own proof that a replaced worker lost no work and doubled none."""
    for w, (counts, words) in enumerate(zip(report.job_counts, report.worker_words)):
        if any(c != epochs for c in counts) or words != epochs * report.shard_words[w]:
            raise RuntimeError(f"zero2vec bug: worker {w} trained {words:,} words (its jobs "
                               f"{sorted(set(counts))} times), not {epochs} x "
                               f"{report.shard_words[w]:,}")
