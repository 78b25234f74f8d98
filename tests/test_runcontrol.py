"""The run control both engines share: its numbers, when a checkpoint is due, signals."""
import math
import os
import signal

import numpy as np
import pytest

from zero2vec import _runcontrol
from zero2vec._runcontrol import RunControl
from zero2vec.errors import ConfigError, TrainingInterrupted


def control(tmp_path, written, **kw):
    return RunControl(tmp_path / "c.ckpt", write=lambda path, state: written.append(state), **kw)


@pytest.mark.parametrize("every", [0, -1, 2.5, True, "3"])
def test_every_must_be_a_positive_int(tmp_path, every):
    with pytest.raises(ConfigError, match="checkpoint_every must be a positive integer"):
        control(tmp_path, [], every=every)


@pytest.mark.parametrize("minutes", [0, -1, math.nan, math.inf, "5", True])
def test_minutes_must_be_finite_and_positive(tmp_path, minutes):
    with pytest.raises(ConfigError, match="checkpoint_minutes must be a"):
        control(tmp_path, [], minutes=minutes)


def test_numbers_without_a_path_are_refused():
    with pytest.raises(ConfigError, match="need a checkpoint_path"):
        RunControl(None, every=10, write=print)


def test_every_n_steps_since_the_last_checkpoint(tmp_path):
    written = []
    with control(tmp_path, written, every=3) as run:
        for step in range(8):  # as the trainers do: ask before each step
            if run.due():
                run.checkpoint(step)
            run.step_done()
    assert written == [3, 6]


def test_every_m_minutes(tmp_path, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(_runcontrol.time, "monotonic", lambda: now[0])
    written = []
    with control(tmp_path, written, minutes=0.5) as run:
        now[0] += 29
        assert not run.due()
        now[0] += 1
        assert run.due()
        run.checkpoint("s")
        assert not run.due() and written == ["s"]


def test_a_signal_is_due_then_interrupts_after_the_checkpoint(tmp_path):
    written = []
    before = signal.getsignal(signal.SIGTERM)
    with control(tmp_path, written) as run:
        assert not run.due()
        os.kill(os.getpid(), signal.SIGTERM)
        assert run.due()
        with pytest.raises(TrainingInterrupted) as e:
            run.checkpoint("state")
        assert written == ["state"] and e.value.exit_code == 128 + signal.SIGTERM
        assert e.value.checkpoint_path == tmp_path / "c.ckpt"
    assert signal.getsignal(signal.SIGTERM) is before  # handlers put back


def test_finish_writes_and_does_not_interrupt(tmp_path):
    written = []
    with control(tmp_path, written) as run:
        os.kill(os.getpid(), signal.SIGINT)
        run.finish("end")
    assert written == ["end"]


def test_without_a_path_nothing_is_caught_or_due():
    before = signal.getsignal(signal.SIGINT)
    with RunControl(None, write=print) as run:
        assert signal.getsignal(signal.SIGINT) is before
        run.step_done(10 ** 9)
        assert not run.due()
        run.finish("end")  # writes nothing (print would show it)


def test_both_engines_refuse_bad_numbers(tmp_path):
    from zero2vec import Word2Vec
    from zero2vec.corpus import create_contexts_target
    from zero2vec.models import CBOW
    from zero2vec.optim import SGD
    from zero2vec.trainer import Trainer

    corpus = np.arange(200) % 17
    x, t = create_contexts_target(corpus, 2)
    trainer = Trainer(CBOW(17, 4, 2, corpus), SGD(), progress=False)
    model = Word2Vec([["a", "b", "c"]] * 20, min_count=1, vector_size=4, epochs=1, workers=1,
                     progress=False)
    for kw in ({"checkpoint_every": -1}, {"checkpoint_minutes": -1}, {"checkpoint_minutes": math.nan}):
        with pytest.raises(ConfigError, match="checkpoint_"):
            trainer.fit(x, t, 1, 20, checkpoint_path=tmp_path / "l.ckpt", **kw)
        with pytest.raises(ConfigError, match="checkpoint_"):
            model.train(checkpoint_path=tmp_path / "n.ckpt", **kw)
    assert not (tmp_path / "l.ckpt").exists() and not (tmp_path / "n.ckpt").exists()


def test_a_signal_in_a_deferred_block_acts_after_it():
    steps = []
    with pytest.raises(TrainingInterrupted):
        with _runcontrol.signals_raise(lambda sig: TrainingInterrupted(sig, "x.ckpt", doing="saving")):
            with _runcontrol.signals_deferred():
                os.kill(os.getpid(), signal.SIGINT)
                steps.append("drawn")  # the step runs to its end
            steps.append("after")     # never: the signal acts as the block ends
    assert steps == ["drawn"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_signal_while_the_loss_plot_is_drawn_stops_after_it(tmp_path, monkeypatch):
    """matplotlib cut by an exception mid-draw raised 'Invalid bounding box' (a random-point
    fault test found it): the plot is finished first, then the run stops as 'saving'."""
    import zero2vec.vectors.plot as plot
    from zero2vec.job import TrainJob, run

    c = tmp_path / "c.txt"
    c.write_text("the king met the queen in tokyo and paris\n" * 100)
    real, drawn = plot.plot_loss, []

    def plot_with_a_signal(*a, **kw):
        os.kill(os.getpid(), signal.SIGINT)
        out = real(*a, **kw)
        drawn.append(out)
        return out
    monkeypatch.setattr(plot, "plot_loss", plot_with_a_signal)
    job = TrainJob(corpus=c, output=tmp_path / "v.txt", vector_size=4, window=2, min_count=1,
                   epochs=1, workers=1, progress=False)
    with pytest.raises(TrainingInterrupted, match="saving interrupted"):
        run(job)
    assert drawn and (tmp_path / "v.txt.loss.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "v.txt.ckpt").exists()  # the finished run, to --resume
