"""Property tests: valid files of every vector format, mutated byte by byte.

A flip, a deletion, an insertion or a truncation (up to three of them) must give the
data those bytes really hold, or a ``Zero2VecError``; nothing else, and the load never
allocates more than a bound (traced with ``tracemalloc``). "The data the bytes hold"
is an independent reading: gensim for word2vec files, numpy and json for the native
folder, a plain split for TensorBoard's files.
"""
from __future__ import annotations

import gzip
import logging
import pickle
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zero2vec.errors import Zero2VecError
from zero2vec.vectors import WordVectors, load
from zero2vec.vectors.io_files import BLOCK

gensim_models = pytest.importorskip("gensim.models", reason="gensim (test extra) is needed")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
SETTINGS = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

VECS = np.random.default_rng(3).standard_normal((5, 3)).astype(np.float32)
WORDS = ["king", "queen", "東京", "a", "日本語"]
WV = WordVectors(VECS, WORDS)

mutations = st.lists(st.tuples(st.sampled_from(["flip", "delete", "insert", "truncate"]),
                               st.integers(0, 1 << 16), st.integers(0, 255)), min_size=1, max_size=3)


def mutate(data: bytes, edits) -> bytes:
    for kind, at, byte in edits:
        at %= len(data) + 1
        if kind == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ (1 << (byte % 8))]) + data[at + 1:]
        elif kind == "delete":
            data = data[:at] + data[at + 1:]
        elif kind == "insert":
            data = data[:at] + bytes([byte]) + data[at:]
        elif kind == "truncate":
            data = data[:at]
    return data


def traced(fn, *args, **kwargs):
    """``(result or the Zero2VecError, peak bytes allocated)``; any other exception fails."""
    tracemalloc.start()
    try:
        try:
            out = fn(*args, **kwargs)
        except Zero2VecError as e:
            out = e
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bound(size: int, ratio: int = 1) -> int:
    """What a load may allocate: a block for the buffer, a block for an unchecked small
    claim, and a few times what the bytes can hold."""
    return 2 * BLOCK + 64 * size * ratio


def word2vec_file(kind: str) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "v"
        if kind == "gensim-bin":
            kv = gensim_models.KeyedVectors(3, dtype=np.float32)
            kv.add_vectors(WORDS, VECS)
            kv.save_word2vec_format(str(p), binary=True)  # no newline after the vectors
        else:
            WV.save_word2vec_format(p, binary=kind == "bin")
        data = p.read_bytes()
    return gzip.compress(data, mtime=0) if kind == "text.gz" else data


FILES = {k: word2vec_file(k) for k in ("bin", "gensim-bin", "text", "text.gz")}


@SETTINGS
@given(st.sampled_from(sorted(FILES)), mutations)
def test_mutated_word2vec_files(kind, edits):
    data = mutate(FILES[kind], edits)
    binary = "bin" in kind
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / ("v.txt.gz" if kind == "text.gz" else "v.w2v")
        p.write_bytes(data)
        got, peak = traced(WordVectors.load_word2vec_format, p, binary=binary)
        assert peak <= bound(len(data), 1032 if kind == "text.gz" else 1), peak
        whole = FILES[kind]
        if whole.startswith(data) and len(data) < len(whole) - (kind == "bin"):
            assert isinstance(got, Zero2VecError), "a truncated file was read"  # gensim may read it
        if isinstance(got, Zero2VecError):
            assert "\n" not in str(got)
            return
        logging.disable(logging.WARNING)
        try:
            theirs = gensim_models.KeyedVectors.load_word2vec_format(str(p), binary=binary)
        finally:
            logging.disable(logging.NOTSET)
    assert got.index_to_key == list(theirs.index_to_key)
    np.testing.assert_array_equal(got.vectors, theirs.vectors)
    assert np.isfinite(got.vectors).all()


def _load_all(p, mmap):
    """Load and use the words and their index (a memory map reads them on first use)."""
    wv = WordVectors.load(p, mmap=mmap)
    wv.get_index(wv.index_to_key[0])
    return wv


@SETTINGS
@given(st.sampled_from(["vectors.npy", "vocab.txt", "counts.npy", "meta.json"]), mutations,
       st.sampled_from([None, "r"]))
def test_mutated_native_folders(part, edits, mmap):
    import json

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "v.z2v"
        WordVectors(VECS, WORDS, counts=[5, 4, 3, 2, 1]).save(p)
        (p / part).write_bytes(mutate((p / part).read_bytes(), edits))
        size = sum(f.stat().st_size for f in p.iterdir())
        got, peak = traced(_load_all, p, mmap=mmap)
        assert peak <= bound(size), peak
        if isinstance(got, Zero2VecError):
            assert "\n" not in str(got) and "pickle" not in str(got)
            return
        vectors = np.load(p / "vectors.npy", allow_pickle=False)
        words = (p / "vocab.txt").read_text(encoding="utf8").split("\n")[:-1]
        np.testing.assert_array_equal(got.vectors, vectors)
        assert got.index_to_key == words
        assert got.counts.tolist() == np.load(p / "counts.npy").tolist()
        meta = json.loads((p / "meta.json").read_text(encoding="utf8"))
        if mmap is None or meta.get("finite") is not True:  # (a map trusts the recorded flag)
            assert np.isfinite(got.vectors).all()


def _plain_tensorboard(vectors_tsv: bytes, metadata_tsv: bytes):
    words = metadata_tsv.decode("utf8").replace("\r\n", "\n").split("\n")
    rows = vectors_tsv.decode("utf8").replace("\r\n", "\n").split("\n")
    words, rows = words[:-1] if words[-1] == "" else words, rows[:-1] if rows[-1] == "" else rows
    return words, np.array([[float(x) for x in r.split("\t")] for r in rows], dtype=np.float32)


@SETTINGS
@given(st.sampled_from(["vectors.tsv", "metadata.tsv"]), mutations)
def test_mutated_tensorboard_folders(part, edits):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "v.tb"
        from zero2vec.vectors.io_export import export_tensorboard
        export_tensorboard(WV, p)
        (p / part).write_bytes(mutate((p / part).read_bytes(), edits))
        size = sum(f.stat().st_size for f in p.iterdir())
        got, peak = traced(load, p)
        assert peak <= bound(size), peak
        if isinstance(got, Zero2VecError):
            assert "\n" not in str(got)
            return
        words, vectors = _plain_tensorboard((p / "vectors.tsv").read_bytes(),
                                            (p / "metadata.tsv").read_bytes())
    assert got.index_to_key == words
    np.testing.assert_array_equal(got.vectors, vectors)


@SETTINGS
@given(mutations)
def test_mutated_book_pickles(edits):
    data = mutate(pickle.dumps({"word_vecs": VECS, "word_to_id": WV.key_to_index,
                                "id_to_word": dict(enumerate(WORDS))}, protocol=4), edits)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "v.pkl"
        p.write_bytes(data)
        got, peak = traced(load, p)
    assert peak <= bound(len(data)), peak
    if isinstance(got, Zero2VecError):
        assert "\n" not in str(got)
        return
    # no independent reader to compare with (unpickling tampered bytes is what is guarded
    # against): the result must at least be consistent and finite
    assert got.vectors.shape == (len(got), got.vector_size)
    assert all(isinstance(w, str) for w in got.index_to_key)
    assert np.isfinite(got.vectors).all()
