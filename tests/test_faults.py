"""Faults at random points of training and of the final save (issue 17): afterwards there is
either the complete output or a checkpoint that resumes to the same bytes as an uninterrupted
run — never neither (a signal before training began leaves nothing at all, and nothing lost)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from zero2vec.cli.main import main

ARGS = ["--size", "8", "--window", "2", "--min-count", "1", "--threads", "1",
        "--checkpoint-every", "1", "--quiet"]


def _corpus(tmp_path, lines=3000):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(200)]
    p = tmp_path / "c.txt"
    p.write_text("\n".join(" ".join(rng.choice(words, 12)) for _ in range(lines)) + "\n")
    return p


def _run(argv) -> int:
    try:
        main([str(a) for a in argv])
        return 0
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 1


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("engine, iters", [("native", "30"), ("layers", "2")])
def test_sigint_at_random_points_of_training_and_saving(tmp_path, capsys, engine, iters):
    c = _corpus(tmp_path, 1500 if engine == "native" else 300)
    args = [*ARGS, "--engine", engine, "--iter", iters]
    ref = tmp_path / "ref"
    ref.mkdir()
    assert _run(["train", c, "-o", ref / "v.txt", *args]) == 0  # (loads the kernels)
    t0 = time.perf_counter()
    assert _run(["train", c, "-o", ref / "v.txt", *args]) == 0
    span = time.perf_counter() - t0  # training and saving, the window the signals fall in
    expected = (ref / "v.txt").read_text()
    rng = np.random.default_rng(17)
    outcomes = []
    for k in range(12):
        d = tmp_path / f"run{k}"
        d.mkdir()
        running = threading.Event()
        timer = threading.Timer(float(rng.uniform(0, span)),
                                lambda: running.is_set() and os.kill(os.getpid(), signal.SIGINT))
        capsys.readouterr()
        running.set()
        timer.start()
        try:
            code = _run(["train", c, "-o", d / "v.txt", *args])
        except KeyboardInterrupt:  # (the signal came as main() returned: the run had finished)
            code = 0
        finally:
            running.clear()
            timer.cancel()
        err = capsys.readouterr().err
        ckpt = d / "v.txt.ckpt"
        assert not [n for n in _files(d) if n.endswith(".tmp")], _files(d)  # nothing half-written
        if code == 0:
            outcomes.append("finished")
        elif "zero2vec: interrupted" in err:  # before training began
            assert code == 130 and _files(d) == [], (err, _files(d))
            outcomes.append("before")
            continue
        else:
            assert code == 130 and ckpt.exists(), (code, err, _files(d))
            outcomes.append("saving" if "saving interrupted" in err else "training")
            assert _run(["train", c, "-o", d / "v.txt", *args, "--resume", ckpt]) == 0
        assert (d / "v.txt").read_text() == expected
        assert not ckpt.exists()  # the default checkpoint goes once every output is written
    assert "training" in outcomes, outcomes  # the points really fell inside the run


@pytest.mark.faults
def test_sigkill_at_random_points(tmp_path):
    """SIGKILL cannot be caught: what is on disk must still always be resumable."""
    c = _corpus(tmp_path)
    args = [*ARGS, "--engine", "native", "--iter", "60"]
    cmd = [sys.executable, "-m", "zero2vec", "train", str(c), "-o"]
    subprocess.run([*cmd, str(tmp_path / "ref.txt"), *args], check=True, timeout=300)
    out, ckpt = tmp_path / "v.txt", tmp_path / "v.txt.ckpt"
    rng = np.random.default_rng(5)
    for _ in range(10):
        resume = ["--resume", str(ckpt)] if ckpt.exists() else []
        proc = subprocess.Popen([*cmd, str(out), *args, *resume])
        time.sleep(float(rng.uniform(0.5, 3.0)))
        proc.kill()
        proc.wait(timeout=60)
        if out.exists():
            break
        # the checkpoint and its job record (written when the run starts; a fresh run
        # rewrites it) are all that a killed run leaves
        assert not [n for n in os.listdir(tmp_path) if n.startswith("v.txt") and
                    n not in ("v.txt.ckpt", "v.txt.ckpt.job.json")], os.listdir(tmp_path)
    if not out.exists():
        resume = ["--resume", str(ckpt)] if ckpt.exists() else []
        subprocess.run([*cmd, str(out), *args, *resume], check=True, timeout=300)
    assert out.read_text() == (tmp_path / "ref.txt").read_text()
