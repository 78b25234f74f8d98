"""CLI fixtures: a tiny corpus, a small vector file, and a runner around ``main``."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.cli.main import main
from zero2vec.vectors import WordVectors


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def run(capsys):
    """Run ``zero2vec ARGS`` in-process; returns exit code, stdout and stderr."""
    def _run(*args: str) -> Result:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        cap = capsys.readouterr()
        return Result(code, cap.out, cap.err)
    return _run


@pytest.fixture
def corpus(tmp_path):
    rng = np.random.default_rng(0)
    words = "the king queen man woman tokyo japan paris france and a of in met".split()
    lines = [" ".join(rng.choice(words, size=12)) for _ in range(300)]
    p = tmp_path / "corpus.txt"
    p.write_text("\n".join(lines) + "\n")
    return p


@pytest.fixture
def vec_file(tmp_path):
    rng = np.random.default_rng(1)
    words = ["king", "queen", "man", "woman", "tokyo", "japan", "paris", "france", "東京", "日本"]
    words += [f"w{i}" for i in range(30)]
    wv = WordVectors(rng.standard_normal((len(words), 8)).astype(np.float32), words)
    p = tmp_path / "vec.bin"
    wv.save_word2vec_format(p, binary=True)
    return p
