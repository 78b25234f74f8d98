import numpy as np
import pytest

from zero2vec.errors import ConfigError, CorpusError
from zero2vec.nn import NegativeSamplingLoss, UnigramSampler, as_dense
from zero2vec.nn.gradient_check import numerical_gradient


def test_sampler_never_draws_the_target():
    corpus = np.array([0, 1, 2, 3, 4, 1, 5, 6] * 3)
    sampler = UnigramSampler(corpus, 0.75, 5, seed=0)
    target = np.array([1, 3, 0, 1, 6] * 200)
    neg = sampler.get_negative_sample(target)
    assert neg.shape == (1000, 5)
    assert not (neg == target[:, None]).any()


def test_sampler_distribution_is_unigram_to_the_075(rng):
    counts = np.array([1000, 300, 100, 10, 1])
    corpus = np.repeat(np.arange(5), counts)
    sampler = UnigramSampler(corpus, 0.75, 4, seed=1)
    # target 4 is the rarest word; its exclusion barely moves the others
    draws = sampler.get_negative_sample(np.full(50000, 4)).ravel()
    freq = np.bincount(draws, minlength=5)[:4] / draws.size
    p = counts[:4] ** 0.75 / np.sum(counts[:4] ** 0.75)
    np.testing.assert_allclose(freq, p, atol=0.01)


def test_sampler_rejects_single_word_corpus():
    with pytest.raises(ConfigError, match="2 distinct"):
        UnigramSampler(np.zeros(10, int), 0.75, 2)
    with pytest.raises(CorpusError):
        UnigramSampler(np.array([], int), 0.75, 2)


def test_sampler_is_seeded():
    corpus = np.arange(20).repeat(3)
    t = np.arange(20)
    a = UnigramSampler(corpus, 0.75, 3, seed=7).get_negative_sample(t)
    b = UnigramSampler(corpus, 0.75, 3, seed=7).get_negative_sample(t)
    np.testing.assert_array_equal(a, b)


def test_negative_sampling_loss_gradients(rng):
    corpus = np.arange(8).repeat(2)
    W = rng.standard_normal((8, 4))
    h = rng.standard_normal((3, 4))
    target = np.array([1, 5, 7])
    layer = NegativeSamplingLoss(W, corpus, sample_size=3, seed=0)
    fixed = layer.sampler.get_negative_sample(target)
    layer.sampler.get_negative_sample = lambda t: fixed  # same negatives for every evaluation

    layer.forward(h, target)
    dh = layer.backward()
    f = lambda: layer.forward(h, target)  # noqa: E731
    np.testing.assert_allclose(dh, numerical_gradient(f, h), rtol=1e-5, atol=1e-7)
    layer.forward(h, target)
    layer.backward()
    dW = sum(as_dense(g) for g in layer.grads)
    np.testing.assert_allclose(dW, numerical_gradient(f, W), rtol=1e-5, atol=1e-7)


def test_all_embed_dot_layers_share_w(rng):
    W = rng.standard_normal((8, 4)).astype(np.float32)
    layer = NegativeSamplingLoss(W, np.arange(8), sample_size=5)
    assert len(layer.params) == 6 and all(p is W for p in layer.params)
