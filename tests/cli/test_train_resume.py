"""``zero2vec train --engine layers``: Ctrl-C writes a checkpoint (exit 130); --resume finishes the
run with the same vectors as an uninterrupted one."""
import signal
import subprocess
import sys
import time

import numpy as np
import pytest


def corpus(tmp_path):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(300)]
    p = tmp_path / "c.txt"
    p.write_text("\n".join(" ".join(rng.choice(words, 20, p=None)) for _ in range(1500)))
    return p


ENGINE_ARGS = {  # enough epochs that the run is still training when the signal comes
    "layers": ["--engine", "layers", "--iter", "3", "--batch-size", "20", "--checkpoint-every", "200"],
    "native": ["--engine", "native", "--iter", "100", "--threads", "1", "--checkpoint-every", "1"],
}


def cmd(c, out, engine, *extra):
    return [sys.executable, "-m", "zero2vec", "train", str(c), "-o", str(out), "--size", "16",
            "--window", "2", "--min-count", "1", "--quiet", "--no-plot",
            *ENGINE_ARGS[engine], *extra]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["layers", "native"])
def test_sigint_checkpoint_and_resume(tmp_path, engine):
    c = corpus(tmp_path)
    subprocess.run(cmd(c, tmp_path / "ref.txt", engine), check=True, timeout=600)
    assert not (tmp_path / "ref.txt.ckpt").exists()  # the default checkpoint goes once done

    ckpt = tmp_path / "run.ckpt"
    proc = subprocess.Popen(cmd(c, tmp_path / "run.txt", engine, "--checkpoint", str(ckpt)),
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while not ckpt.exists() and time.time() < deadline:  # training is under way
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, (proc.returncode, err)
    assert "interrupted by SIGINT; checkpoint written to" in err
    assert f"resume with: zero2vec train --resume {ckpt}" in err  # the exact command
    assert not (tmp_path / "run.txt").exists()  # no half-finished output

    # that command alone: the corpus, the output and the settings are the checkpoint's
    subprocess.run([sys.executable, "-m", "zero2vec", "train", "--resume", str(ckpt), "--quiet"],
                   check=True, timeout=600, cwd=tmp_path)
    assert (tmp_path / "run.txt").read_text() == (tmp_path / "ref.txt").read_text()

def test_regex_tokenizer_flag(tmp_path, run):
    c = tmp_path / "c.txt"
    c.write_text("Hello, world! Hello again, world.\n" * 30)
    out = tmp_path / "v.txt"
    r = run("train", c, "-o", out, "--engine", "layers", "--tokenizer", "regex", "--size", "4",
            "--window", "1", "--iter", "1", "--min-count", "1", "--batch-size", "8", "--quiet",
            "--no-plot")
    assert r.code == 0, r.err
    words = {line.split()[0] for line in out.read_text().splitlines()[1:]}
    assert "," not in words and "Hello," not in words and {"Hello", "world"} <= words


def small(tmp_path, engine, *extra):
    c = corpus(tmp_path)
    args = ["train", c, "--size", "8", "--window", "2", "--min-count", "1", "--iter", "1",
            "--quiet", "--no-plot", "--engine", engine, "--seed", "3", *extra]
    return c, args


@pytest.mark.parametrize("engine", ["layers", "native"])
def test_resume_with_other_settings_is_refused(run, tmp_path, engine):
    c, args = small(tmp_path, engine)
    ckpt = tmp_path / "k.ckpt"
    assert run(*args, "-o", tmp_path / "a.txt", "--checkpoint", ckpt).code == 0
    r = run("train", "--resume", ckpt, "--size", "50", "--cbow", "0", "--quiet")
    assert r.code == 1
    assert "--cbow 1, --size 8" in r.err and "--cbow 0, --size 50" in r.err, r.err
    assert not (tmp_path / "a.txt.json").read_text() == ""  # the first run's files untouched


@pytest.mark.parametrize("engine", ["layers", "native"])
def test_resume_alone_takes_the_checkpoints_job_and_records_it(run, tmp_path, engine):
    import json

    c, args = small(tmp_path, engine)
    ckpt = tmp_path / "k.ckpt"
    assert run(*args, "-o", tmp_path / "a.txt", "--checkpoint", ckpt).code == 0
    # the same settings given again, and a new output: fine
    r = run("train", "--resume", ckpt, "-o", tmp_path / "b.txt", "--size", "8", "--quiet")
    assert r.code == 0, r.err
    params = json.loads((tmp_path / "b.txt.json").read_text())["params"]
    assert (params["vector_size"], params["window"], params["seed"]) == (8, 2, 3)
    assert params["workers"] is not None  # the effective value, not null
    if engine == "native":
        assert params["alpha"] == 0.05
    r = run("train", "--resume", ckpt, "--quiet")  # corpus and output from the checkpoint
    assert r.code == 0, r.err


def test_resume_without_a_record_needs_corpus_and_output(run, tmp_path):
    c, args = small(tmp_path, "native")
    ckpt = tmp_path / "k.ckpt"
    assert run(*args, "-o", tmp_path / "a.txt", "--checkpoint", ckpt).code == 0
    (tmp_path / "k.ckpt.job.json").unlink()  # e.g. a checkpoint of Word2Vec.train()
    r = run("train", "--resume", ckpt, "--quiet")
    assert r.code == 1 and "give CORPUS and --output" in r.err
    assert run("train", c, "-o", tmp_path / "b.txt", "--resume", ckpt, "--quiet").code == 0


def test_default_checkpoint_and_record_go_once_done(run, tmp_path):
    c, args = small(tmp_path, "native")
    assert run(*args, "-o", tmp_path / "a.txt").code == 0
    assert not (tmp_path / "a.txt.ckpt").exists() and not (tmp_path / "a.txt.ckpt.job.json").exists()


def test_resume_hint_names_the_command(tmp_path):
    from zero2vec.cli.main import resume_hint

    ckpt = tmp_path / "my run.ckpt"
    assert resume_hint(ckpt) == ""  # no record: nothing to promise
    (tmp_path / "my run.ckpt.job.json").write_text("{}")
    assert resume_hint(ckpt) == f"resume with: zero2vec train --resume '{ckpt}'"


def test_binary_and_format_that_disagree(run, tmp_path):
    c, args = small(tmp_path, "native")
    r = run(*args, "--binary", "1", "--format", "word2vec-text", "-o", tmp_path / "x.bin")
    assert r.code == 1 and "--binary 1 means --format word2vec-bin" in r.err
    assert not (tmp_path / "x.bin").exists()
    r = run(*args, "--format", "word2vec-text", "-o", tmp_path / "x.bin")
    assert r.code == 0 and "writing word2vec-text to x.bin, whose name says word2vec-bin" in r.err
