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

from zero2vec._checks import check_positive_int
from zero2vec.distributed import sync
from zero2vec.distributed import shards as _shards
from zero2vec.distributed.shards import assign, merge_counts
from zero2vec.engine.scheduler import DEFAULT_JOB_WORDS, TrainReport
from zero2vec.errors import ConfigError, MissingDependencyError

DEFAULT_SYNC_WORDS = 1 << 20


@dataclass
class SyncReport:
    """What the synchronisation of a distributed run cost (``model.sync_report``)."""

    num_workers: int
    rounds: int = 0
    bytes_up: int = 0         # workers -> driver: changed rows
    bytes_down: int = 0       # driver -> workers: the merge, once per worker
    train_seconds: float = 0.0   # per round, the slowest worker's kernel time, summed
    wall_seconds: float = 0.0    # the rounds, end to end
    cpu_seconds: float = 0.0     # the workers' processes while training, summed
    words: int = 0
    round_words: list[int] = field(default_factory=list)
    nodes: int = 0               # distinct Ray nodes the workers ran on

    @property
    def sync_share(self) -> float:
        """The share of the rounds' time not spent in the slowest worker's kernels."""
        return 1.0 - self.train_seconds / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def bytes_per_token(self) -> float:
        return (self.bytes_up + self.bytes_down) / self.words if self.words else 0.0


def _ray():
    try:
        import ray
    except ImportError:
        raise MissingDependencyError("distributed training needs Ray: "
                                     "pip install 'zero2vec[ray]'") from None
    return ray


def Word2Vec(corpus_files: str | os.PathLike | Sequence[str | os.PathLike], num_workers: int = 2,  # noqa: N802 - gensim's name
             threads_per_worker: int = 1, address: str | None = None,
             sync_words: int = DEFAULT_SYNC_WORDS, **settings):
    """Train ``zero2vec.Word2Vec`` on ``num_workers`` Ray workers; return the model.

    Parameters
    ----------
    corpus_files : str, PathLike or list of them
        The corpus: files, a folder (its files by name) or a glob, one sentence a line.
        Each worker reads whole files (at least one each).
    num_workers : int
        Ray actors, each training a replica on its files.
    threads_per_worker : int
        Hogwild threads inside each worker (``workers`` of the single machine; with 1,
        two runs of the same seed and ``num_workers`` are bit-identical).
    address : str, optional
        ``None``: the Ray of this process if initialised, else a local one started for
        this call (and shut down after). ``"auto"`` or ``"ray://host:port"``: join that
        cluster.
    sync_words : int
        Words of the whole corpus between two synchronisations (each worker trains
        its share of them).
    **settings
        The settings of ``zero2vec.Word2Vec`` (``vector_size``, ``sg``, ``epochs``,
        ``seed``, ...); ``workers`` is ``threads_per_worker``'s single-machine name and
        may not be given as well; ``callbacks``/``progress`` are not supported yet.

    Returns
    -------
    zero2vec.Word2Vec
        Trained; ``.wv``, ``save``, evaluation work as after a single-machine run.
        ``model.sync_report`` (:class:`SyncReport`) says what synchronising cost.
    """
    from zero2vec.engine.settings import FIELDS, Settings

    for name in ("workers", "callbacks", "progress", "sentences", "corpus_file"):
        if name in settings:
            raise ConfigError(f"distributed.Word2Vec does not take {name}= "
                              + ("(use threads_per_worker)" if name == "workers" else
                                 "(use corpus_files)" if name.startswith(("sent", "corpus"))
                                 else "yet"))
    unknown = sorted(set(settings) - set(FIELDS))
    if unknown:
        raise ConfigError(f"distributed.Word2Vec got unknown settings: {', '.join(unknown)}")
    check_positive_int("num_workers", num_workers, 4096)
    check_positive_int("sync_words", sync_words)
    config = Settings(workers=check_positive_int("threads_per_worker", threads_per_worker, 1024),
                      **settings)
    files = _shards.corpus_files(corpus_files)  # (the parameter's name is gensim's)
    shards = assign(files, num_workers)
    ray = _ray()
    if ray.is_initialized():
        if address is not None:
            raise ConfigError(f"Ray is already initialised in this process; address={address!r} "
                              "cannot be joined (pass address=None to use it)")
        return _train(ray, files, shards, config, sync_words)
    with _ray_session(ray, address, num_workers * threads_per_worker):
        return _train(ray, files, shards, config, sync_words)


@contextmanager
def _ray_session(ray, address: str | None, num_cpus: int):
    """Ray started (``address=None``: a local one of ``num_cpus``) or joined for one run, then
    shut down; the process's SIGINT/SIGTERM handlers are put back as they were (``ray.init``
    installs its own SIGTERM handler, which would outlive the run and bypass the run control
    of later trainings)."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    ray.init(address=address, num_cpus=None if address else num_cpus, include_dashboard=False,
             log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()
        for sig, handler in saved.items():
            if handler is not None:
                signal.signal(sig, handler)


def _get(ray, refs):
    """``ray.get(refs)``; a worker's own error (a bad corpus file, ...) is raised as itself,
    with its one-line message, not wrapped in Ray's traceback."""
    from zero2vec.errors import Zero2VecError

    try:
        return ray.get(refs)
    except ray.exceptions.RayTaskError as exc:
        cause = getattr(exc, "cause", None)
        if isinstance(cause, Zero2VecError):
            raise cause from None
        raise


def worker_job_words(sync_words: int, num_workers: int) -> int:
    """The words of a worker's job: the single machine's (65,536), or less when a worker's
    share of ``sync_words`` is smaller, so that every round trains at least one job."""
    return min(DEFAULT_JOB_WORDS, max(1024, sync_words // num_workers))


def _train(ray, files: list[str], shards: list[list[int]], config, sync_words: int):
    from zero2vec.distributed.worker import ShardWorker
    from zero2vec.engine.word2vec import Word2Vec as Model

    K, T = len(shards), config.workers
    cpus = ray.cluster_resources().get("CPU", 0)
    if cpus < K * T:
        raise ConfigError(f"{K} workers x {T} threads need {K * T} CPUs; the Ray cluster has "
                          f"{cpus:g}")
    actor = ray.remote(num_cpus=T, max_restarts=0)(ShardWorker)
    job_words = worker_job_words(sync_words, K)
    workers = [actor.options(scheduling_strategy="SPREAD").remote(
        [files[i] for i in shard], shard, config.as_dict(), w, K, job_words)
        for w, shard in enumerate(shards)]
    try:
        t0 = time.perf_counter()
        counts = _get(ray, [w.scan.remote() for w in workers])
        vocab = merge_counts([c[:3] for c in counts], config.min_count, config.max_final_vocab,
                             config.max_vocab_size)
        vocab_ref = ray.put(vocab)  # broadcast once: every worker reads the same object
        n_words = sum(_get(ray, [w.encode.remote(vocab_ref) for w in workers]))
        model = Model(**config.as_dict())
        model.vocab = vocab
        model._reset_weights()  # the seed's vectors, as on every worker
        model.job_words = job_words
        model.vocab_seconds = time.perf_counter() - t0
        report = SyncReport(K, nodes=len(set(_get(ray, [w.node_id.remote() for w in workers]))))
        model.last_report = _rounds(ray, model, workers, n_words, sync_words, report)
        model.sync_report = report
        model.train_seconds = model.last_report.seconds
        return model
    finally:  # (a joined cluster keeps running: leave no actor behind)
        for w in workers:
            ray.kill(w)


def _rounds(ray, model, workers, n_words: int, sync_words: int, report: SyncReport) -> TrainReport:
    """Run every epoch's rounds; merge into ``model``'s arrays; fill ``report``."""
    rounds = max(1, math.ceil(n_words / sync_words))
    train = TrainReport()
    t0 = time.perf_counter()
    update_ref = None
    for epoch in range(model.epochs):
        loss = 0.0
        for r in range(rounds):
            t_round = time.perf_counter()
            results = _get(ray, [w.train_round.remote(update_ref, epoch, r, rounds)
                                 for w in workers])
            merged = [sync.merge(p, [res["changed"][m] for res in results])
                      for m, p in enumerate(model.params)]
            update_ref = ray.put(merged)
            loss += sum(res["loss"] for res in results)  # (in worker order)
            words = sum(res["words"] for res in results)
            train.words += words
            train.kept_words += sum(res["kept"] for res in results)
            report.rounds += 1
            report.words += words
            report.round_words.append(words)
            report.bytes_up += sum(sync.nbytes(res["changed"]) for res in results)
            report.bytes_down += sync.nbytes(merged) * len(workers)
            report.train_seconds += max(res["seconds"] for res in results)
            report.cpu_seconds += sum(res["cpu_seconds"] for res in results)
            report.wall_seconds += time.perf_counter() - t_round
        model.loss_history.append(loss)
        train.epoch_losses.append(loss)
    train.seconds = time.perf_counter() - t0
    return train
