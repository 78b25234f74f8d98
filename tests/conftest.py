"""Shared fixtures: the bundled corpus, and ../shared/data (skipped when absent)."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("ZERO2VEC_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture
def shared_data() -> Path:
    """The shared data folder beside the project; skips the test when it is absent."""
    if not (SHARED_DATA / "README.md").exists():
        pytest.skip(f"needs the shared data folder {SHARED_DATA} (absent on this machine)")
    return SHARED_DATA


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)
