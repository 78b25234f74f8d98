"""Property tests: any bytes fed to a vector-file reader give vectors or a zero2vec error.

Never another exception, and never a hang (hypothesis' deadline catches slow cases).
"""
from __future__ import annotations

import struct
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zero2vec.errors import Zero2VecError
from zero2vec.vectors import WordVectors, load
from zero2vec.vectors.io_export import parse_book_pickle, parse_tensorboard
from zero2vec.vectors.io_word2vec import parse_binary, parse_text, sniff

# garbage in: duplicate-word and constant-correlation warnings are expected, not failures
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning",
                                        "ignore::scipy.stats.ConstantInputWarning")

SETTINGS = settings(max_examples=150, deadline=2000,
                    suppress_health_check=[HealthCheck.too_slow])


def plausible_word2vec() -> st.SearchStrategy[bytes]:
    """Bytes that start like a word2vec file, then go anywhere: reaches deep code paths."""
    header = st.tuples(st.integers(-2, 6), st.integers(-1, 5)).map(lambda t: f"{t[0]} {t[1]}\n".encode())
    word = st.text(min_size=0, max_size=4).map(lambda s: s.encode("utf8", "surrogatepass"))
    floats = st.lists(st.floats(width=32, allow_nan=True), max_size=5).map(
        lambda xs: struct.pack(f"<{len(xs)}f", *xs))
    text_row = st.lists(st.sampled_from(["1", "-2.5", "1e40", "nan", "x", "", " "]), max_size=6).map(
        lambda xs: " ".join(xs).encode())
    record = st.one_of(st.tuples(word, st.just(b" "), floats, st.sampled_from([b"", b"\n"])).map(b"".join),
                       st.tuples(word, st.just(b" "), text_row, st.just(b"\n")).map(b"".join),
                       st.binary(max_size=12))
    return st.tuples(header, st.lists(record, max_size=6).map(b"".join)).map(b"".join)


any_bytes = st.one_of(st.binary(max_size=300), plausible_word2vec())


def check(fn, *args, **kwargs):
    try:
        out = fn(*args, **kwargs)
    except Zero2VecError:
        return None
    if isinstance(out, WordVectors):
        assert out.vectors.shape == (len(out), out.vector_size)
    elif out is not None:  # a format module's (vectors, words)
        vectors, words = out
        assert vectors.ndim == 2 and vectors.shape[0] == len(words)
    return out


@SETTINGS
@given(any_bytes, st.sampled_from([None, 0, 2]), st.sampled_from(["strict", "replace", "ignore"]))
def test_binary_reader_total(data, limit, errors):
    check(parse_binary, data, limit=limit, unicode_errors=errors)


@SETTINGS
@given(any_bytes, st.sampled_from([None, 1]), st.sampled_from(["strict", "replace"]))
def test_text_reader_total(data, limit, errors):
    check(parse_text, data, limit=limit, unicode_errors=errors)
    sniff(data)


@SETTINGS
@given(st.binary(max_size=200), st.binary(max_size=100))
def test_tensorboard_reader_total(vectors_tsv, metadata_tsv):
    check(parse_tensorboard, vectors_tsv, metadata_tsv)


@SETTINGS
@given(st.one_of(st.binary(max_size=300),
                 st.binary(max_size=40).map(lambda b: b"\x80\x04\x95" + b)))
def test_book_pickle_reader_total(data):
    check(parse_book_pickle, data)


@settings(max_examples=100, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["meta.json", "vocab.json", "vectors.npy"]), st.binary(max_size=200))
def test_native_reader_total(part, data):
    wv = WordVectors(np.ones((2, 3), np.float32), ["a", "b"])
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "v.z2v"
        wv.save(p)
        (p / part).write_bytes(data)
        for mmap in (None, "r"):
            check(load, p, mmap=mmap)


@settings(max_examples=100, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(any_bytes, st.sampled_from(["v.bin", "v.txt", "v", "v.pkl", "v.bin.gz"]))
def test_autodetecting_loader_total(data, name):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        check(load, p)


@settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200),
                 st.lists(st.sampled_from([": sec", "a b c d", "a,b,1.5", "# c", "a\tb\tx", "b a 2",
                                           "\r", "\xff", "a b c"]), max_size=8)
                 .map(lambda ls: "\n".join(ls).encode("utf8", "surrogateescape"))))
def test_evaluation_file_readers_total(data):
    wv = WordVectors(np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32),
                     ["a", "b", "c", "d"])
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "eval.txt"
        p.write_bytes(data)
        for fn in (wv.evaluate_word_analogies, wv.evaluate_word_pairs):
            try:
                fn(p)
            except Zero2VecError:
                pass
