"""The training observer: both engines report through job.run without being stopped."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.errors import ConfigError
from zero2vec.job import TrainJob, run
from zero2vec.serve.live import LiveRun, default_watch, watch_neighbours, weight_drift


class Recorder:
    """An observer that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def begin(self, wv, model, engine, epochs):
        self.calls.append(("begin", engine, epochs, wv.vectors is model.word_vecs
                           if engine == "layers" else wv is model.wv))

    def progress(self, *args):
        self.calls.append(("progress", *args))

    def epoch_end(self, epoch, loss):
        self.calls.append(("epoch_end", epoch, loss))

    def end(self, error):
        self.calls.append(("end", error))


@pytest.mark.parametrize("engine", ["native", "layers"])
def test_job_run_reports_to_the_observer(corpus, tmp_path, engine):
    rec = Recorder()
    result = run(TrainJob(corpus=corpus, output=tmp_path / "v.txt", engine=engine, epochs=3,
                          min_count=1, vector_size=8, plot=False, progress=False), observer=rec)
    kinds = [c[0] for c in rec.calls]
    assert rec.calls[0] == ("begin", engine, 3, True)  # wv.vectors is the live W_in
    assert kinds[-1] == "end" and rec.calls[-1][1] is None
    epochs = [c for c in rec.calls if c[0] == "epoch_end"]
    assert [e[1] for e in epochs] == [1, 2, 3]
    np.testing.assert_allclose([e[2] for e in epochs],
                               result.model.trainer.epoch_losses if engine == "layers" else result.loss_history)
    if engine == "layers":  # every eval_interval steps: (step, loss, words/s, lr, epoch, fraction)
        steps = [c for c in rec.calls if c[0] == "progress"]
        assert steps and all(c[4] == 0.001 and 0 < c[6] <= 1 for c in steps)
        assert [c[2] for c in steps] == pytest.approx(result.model.loss_history)  # per interval


def test_an_error_ends_the_observer_with_it(corpus, tmp_path):
    rec = Recorder()
    with pytest.raises(Exception):
        run(TrainJob(corpus=corpus, output=tmp_path / "v.txt", engine="layers", epochs=1,
                     min_count=1, vector_size=8, plot=False, progress=False, batch_size=10 ** 7),
            observer=rec)
    assert rec.calls[-1][0] == "end" and rec.calls[-1][1] is not None


def test_live_run_on_the_layered_model_shows_sharing_and_drift(corpus, tmp_path):
    live = LiveRun(watch=["king", "nope"], interval=0)
    result = run(TrainJob(corpus=corpus, output=tmp_path / "v.txt", engine="layers", epochs=2,
                          min_count=1, vector_size=8, plot=False, progress=False), observer=live)
    _, s = live.snapshot()
    assert s["status"] == "finished" and s["engine"] == "layers" and len(s["epoch_losses"]) == 2
    assert s["watch"] == ["king"] and s["unknown_watch"] == ["nope"]
    assert [w for w, _ in s["neighbours"]["king"]] == [w for w, _ in result.wv.most_similar("king", topn=8)]
    model = result.model.model
    word_vecs = [r for r in s["sharing"] if r["is_word_vecs"]]
    assert len(word_vecs) == 1 and word_vecs[0]["id"] == hex(id(model.word_vecs))
    assert word_vecs[0]["count"] == 2 * 5  # CBOW: one W_in held by 2*window Embeddings
    assert s["drift"]["norm"] > 0 and s["drift"]["rows_touched"] == len(result.wv)
    assert s["steps"] and s["words_per_s"] > 0 and s["lr"] == 0.001


def test_live_run_on_the_native_engine(corpus, tmp_path):
    live = LiveRun(interval=0)
    run(TrainJob(corpus=corpus, output=tmp_path / "v.txt", epochs=2, min_count=1, vector_size=8,
                 plot=False, progress=False, workers=1), observer=live)
    _, s = live.snapshot()
    assert s["status"] == "finished" and s["engine"] == "native" and len(s["epoch_losses"]) == 2
    assert s["watch"] and set(s["neighbours"]) == set(s["watch"])
    assert s["sharing"] is None and s["drift"] is None  # the panel is the layered models'


def test_watch_words_are_checked(wv):
    live = LiveRun()
    live.begin(wv, None, "native", 1)
    assert live.snapshot()[1]["watch"] == default_watch(wv)
    with pytest.raises(ConfigError, match="1 to 12"):
        live.set_watch([])
    with pytest.raises(ConfigError, match="not in the vocabulary: nope"):
        live.set_watch(["king", "nope"])
    v0 = live.snapshot()[0]
    assert live.set_watch(["queen", "queen"]) == ["queen"]
    assert live.wait(v0, 1.0) > v0


def test_watch_neighbours_match_most_similar(wv):
    got = watch_neighbours(wv, ["king", "東京"], 5)
    for w in ("king", "東京"):
        expected = wv.most_similar(w, topn=5)
        assert [x for x, _ in got[w]] == [x for x, _ in expected]
        np.testing.assert_allclose([s for _, s in got[w]], [s for _, s in expected], atol=1e-4)


def test_weight_drift():
    w0 = np.zeros((40000, 3), dtype=np.float32)  # more rows than one block
    w = w0.copy()
    w[5] = [3, 4, 0]
    w[39999, 0] = 1
    d = weight_drift(w, w0)
    assert d["norm"] == pytest.approx(np.sqrt(26)) and d["rows_touched"] == 2 and d["rows"] == 40000


def test_snapshots_are_taken_off_the_training_thread(wv, monkeypatch):
    """progress() only records: the neighbours are computed on the live thread, and a
    slow one does not hold training up; end() takes the last one of the final weights."""
    import threading

    import zero2vec.serve.live as live_mod

    release, computed_on = threading.Event(), []

    def slow_neighbours(wv_, words, topn):
        computed_on.append(threading.current_thread().name)
        if threading.current_thread().name == "zero2vec-live":
            release.wait(10)
        return {w: [] for w in words}

    monkeypatch.setattr(live_mod, "watch_neighbours", slow_neighbours)
    live = LiveRun(watch=["king"], interval=0)
    live.begin(wv, None, "native", 1)
    for step in range(50):  # would take 50 x 10 s on this thread
        live.progress(step, 1.0, 1000.0, 0.025, 1, step / 50)
    for _ in range(100):  # the live thread is inside its (held) computation
        if computed_on:
            break
        live.wait(live.snapshot()[0], 0.1)
    assert computed_on == ["zero2vec-live"] and len(live.snapshot()[1]["steps"]) == 50
    release.set()
    live.end()
    assert computed_on[0] == "zero2vec-live" and computed_on[-1] == threading.current_thread().name
    assert not live._thread.is_alive() and live.snapshot()[1]["status"] == "finished"


def test_a_failed_snapshot_is_reported_and_training_goes_on(wv, monkeypatch):
    import zero2vec.serve.live as live_mod

    def broken(*args):
        raise RuntimeError("no neighbours today")

    monkeypatch.setattr(live_mod, "watch_neighbours", broken)
    live = LiveRun(interval=0)
    live.begin(wv, None, "native", 1)
    live.wait(live.snapshot()[0], 0)
    for _ in range(100):
        if live.snapshot()[1]["snapshot_error"]:
            break
        live.wait(live.snapshot()[0], 0.1)
    assert live.snapshot()[1]["snapshot_error"] == "RuntimeError: no neighbours today"
    live.progress(1, 1.0, 1000.0, 0.025, 1, 0.5)  # still records
    assert live.snapshot()[1]["steps"] == [[1, 1.0]]
    monkeypatch.setattr(live_mod, "watch_neighbours", watch_neighbours)
    live.end()  # a snapshot that works clears the error
    assert live.snapshot()[1]["snapshot_error"] is None and live.snapshot()[1]["neighbours"]


def test_watch_words_set_after_training_are_computed_at_once(wv):
    live = LiveRun(watch=["king"], interval=3600)
    live.begin(wv, None, "native", 1)
    live.end()
    assert live.set_watch(["queen"]) == ["queen"]
    assert list(live.snapshot()[1]["neighbours"]) == ["queen"]  # no snapshot thread to wait for
