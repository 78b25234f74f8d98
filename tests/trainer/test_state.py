"""Checkpoint and resume of the layered Trainer: interrupted + resumed == uninterrupted, bit for bit."""
import os
import signal

import numpy as np
import pytest

from zero2vec.corpus import create_contexts_target
from zero2vec.errors import TrainingInterrupted
from zero2vec.models import CBOW, SkipGram
from zero2vec.optim import SGD, Adam
from zero2vec.trainer import Trainer
from zero2vec.errors import CheckpointError, ConfigError


def data(n=3000, V=40):
    corpus = np.random.default_rng(0).zipf(1.4, n).clip(1, V) - 1
    return corpus, *create_contexts_target(corpus, 2)


def fresh(cls=CBOW, opt=Adam):
    corpus, x, t = data()
    return Trainer(cls(40, 8, 2, corpus, seed=1), opt(), seed=2, progress=False), x, t


class StopAfter:
    """Wraps Trainer.step to deliver a signal after n steps (as Ctrl-C would)."""

    def __init__(self, trainer, n, signum=signal.SIGINT):
        self.trainer, self.n, self.signum, self.count = trainer, n, signum, 0
        self.orig = trainer.step
        trainer.step = self

    def __call__(self, *a, **k):
        out = self.orig(*a, **k)
        self.count += 1
        if self.count == self.n:
            os.kill(os.getpid(), self.signum)
        return out


@pytest.mark.parametrize("cls,opt", [(CBOW, Adam), (SkipGram, SGD)])
def test_interrupt_and_resume_is_bit_identical(tmp_path, cls, opt):
    ref, x, t = fresh(cls, opt)
    ref.fit(x, t, max_epoch=3, batch_size=64)

    ckpt = tmp_path / "run.ckpt"
    run, _, _ = fresh(cls, opt)
    StopAfter(run, 57)  # in the middle of epoch 2
    with pytest.raises(TrainingInterrupted) as e:
        run.fit(x, t, max_epoch=3, batch_size=64, checkpoint_path=ckpt)
    assert e.value.exit_code == 130 and ckpt.exists()

    resumed, _, _ = fresh(cls, opt)  # a new process would build the model afresh
    resumed.load_checkpoint(ckpt).fit(x, t, max_epoch=3, batch_size=64, checkpoint_path=ckpt)
    for a, b in zip(ref.shared.params, resumed.shared.params):
        np.testing.assert_array_equal(a, b)
    assert resumed.epoch_losses == ref.epoch_losses
    assert resumed.loss_list == ref.loss_list


def test_sigterm_exit_code_and_periodic_checkpoints(tmp_path):
    ckpt = tmp_path / "c.ckpt"
    run, x, t = fresh()
    StopAfter(run, 10, signal.SIGTERM)
    with pytest.raises(TrainingInterrupted) as e:
        run.fit(x, t, max_epoch=2, batch_size=64, checkpoint_path=ckpt, checkpoint_every=4)
    assert e.value.exit_code == 143
    assert [p.name for p in tmp_path.iterdir()] == ["c.ckpt"]  # no temp files left behind
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers restored


def test_mismatches_are_refused(tmp_path):
    ckpt = tmp_path / "c.ckpt"
    run, x, t = fresh()
    run.fit(x, t, max_epoch=1, batch_size=64, checkpoint_path=ckpt)
    other, _, _ = fresh(SkipGram)
    with pytest.raises(CheckpointError, match="checkpoint of a CBOW, not a SkipGram"):
        other.load_checkpoint(ckpt)
    sgd, _, _ = fresh(CBOW, SGD)
    with pytest.raises(CheckpointError, match="saved with Adam, resumed with SGD"):
        sgd.load_checkpoint(ckpt)
    again, _, _ = fresh()
    again.load_checkpoint(ckpt)
    with pytest.raises(CheckpointError, match="batch_size=64"):
        again.fit(x, t, max_epoch=1, batch_size=32)


@pytest.mark.parametrize("content", [b"", b"garbage", b"PK\x03\x04broken"])
def test_corrupt_checkpoint(tmp_path, content):
    p = tmp_path / "bad.ckpt"
    p.write_bytes(content)
    run, _, _ = fresh()
    with pytest.raises(CheckpointError, match="not a readable zero2vec checkpoint"):
        run.load_checkpoint(p)
    with pytest.raises(CheckpointError, match="no such checkpoint"):
        run.load_checkpoint(tmp_path / "missing.ckpt")


def test_truncated_checkpoint(tmp_path):
    ckpt = tmp_path / "c.ckpt"
    run, x, t = fresh()
    run.fit(x, t, max_epoch=1, batch_size=64, checkpoint_path=ckpt)
    data_ = ckpt.read_bytes()
    ckpt.write_bytes(data_[: len(data_) // 2])
    with pytest.raises(CheckpointError):
        fresh()[0].load_checkpoint(ckpt)


@pytest.mark.soak
def test_soak_interrupt_resume_five_times(tmp_path):
    ref, x, t = fresh()
    ref.fit(x, t, max_epoch=4, batch_size=64)
    ckpt = tmp_path / "soak.ckpt"
    rng = np.random.default_rng(123)
    total_steps = 4 * (len(x) // 64)
    done = 0
    for _ in range(5):
        run, _, _ = fresh()
        if ckpt.exists():
            run.load_checkpoint(ckpt)
        n = int(rng.integers(1, (total_steps - done) // 3))
        StopAfter(run, n)
        with pytest.raises(TrainingInterrupted):
            run.fit(x, t, max_epoch=4, batch_size=64, checkpoint_path=ckpt)
        done += n
    final, _, _ = fresh()
    final.load_checkpoint(ckpt).fit(x, t, max_epoch=4, batch_size=64)
    for a, b in zip(ref.shared.params, final.shared.params):
        np.testing.assert_array_equal(a, b)


def test_checkpoint_numbers_need_a_path():
    run, x, t = fresh()
    with pytest.raises(ConfigError, match="need a checkpoint_path"):
        run.fit(x, t, max_epoch=1, batch_size=64, checkpoint_every=4)
