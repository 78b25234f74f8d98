"""Training on a local Ray (2 CPUs): the single machine's result, determinism, quality."""
from __future__ import annotations

import math

import pytest

import zero2vec
from zero2vec import distributed
from zero2vec.errors import ConfigError, CorpusError

pytest.importorskip("ray", reason="distributed training needs ray (pip install 'zero2vec[ray]')")

SMALL = dict(vector_size=16, epochs=1, min_count=5, seed=7)


def test_one_worker_is_the_single_machine_run_bit_for_bit(local_ray, brown_files):
    _, whole = brown_files
    single = zero2vec.Word2Vec(**SMALL, workers=1)
    single.job_words = 50_000  # what one worker's jobs are with this sync_words
    single.build_vocab(corpus_file=whole)
    single.train()
    model = distributed.Word2Vec([whole], num_workers=1, sync_words=50_000, **SMALL)
    assert model.job_words == 50_000
    assert isinstance(model, zero2vec.Word2Vec)
    assert model.sync_report.rounds > 1  # synchronised several times, and still equal
    assert model.vocab.index_to_key == single.vocab.index_to_key
    for mine, theirs in zip(model.params, single.params):
        assert mine.tobytes() == theirs.tobytes()
    assert model.loss_history == pytest.approx(single.loss_history, rel=1e-12)


def test_two_runs_with_the_same_seed_and_workers_are_bit_identical(local_ray, brown_files):
    parts, _ = brown_files
    runs = [distributed.Word2Vec(parts, num_workers=2, sync_words=100_000, sg=1, **SMALL)
            for _ in range(2)]
    for a, b in zip(runs[0].params, runs[1].params):
        assert a.tobytes() == b.tobytes()
    assert runs[0].loss_history == runs[1].loss_history
    other = distributed.Word2Vec(parts, num_workers=2, sync_words=100_000, sg=1,
                                 **{**SMALL, "seed": 8})
    assert other.W_in.tobytes() != runs[0].W_in.tobytes()


def test_two_workers_learn_as_well_as_one_machine(local_ray, brown_files):
    parts, whole = brown_files
    settings = dict(vector_size=32, epochs=3, min_count=5, seed=1)
    single = zero2vec.Word2Vec(corpus_file=whole, workers=1, **settings)
    model = distributed.Word2Vec(parts, num_workers=2, sync_words=40_000, **settings)
    report = model.sync_report
    assert report.words == 3 * model.vocab.total_words  # every token, every epoch
    assert report.rounds == 3 * math.ceil(model.vocab.total_words / 40_000) and report.bytes_up > 0 and 0 <= report.sync_share < 1
    # loss per word of the last epoch within 3% of the single machine's
    assert model.loss_history[-1] == pytest.approx(single.loss_history[-1], rel=0.03)
    assert model.loss_history[-1] < model.loss_history[1] < model.loss_history[0]


def test_threads_inside_a_worker_train_the_same_model_hogwild(local_ray, brown_files):
    _, whole = brown_files
    model = distributed.Word2Vec([whole], num_workers=1, threads_per_worker=2, **SMALL)
    one = distributed.Word2Vec([whole], num_workers=1, threads_per_worker=1, **SMALL)
    assert model.settings.workers == 2
    # Hogwild threads on 5 jobs of one epoch: within a few percent (2.1% seen here)
    assert model.loss_history[0] == pytest.approx(one.loss_history[0], rel=0.04)


def test_bad_arguments_are_one_line_errors(local_ray, brown_files):
    parts, _ = brown_files
    with pytest.raises(ConfigError, match="need 4 CPUs"):
        distributed.Word2Vec(parts, num_workers=4, **SMALL)
    with pytest.raises(ConfigError, match="already initialised"):
        distributed.Word2Vec(parts, num_workers=2, address="auto", **SMALL)


def test_a_workers_corpus_error_is_raised_as_itself_in_one_line(local_ray, brown_files, tmp_path):
    parts, _ = brown_files
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"the cat sat\nthe \xff dog\n")
    with pytest.raises(CorpusError) as info:
        distributed.Word2Vec([parts[0], str(bad)], num_workers=2, **SMALL)
    assert "bad.txt" in str(info.value) and "\n" not in str(info.value)


def test_a_run_that_starts_ray_puts_the_signal_handlers_back(brown_files):
    import signal

    import ray

    parts, _ = brown_files
    if ray.is_initialized():
        ray.shutdown()
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    model = distributed.Word2Vec(parts, num_workers=2, **SMALL)  # a local Ray, just for this
    assert not ray.is_initialized() and model.sync_report.words > 0
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
