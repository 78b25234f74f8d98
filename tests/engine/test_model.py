"""The Word2Vec model: API, determinism, threads, loss, callbacks, errors."""
from __future__ import annotations

import threading

import numpy as np
import pytest

import zero2vec
from zero2vec.engine import Word2Vec
from zero2vec.errors import ConfigError, CorpusError, VocabularyError
from zero2vec.vectors.keyed import WordVectors

SMALL = dict(vector_size=32, window=3, min_count=2, epochs=2, progress=False)


def test_api_mirrors_gensim_and_the_book(brown_lines):
    m = zero2vec.Word2Vec(brown_lines, workers=1, **SMALL)
    assert isinstance(m.wv, WordVectors)
    assert m.wv.vectors is m.W_in and m.word_vecs is m.W_in
    assert m.W_out.shape == m.W_in.shape == (len(m.wv), 32)
    assert m.W_out_hs is None
    assert len(m.params) == 2 and m.params[0] is m.W_in and m.params[1] is m.W_out
    assert len(m.loss_history) == 2 and m.get_latest_training_loss() == 0.0  # gensim: compute_loss=False
    assert m.loss_history[1] < m.loss_history[0]
    assert m.corpus_total_words == sum(map(len, brown_lines))
    m.wv.check_finite()


def test_build_vocab_then_train(brown_lines):
    m = Word2Vec(sg=1, workers=1, **SMALL)
    assert m.build_vocab(brown_lines) is m
    before = m.W_in.copy()
    m.train(brown_lines, total_examples=len(brown_lines), epochs=1)
    assert len(m.loss_history) == 1 and not np.array_equal(before, m.W_in)
    m.train(brown_lines[:100], epochs=1)  # a different corpus is encoded with the vocabulary
    assert len(m.loss_history) == 2


@pytest.mark.parametrize("sg", [0, 1])
def test_one_thread_is_bit_identical(brown_lines, sg):
    a = Word2Vec(brown_lines, sg=sg, workers=1, seed=5, **SMALL)
    b = Word2Vec(brown_lines, sg=sg, workers=1, seed=5, **SMALL)
    c = Word2Vec(brown_lines, sg=sg, workers=1, seed=6, **SMALL)
    for x, y in zip(a.params, b.params):
        assert np.array_equal(x, y)
    assert a.loss_history == b.loss_history
    assert not np.array_equal(a.W_in, c.W_in)


@pytest.mark.parametrize("sg", [0, 1])
def test_threads_train_and_loss_does_not_depend_on_them(brown_lines, sg):
    corpus = brown_lines * 3  # > 2 jobs, so both threads get work
    one = Word2Vec(corpus, sg=sg, workers=1, **SMALL)
    two = Word2Vec(corpus, sg=sg, workers=2, **SMALL)
    two.wv.check_finite()
    for a, b in zip(one.loss_history, two.loss_history):
        assert b == pytest.approx(a, rel=0.02)
    # sensible vectors: the same words end up near each other with either
    def nearest(m, w):
        v = m.W_in / np.linalg.norm(m.W_in, axis=1, keepdims=True)
        sims = v @ v[m.wv.get_index(w)]
        return set(np.argsort(-sims)[1:30])
    overlap = np.mean([len(nearest(one, w) & nearest(two, w)) / 29
                       for w in ("he", "was", "said", "would", "time")])
    assert overlap > 0.3


def test_hierarchical_softmax(brown_lines):
    m = Word2Vec(brown_lines, sg=1, hs=1, negative=0, workers=1, **SMALL)
    assert m.W_out is None and m.W_out_hs.shape == (len(m.wv) - 1, 32)
    assert len(m.params) == 2 and m.params[0] is m.W_in and m.params[1] is m.W_out_hs
    assert m.loss_history[1] < m.loss_history[0]
    both = Word2Vec(brown_lines, sg=0, hs=1, negative=3, workers=1, **SMALL)
    assert len(both.params) == 3
    both.wv.check_finite()


def test_callbacks_run_on_the_main_thread(brown_lines):
    seen = []

    class CB:
        def on_train_begin(self, model):
            seen.append(("train_begin", threading.current_thread() is threading.main_thread()))

        def on_epoch_begin(self, model):
            seen.append(("epoch_begin", threading.current_thread() is threading.main_thread()))

        def on_epoch_end(self, model):
            seen.append(("epoch_end", len(model.loss_history)))

        def on_progress(self, model, info):
            seen.append(("progress", info["words_done"] <= info["words_total"]))

        def on_train_end(self, model):
            seen.append(("train_end", True))

    Word2Vec(brown_lines, workers=2, callbacks=[CB()], **SMALL)
    names = [n for n, _ in seen if n != "progress"]
    assert names == ["train_begin", "epoch_begin", "epoch_end", "epoch_begin", "epoch_end",
                     "train_end"]
    assert all(ok for n, ok in seen if n != "epoch_end")
    assert [v for n, v in seen if n == "epoch_end"] == [1, 2]


def test_progress_bar_can_be_shown(brown_lines, capsys):
    Word2Vec(brown_lines[:200], workers=1, **{**SMALL, "progress": True})
    shown = capsys.readouterr().err
    assert "epoch 2/2" in shown and "words/s" in shown and "lr" in shown


def test_corpus_file(tmp_path, brown_lines):
    p = tmp_path / "c.txt"
    p.write_text("\n".join(" ".join(s) for s in brown_lines), encoding="utf-8")
    a = Word2Vec(corpus_file=p, workers=1, **SMALL)
    b = Word2Vec(brown_lines, workers=1, **SMALL)
    assert a.wv.index_to_key == b.wv.index_to_key and np.array_equal(a.W_in, b.W_in)


@pytest.mark.parametrize("kwargs", [
    dict(window=0), dict(vector_size=-3), dict(vector_size=10 ** 9), dict(window=2.5),
    dict(negative=-1), dict(hs=0, negative=0), dict(sg=2), dict(alpha=0), dict(alpha=float("nan")),
    dict(min_alpha=1.0), dict(sample=-1e-3), dict(epochs=0), dict(workers=0), dict(seed="x"),
    dict(min_count=-1), dict(max_final_vocab=0), dict(batch_words=0), dict(sorted_vocab=2),
    dict(shrink_windows=3), dict(null_word="x"), dict(hashfxn=3), dict(trim_rule=1), dict(comment=5),
    dict(compute_loss=2),
])
def test_bad_settings_raise_config_error(kwargs):
    with pytest.raises(ConfigError):
        Word2Vec(**kwargs)


def test_bad_input_raises_zero2vec_errors(tmp_path):
    with pytest.raises(ConfigError):
        Word2Vec(sentences=[["a"]], corpus_file="x.txt")
    with pytest.raises(ConfigError):
        Word2Vec(sentences="not a corpus")
    with pytest.raises(CorpusError):
        Word2Vec(corpus_file=tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n")
    with pytest.raises(CorpusError):
        Word2Vec(corpus_file=empty)
    with pytest.raises(VocabularyError):
        Word2Vec([["a", "b"]] * 2, min_count=5, progress=False)
    with pytest.raises(VocabularyError):
        Word2Vec(progress=False).train([["a"]])
    with pytest.raises(VocabularyError):
        Word2Vec([["a"]] * 3, min_count=1, hs=1, progress=False)


def test_file_backed_corpus_trains_identically(brown_lines):
    a = Word2Vec(brown_lines, workers=1, **SMALL)
    b = Word2Vec(brown_lines, workers=1, max_ram_tokens=4_096, **SMALL)
    assert not b._corpus.ids.in_ram and not b._corpus.ends.in_ram
    assert a._corpus.ids.in_ram and isinstance(b._corpus.tokens, np.memmap)
    assert np.array_equal(a.W_in, b.W_in)


def test_training_reads_a_file_backed_corpus_job_by_job(brown_lines, monkeypatch):
    from zero2vec.corpus.store import ArrayStore
    from zero2vec.engine.scheduler import DEFAULT_JOB_WORDS

    m = Word2Vec(workers=2, max_ram_tokens=1_000, **SMALL)
    m.build_vocab(brown_lines * 3)
    reads = []
    real_read = ArrayStore.read

    def read(self, start, stop, out=None):
        reads.append(stop - start)
        return real_read(self, start, stop, out)

    def whole(self):
        raise AssertionError("training loaded the whole corpus")

    monkeypatch.setattr(ArrayStore, "read", read)
    monkeypatch.setattr(ArrayStore, "array", property(whole))
    m.train()
    longest = max(map(len, brown_lines))
    assert reads and max(reads) <= DEFAULT_JOB_WORDS + longest  # one job's ids at a time
    assert m.loss_history and np.isfinite(m.W_in).all()


def test_progress_callback_is_throttled_and_informative(brown_lines):
    infos = []

    class CB:
        def on_progress(self, model, info):
            infos.append(info)

    m = Word2Vec(vector_size=16, min_count=2, epochs=2, workers=1, progress=False)
    m.build_vocab(brown_lines * 4)
    m.train(callbacks=[CB()], report_delay=0.0)
    assert infos, "report_delay=0 reports after every job"
    last = infos[-1]
    assert last["words_done"] == last["words_total"] == 2 * m._corpus.n_words
    assert last["alpha"] == pytest.approx(m.min_alpha, abs=1e-3)
    assert last["words_per_s"] > 0 and last["epoch_loss"] > 0
