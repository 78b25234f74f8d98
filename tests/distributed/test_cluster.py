"""Training across two Ray nodes started as separate processes (a head and a worker node)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from zero2vec import distributed

from .conftest import RAY_ENV, restore_signals

ray = pytest.importorskip("ray", reason="distributed training needs ray (pip install 'zero2vec[ray]')")
ROOT = Path(__file__).resolve().parents[2]
_ENV = RAY_ENV  # a private cluster of this test (see conftest)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ray_start(*args: str, temp_dir: str) -> subprocess.Popen:
    """``ray start --block ...`` in a process group of its own (stopped by :func:`_stop`)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **_ENV}
    ray_cli = str(Path(sys.executable).with_name("ray"))
    return subprocess.Popen([ray_cli, "start", "--block", "--num-cpus", "1",
                             "--node-ip-address", "127.0.0.1", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, cwd=temp_dir)


def _stop(procs: list[subprocess.Popen], temp_dir: str) -> None:
    """Stop what this test started, and only that: its process groups, then any process
    whose command line names this test's own Ray folder."""
    for p in reversed(procs):
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(p.pid, sig)
                p.wait(timeout=20)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if temp_dir.encode() in cmdline:
            os.kill(int(pid), signal.SIGKILL)


def _wait_for(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, "the head node did not start"
            time.sleep(0.5)


@pytest.mark.slow
def test_training_across_a_head_and_a_second_node(brown_files, monkeypatch):
    parts, _ = brown_files
    for name, value in _ENV.items():
        monkeypatch.setenv(name, value)
    if ray.is_initialized():
        ray.shutdown()
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    temp_dir = tempfile.mkdtemp(prefix="z2v-ray-", dir="/tmp")  # short: Ray's socket paths
    port = _free_port()
    procs = [_ray_start("--head", "--port", str(port), "--include-dashboard=false",
                        f"--temp-dir={temp_dir}", temp_dir=temp_dir)]
    try:
        address = f"127.0.0.1:{port}"
        _wait_for(port)
        ray.init(address=address, log_to_driver=False)
        procs.append(_ray_start("--address", address, temp_dir=temp_dir))
        deadline = time.monotonic() + 120
        while sum(n["Alive"] for n in ray.nodes()) < 2:
            assert time.monotonic() < deadline, "the second node did not join"
            time.sleep(0.5)
        ray.shutdown()  # the run joins the cluster itself (and leaves it after)
        # one CPU a node: the two workers must run on different nodes, so every round's
        # changed rows and merge cross raylets
        model = distributed.Word2Vec(parts, num_workers=2, address=address, sync_words=80_000,
                                     vector_size=16, epochs=2, seed=3)
        assert not ray.is_initialized()
        assert model.sync_report.nodes == 2
        assert model.sync_report.words == 2 * model.vocab.total_words
        assert model.loss_history[1] < model.loss_history[0]
        assert len(model.wv.most_similar("he", topn=3)) == 3
    finally:
        ray.shutdown()
        restore_signals(saved)
        _stop(procs, temp_dir)
        shutil.rmtree(temp_dir, ignore_errors=True)
