"""SIGINT at the driver writes a checkpoint; ``resume_from`` continues it bit for bit."""
from __future__ import annotations

import os
import signal
import threading

import pytest

import zero2vec
from zero2vec import distributed
from zero2vec.distributed import checkpoint
from zero2vec.errors import CheckpointError, ConfigError, TrainingInterrupted

from ._kill import shard_workers

pytest.importorskip("ray", reason="distributed training needs ray (pip install 'zero2vec[ray]')")

SETTINGS = dict(vector_size=16, epochs=2, min_count=5, seed=9)


@pytest.fixture(scope="module")
def unfaulted(local_ray, brown_files):
    return distributed.Word2Vec(brown_files[0], num_workers=2, sync_words=20_000, **SETTINGS)


def _interrupt_once_training(stop: threading.Event) -> None:
    """SIGINT to this process as soon as a worker is training (the driver is in a round)."""
    while not stop.is_set():
        if shard_workers(os.getpid(), "train_round"):
            os.kill(os.getpid(), signal.SIGINT)
            return
        stop.wait(0.005)


def test_sigint_checkpoints_and_the_resumed_run_is_the_uninterrupted_one(local_ray, brown_files,
                                                                         unfaulted, tmp_path):
    ckpt = tmp_path / "run.ckpt"
    stop = threading.Event()
    sender = threading.Thread(target=_interrupt_once_training, args=(stop,), daemon=True)
    sender.start()
    with pytest.raises(TrainingInterrupted) as info:
        distributed.Word2Vec(brown_files[0], num_workers=2, sync_words=20_000,
                             checkpoint_path=ckpt, **SETTINGS)
    stop.set()
    assert info.value.exit_code == 130 and ckpt.exists()
    _, header, _, plan = checkpoint.read(ckpt)
    assert plan.num_workers == 2 and plan.files == [str(p) for p in brown_files[0]]
    assert header["position"]["epoch"] == 0 < header["position"]["job"]  # stopped mid-epoch
    model = distributed.Word2Vec(resume_from=ckpt, checkpoint_path=ckpt)
    for a, b in zip(model.params, unfaulted.params):
        assert a.tobytes() == b.tobytes()
    assert model.loss_history == unfaulted.loss_history
    assert checkpoint.read(ckpt)[1]["position"]["epoch"] == 2  # the end-of-run checkpoint


def test_periodic_checkpoints_do_not_change_the_run(local_ray, brown_files, unfaulted, tmp_path):
    model = distributed.Word2Vec(brown_files[0], num_workers=2, sync_words=20_000,
                                 checkpoint_path=tmp_path / "c", checkpoint_every=3, **SETTINGS)
    assert model.W_in.tobytes() == unfaulted.W_in.tobytes()


def test_resuming_refuses_another_plan_and_each_engine_the_others_checkpoint(local_ray,
                                                                            brown_files, tmp_path):
    parts, whole = brown_files
    ckpt = tmp_path / "d.ckpt"
    distributed.Word2Vec(parts, num_workers=2, checkpoint_path=ckpt, **{**SETTINGS, "epochs": 1})
    with pytest.raises(ConfigError, match="num_workers=2"):
        distributed.Word2Vec(resume_from=ckpt, num_workers=1)
    with pytest.raises(ConfigError, match="the corpus files"):
        distributed.Word2Vec(parts[::-1], resume_from=ckpt)
    with pytest.raises(ConfigError, match="do not pass vector_size"):
        distributed.Word2Vec(resume_from=ckpt, vector_size=8)
    with pytest.raises(CheckpointError, match="written by a distributed run"):
        zero2vec.Word2Vec.load_checkpoint(ckpt)
    single = tmp_path / "s.ckpt"
    m = zero2vec.Word2Vec(vector_size=8, epochs=1, workers=1)
    m.build_vocab(corpus_file=whole)
    m.train(checkpoint_path=single)
    with pytest.raises(CheckpointError, match="written by a single-machine run"):
        distributed.Word2Vec(resume_from=single)


def test_a_changed_corpus_file_is_refused_on_resume(local_ray, brown_files, tmp_path):
    parts = []
    for i, p in enumerate(brown_files[0]):
        parts.append(tmp_path / f"p{i}.txt")
        parts[-1].write_text(open(p, encoding="utf8").read(), encoding="utf8")
    ckpt = tmp_path / "e.ckpt"
    distributed.Word2Vec([str(p) for p in parts], num_workers=2, checkpoint_path=ckpt,
                         **{**SETTINGS, "epochs": 1})
    lines = parts[1].read_text(encoding="utf8").splitlines(keepends=True)
    parts[1].write_text("".join(lines[1:] + lines[:1]), encoding="utf8")  # same words, shuffled
    with pytest.raises(CheckpointError, match="not the same content"):
        distributed.Word2Vec(resume_from=ckpt)
