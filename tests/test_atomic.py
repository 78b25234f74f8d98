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


def _record_fsyncs(monkeypatch):
    """Log fsync (with the path of the flushed descriptor) and replace calls, in order."""
    import os

    from zero2vec import _atomic

    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(a, b):
        events.append(("replace", str(b)))
        real_replace(a, b)

    monkeypatch.setattr(_atomic.os, "fsync", fsync)
    monkeypatch.setattr(_atomic.os, "replace", replace)
    return events


def test_file_and_folder_are_flushed_before_and_after_the_rename(tmp_path, monkeypatch):
    events = _record_fsyncs(monkeypatch)
    dest = tmp_path / "out.bin"
    with atomic_file(dest) as tmp:
        tmp.write_bytes(b"data")
    kinds = [(k, p == str(tmp) , p == str(tmp_path), p == str(dest)) for k, p in events]
    assert kinds == [("fsync", True, False, False),      # the data, under its temporary name
                     ("replace", False, False, True),    # then the rename
                     ("fsync", False, True, False)]      # then the folder's entry


def test_atomic_dir_flushes_every_file(tmp_path, monkeypatch):
    from zero2vec._atomic import atomic_dir

    events = _record_fsyncs(monkeypatch)
    with atomic_dir(tmp_path / "out.z2v") as tmp:
        (tmp / "a.npy").write_bytes(b"a")
        (tmp / "b.json").write_text("{}")
    flushed = [p for k, p in events if k == "fsync"]
    assert sum(p.endswith(("a.npy", "b.json")) for p in flushed) == 2
    assert flushed[-1] == str(tmp_path)  # the parent, after the folder is in place
    assert (tmp_path / "out.z2v" / "a.npy").read_bytes() == b"a"


def test_fsync_can_be_turned_off(tmp_path, monkeypatch):
    events = _record_fsyncs(monkeypatch)
    monkeypatch.setenv("ZERO2VEC_FSYNC", "0")
    with atomic_file(tmp_path / "x") as tmp:
        tmp.write_text("x")
    assert [k for k, _ in events] == ["replace"]


def test_check_outputs(tmp_path):
    import os

    from zero2vec._atomic import check_outputs

    src = tmp_path / "corpus.txt"
    src.write_text("a b c\n")
    folder = tmp_path / "vec.z2v"
    folder.mkdir()
    os.symlink(src, tmp_path / "link.txt")
    (tmp_path / "sub").mkdir()
    check_outputs({"the vectors": tmp_path / "new.txt", "nothing": None}, {"the corpus": src})
    for out, msg in [(src, "it is the corpus"), (tmp_path / "link.txt", "it is the corpus"),
                     (tmp_path / "sub" / ".." / "corpus.txt", "it is the corpus"),
                     (folder / "vectors.npy", "it is the input folder")]:
        with pytest.raises(OutputError, match=msg):
            check_outputs({"the vectors": out}, {"the corpus": src, "the input folder": folder})
    with pytest.raises(OutputError, match="are the same file"):
        check_outputs({"a": tmp_path / "x", "b": tmp_path / "." / "x"})


def test_library_refuses_a_checkpoint_over_its_corpus(tmp_path):
    import zero2vec
    from zero2vec.trainer import train_layers

    c = tmp_path / "c.txt"
    c.write_text("a b c a b c\n" * 50)
    before = c.read_bytes()
    m = zero2vec.Word2Vec(corpus_file=c, vector_size=4, min_count=1, epochs=1)
    with pytest.raises(OutputError, match="it is the corpus file"):
        m.train(corpus_file=c, checkpoint_path=c)
    with pytest.raises(OutputError, match="it is the corpus file"):
        train_layers(c, vector_size=4, min_count=1, epochs=1, checkpoint_path=c, progress=False)
    assert c.read_bytes() == before


@pytest.mark.parametrize("swap", [True, False], ids=["exchange", "moved-aside"])
def test_a_folder_replaces_a_file_of_its_name(tmp_path, monkeypatch, swap):
    import zero2vec._atomic as atomic

    if not swap:  # (systems without renameat2's exchange)
        monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    path = tmp_path / "model"
    path.write_bytes(b"an older save")  # e.g. Word2Vec.save(p), then wv.save(p), as gensim allows
    with atomic.atomic_dir(path) as tmp:
        (tmp / "meta.json").write_text("{}")
    assert path.is_dir() and (path / "meta.json").read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["model"]  # nothing left beside it
