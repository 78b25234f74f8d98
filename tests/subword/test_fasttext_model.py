"""zero2vec.FastText: gensim's API, .bin files both ways, memory guard, bad settings."""
from __future__ import annotations

import numpy as np
import pytest

import zero2vec
from zero2vec.errors import ConfigError, MemoryLimitError
from zero2vec.subword.model import FastText, load_facebook_model, load_facebook_vectors

SENTENCES = [s.split() for s in ["the cat sat on the mat", "the dog sat on the log",
                                 "a cat and a dog played", "the mat and the log were red",
                                 "naïve café 東京 tokyo"]] * 30
PROBES = ["cat", "dog", "東京", "café", "cats", "東京都", "naïveté", "zzzz"]


@pytest.fixture(scope="module")
def model():
    return zero2vec.FastText(SENTENCES, vector_size=12, min_count=2, bucket=500, min_n=2,
                             max_n=5, workers=1, seed=2, progress=False, epochs=2)


def test_gensim_names(model):
    assert isinstance(model.wv, zero2vec.FastTextKeyedVectors)
    assert (model.min_n, model.max_n, model.bucket, model.word_ngrams) == (2, 5, 500, 1)
    assert model.wv.vectors_ngrams.shape == (500, 12) and model.wv.matrix is model.W_in
    model.epochs = 2  # settings stay checked
    with pytest.raises(ConfigError, match="min_n"):
        model.min_n = 9


def test_save_loads_in_fasttext_with_the_same_vectors(model, tmp_path):
    fasttext = pytest.importorskip("fasttext")
    path = tmp_path / "m.bin"
    model.save(path)
    f = fasttext.load_model(str(path))
    assert f.get_words() == model.wv.index_to_key
    for w in PROBES:
        np.testing.assert_allclose(f.get_word_vector(w), model.wv[w], atol=1e-6)


def test_save_loads_in_gensim(model, tmp_path):
    from gensim.models.fasttext import load_facebook_model as gensim_load

    path = tmp_path / "m.bin"
    model.save(path)
    g = gensim_load(str(path))
    for w in PROBES:
        np.testing.assert_allclose(g.wv[w], model.wv[w], atol=1e-6)


def test_load_round_trip_and_train_more(model, tmp_path):
    path = tmp_path / "m.bin"
    model.save(path)
    again = load_facebook_model(path)
    assert np.array_equal(again.W_in, model.W_in) and np.array_equal(again.W_out, model.W_out)
    kv = load_facebook_vectors(path)
    for w in PROBES:
        np.testing.assert_array_equal(kv[w], model.wv[w])
    again.workers = 1
    again.train(SENTENCES)
    assert not np.array_equal(again.W_in, model.W_in)


def test_loads_a_bin_made_by_fasttext(tmp_path):
    fasttext = pytest.importorskip("fasttext")
    corpus = tmp_path / "c.txt"
    corpus.write_text("\n".join(" ".join(s) for s in SENTENCES), encoding="utf-8")
    f = fasttext.train_unsupervised(str(corpus), model="cbow", dim=10, bucket=700, minn=1, maxn=4,
                                    epoch=1, minCount=1, thread=1, verbose=0)
    f.save_model(str(tmp_path / "f.bin"))
    m = FastText.load(tmp_path / "f.bin")
    assert not m.sg and m.vector_size == 10 and (m.min_n, m.max_n) == (1, 4)
    for w in PROBES + ["</s>"]:
        np.testing.assert_allclose(m.wv[w], f.get_word_vector(w), atol=1e-6)


def test_memory_guard_counts_the_bucket_table(monkeypatch):
    import zero2vec._memory as mem

    monkeypatch.setattr(mem, "available_memory", lambda: 200 * 2**20)
    with pytest.raises(MemoryLimitError, match="n-gram buckets.*lower bucket"):
        FastText(SENTENCES, vector_size=100, min_count=1, workers=1, progress=False)
    FastText(SENTENCES, vector_size=10, bucket=1000, min_count=1, workers=1, progress=False)


@pytest.mark.parametrize("kw, message", [(dict(bucket=0), "bucket=0"),
                                         (dict(min_n=5, max_n=3), "min_n \\(5\\) > max_n"),
                                         (dict(word_ngrams=2), "word_ngrams=2")])
def test_bad_settings(kw, message):
    with pytest.raises(ConfigError, match=message):
        FastText(**kw)


def test_checkpoints_say_not_yet(model, tmp_path):
    with pytest.raises(ConfigError, match="checkpoints"):
        model.train(checkpoint_path=tmp_path / "c.npz")


def test_two_threads_and_hs_models_load_in_fasttext(tmp_path):
    m = FastText(SENTENCES, vector_size=8, min_count=1, bucket=300, workers=2, hs=1, negative=0,
                 sg=1, progress=False, epochs=2)
    assert all(np.isfinite(m.loss_history)) and len(m.loss_history) == 2
    assert m.W_out is None and m.W_out_hs.shape == (len(m.wv) - 1, 8)
    m.save(tmp_path / "hs.bin")
    again = load_facebook_model(tmp_path / "hs.bin")
    assert again.hs and not again.negative
    np.testing.assert_array_equal(again.W_out_hs, m.W_out_hs)
    fasttext = pytest.importorskip("fasttext")
    f = fasttext.load_model(str(tmp_path / "hs.bin"))
    np.testing.assert_allclose(f.get_word_vector("cats"), m.wv["cats"], atol=1e-6)


def test_settings_the_subword_kernels_do_not_take_are_refused_not_ignored():
    from zero2vec import FastText
    from zero2vec.errors import ConfigError

    s = [["a", "b", "c", "d", "e"]] * 20
    with pytest.raises(ConfigError, match="shrink_windows=False is not supported by FastText"):
        FastText(vector_size=8, min_count=1, shrink_windows=False, bucket=100)
    m = FastText(vector_size=8, min_count=1, bucket=100, workers=1)
    m.build_vocab(s)
    with pytest.raises(ConfigError, match=r"update=True\) is not supported by FastText"):
        m.build_vocab(s, update=True)
    with pytest.raises(ConfigError, match=r"update=True\) is not supported by FastText"):
        m.build_vocab_from_freq({"f": 3}, update=True)
    m.wv.vectors_lockf = np.zeros(len(m.wv), dtype=np.float32)
    with pytest.raises(ConfigError, match="vectors_lockf is not supported by FastText"):
        m.train(s, total_examples=len(s), epochs=1)
