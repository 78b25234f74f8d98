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
