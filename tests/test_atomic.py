"""Atomic outputs: a writer killed mid-write never leaves a half-written file at the destination."""
import signal
import subprocess
import sys
import time

import pytest

from zero2vec._atomic import atomic_file
from zero2vec.errors import OutputError

WRITER = """
import sys, time
from zero2vec._atomic import atomic_file
with atomic_file(sys.argv[1]) as tmp:
    with open(tmp, "wb") as f:
        for _ in range(10_000):
            f.write(b"x" * 100_000)
            f.flush()
            time.sleep(0.01)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_writer_leaves_the_old_file(tmp_path, sig):
    dest = tmp_path / "vectors.bin"
    dest.write_bytes(b"old complete file")
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(dest)])
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until the temporary has real data in it
        tmps = [p for p in tmp_path.iterdir() if p.name != "vectors.bin"]
        if tmps and tmps[0].stat().st_size > 1_000_000:
            break
        time.sleep(0.02)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert dest.read_bytes() == b"old complete file"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "vectors.bin"]
    assert all(n.startswith(".vectors.bin.") for n in leftovers)  # hidden, never the real name


def test_success_replaces_and_bad_folder_is_named(tmp_path):
    dest = tmp_path / "out.txt"
    with atomic_file(dest) as tmp:
        tmp.write_text("new")
    assert dest.read_text() == "new"
    with pytest.raises(OutputError, match="does not exist"):
        with atomic_file(tmp_path / "missing" / "x.txt"):
            pass
