"""The file-backed id store: a full disk is said as such, naming the folder."""
from __future__ import annotations

import errno
import os

import numpy as np
import pytest

from zero2vec.corpus import LineSentence
from zero2vec.corpus.store import ArrayStore
from zero2vec.corpus.vocab import scan_and_encode
from zero2vec.errors import OutputError


_PWRITE = os.pwrite


def _half_then_full(fd, view, offset):  # what a disk filling up does
    if len(view) > 1:
        return _PWRITE(fd, view[:len(view) // 2], offset)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


FULL = {
    "a short write, then ENOSPC": _half_then_full,
    "writes that take nothing": lambda fd, view, offset: 0,
    "over quota": lambda fd, view, offset: (_ for _ in ()).throw(
        OSError(errno.EDQUOT, os.strerror(errno.EDQUOT))),
}


@pytest.mark.parametrize("how", FULL)
def test_a_full_disk_says_no_space_left_naming_the_folder(tmp_path, monkeypatch, how, no_hang):
    """(A write taking nothing used to loop for ever.)"""
    store = ArrayStore(max_ram_items=4, tmp_dir=str(tmp_path))
    store.extend_array(np.arange(4))
    monkeypatch.setattr(os, "pwrite", FULL[how])
    with pytest.raises(OutputError, match=f"temporary file in {tmp_path}: no space left on "
                                          "device; free space there, or set TMPDIR"):
        store.extend_array(np.arange(1000))
    store.close()


def test_a_full_tmpfs_while_encoding_a_corpus(tmp_path, small_tmpfs):
    """The real thing, on a 2 MB tmpfs."""
    p = tmp_path / "c.txt"
    p.write_text("a b c d e f g h\n" * 200_000)  # 1.6M ids: 6.4 MB, past the 2 MB disk
    with pytest.raises(OutputError, match=f"in {small_tmpfs}: no space left on device"):
        scan_and_encode(LineSentence(p), min_count=1, max_ram_tokens=1000, tmp_dir=str(small_tmpfs))
