"""A worker process SIGKILLed mid-run: replaced, its lost round trained again, nothing lost."""
from __future__ import annotations

import os
import random

import pytest

from zero2vec import distributed
from zero2vec.errors import WorkerLostError

from ._kill import Killer

pytest.importorskip("ray", reason="distributed training needs ray (pip install 'zero2vec[ray]')")

SETTINGS = dict(vector_size=16, epochs=2, min_count=5, seed=5, sync_words=20_000)


@pytest.fixture(scope="module")
def unfaulted(local_ray, brown_files):
    return distributed.Word2Vec(brown_files[0], num_workers=2, **SETTINGS)


def _assert_every_token_trained_epochs_times(model, epochs: int) -> None:
    r = model.sync_report
    assert r.worker_words == [epochs * n for n in r.shard_words]
    assert sum(r.shard_words) == model.vocab.total_words
    assert all(c == epochs for counts in r.job_counts for c in counts)


def test_a_worker_killed_mid_round_is_replaced_and_the_run_is_unchanged(local_ray, brown_files,
                                                                        unfaulted):
    for _ in range(3):  # (a loaded machine may end the run before the killer sees a round)
        seed = random.randrange(1 << 30)
        killer = Killer(os.getpid(), seed)
        killer.start()
        model = distributed.Word2Vec(brown_files[0], num_workers=2, **SETTINGS)
        killer.stop.set()
        killer.join()
        if killer.killed:
            break
    assert len(killer.killed) == 1, f"no worker was killed in 3 runs (last seed {seed})"
    assert sum(model.sync_report.restarts) == 1, f"seed {seed}"
    _assert_every_token_trained_epochs_times(model, 2)
    # the replacement trained the lost round from the last synchronisation, with the same
    # jobs and seeds: one thread a worker, so the model is the unfaulted one bit for bit
    for a, b in zip(model.params, unfaulted.params):
        assert a.tobytes() == b.tobytes(), f"seed {seed}"
    assert model.loss_history == unfaulted.loss_history


def test_a_worker_that_keeps_dying_fails_the_run_in_one_line(local_ray, brown_files):
    killer = Killer(os.getpid(), 0, ("",), max_delay=0.0)  # any call, even the scan
    killer.start()
    with pytest.raises(WorkerLostError, match=r"worker \d died 1 times \(max_restarts=0\)"):
        distributed.Word2Vec(brown_files[0], num_workers=2, max_restarts=0, **SETTINGS)
    killer.stop.set()
    killer.join()


@pytest.mark.faults
@pytest.mark.parametrize("phases", [("scan", "train_round", "train_round"),
                                    ("encode", "train_round", "", "train_round")])
def test_workers_killed_at_random_points_of_every_phase(local_ray, brown_files, unfaulted, phases):
    seed = random.randrange(1 << 30)
    killer = Killer(os.getpid(), seed, phases, max_delay=0.2)
    killer.start()
    model = distributed.Word2Vec(brown_files[0], num_workers=2, max_restarts=len(phases),
                                 **SETTINGS)
    killer.stop.set()
    killer.join()
    # (a kill can land while the finished run's actors are being ended: not a restart)
    assert 1 <= sum(model.sync_report.restarts) <= len(killer.killed), f"seed {seed}"
    _assert_every_token_trained_epochs_times(model, 2)
    for a, b in zip(model.params, unfaulted.params):
        assert a.tobytes() == b.tobytes(), f"seed {seed}"
