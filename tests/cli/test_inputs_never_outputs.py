"""Issue 17's data-loss cases: an output never overwrites an input, and a signal during the
final save leaves the finished run's checkpoint (never neither the vectors nor a checkpoint)."""
from __future__ import annotations

import hashlib
import os
import signal

import pytest

from zero2vec import job as job_module


def digest(p) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


TRAIN = ["--size", "8", "--window", "2", "--min-count", "1", "--iter", "1", "--threads", "1",
         "--quiet", "--no-plot"]


@pytest.mark.parametrize("corpus_name, make_args", [
    ("corpus.txt", lambda c, d: ["-o", c]),                               # vectors
    ("corpus.txt", lambda c, d: ["-o", d / "v.txt", "--save-vocab", c]),  # vocabulary
    ("corpus.txt", lambda c, d: ["-o", d / "v.txt", "--checkpoint", c]),  # checkpoint
    ("v.txt.json", lambda c, d: ["-o", d / "v.txt"]),                     # run summary OUTPUT.json
    ("v.txt.loss.png", lambda c, d: ["-o", d / "v.txt", "--plot"]),       # loss plot
], ids=["vectors", "vocab", "checkpoint", "summary", "plot"])
def test_train_refuses_to_overwrite_the_corpus(run, corpus, tmp_path, corpus_name, make_args):
    corpus = corpus.rename(tmp_path / corpus_name)
    args = make_args(corpus, tmp_path)
    train = TRAIN if "--plot" not in args else [a for a in TRAIN if a != "--no-plot"]
    args = [a for a in args if a != "--plot"]
    before = digest(corpus)
    r = run("train", corpus, *args, *train)
    assert r.code == 1, r.err
    assert "refusing to write" in r.err and "it is the corpus file" in r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert digest(corpus) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [corpus.name]  # nothing written


def test_links_to_the_corpus_are_caught(run, corpus, tmp_path):
    os.link(corpus, tmp_path / "hard.txt")
    os.symlink(corpus, tmp_path / "soft.txt")
    before = digest(corpus)
    for name in ("hard.txt", "soft.txt"):
        r = run("train", corpus, "-o", tmp_path / name, *TRAIN)
        assert r.code == 1 and "it is the corpus file" in r.err
    assert digest(corpus) == before


def test_two_outputs_on_one_path(run, corpus, tmp_path):
    r = run("train", corpus, "-o", tmp_path / "v.txt", "--save-vocab", tmp_path / "v.txt", *TRAIN)
    assert r.code == 1 and "are the same file" in r.err


def test_convert_and_plot_refuse_their_input(run, vec_file, tmp_path):
    before = digest(vec_file)
    r = run("convert", vec_file, vec_file, "--to", "word2vec-bin", "-q")
    assert r.code == 1 and "it is the input vectors" in r.err
    r = run("plot", "words", vec_file, "king", "queen", "-o", vec_file, "-q")
    assert r.code == 1 and "it is the vectors" in r.err
    r = run("evaluate", vec_file, "-p", vec_file, "--json", vec_file, "-q")
    assert r.code == 1 and "refusing to write the scores" in r.err
    assert digest(vec_file) == before


def test_resuming_a_checkpoint_in_place_is_allowed(run, corpus, tmp_path):
    ck = tmp_path / "run.ckpt"
    assert run("train", corpus, "-o", tmp_path / "a.txt", "--checkpoint", ck, *TRAIN).code == 0
    r = run("train", corpus, "-o", tmp_path / "b.txt", "--checkpoint", ck, "--resume", ck, *TRAIN)
    assert r.code == 0, r.err


@pytest.mark.parametrize("engine", ["native", "layers"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_during_the_final_save_keeps_the_checkpoint(run, corpus, tmp_path, monkeypatch,
                                                          engine, sig):
    out = tmp_path / "v.txt"
    args = ["--engine", engine, *TRAIN]
    assert run("train", corpus, "-o", tmp_path / "ref.txt", *args).code == 0
    real_save = job_module.save_vectors

    def save_then_signal(wv, target, *a, **kw):
        real_save(wv, target, *a, **kw)   # the vectors' temporary is written...
        os.kill(os.getpid(), sig)         # ...and the signal comes before the summary

    class Unhandled(Exception):
        pass

    def unhandled(signum, frame):  # reached only if the save does not handle the signal
        raise Unhandled(signum)

    monkeypatch.setattr(job_module, "save_vectors", save_then_signal)
    old = signal.signal(sig, unhandled)
    try:
        r = run("train", corpus, "-o", out, *args)
    finally:
        signal.signal(sig, old)
    assert r.code == 128 + sig, r.err
    assert "saving interrupted by" in r.err and "--resume" in r.err
    ckpt = tmp_path / "v.txt.ckpt"
    assert ckpt.exists()          # the finished run is kept...
    assert not (tmp_path / "v.txt.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # ...and nothing half-written

    monkeypatch.setattr(job_module, "save_vectors", real_save)
    r = run("train", corpus, "-o", out, "--resume", ckpt, *args)
    assert r.code == 0, r.err
    assert out.read_text() == (tmp_path / "ref.txt").read_text()
    assert (tmp_path / "v.txt.json").exists() and not ckpt.exists()
