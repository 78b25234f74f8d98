"""fastText .bin: vectors as Facebook fastText gives them, round trips, bad files."""
from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zero2vec.errors import VectorFileEOFError, VectorFileError
from zero2vec.subword.io_fasttext import read_facebook, write_facebook
from zero2vec.subword.keyed import FastTextKeyedVectors

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.bin"
EXPECTED = json.loads((DATA / "tiny_vectors.json").read_text(encoding="utf-8"))


def _kv(model) -> FastTextKeyedVectors:
    a = model.args
    return FastTextKeyedVectors(model.input, model.words, a["minn"], a["maxn"], a["bucket"],
                                counts=model.counts)


def test_vectors_equal_fasttext_get_word_vector():
    kv = _kv(read_facebook(TINY))
    assert "foxes" not in kv.key_to_index and "fox" in kv.key_to_index  # OOV and in-vocab both
    for word, vec in EXPECTED.items():
        np.testing.assert_allclose(kv.get_vector(word), np.asarray(vec, np.float32), atol=1e-6)


def test_write_gives_back_the_same_bytes(tmp_path):
    out = tmp_path / "again.bin"
    write_facebook(out, read_facebook(TINY))
    assert out.read_bytes() == TINY.read_bytes()


def test_written_file_loads_in_gensim(tmp_path):
    from gensim.models.fasttext import load_facebook_model

    m = read_facebook(TINY)
    m.input = m.input + np.float32(0.5)  # not the fixture: zero2vec's bytes
    out = tmp_path / "z.bin"
    write_facebook(out, m)
    g, kv = load_facebook_model(str(out)), _kv(m)
    for word in ["fox", "foxes", "東京都", "caféine"]:  # (gensim gives '</s>' n-grams: skipped)
        np.testing.assert_allclose(g.wv[word], kv[word], atol=1e-6)


def test_written_file_loads_in_fasttext(tmp_path):
    fasttext = pytest.importorskip("fasttext")
    m = read_facebook(TINY)
    m.input = m.input * np.float32(-2.0)
    out = tmp_path / "z.bin"
    write_facebook(out, m)
    f, kv = fasttext.load_model(str(out)), _kv(m)
    for word in list(EXPECTED):
        np.testing.assert_allclose(f.get_word_vector(word), kv[word], atol=1e-6)


def _mutate(tmp_path, data: bytes) -> Path:
    p = tmp_path / "bad.bin"
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("cut", [0, 5, 30, 70, 120, 400, -10, -1])
def test_truncated_file_is_a_one_line_eof_error(tmp_path, cut):
    data = TINY.read_bytes()
    with pytest.raises(VectorFileEOFError) as e:
        read_facebook(_mutate(tmp_path, data[:cut] if cut else b""))
    assert "\n" not in str(e.value)


def test_wrong_magic_and_corrupt_arguments(tmp_path):
    data = bytearray(TINY.read_bytes())
    with pytest.raises(VectorFileError, match="not a fastText .bin"):
        read_facebook(_mutate(tmp_path, b"\0\0\0\0" + bytes(data[4:])))
    bad = bytes(data[:8]) + struct.pack("<i", -3) + bytes(data[12:])
    with pytest.raises(VectorFileError, match="corrupt fastText arguments"):
        read_facebook(_mutate(tmp_path, bad))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 11366), st.integers(0, 255))
def test_any_flipped_byte_loads_or_fails_in_one_line(tmp_path_factory, at, value):
    data = bytearray(TINY.read_bytes())
    data[at] = value
    path = tmp_path_factory.mktemp("flip") / "f.bin"
    path.write_bytes(bytes(data))
    try:
        FastTextKeyedVectors.load(path)
    except VectorFileError as e:
        assert "\n" not in str(e)


def test_inconsistent_arguments_are_a_vector_file_error(tmp_path):
    data = bytearray(TINY.read_bytes())
    minn, maxn = struct.unpack("<2i", bytes(data[8 + 4 * 9:8 + 4 * 11]))
    assert (minn, maxn) == (2, 4)
    data[8 + 4 * 9:8 + 4 * 11] = struct.pack("<2i", 5, 4)
    with pytest.raises(VectorFileError, match="min_n \\(5\\) > max_n"):
        FastTextKeyedVectors.load(_mutate(tmp_path, bytes(data)))
