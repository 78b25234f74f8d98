"""Phrase fixtures: a slice of the bundled Brown corpus, as a file and as token lists."""
from __future__ import annotations

import gzip

import pytest

from zero2vec.datasets.bundled import bundled_path

N_LINES = 6000  # ~120k tokens: enough phrases, seconds for gensim's pure Python


@pytest.fixture(scope="session")
def brown_lines() -> list[str]:
    with gzip.open(bundled_path("brown"), "rt", encoding="utf-8") as f:
        return [next(f) for _ in range(N_LINES)]


@pytest.fixture(scope="session")
def brown_file(tmp_path_factory, brown_lines):
    p = tmp_path_factory.mktemp("phrases") / "brown.txt"
    p.write_text("".join(brown_lines), encoding="utf-8")
    return p


@pytest.fixture(scope="session")
def brown_sentences(brown_lines) -> list[list[str]]:
    return [s for s in (line.split() for line in brown_lines) if s]
