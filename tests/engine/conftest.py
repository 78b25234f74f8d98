"""Small corpora for the engine tests (no shared data needed)."""
from __future__ import annotations

import gzip

import pytest

from zero2vec.datasets.bundled import bundled_path


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


@pytest.fixture
def toy_sentences() -> list[list[str]]:
    """A tiny corpus with a few frequent words and structure."""
    base = [
        "the cat sat on the mat".split(),
        "the dog sat on the log".split(),
        "a cat and a dog played".split(),
        "the mat and the log were red".split(),
        "a red cat sat".split(),
    ]
    return base * 4
