"""gensim 4's own ``.kv`` / ``.model`` files (pickles + ``.npy`` side files), written by the
real gensim in a temporary folder and read by zero2vec's restricted unpickler; hostile
and broken files refused in one line."""
from __future__ import annotations

import pickle
import shutil

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zero2vec.errors import (ConfigError, UnsafePickleError, VectorFileEOFError, VectorFileError,
                             Zero2VecError)
from zero2vec.vectors import WordVectors, load
from zero2vec.vectors.io_gensim import read_gensim

gensim_models = pytest.importorskip("gensim.models", reason="gensim (test extra) is needed")
pytestmark = pytest.mark.usefixtures("quiet_gensim")

SENTENCES = [["a", "b", "c", "d"] * 5, ["b", "c", "e"] * 4, ["f", "a", "g", "h", "c"]] * 20


@pytest.fixture(scope="module")
def model():
    return gensim_models.Word2Vec(SENTENCES, vector_size=8, min_count=1, epochs=2, workers=1,
                                  seed=3, hs=1, negative=5, window=3, sample=0.01)


def one_line(e: pytest.ExceptionInfo) -> str:
    msg = str(e.value)
    assert "\n" not in msg and "Traceback" not in msg
    return msg


def same_vectors(ours: WordVectors, kv) -> None:
    assert ours.index_to_key == list(kv.index_to_key)
    np.testing.assert_array_equal(ours.vectors, kv.vectors)
    assert ours.vectors.dtype == kv.vectors.dtype
    assert set(ours.expandos) == set(kv.expandos)
    np.testing.assert_array_equal(ours.counts, kv.expandos["count"])


@pytest.mark.parametrize("how", [
    {}, {"sep_limit": 0}, {"separately": ["vectors"]}, {"pickle_protocol": 0},
    {"pickle_protocol": 2}, {"pickle_protocol": 5}])
def test_kv_files_as_gensim_reads_them(model, tmp_path, how):
    path = str(tmp_path / "w.kv")
    model.wv.save(path, **how)
    if how.get("sep_limit") == 0:
        assert (tmp_path / "w.kv.vectors.npy").exists()  # the side file is what is read
    ours = WordVectors.load(path)
    theirs = gensim_models.KeyedVectors.load(path)
    same_vectors(ours, theirs)
    assert ours.vectors.flags.writeable
    assert ours.most_similar("a", topn=3) == theirs.most_similar("a", topn=3)
    assert ours.get_vecattr("c", "count") == theirs.get_vecattr("c", "count")


@pytest.mark.parametrize("suffix", [".kv.gz", ".kv.bz2"])
def test_compressed_kv_and_its_npz_side_files(model, tmp_path, suffix):
    path = str(tmp_path / f"w{suffix}")
    model.wv.save(path, sep_limit=0)
    assert (tmp_path / f"w{suffix}.vectors.npz").exists()
    same_vectors(WordVectors.load(path), gensim_models.KeyedVectors.load(path))
    with pytest.raises(ConfigError, match="cannot memory-map .* compressed") as e:
        WordVectors.load(path, mmap="r")
    one_line(e)


def test_mmap_r_is_read_only_and_c_is_copy_on_write(model, tmp_path):
    path = str(tmp_path / "w.kv")
    model.wv.save(path, sep_limit=0)
    ro = WordVectors.load(path, mmap="r")
    assert isinstance(ro.vectors, np.memmap) and not ro.vectors.flags.writeable
    cow = WordVectors.load(path, mmap="c")
    cow.vectors[0] += 1  # in memory only
    np.testing.assert_array_equal(WordVectors.load(path).vectors, model.wv.vectors)
    same_vectors(ro, model.wv)


@pytest.mark.parametrize("how", [{}, {"sep_limit": 0}, {"pickle_protocol": 2}])
def test_model_parts_are_complete(model, tmp_path, how):
    path = str(tmp_path / "m.model")
    model.save(path, **how)
    parts = read_gensim(path)
    assert parts.kind == "Word2Vec"
    np.testing.assert_array_equal(parts.vectors, model.wv.vectors)
    np.testing.assert_array_equal(parts.syn1neg, model.syn1neg)
    np.testing.assert_array_equal(parts.syn1, model.syn1)
    np.testing.assert_array_equal(parts.vectors_lockf, model.wv.vectors_lockf)
    for attr in ("code", "point"):
        for ours, theirs in zip(parts.expandos[attr], model.wv.expandos[attr]):
            np.testing.assert_array_equal(ours, theirs)
    for key, value in parts.settings.items():
        if key != "hashfxn":
            assert value == getattr(model, key), key
    for key in ("min_alpha_yet_reached", "train_count", "corpus_count", "corpus_total_words",
                "effective_min_count", "layer1_size", "running_training_loss"):
        assert parts.state[key] == getattr(model, key), key
    assert parts.settings["hashfxn"] == "builtins.hash"
    # WordVectors.load of a .model gives the model's vectors
    same_vectors(WordVectors.load(path), model.wv)


def test_model_without_hs_has_no_syn1(tmp_path):
    m = gensim_models.Word2Vec(SENTENCES, vector_size=4, min_count=1, epochs=1, workers=1, hs=0,
                               negative=3)
    m.save(str(tmp_path / "m.model"))
    parts = read_gensim(tmp_path / "m.model")
    assert parts.syn1 is None and parts.syn1neg.shape == (len(m.wv), 4)
    assert parts.settings["hs"] == 0 and parts.settings["negative"] == 3


def test_vectors_io_load_detects_gensim_files(model, tmp_path):
    model.wv.save(str(tmp_path / "w.kv"))
    model.save(str(tmp_path / "m.model"))
    for name in ("w.kv", "m.model"):
        same_vectors(load(tmp_path / name), model.wv)


# -- hostile and broken files ------------------------------------------------------------
class _Shell:
    def __init__(self, command):
        self.command = command

    def __reduce__(self):
        import os
        return os.system, (self.command,)


def test_a_reduce_calling_os_system_is_refused_and_not_run(tmp_path):
    marker = tmp_path / "ran"
    p = tmp_path / "evil.kv"
    p.write_bytes(pickle.dumps(_Shell(f"touch {marker}"), protocol=4))
    with pytest.raises(UnsafePickleError, match=r"refused to unpickle posix\.system") as e:
        WordVectors.load(p)
    one_line(e)
    assert isinstance(e.value, pickle.UnpicklingError)
    assert not marker.exists()


@pytest.mark.parametrize("obj, match", [
    (__import__("collections").Counter(a=1), r"collections\.Counter: gensim's KeyedVectors"),
    ({"word_vecs": np.zeros((1, 2))}, r"a pickle of dict, not a gensim .* format='book-pickle'"),
])
def test_classes_gensim_files_do_not_hold_are_refused(tmp_path, obj, match):
    p = tmp_path / "x.kv"
    p.write_bytes(pickle.dumps(obj, protocol=4))
    with pytest.raises(VectorFileError, match=match) as e:
        WordVectors.load(p)
    one_line(e)


@pytest.mark.parametrize("cls, match", [
    ("gensim.models.fasttext\nFastText", "fastText models are not supported yet"),
    ("gensim.models.keyedvectors\nWord2VecKeyedVectors", "gensim 3.x or older"),
    ("gensim.models.doc2vec\nDoc2Vec", "a gensim class zero2vec does not read"),
])
def test_other_gensim_classes_say_what_they_are(tmp_path, cls, match):
    p = tmp_path / "x.model"
    p.write_bytes(b"c" + cls.encode() + b"\n)\x81.")  # GLOBAL, EMPTY_TUPLE, NEWOBJ, STOP
    with pytest.raises(UnsafePickleError, match=match) as e:
        WordVectors.load(p)
    one_line(e)


def test_truncated_pickle_is_an_eof_error(model, tmp_path):
    good = tmp_path / "w.kv"
    model.wv.save(str(good))
    data = good.read_bytes()
    for cut in (3, len(data) // 2, len(data) - 1):
        p = tmp_path / f"t{cut}.kv"
        p.write_bytes(data[:cut])
        with pytest.raises(VectorFileEOFError, match="ends early") as e:
            WordVectors.load(p)
        assert isinstance(e.value, EOFError)
        one_line(e)


def test_missing_side_file_names_it(model, tmp_path):
    path = tmp_path / "m.model"
    model.save(str(path), sep_limit=0)
    (tmp_path / "m.model.wv.vectors.npy").unlink()
    with pytest.raises(VectorFileError, match=r"m\.model\.wv\.vectors\.npy: missing") as e:
        read_gensim(path)
    one_line(e)


def test_side_file_of_the_wrong_shape_is_refused(model, tmp_path):
    path = tmp_path / "w.kv"
    model.wv.save(str(path), sep_limit=0)
    np.save(tmp_path / "w.kv.vectors.npy", np.zeros((3, 8), np.float32))
    with pytest.raises(VectorFileError, match=r"shape \(3, 8\)") as e:
        WordVectors.load(path)
    one_line(e)


def test_object_array_side_file_is_refused_without_unpickling(model, tmp_path):
    path = tmp_path / "w.kv"
    model.wv.save(str(path), sep_limit=0)
    np.save(tmp_path / "w.kv.vectors.npy", np.array([_Shell("true")] * 2, dtype=object),
            allow_pickle=True)
    with pytest.raises(VectorFileError, match="not numbers") as e:
        WordVectors.load(path)
    one_line(e)


def test_a_tampered_word_index_is_refused(model, tmp_path):
    kv = gensim_models.KeyedVectors(4)
    kv.add_vectors(["x", "y"], np.eye(2, 4, dtype=np.float32))
    kv.key_to_index["x"] = 1
    kv.save(str(tmp_path / "bad.kv"))
    with pytest.raises(VectorFileError, match="key_to_index does not match") as e:
        WordVectors.load(tmp_path / "bad.kv")
    one_line(e)


def test_non_word_keys_are_refused(tmp_path):
    kv = gensim_models.KeyedVectors(4)
    kv.add_vectors([3, 4], np.eye(2, 4, dtype=np.float32))
    kv.save(str(tmp_path / "ints.kv"))
    with pytest.raises(VectorFileError, match="not a word") as e:
        WordVectors.load(tmp_path / "ints.kv")
    one_line(e)


def test_nan_vectors_are_refused_unless_allowed(model, tmp_path):
    kv = gensim_models.KeyedVectors(2)
    kv.add_vectors(["x", "y"], np.array([[1, np.nan], [0, 1]], np.float32))
    kv.save(str(tmp_path / "nan.kv"))
    with pytest.raises(VectorFileError, match="NaN or inf"):
        WordVectors.load(tmp_path / "nan.kv")
    with pytest.warns(UserWarning):
        assert len(WordVectors.load(tmp_path / "nan.kv", allow_nonfinite=True)) == 2


def test_word2vec_file_given_to_load_says_what_to_call(model, tmp_path):
    model.wv.save_word2vec_format(str(tmp_path / "v.txt"))
    with pytest.raises(VectorFileError, match="load_word2vec_format") as e:
        WordVectors.load(tmp_path / "v.txt")
    one_line(e)


def test_bad_mmap_is_a_config_error(model, tmp_path):
    model.wv.save(str(tmp_path / "w.kv"))
    with pytest.raises(ConfigError, match="mmap"):
        read_gensim(tmp_path / "w.kv", mmap="w+")  # w+ would truncate the side files


@pytest.fixture(scope="module")
def kv_bytes(tmp_path_factory, model):
    d = tmp_path_factory.mktemp("fuzz")
    model.wv.save(str(d / "w.kv"))
    return (d / "w.kv").read_bytes()


@settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_gensim_files_load_or_fail_cleanly(kv_bytes, tmp_path, data):
    """Bytes flipped, cut or inserted anywhere in a real .kv: vectors or a zero2vec error."""
    buf = bytearray(kv_bytes)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(buf) - 1))
        how = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if how == "flip":
            buf[at] = data.draw(st.integers(0, 255))
        elif how == "cut":
            del buf[at:at + data.draw(st.integers(1, 40))]
        else:
            buf[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        if not buf:
            buf = bytearray(b"\x80")
    p = tmp_path / "m.kv"
    p.write_bytes(bytes(buf))
    try:
        wv = WordVectors.load(p, allow_nonfinite=True)
    except Zero2VecError as e:
        assert "\n" not in str(e)
    else:
        assert wv.vectors.ndim == 2 and len(wv) == len(wv.index_to_key)
    shutil.rmtree(tmp_path / "never", ignore_errors=True)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=64).map(lambda b: b"\x80\x04" + b), st.sampled_from([b"", b"."]))
def test_the_opcode_scan_never_reads_past_the_end(data, tail):
    """Any bytes (lengths of 1, 4 and 8 bytes claiming anything): a verdict, never a crash
    (the compiled walk has no bounds checks of its own)."""
    from zero2vec.vectors.io_pickle import scan_pickle

    try:
        scan_pickle(data + tail, "x")
    except VectorFileError as e:
        assert "\n" not in str(e)


class _ShortObjectArray:
    """Pickles as an object array of shape (14,) whose item list holds 2: NumPy's own
    ``__setstate__`` reads past the list (a segfault) if nothing checks it first."""

    def __reduce__(self):
        rebuild = np.ndarray.__reduce__(np.zeros(0))[0]
        return rebuild, (np.ndarray, (0,), b"b"), (1, (14,), np.dtype("O"), False, [1, 2])


@pytest.mark.parametrize("name", ["x.kv", "x.pkl"])
def test_array_state_that_does_not_match_its_shape_is_refused(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(pickle.dumps({"word_vecs": _ShortObjectArray()}, protocol=4))
    with pytest.raises(VectorFileError, match="do not match its shape") as e:
        load(p)
    one_line(e)
