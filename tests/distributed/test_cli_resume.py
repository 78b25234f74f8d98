"""``zero2vec train ... --ray``: SIGINT at the driver (a real signal to a real process, or to its
whole process group as Ctrl-C sends it) writes a checkpoint and exits 130; ``--resume`` alone
finishes the run, bit for bit the uninterrupted one."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ._kill import shard_workers
from .test_cli import _run, run  # noqa: F401  (a fixture)

pytest.importorskip("ray", reason="distributed training needs ray (pip install 'zero2vec[ray]')")
ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--ray", "--workers", "2", "--size", "16", "--iter", "2", "--seed", "2", "-q",
        "--no-plot", "--checkpoint-every", "1000"]


@pytest.mark.faults
@pytest.mark.parametrize("to", ["driver", "group"])  # group: Ctrl-C at a terminal
def test_sigint_checkpoints_and_resume_finishes_the_same_run(local_ray, run, brown_files,
                                                             tmp_path, to):
    parts, _ = brown_files
    code, err = _run(run, "train", *parts, "-o", tmp_path / "ref.bin", *ARGS)
    assert code == 0, err
    ckpt, out = tmp_path / "run.ckpt", tmp_path / "run.bin"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0"}
    for _ in range(3):  # (a signal that lands in the last round ends a finished run: exit 0)
        proc = subprocess.Popen([sys.executable, "-m", "zero2vec", "train", *parts, "-o", str(out),
                                 "--checkpoint", str(ckpt), *ARGS], env=env,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        deadline = time.monotonic() + 120
        while not shard_workers(proc.pid, "train_round"):  # the driver is in a round
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.01)
        if to == "group":  # the driver and every Ray process it started
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        if proc.returncode != 0:
            break
        out.unlink(missing_ok=True)
    assert proc.returncode == 130, err
    assert "checkpoint written to" in err and f"zero2vec train --resume {ckpt}" in err
    assert ckpt.exists() and not out.exists()
    done = subprocess.run([sys.executable, "-m", "zero2vec", "train", "--resume", str(ckpt), "-q"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == (tmp_path / "ref.bin").read_bytes()
    # and it continued: it trained only what the checkpoint had not (rounds of one epoch here)
    trained = [json.loads((tmp_path / f"{name}.bin.json").read_text())["distributed"]["worker_words"]
               for name in ("ref", "run")]
    assert 0 < sum(trained[1]) < sum(trained[0])
