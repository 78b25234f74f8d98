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
    assert not (tmp_path / "run.txt").exists()  # no half-finished output

    subprocess.run(cmd(c, tmp_path / "run.txt", engine, "--checkpoint", str(ckpt), "--resume", str(ckpt)),
                   check=True, timeout=600)
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
