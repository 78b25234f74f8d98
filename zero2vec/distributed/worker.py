"""One worker of a distributed run: its shards, its replica, its part of every round.

A :class:`ShardWorker` is a plain class (tested without Ray); the driver runs it as a
Ray actor. It scans its files with the compiled scanner and keeps each file's
provisional ids, so once the driver broadcasts the vocabulary it encodes them by a
remap, without reading the files again (unless ``max_vocab_size`` pruned).

Training is the native engine's: the replica is a ``zero2vec.Word2Vec`` with the
shared vocabulary (:func:`zero2vec.engine.replica.untrained`: every worker draws the same
initial vectors from the seed), its kernel (:func:`~zero2vec.engine.replica.job_kernel`)
runs the jobs of
:func:`~zero2vec.engine.scheduler.job_bounds`. Job ``j`` of worker ``w`` of ``K`` draws
from ``job_seed(seed, epoch, j * K + w)``, and its learning rate follows the worker's
position in its own shard scaled to the run (``epoch * N_w + position`` of
``epochs * N_w``): every round covers the same fraction of every shard, so at each
synchronisation this equals the global word count's fraction.

A worker that replaces a dead one (or resumes a checkpoint) scans and encodes its files
again and copies the driver's model in (:meth:`ShardWorker.restore`): it then trains the
round the dead one was in exactly as that one would have.
"""
from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from zero2vec.corpus.encoded import EncodedCorpus
from zero2vec.corpus.sentences import LineSentence
from zero2vec.corpus.scan import ScanResult, encode_scanned, scan
from zero2vec.corpus.vocab import Vocabulary
from zero2vec.distributed import sync
from zero2vec.distributed.shards import first_seen_key
from zero2vec.engine.replica import job_kernel, untrained
from zero2vec.engine.rng import job_seed
from zero2vec.engine.scheduler import DEFAULT_JOB_WORDS, job_bounds
from zero2vec.engine.settings import Settings


class ShardWorker:
    """Worker ``index`` of ``num_workers``: reads ``files`` (``file_ids`` in corpus order).

    ``settings`` is a :meth:`Settings.as_dict`; its ``workers`` is this worker's threads.
    """

    def __init__(self, files: list[str], file_ids: list[int], settings: dict, index: int,
                 num_workers: int, job_words: int = DEFAULT_JOB_WORDS) -> None:
        self.files, self.file_ids = list(files), list(file_ids)
        self.settings = Settings.from_dict(settings)
        self.index, self.num_workers, self.job_words = index, num_workers, job_words
        self._scans: list[ScanResult] = []
        self.corpora: list[EncodedCorpus] = []
        self.model = None

    def _lines(self, path: str) -> LineSentence:
        s = self.settings
        return LineSentence(path, s.max_sentence_length, encoding=s.encoding, errors=s.errors)

    # -- vocabulary -------------------------------------------------------------------
    def scan(self) -> tuple[list[str], np.ndarray, np.ndarray, int]:
        """This worker's counts: words, counts, first-seen keys (see
        :func:`~zero2vec.distributed.shards.merge_counts`), and the raw tokens read."""
        s = self.settings
        seen: dict[str, list[int]] = {}
        raw = 0
        for path, fid in zip(self.files, self.file_ids):
            result = scan(self._lines(path), s.max_sentence_length, s.max_vocab_size,
                          s.max_ram_tokens)
            self._scans.append(result)
            raw += result.raw_words
            for rank, (w, c) in enumerate(zip(result.words, result.counts.tolist())):
                if c == 0:  # pruned away
                    continue
                if w in seen:
                    seen[w][0] += c
                else:
                    seen[w] = [c, first_seen_key(fid, rank)]
        words = list(seen)
        counts = np.fromiter((v[0] for v in seen.values()), dtype=np.int64, count=len(words))
        keys = np.fromiter((v[1] for v in seen.values()), dtype=np.int64, count=len(words))
        return words, counts, keys, raw

    def encode(self, vocab: Vocabulary) -> int:
        """Encode the scanned files with the shared vocabulary, make the replica; return
        the in-vocabulary words of this shard."""
        k2i = vocab.key_to_index
        s = self.settings
        for path, result in zip(self.files, self._scans):
            id_map = np.fromiter((k2i.get(w, -1) for w in result.words), dtype=np.int32,
                                 count=len(result.words))
            corpus = encode_scanned(result, self._lines(path), vocab, id_map,
                                    s.max_sentence_length, s.max_ram_tokens)
            if corpus.n_words:
                self.corpora.append(corpus)
        self._scans = []
        self.model = untrained(s, vocab, kernels=True)  # the seed's vectors: the same everywhere
        self._plan()
        return self.n_words

    def _plan(self) -> None:
        """Cut every file's corpus into jobs: (corpus, first and end sentence, word offset)."""
        self.jobs: list[tuple[int, int, int, int]] = []
        offset = 0
        for c, corpus in enumerate(self.corpora):
            bounds, offsets = job_bounds(corpus, self.job_words)
            self.jobs += [(c, int(bounds[j]), int(bounds[j + 1]), offset)
                          for j in range(len(bounds) - 1)]
            offset += corpus.n_words
        self.n_words = offset
        longest = max((c.longest for c in self.corpora), default=0)
        self.kernel = job_kernel(self.model, longest)
        self.snapshots = [p.copy() for p in self.model.params]

    def fingerprint(self) -> str:
        """A content hash of this shard's encoded files (what a checkpoint records of them)."""
        h = hashlib.sha256()
        for corpus in self.corpora:
            h.update(corpus.fingerprint().encode())
        return h.hexdigest()

    def restore(self, params: list[np.ndarray]) -> None:
        """Make the replica and its synchronised copy the driver's model ``params``."""
        for p, snap, master in zip(self.model.params, self.snapshots, params):
            p[...] = master
            snap[...] = master

    def pid(self) -> int:
        """This worker's process id."""
        return os.getpid()

    def node_id(self) -> str:
        """The Ray node this worker runs on (asked only when it runs as an actor)."""
        import ray

        return ray.get_runtime_context().get_node_id()

    # -- training ---------------------------------------------------------------------
    def train_round(self, update: list[sync.RowUpdate] | None, epoch: int, round_: int,
                    rounds: int) -> dict:
        """Copy the last merge in, train this round's jobs, return what changed.

        Round ``r`` of ``R`` is jobs ``r*n//R .. (r+1)*n//R - 1`` of this worker's ``n``.
        """
        if update is not None:
            for p, snap, u in zip(self.model.params, self.snapshots, update):
                sync.apply(p, snap, u)
        n = len(self.jobs)
        todo = range(round_ * n // rounds, (round_ + 1) * n // rounds)
        t0, c0 = time.perf_counter(), time.process_time()
        threads = self.settings.workers
        if threads == 1:
            results = [self._job(epoch, j) for j in todo]
        else:
            with ThreadPoolExecutor(threads) as pool:  # kernels release the GIL
                results = list(pool.map(lambda j: self._job(epoch, j), todo))
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        changed = [sync.changed_rows(p, snap) for p, snap in zip(self.model.params, self.snapshots)]
        return {"loss": float(sum(r[0] for r in results)), "kept": sum(r[1] for r in results),
                "words": sum(r[2] for r in results), "jobs": (todo.start, todo.stop),
                "seconds": seconds, "cpu_seconds": cpu,
                "diff_seconds": time.perf_counter() - t0 - seconds, "changed": changed}

    def _job(self, epoch: int, j: int) -> tuple[float, int, int]:
        c, b0, b1, offset = self.jobs[j]
        starts, ids = self.corpora[c].read_job(b0, b1)
        total = float(self.settings.epochs) * self.n_words
        loss, kept = self.kernel(ids, starts, float(epoch) * self.n_words + offset, total,
                                 job_seed(self.settings.seed, epoch, j * self.num_workers + self.index))
        return loss, kept, int(starts[-1] - starts[0])
