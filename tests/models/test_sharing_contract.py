"""The parameter-sharing contract of the book's models, as tests.

1. ``model.word_vecs`` is the very array every Embedding holds and the optimizer updates.
2. One SGD step changes exactly the batch's context rows, by the hand-computed amount.
3. Each shared parameter gets one update with the sum of its holders' gradients, equal to
   the book's dense method (dense dW per layer, merged by identity).
"""
import numpy as np
import pytest

from zero2vec.corpus import create_contexts_target
from zero2vec.inspect import describe_params
from zero2vec.models import CBOW, SkipGram
from zero2vec.nn import sigmoid
from zero2vec.optim import SGD, Adam
from zero2vec.trainer import Trainer
from zero2vec.trainer.reference import BookTrainer, book_remove_duplicate


def small_corpus(n=400, V=30, seed=0):
    return np.random.default_rng(seed).zipf(1.3, n).clip(1, V) - 1


@pytest.mark.parametrize("cls", [CBOW, SkipGram])
def test_word_vecs_is_the_trained_array(cls):
    corpus = small_corpus()
    model = cls(30, 8, 2, corpus, seed=0)
    W_in = model.word_vecs
    holders = model.in_layers if cls is CBOW else [model.in_layer]
    for layer in holders:
        assert layer.params[0] is W_in and np.shares_memory(layer.params[0], W_in)
    trainer = Trainer(model, SGD(lr=0.5), seed=0, progress=False)
    assert trainer.shared.params[0] is W_in  # the array the optimizer will update
    before = W_in.copy()
    contexts, target = create_contexts_target(corpus, 2)
    trainer.fit(contexts, target, max_epoch=1, batch_size=32)
    assert model.word_vecs is W_in and not np.array_equal(before, W_in)


def test_one_sgd_step_changes_exactly_the_context_rows_by_hand():
    V, H, w, lr = 30, 6, 2, 0.3
    corpus = small_corpus()
    contexts, target = create_contexts_target(corpus, w)
    x, t = contexts[:16], target[:16]
    model = CBOW(V, H, w, corpus, sample_size=3, seed=0, dtype=np.float64)
    drawn = []
    orig = model.ns_loss.sampler.get_negative_sample
    model.ns_loss.sampler.get_negative_sample = lambda tt: drawn.append((tt.copy(), orig(tt))) or drawn[-1][1]
    W_in0, W_out0 = model.word_vecs.copy(), model.params[-1].copy()

    Trainer(model, SGD(lr=lr), seed=0, progress=False).fit(x, t, max_epoch=1, batch_size=16)

    (bt, neg), = drawn
    order = np.random.default_rng(0).permutation(16)  # the Trainer's shuffle for seed=0
    bx = x[order]
    np.testing.assert_array_equal(bt, t[order])
    # by hand: h = mean of context vectors; dL/dh from 1 positive + 3 negatives
    N = len(bt)
    h = W_in0[bx].mean(axis=1)
    dh = np.zeros_like(h)
    for ids, label in [(bt, 1.0)] + [(neg[:, k], 0.0) for k in range(3)]:
        s = np.sum(W_out0[ids] * h, axis=1)
        dh += ((sigmoid(s) - label) / N)[:, None] * W_out0[ids]
    expected = W_in0.copy()
    for j in range(2 * w):
        np.subtract.at(expected, bx[:, j], lr * dh / (2 * w))

    changed = np.flatnonzero(np.any(model.word_vecs != W_in0, axis=1))
    assert set(changed) == set(bx.ravel())
    np.testing.assert_allclose(model.word_vecs, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("cls", [CBOW, SkipGram])
@pytest.mark.parametrize("make_opt", [lambda: SGD(lr=0.1), lambda: Adam(lr=0.01, lazy=False)])
def test_matches_the_books_dense_method(cls, make_opt):
    corpus = small_corpus(600)
    contexts, target = create_contexts_target(corpus, 2)
    fast = cls(30, 8, 2, corpus, seed=3)                    # row-sparse grads, merged once
    book = cls(30, 8, 2, corpus, seed=3, sparse_grad=False)  # dense dW per layer
    Trainer(fast, make_opt(), seed=5, progress=False).fit(contexts, target, 2, 50)
    BookTrainer(book, make_opt(), seed=5, progress=False).fit(contexts, target, 2, 50)
    for p_fast, p_book in zip(Trainer(fast, SGD()).shared.params, Trainer(book, SGD()).shared.params):
        np.testing.assert_allclose(p_fast, p_book, rtol=1e-4, atol=1e-6)


def test_book_remove_duplicate_sums_by_identity():
    a, b = np.zeros(3), np.zeros(3)
    params, grads = book_remove_duplicate([a, b, a, a], [np.ones(3), 2 * np.ones(3), 3 * np.ones(3), np.ones(3)])
    assert params[0] is a and params[1] is b and len(params) == 2
    np.testing.assert_array_equal(grads[0], 5 * np.ones(3))


def test_describe_params_answers_when_w_in_is_updated(capsys):
    corpus = small_corpus()
    model = CBOW(30, 8, 5, corpus)
    rows = describe_params(model)
    assert len(rows) == 2
    w_in, w_out = rows
    assert w_in.is_word_vecs and w_in.count == 10 and len(w_in.holders) == 10
    assert all(h.startswith("in_layers[") for h in w_in.holders)
    assert not w_out.is_word_vecs and w_out.count == 6
    out = capsys.readouterr().out
    assert "in_layers[0..9]" in out and "word_vecs" in out


def test_views_of_one_array_are_refused():
    from zero2vec.errors import ConfigError
    from zero2vec.trainer import SharedParams

    W = np.zeros((4, 4))
    with pytest.raises(ConfigError, match="share memory"):
        SharedParams([W, W[:2]])
