"""fastText .bin through vectors.io (load/save/convert) and `zero2vec similar model.bin`."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from zero2vec.errors import ConfigError
from zero2vec.subword.keyed import FastTextKeyedVectors
from zero2vec.vectors import io
from zero2vec.vectors.keyed import WordVectors

DATA = Path(__file__).parent / "data"
EXPECTED = json.loads((DATA / "tiny_vectors.json").read_text(encoding="utf-8"))


def test_detected_and_loaded_with_subwords(tmp_path):
    assert io.detect_format(DATA / "tiny.bin") == "fasttext-bin"
    wv = io.load(DATA / "tiny.bin")
    assert isinstance(wv, FastTextKeyedVectors)
    np.testing.assert_allclose(wv["foxes"], EXPECTED["foxes"], atol=1e-6)
    out = tmp_path / "again.bin"
    assert io.save(wv, out) == "fasttext-bin"
    np.testing.assert_array_equal(io.load(out)["foxes"], wv["foxes"])
    assert io.save(wv, tmp_path / "w.vec") == "word2vec-text"  # .vec: whole words, as fastText's
    vec = io.load(tmp_path / "w.vec")
    np.testing.assert_allclose(vec["fox"], wv["fox"], atol=1e-6)


def test_whole_word_vectors_are_not_fasttext(tmp_path):
    with pytest.raises(ConfigError, match="subword vectors"):
        io.save(WordVectors(np.eye(2, dtype=np.float32), ["a", "b"]), tmp_path / "x.bin",
                format="fasttext-bin")
    assert io.save(WordVectors(np.eye(2, dtype=np.float32), ["a", "b"]), tmp_path / "x.bin") \
        == "word2vec-bin"


def test_cli_similar_on_a_fasttext_bin_answers_unseen_words(tmp_path):
    shutil.copy(DATA / "tiny.bin", tmp_path / "model.bin")
    r = subprocess.run([sys.executable, "-m", "zero2vec", "similar", str(tmp_path / "model.bin"),
                        "foxes", "--topn", "3"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "fox" in r.stdout
