"""A full disk: one line naming the file and the cause, nothing half-written, inputs unchanged."""
from __future__ import annotations

import hashlib
import os

import numpy as np

from zero2vec.cli.main import main
from zero2vec.vectors import WordVectors


def _run(*args) -> int:
    try:
        main([str(a) for a in args])
        return 0
    except SystemExit as e:
        return e.code


def test_a_full_disk_is_one_line_and_leaves_nothing(small_tmpfs, tmp_path, capsys):
    full_disk = small_tmpfs
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(4000)]
    src = tmp_path / "big.bin"
    WordVectors(rng.standard_normal((4000, 200)).astype(np.float32), words).save_word2vec_format(
        src, binary=True)  # 3.2 MB: more than the disk holds
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    for target in ("v.bin", "v.txt", "v.z2v"):
        capsys.readouterr()
        assert _run("convert", src, full_disk / target, "-q") == 1
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
        assert "no space left on device" in err and target in err, err
        assert os.listdir(full_disk) == [], os.listdir(full_disk)  # no partial file, no temporary
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
