"""Small corpora for the engine tests (no shared data needed)."""
from __future__ import annotations

import pytest


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
