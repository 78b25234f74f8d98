"""Fixtures of the corpus tests."""
from __future__ import annotations

import signal

import pytest


@pytest.fixture
def no_hang():
    """Fail a test still running after 60 s instead of hanging the suite (for tests of
    what used to block: a FIFO with no writer, a write that never ends). SIGALRM
    interrupts a blocked open() or a loop in the main thread."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def hung(*_):
        raise TimeoutError("still blocked after 60 s: a hang")
    old = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, 60)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
