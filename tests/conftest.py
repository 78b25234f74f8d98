"""Shared fixtures: the bundled corpus, and ../shared/data (skipped when absent)."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np
import pytest

from zero2vec.datasets.bundled import bundled_path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("ZERO2VEC_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(autouse=True, scope="session")
def private_token_cache(tmp_path_factory) -> Path:
    """Every test (and every subprocess it starts) caches tokenised corpora in a temporary
    folder, never in the user's ~/.cache/zero2vec/tokenized (which filled up with
    ``c.txt-<hash>`` entries of test corpora)."""
    folder = tmp_path_factory.mktemp("token-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("ZERO2VEC_CACHE_DIR", str(folder))
    yield folder
    patch.undo()


@pytest.fixture
def shared_data() -> Path:
    """The shared data folder beside the project; skips the test when it is absent."""
    if not (SHARED_DATA / "README.md").exists():
        pytest.skip(f"needs the shared data folder {SHARED_DATA} (absent on this machine)")
    return SHARED_DATA


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


@pytest.fixture(scope="session")
def brown_lines() -> list[list[str]]:
    """The first 3000 sentences of the bundled Brown corpus (~60k tokens)."""
    out = []
    with gzip.open(bundled_path("brown"), "rt", encoding="utf-8") as f:
        for line in f:
            if line.split():
                out.append(line.split())
            if len(out) == 3000:
                break
    return out


@pytest.fixture(scope="session")
def brown_file():
    """The bundled Brown corpus file (gzipped, 1.2M tokens)."""
    return bundled_path("brown")


@pytest.fixture(scope="session")
def mid_epoch_checkpoint():
    """``take(model, folder, every)``: train ``model`` (a native ``Word2Vec`` after
    ``build_vocab``) with a checkpoint every ``every`` jobs; return a copy of the last one
    written in its first epoch (a run stopped in the middle of an epoch)."""
    import shutil

    def take(model, folder: Path, every: int = 5) -> Path:
        ckpt, mid = folder / "c.ckpt", folder / "mid.ckpt"

        class CopyAtFirstEpochEnd:
            def on_epoch_end(self, model):
                if not mid.exists():
                    shutil.copy(ckpt, mid)

        model.train(checkpoint_path=ckpt, checkpoint_every=every, callbacks=[CopyAtFirstEpochEnd()])
        return mid
    return take


@pytest.fixture
def small_tmpfs(tmp_path):
    """A 2 MB tmpfs to fill (mounting needs root and a system that allows it; skipped
    with the reason otherwise); unmounted afterwards."""
    import shutil
    import subprocess

    mnt = tmp_path / "small"
    mnt.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "zero2vec-test", str(mnt)],
                       capture_output=True, text=True, timeout=30)
    if p.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {p.stderr.strip()}")
    try:
        yield mnt
    finally:
        # (lazy: a failed test's traceback may still hold a file open there)
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=30)
