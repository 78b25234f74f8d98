"""Native engine checkpoints: interrupted + resumed == uninterrupted (one thread, bit for bit)."""
import os
import signal

import numpy as np
import pytest

from zero2vec import Word2Vec
from zero2vec.errors import CheckpointError
from zero2vec.errors import TrainingInterrupted


@pytest.fixture
def corpus_file(tmp_path):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(200)]
    p = tmp_path / "c.txt"
    p.write_text("\n".join(" ".join(rng.choice(words, 15)) for _ in range(3000)))
    return p


def make(corpus_file, sg=0, hs=0, epochs=3):
    m = Word2Vec(vector_size=8, window=3, min_count=1, sg=sg, hs=hs, epochs=epochs, workers=1, seed=5,
                 progress=False)
    m.job_words = 2000  # many small jobs, so there is a middle to stop in
    return m.build_vocab(corpus_file=corpus_file)


class KillAt:
    """A callback that sends this process a signal after n progress reports (main thread)."""

    def __init__(self, n, sig=signal.SIGINT):
        self.n, self.sig, self.seen = n, sig, 0

    def on_epoch_end(self, model):
        self.seen += 1
        if self.seen == self.n:
            os.kill(os.getpid(), self.sig)


@pytest.mark.parametrize("sg,hs", [(0, 0), (1, 0), (1, 1)])
def test_resume_is_bit_identical(tmp_path, corpus_file, sg, hs):
    ref = make(corpus_file, sg, hs).train()
    ckpt = tmp_path / "run.ckpt"
    run = make(corpus_file, sg, hs)
    with pytest.raises(TrainingInterrupted) as e:
        run.train(checkpoint_path=ckpt, callbacks=[KillAt(1)])
    assert e.value.exit_code == 130
    resumed = Word2Vec.load_checkpoint(ckpt)
    assert resumed.job_words == 2000  # restored from the checkpoint (the default is 65536)
    resumed.train(checkpoint_path=ckpt)
    for a, b in zip(ref.params, resumed.params):
        np.testing.assert_array_equal(a, b)
    assert resumed.loss_history == ref.loss_history


def test_mid_epoch_checkpoints_and_sigterm(tmp_path, corpus_file):
    ref = make(corpus_file).train()
    ckpt = tmp_path / "c.ckpt"
    run = make(corpus_file)

    class Mid:
        def __init__(self):
            self.calls = 0

        def on_progress(self, model, info):
            self.calls += 1
            if self.calls == 3:
                os.kill(os.getpid(), signal.SIGTERM)

    with pytest.raises(TrainingInterrupted) as e:
        run.train(checkpoint_path=ckpt, checkpoint_every=2, callbacks=[Mid()], report_delay=0.0)
    assert e.value.exit_code == 143
    resumed = Word2Vec.load_checkpoint(ckpt)
    assert resumed._resume.epoch < 3
    resumed.train()
    for a, b in zip(ref.params, resumed.params):
        np.testing.assert_array_equal(a, b)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_bad_checkpoints(tmp_path, corpus_file):
    bad = tmp_path / "bad.ckpt"
    bad.write_bytes(b"nonsense")
    with pytest.raises(CheckpointError, match="not a readable"):
        Word2Vec.load_checkpoint(bad)
    ckpt = tmp_path / "ok.ckpt"
    make(corpus_file).train(checkpoint_path=ckpt)
    corpus_file.write_text("w1 w2 w3\n" * 10)
    with pytest.raises(CheckpointError, match="it changed"):
        Word2Vec.load_checkpoint(ckpt)


def test_layered_checkpoint_is_refused(tmp_path):
    from zero2vec.corpus import create_contexts_target
    from zero2vec.models import CBOW
    from zero2vec.optim import SGD
    from zero2vec.trainer import Trainer

    corpus = np.arange(200) % 17
    x, t = create_contexts_target(corpus, 2)
    p = tmp_path / "layers.ckpt"
    Trainer(CBOW(17, 4, 2, corpus), SGD(), progress=False).fit(x, t, 1, 20, checkpoint_path=p)
    with pytest.raises(CheckpointError, match="not a zero2vec-native-checkpoint"):
        Word2Vec.load_checkpoint(p)


def test_divergence_stops_with_epoch_and_rate(tmp_path, corpus_file):
    from zero2vec.errors import TrainingDivergedError

    ckpt = tmp_path / "good.ckpt"
    m = make(corpus_file)
    m.train(checkpoint_path=ckpt)
    good = ckpt.read_bytes()
    m.W_in[:] = np.inf  # as if the learning rate had blown the weights up
    with pytest.raises(TrainingDivergedError, match=r"epoch 1, job 1 of .*learning rate about"):
        m.train(checkpoint_path=ckpt)
    assert ckpt.read_bytes() == good  # the last good checkpoint is untouched


def test_model_too_big_for_memory_is_refused_before_allocating(corpus_file, monkeypatch):
    import zero2vec._memory as memory
    from zero2vec.errors import MemoryLimitError

    monkeypatch.setattr(memory, "available_memory", lambda: 1_000_000)  # a 1 MB machine
    with pytest.raises(MemoryLimitError, match=r"the model \(2 x 200 x 1000 float32\).*min_count"):
        Word2Vec(corpus_file=corpus_file, min_count=1, vector_size=1000)


@pytest.mark.soak
def test_soak_interrupt_resume_five_times(tmp_path, corpus_file):
    ref = make(corpus_file, epochs=8).train()
    ckpt = tmp_path / "soak.ckpt"
    rng = np.random.default_rng(7)
    for i in range(5):  # each time: stop after 1 epoch end, or in the middle of the next epoch
        run = Word2Vec.load_checkpoint(ckpt) if i else make(corpus_file, epochs=8)
        mid = bool(rng.integers(0, 2))
        with pytest.raises(TrainingInterrupted):
            run.train(checkpoint_path=ckpt, checkpoint_every=3 if mid else None,
                      callbacks=[KillAt(1)])
    final = Word2Vec.load_checkpoint(ckpt).train()
    for a, b in zip(ref.params, final.params):
        np.testing.assert_array_equal(a, b)
    assert final.loss_history == ref.loss_history


def test_resume_with_other_jobs_is_a_checkpoint_error(tmp_path, corpus_file, mid_epoch_checkpoint):
    import threading

    resumed = Word2Vec.load_checkpoint(mid_epoch_checkpoint(make(corpus_file), tmp_path))
    assert resumed._resume.epoch == 0 and resumed._resume.job > 0
    resumed.job_words = 1000
    threads = threading.active_count()
    with pytest.raises(CheckpointError, match="jobs of 1,000 words.*job_words it was saved with"):
        resumed.train()
    assert threading.active_count() == threads  # refused before any worker started


def test_checkpoint_names_the_corpus_trained(tmp_path, corpus_file):
    """train(corpus_file=other) recorded build_vocab's file: a resume read the wrong corpus."""
    half = tmp_path / "half.txt"
    half.write_text("\n".join(corpus_file.read_text().splitlines()[:1500]))
    ckpt = tmp_path / "c.ckpt"
    make(corpus_file).train(corpus_file=half, checkpoint_path=ckpt)
    assert Word2Vec.load_checkpoint(ckpt).corpus_count == 1500


def test_a_resumed_run_keeps_the_lock_factors(tmp_path):
    """gensim's vectors_lockf is part of a run: a checkpoint keeps it, a resume honours it."""
    S = [["a", "b", "c", "d", "a", "c"]] * 300
    m = Word2Vec(vector_size=4, min_count=1, epochs=2, workers=1, sample=0).build_vocab(S)
    m.wv.vectors_lockf = np.ones(len(m.wv), dtype=np.float32)
    m.wv.vectors_lockf[0] = 0.0
    frozen = m.W_in[0].copy()
    m.train(checkpoint_path=tmp_path / "run.ckpt")
    resumed = Word2Vec.load_checkpoint(tmp_path / "run.ckpt", sentences=S)
    assert resumed.wv.vectors_lockf[0] == 0.0 and resumed.wv.vectors_lockf[1] == 1.0
    resumed.train(epochs=1)
    assert np.array_equal(resumed.W_in[0], frozen)


def test_a_checkpoint_written_before_distributed_runs_still_resumes(tmp_path, corpus_file):
    from zero2vec import _npzfile
    from zero2vec.engine import state

    ckpt = tmp_path / "old.ckpt"
    make(corpus_file, epochs=1).train(checkpoint_path=ckpt)
    header, arrays = _npzfile.read(ckpt, state.FORMAT, state.VERSION)
    assert header.pop("distributed") is None  # a single machine's plan: none
    _npzfile.write(ckpt, header, arrays)  # as version 2 wrote it before the field existed
    model = Word2Vec.load_checkpoint(ckpt)
    assert model.vocab is not None and model.epochs == 1
    header["distributed"] = {"files": ["a"]}
    _npzfile.write(ckpt, header, arrays)
    with pytest.raises(CheckpointError, match="written by a distributed run"):
        Word2Vec.load_checkpoint(ckpt)
