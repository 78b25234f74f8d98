import numpy as np
import pytest

from zero2vec.corpus import convert_one_hot, create_contexts_target, preprocess
from zero2vec.errors import ConfigError, CorpusError


def test_preprocess_is_the_books():
    corpus, w2i, i2w = preprocess("You say goodbye and I say hello.")
    assert corpus.tolist() == [0, 1, 2, 3, 4, 1, 5, 6]
    assert w2i == {"you": 0, "say": 1, "goodbye": 2, "and": 3, "i": 4, "hello": 5, ".": 6}
    assert i2w[6] == "."


def test_contexts_target_window_1_matches_the_book():
    corpus, _, _ = preprocess("You say goodbye and I say hello.")
    contexts, target = create_contexts_target(corpus, 1)
    assert contexts.tolist() == [[0, 2], [1, 3], [2, 4], [3, 1], [4, 5], [1, 6]]
    assert target.tolist() == [1, 2, 3, 4, 1, 5]


def test_contexts_target_window_2_against_the_books_loop():
    corpus = np.random.default_rng(0).integers(0, 9, 50)
    contexts, target = create_contexts_target(corpus, 2)
    ref = [[corpus[i + t] for t in (-2, -1, 1, 2)] for i in range(2, 48)]
    assert contexts.tolist() == ref and target.tolist() == corpus[2:48].tolist()
    assert contexts.flags.c_contiguous


def test_errors():
    with pytest.raises(ConfigError, match="too large"):
        create_contexts_target(np.arange(4), 2)
    with pytest.raises(ConfigError, match="window_size"):
        create_contexts_target(np.arange(4), 0)
    with pytest.raises(CorpusError, match="1-D"):
        create_contexts_target(np.zeros((3, 3), int), 1)
    with pytest.raises(CorpusError, match="no words"):
        preprocess("   ")


def test_one_hot():
    oh = convert_one_hot(np.array([[0, 2]]), 3)
    assert oh.tolist() == [[[1, 0, 0], [0, 0, 1]]]
