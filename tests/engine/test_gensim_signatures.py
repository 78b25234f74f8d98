"""gensim's train()/build_vocab() keywords: each does what gensim's does or says it is not
supported; none is dropped without a word (issue 12's silent drops)."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec import Word2Vec
from zero2vec.errors import ConfigError, VocabularyError

A = [["a", "b", "c", "a", "b"]] * 200
B = [["x", "y", "a", "x", "y"]] * 200


def model(**kw):
    m = Word2Vec(vector_size=4, min_count=1, epochs=1, workers=1, seed=1, **kw)
    return m.build_vocab(A + B)


def test_train_reads_corpus_iterable():
    """It used to be swallowed by **kwargs: the build_vocab corpus was trained instead."""
    m1, m2 = model(), model()
    m1.train(corpus_iterable=B, total_examples=len(B), epochs=1)
    m2.train(B)
    np.testing.assert_array_equal(m1.wv.vectors, m2.wv.vectors)
    m3 = model()
    m3.train()
    assert not np.array_equal(m1.wv.vectors, m3.wv.vectors)


def test_start_and_end_alpha_set_this_calls_rates():
    m1, m2 = model(), model(alpha=0.2, min_alpha=0.01)
    m1.train(start_alpha=0.2, end_alpha=0.01)
    m2.train()
    np.testing.assert_array_equal(m1.wv.vectors, m2.wv.vectors)
    assert m1.alpha == 0.05  # the model's own rate is unchanged


@pytest.mark.parametrize("kw, msg", [
    (dict(word_count=5), "word_count=5: only 0 is supported"),
    (dict(queue_factor=0), "queue_factor must be a positive integer"),
    (dict(report_delay=-1), "report_delay must be a finite number"),
    (dict(start_alpha=0.1, checkpoint_path="x.ckpt"), "cannot be combined with checkpoint_path"),
    (dict(corpus_iterable=A, sentences=A), "not both"),
])
def test_train_keywords_are_checked(kw, msg):
    with pytest.raises(ConfigError, match=msg):
        model().train(**kw)


def test_unknown_keywords_are_errors():
    with pytest.raises(TypeError, match="unexpected keyword"):
        model().train(totl_examples=3)
    with pytest.raises(TypeError, match="unexpected keyword"):
        model().build_vocab(A, updat=True)


def test_build_vocab_update_without_a_vocabulary_says_so():
    with pytest.raises(VocabularyError, match="build one first"):
        Word2Vec(vector_size=4, min_count=1, workers=1).build_vocab(A, update=True)


def test_build_vocab_takes_gensims_names():
    m = Word2Vec(vector_size=4, min_count=1, workers=1)
    m.build_vocab(corpus_iterable=A, progress_per=100)
    assert sorted(m.wv.index_to_key) == ["a", "b", "c"]


class LossLog:
    """gensim users' callback: per-epoch loss as differences of the running total."""

    def __init__(self):
        self.totals = []

    def on_epoch_end(self, model):
        self.totals.append(model.get_latest_training_loss())


def test_latest_training_loss_is_gensims_running_total():
    log = LossLog()
    m = Word2Vec(A + B, vector_size=4, min_count=1, epochs=3, workers=1, compute_loss=True,
                 callbacks=[log])
    assert m.compute_loss
    assert log.totals == pytest.approx(np.cumsum(m.loss_history).tolist())
    assert m.get_latest_training_loss() == pytest.approx(sum(m.loss_history))
    m.train(A, epochs=2, compute_loss=True)  # the total starts again at each train()
    assert m.get_latest_training_loss() == pytest.approx(sum(m.loss_history[-2:]))
    m.train(A, epochs=1)  # gensim's train(compute_loss=False) default: no running loss
    assert not m.compute_loss and m.get_latest_training_loss() == 0.0
    assert len(m.loss_history) == 6  # the per-epoch figures are kept either way
    assert Word2Vec(A, vector_size=4, min_count=1, workers=1).get_latest_training_loss() == 0.0


def test_constructor_takes_gensims_keywords_in_gensims_order():
    import inspect

    import gensim.models.word2vec as gw

    theirs = list(inspect.signature(gw.Word2Vec.__init__).parameters)[1:]
    ours = list(inspect.signature(Word2Vec.__init__).parameters)[1:len(theirs) + 1]
    assert ours == theirs
    m = Word2Vec(None, None, 4, 0.1, 2, 1, None, 0, 7, 1, comment="hi", hashfxn=hash)
    assert (m.vector_size, m.alpha, m.window, m.min_count, m.seed, m.comment) == (4, 0.1, 2, 1, 7, "hi")
    with pytest.raises(TypeError, match="unexpected keyword"):
        Word2Vec(iter=5)


def test_shrink_windows_and_batch_words_do_what_they_say():
    def run(**kw):
        m = Word2Vec(vector_size=4, min_count=1, epochs=1, workers=1, seed=1, sample=0, **kw)
        return m.build_vocab(A + B).train().W_in
    assert not np.array_equal(run(shrink_windows=False), run())
    assert np.array_equal(run(shrink_windows=True), run())
    small = Word2Vec(vector_size=4, min_count=1, workers=1, batch_words=100)
    assert small.job_words == 100
    assert not np.array_equal(run(batch_words=100), run())  # jobs draw their own streams


def test_fixed_windows_use_every_context_word():
    """shrink_windows=False: skip-gram pairs every word with all 3 others of a 4-word
    sentence (12 pairs); shrunk windows pair fewer."""
    kw = dict(vector_size=4, window=3, min_count=1, epochs=1, workers=1, sample=0, sg=1,
              shared_negatives=False, negative=5)
    m = Word2Vec(shrink_windows=False, **kw).build_vocab([["a", "b", "c", "d"]])
    m.train()
    ref = Word2Vec(**kw).build_vocab([["a", "b", "c", "d"]])
    ref.train()
    # at least the 12 positive pairs and about 3/4 of their 60 negatives (a draw equal to
    # the center is skipped), each costing about log 2 at the start
    assert m.loss_history[0] >= (12 + 40) * 0.69
    assert m.loss_history[0] > 1.05 * ref.loss_history[0]
