"""The training job in the library: checked when made, run without the CLI."""
from __future__ import annotations

import json

import pytest

from zero2vec.errors import ConfigError, CorpusError, OutputError
from zero2vec.job import TrainJob, run
from zero2vec.vectors import load


@pytest.fixture
def corpus(tmp_path):
    p = tmp_path / "c.txt"
    p.write_text("the king met the queen in tokyo and paris\n" * 200)
    return p


SMALL = dict(vector_size=8, window=2, min_count=1, epochs=1, workers=1)


@pytest.mark.parametrize("kw, msg", [
    (dict(engine="gpu"), "engine must be one of"), (dict(method="lsa"), "method must be one of"),
    (dict(sg=2), "sg must be one of 0, 1"), (dict(format="xml"), "format must be one of"),
    (dict(engine="layers", hs=1), "needs the native engine"), (dict(seed=-1), "seed must be"),
    (dict(method="ppmi-svd", resume="x.ckpt"), "resume applies to word2vec training"),
])
def test_bad_settings_fail_when_the_job_is_made(tmp_path, kw, msg):
    with pytest.raises(ConfigError, match=msg):
        TrainJob(corpus=tmp_path / "c.txt", output=tmp_path / "v.txt", **kw)


@pytest.mark.parametrize("engine", ["native", "layers"])
def test_run_writes_every_output_and_returns_the_model(corpus, tmp_path, engine):
    job = TrainJob(corpus=corpus, output=tmp_path / "v.bin", engine=engine,
                   save_vocab=tmp_path / "vocab.txt", batch_size=10, **SMALL)
    assert job.resolved_format == "word2vec-bin"  # from the name
    res = run(job)
    assert [p.name for p in res.written] == ["v.bin", "vocab.txt", "v.bin.loss.png", "v.bin.json"]
    assert all(p.exists() for p in res.written)
    assert not (tmp_path / "v.bin.ckpt").exists()  # the default checkpoint goes once all is written
    assert load(tmp_path / "v.bin").index_to_key == res.wv.index_to_key
    summary = json.loads((tmp_path / "v.bin.json").read_text())
    assert summary["params"]["vector_size"] == 8 and summary["engine"] == engine
    assert summary["loss_history"] == res.loss_history and len(res.loss_history) >= 1
    assert (tmp_path / "vocab.txt").read_text().split("\n")[0] == "the 400"


def test_run_checks_files_before_any_work(corpus, tmp_path, monkeypatch):
    from zero2vec import job as job_module

    def no_training(*args):
        raise AssertionError("trained before checking the files")
    monkeypatch.setattr(job_module, "train", no_training)  # (the trainer dispatch, _jobtrain)
    with pytest.raises(CorpusError, match="no such corpus file"):
        run(TrainJob(corpus=tmp_path / "missing.txt", output=tmp_path / "v.txt"))
    with pytest.raises(OutputError, match="it is the corpus file"):
        run(TrainJob(corpus=corpus, output=corpus))
    with pytest.raises(OutputError, match="folder .* does not exist"):
        run(TrainJob(corpus=corpus, output=tmp_path / "no" / "v.txt", **SMALL))


def test_settings_the_layers_engine_ignores_are_noted(corpus, tmp_path):
    notes = []
    job = TrainJob(corpus=corpus, output=tmp_path / "v.txt", engine="layers", sample=1e-5,
                   alpha=0.1, batch_size=10, plot=False, **{**SMALL, "workers": None})
    assert job.unused_settings() == ["sample", "alpha"]
    run(job, note=notes.append)
    assert [n.split()[0] for n in notes] == ["sample", "alpha"]
    assert not (tmp_path / "v.txt.loss.png").exists()


def test_notes_are_warnings_by_default(corpus, tmp_path):
    job = TrainJob(corpus=corpus, output=tmp_path / "v.txt", engine="layers", sample=1e-5,
                   batch_size=10, plot=False, **{**SMALL, "workers": None})
    with pytest.warns(UserWarning, match="sample is not used by the layers engine"):
        run(job)


@pytest.mark.parametrize("engine, sg", [("native", 0), ("native", 1), ("layers", 0), ("layers", 1)])
def test_one_loss_quantity_in_bar_plot_and_summary(corpus, tmp_path, monkeypatch, engine, sg):
    """Per epoch, the mean loss per word: what the bar shows last in each epoch is what the
    summary and the plot hold; the plot's title names the architecture."""
    import zero2vec.vectors.plot as plot
    from zero2vec import _progress

    shown, plotted = [], {}
    real_update = _progress.TrainingBar.update

    def update(self, done, epoch, loss, lr=None):
        shown.append((epoch, loss))
        real_update(self, done, epoch, loss, lr)
    monkeypatch.setattr(_progress.TrainingBar, "update", update)
    monkeypatch.setattr(plot, "plot_loss", lambda loss, path, **kw: plotted.update(loss=loss, **kw)
                        or path.write_bytes(b""))
    job = TrainJob(corpus=corpus, output=tmp_path / "v.txt", engine=engine, sg=sg, batch_size=10,
                   progress=True, **{**SMALL, "epochs": 3})
    res = run(job)
    summary = json.loads((tmp_path / "v.txt.json").read_text())
    assert len(summary["loss_history"]) == 3 and summary["loss_unit"] == "mean loss per word"
    last_shown = {}
    for epoch, loss in shown:
        last_shown[epoch] = loss
    assert [round(last_shown[e], 4) for e in (1, 2, 3)] == [round(v, 4) for v in summary["loss_history"]]
    assert plotted["loss"] == summary["loss_history"] == res.loss_history
    assert plotted["ylabel"] == "mean loss per word"
    assert ("skip-gram" if sg else "CBOW") in plotted["title"] and engine in plotted["title"]
    if engine == "native":  # the engine's own sums are kept too (gensim's quantity)
        words = int(res.wv.counts.sum())
        assert summary["loss_sums"] == res.model.loss_history
        assert summary["loss_history"] == [s / words for s in res.model.loss_history]
