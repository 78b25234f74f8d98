"""Word2Vec.save / Word2Vec.load: the whole model, no pickle; training goes on exactly."""
from __future__ import annotations

import zipfile

import numpy as np
import pytest

from zero2vec import Word2Vec
from zero2vec.errors import CheckpointError, ConfigError

A = [["a", "b", "c", "a", "d", "e", "b"], ["b", "c", "d", "x", "y", "a"]] * 60
B = [["x", "y", "a", "z", "q", "b"]] * 50


def make(**kw):
    return Word2Vec(vector_size=8, min_count=1, workers=1, epochs=2, seed=4, **kw).build_vocab(A)


@pytest.mark.parametrize("cfg", [dict(sg=0), dict(sg=1), dict(sg=1, hs=1, negative=0),
                                 dict(sg=0, hs=1, negative=2)])
def test_load_then_train_is_not_stopping(tmp_path, cfg):
    straight, stopped = make(**cfg, compute_loss=True), make(**cfg, compute_loss=True)
    straight.train(A, compute_loss=True)
    stopped.train(A, compute_loss=True)
    stopped.wv.vectors_lockf = np.ones(len(stopped.wv), dtype=np.float32)
    stopped.wv.vectors_lockf[1] = 0.5
    straight.wv.vectors_lockf = stopped.wv.vectors_lockf.copy()
    stopped.save(tmp_path / "m.model")
    loaded = Word2Vec.load(tmp_path / "m.model")
    assert loaded.wv.index_to_key == straight.wv.index_to_key
    assert np.array_equal(loaded.wv.counts, straight.wv.counts)
    assert loaded.settings == straight.settings and loaded.loss_history == straight.loss_history
    assert loaded.get_latest_training_loss() == straight.get_latest_training_loss() > 0
    assert (loaded.corpus_count, loaded.corpus_total_words) == (straight.corpus_count,
                                                                  straight.corpus_total_words)
    assert np.array_equal(loaded.wv.vectors_lockf, straight.wv.vectors_lockf)
    for m in (straight, loaded):
        m.train(B, epochs=1)
    for a, b in zip(straight.params, loaded.params):
        assert np.array_equal(a, b)
    assert loaded.loss_history == straight.loss_history and loaded.train_count == 2


def test_mmap(tmp_path):
    m = make()
    m.train(A)
    m.save(tmp_path / "m.model")
    ro = Word2Vec.load(tmp_path / "m.model", mmap="r")
    assert isinstance(ro.W_in, np.memmap) and not ro.W_in.flags.writeable
    assert np.array_equal(ro.wv.vectors, m.wv.vectors)
    assert ro.wv.most_similar("a", topn=2) == m.wv.most_similar("a", topn=2)
    with pytest.raises(ConfigError, match="read-only"):
        ro.train(A)
    cow = Word2Vec.load(tmp_path / "m.model", mmap="c")
    cow.train(A, epochs=1)
    m.train(A, epochs=1)
    assert np.array_equal(cow.W_in, m.W_in)
    assert np.array_equal(Word2Vec.load(tmp_path / "m.model").W_in, ro.W_in)  # the file is unchanged
    with pytest.raises(CheckpointError, match="mmap must be"):
        Word2Vec.load(tmp_path / "m.model", mmap="w")


def test_from_parts_is_the_one_builder():
    m = make(hs=1)
    m.train(A)
    parts = dict(words=m.wv.index_to_key, counts=m.wv.counts, W_in=m.W_in.copy(),
                 W_out=m.W_out.copy(), W_out_hs=m.W_out_hs.copy(), settings=m.settings.as_dict(),
                 state={"loss_history": m.loss_history})
    other = Word2Vec._from_parts(**parts)
    assert other.wv.most_similar("a") == m.wv.most_similar("a") and other.loss_history == m.loss_history
    with pytest.raises(ConfigError, match="W_out_hs must be"):
        Word2Vec._from_parts(**{**parts, "W_out_hs": None})
    with pytest.raises(ConfigError, match="unknown model state"):
        Word2Vec._from_parts(**{**parts, "state": {"syn1neg": 1}})


def test_bad_files_are_one_line_errors(tmp_path):
    m = make()
    path = tmp_path / "m.model"
    m.save(path)
    data = path.read_bytes()
    with pytest.raises(CheckpointError, match="no such Word2Vec model file"):
        Word2Vec.load(tmp_path / "missing.model")
    cases = {"garbage": b"not a zip at all", "empty": b""}
    for cut in (len(data) // 3, len(data) - 10, 100):
        cases[f"cut at {cut}"] = data[:cut]
    for name, blob in cases.items():
        bad = tmp_path / "bad.model"
        bad.write_bytes(blob)
        for mmap in (None, "r"):
            with pytest.raises(CheckpointError) as e:
                Word2Vec.load(bad, mmap=mmap)
            assert "\n" not in str(e.value) and str(bad) in str(e.value), name
    m.train(A, checkpoint_path=tmp_path / "run.ckpt")
    with pytest.raises(CheckpointError, match="not a zero2vec-word2vec-model.*load_checkpoint"):
        Word2Vec.load(tmp_path / "run.ckpt")


def test_tampered_fields_are_named(tmp_path):
    m = make()
    path = tmp_path / "m.model"
    m.save(path)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    import io
    import json

    header = json.loads(np.load(io.BytesIO(members["header.npy"])).tobytes())
    header["state"]["train_count"] = -1
    buf = io.BytesIO()
    np.save(buf, np.frombuffer(json.dumps(header).encode(), dtype=np.uint8))
    members["header.npy"] = buf.getvalue()
    with zipfile.ZipFile(path, "w") as z:
        for n, b in members.items():
            z.writestr(n, b)
    with pytest.raises(CheckpointError, match="state.train_count"):
        Word2Vec.load(path)


def test_save_keywords_are_checked(tmp_path):
    m = make()
    m.save(tmp_path / "a.model", separately=["wv"], sep_limit=0, pickle_protocol=2)
    with pytest.raises(ConfigError, match="ignore"):
        m.save(tmp_path / "b.model", ignore=frozenset({"wv"}))
    with pytest.raises(ConfigError, match="file name"):
        m.save(open(tmp_path / "c.model", "wb"))
    with pytest.raises(ConfigError, match="nothing to save"):
        Word2Vec(min_count=1).save(tmp_path / "d.model")
    with pytest.raises(ConfigError, match="needs the corpus"):
        Word2Vec.load(tmp_path / "a.model").train()


from hypothesis import HealthCheck, example, given, settings, strategies as st  # noqa: E402

_SAVED: dict = {}


def _saved_bytes(tmp_dir) -> bytes:
    if "blob" not in _SAVED:
        m = Word2Vec(vector_size=4, min_count=1, workers=1, epochs=1, hs=1).build_vocab(A)
        path = tmp_dir / "fuzz.model"
        m.save(path)
        _SAVED["blob"] = path.read_bytes()
    return _SAVED["blob"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
                      min_size=1, max_size=4),
       cut=st.one_of(st.none(), st.floats(0, 1)), mmap=st.sampled_from([None, "r", "c"]))
@example(edits=[(0.0, 0x80)], cut=None, mmap=None)  # a first byte like a pickle's: not gensim's
@example(edits=[(0.8671875, 1)], cut=None, mmap=None)  # a compression method zipfile lacks
def test_a_damaged_file_loads_or_is_one_checkpoint_error(tmp_path, edits, cut, mmap):
    """Bytes changed anywhere, or the file cut anywhere: a model that loads (the change hit
    nothing checked) or a one-line CheckpointError, never another exception."""
    blob = bytearray(_saved_bytes(tmp_path))
    for where, value in edits:
        blob[int(where * len(blob))] = value
    if cut is not None:
        blob = blob[:int(cut * len(blob))]
    path = tmp_path / "damaged.model"
    path.write_bytes(bytes(blob))
    try:
        m = Word2Vec.load(path, mmap=mmap)
    except CheckpointError as e:
        assert "\n" not in str(e)
    else:
        assert m.W_in.shape[1] == 4 and np.isfinite(m.W_in).all()


def test_a_gensim_model_file_loads_and_trains_on(tmp_path):
    gensim = pytest.importorskip("gensim.models")
    sentences = [["the", "cat", "sat", "on", "the", "mat"], ["a", "dog", "sat", "on", "a", "log"]] * 20
    g = gensim.Word2Vec(sentences, vector_size=8, min_count=1, sg=1, hs=1, negative=3, epochs=2,
                        workers=1, seed=3)
    g.save(str(tmp_path / "g.model"))
    m = Word2Vec.load(tmp_path / "g.model")
    assert m.wv.index_to_key == g.wv.index_to_key
    np.testing.assert_array_equal(m.wv.vectors, g.wv.vectors)
    np.testing.assert_array_equal(m.W_out, g.syn1neg)
    np.testing.assert_array_equal(m.W_out_hs, g.syn1[:-1])  # (gensim's last row is unused)
    assert (m.sg, m.hs, m.negative, m.window, m.epochs) == (1, 1, 3, 5, 2)
    assert list(m.wv.counts) == [g.wv.get_vecattr(w, "count") for w in g.wv.index_to_key]
    before = m.wv.vectors.copy()
    m.train(sentences, total_examples=len(sentences), epochs=1)
    assert not np.array_equal(before, m.wv.vectors)


def test_word2vec_load_of_vectors_is_an_attribute_error_as_gensims(tmp_path):
    gensim = pytest.importorskip("gensim.models")
    g = gensim.Word2Vec([["a", "b", "c"]] * 5, vector_size=4, min_count=1, workers=1)
    g.wv.save(str(tmp_path / "g.kv"))
    with pytest.raises(AttributeError, match="holds gensim KeyedVectors, not a Word2Vec model"):
        Word2Vec.load(tmp_path / "g.kv")
