"""A small corpus cut into files (the bundled Brown corpus), and a local Ray for the tests."""
from __future__ import annotations

import gzip
import os
import signal
from pathlib import Path

import pytest

from zero2vec.datasets.bundled import bundled_path

# Every Ray of these tests (the local ones and test_cluster's two nodes) runs without token
# auth and telemetry: Ray reads its auth mode once a process, so a local Ray started with
# tokens before the cluster test (which disables them: a private cluster, no token files
# shared with other users' Ray) would leave that test's actors unable to start.
RAY_ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}
os.environ.update(RAY_ENV)


@pytest.fixture(scope="session")
def brown_files(tmp_path_factory) -> tuple[list[str], str]:
    """The first 16,000 sentences of Brown (~330k tokens) as 4 files, and as one file."""
    folder = tmp_path_factory.mktemp("brown-shards")
    with gzip.open(bundled_path("brown"), "rt", encoding="utf8") as f:
        lines = [next(f) for _ in range(16_000)]
    parts = []
    for i in range(4):
        p = folder / f"part{i}.txt"
        p.write_text("".join(lines[i * 4000:(i + 1) * 4000]), encoding="utf8")
        parts.append(str(p))
    whole = folder / "whole.txt"
    whole.write_text("".join(lines), encoding="utf8")
    return parts, str(whole)


@pytest.fixture(scope="module")
def local_ray():
    """A Ray of 2 CPUs for this module (shut down after it); skips without Ray."""
    ray = pytest.importorskip("ray", reason="distributed training needs ray (pip install 'zero2vec[ray]')")
    if ray.is_initialized():
        ray.shutdown()
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()
    restore_signals(saved)


def restore_signals(saved: dict) -> None:
    """Put back the handlers ``ray.init`` replaced (its SIGTERM handler would break the
    signal tests of other rooms)."""
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf8")
    return str(path)
