"""Gradient checks for the four models, and their input checks."""
import numpy as np
import pytest

from zero2vec.corpus import convert_one_hot, create_contexts_target, preprocess
from zero2vec.errors import ConfigError, ShapeError
from zero2vec.models import CBOW, SimpleCBOW, SimpleSkipGram, SkipGram
from zero2vec.nn import as_dense
from zero2vec.nn.gradient_check import numerical_gradient
from zero2vec.trainer import remove_duplicate

TEXT = "You say goodbye and I say hello. I say hello and you say goodbye."


def freeze_negatives(model):
    losses = [model.ns_loss] if hasattr(model, "ns_loss") else model.loss_layers
    cache = {}
    for layer in losses:
        orig = layer.sampler.get_negative_sample

        def fixed(t, orig=orig, key=id(layer)):
            if key not in cache:
                cache[key] = orig(t)
            return cache[key]
        layer.sampler = type("S", (), {"get_negative_sample": staticmethod(fixed)})()


def check_model_grads(model, x, t):
    model.forward(x, t)
    model.backward()
    params, grads = remove_duplicate(model.params, model.grads)
    for p, g in zip(params, grads):
        num = numerical_gradient(lambda: model.forward(x, t), p)
        np.testing.assert_allclose(as_dense(g), num, rtol=1e-4, atol=1e-7)


@pytest.mark.parametrize("cls", [CBOW, SkipGram])
def test_ns_model_gradients(cls):
    corpus, w2i, _ = preprocess(TEXT)
    contexts, target = create_contexts_target(corpus, 2)
    model = cls(len(w2i), 3, 2, corpus, sample_size=2, seed=0, dtype=np.float64)
    model.word_vecs[...] = np.random.default_rng(1).standard_normal(model.word_vecs.shape)
    freeze_negatives(model)
    check_model_grads(model, contexts[:4], target[:4])


@pytest.mark.parametrize("cls", [SimpleCBOW, SimpleSkipGram])
def test_simple_model_gradients(cls):
    corpus, w2i, _ = preprocess(TEXT)
    contexts, target = create_contexts_target(corpus, 1)
    V = len(w2i)
    model = cls(V, 3, seed=0, dtype=np.float64)
    model.word_vecs[...] = np.random.default_rng(1).standard_normal(model.word_vecs.shape)
    check_model_grads(model, convert_one_hot(contexts, V)[:5].astype(float),
                      convert_one_hot(target, V)[:5])


@pytest.mark.parametrize("cls", [CBOW, SkipGram])
def test_word_vecs_shape_and_layers(cls):
    corpus = np.arange(30) % 7
    model = cls(7, 4, 3, corpus, seed=0)
    assert model.word_vecs.shape == (7, 4) and model.word_vecs.dtype == np.float32


@pytest.mark.parametrize("cls", [CBOW, SkipGram])
def test_bad_batches_are_named(cls):
    corpus = np.arange(30) % 7
    model = cls(7, 4, 2, corpus, seed=0)
    with pytest.raises(ShapeError, match="contexts must have shape"):
        model.forward(np.zeros((3, 3), int), np.zeros(3, int))
    with pytest.raises(ShapeError, match="target must have shape"):
        model.forward(np.zeros((3, 4), int), np.zeros(2, int))
    with pytest.raises(ShapeError, match="outside"):
        model.forward(np.full((3, 4), 7), np.zeros(3, int))
    with pytest.raises(ShapeError, match="integer"):
        model.forward(np.zeros((3, 4)), np.zeros(3, int))


def test_bad_sizes():
    corpus = np.arange(30) % 7
    with pytest.raises(ConfigError, match="window_size"):
        CBOW(7, 4, 0, corpus)
    with pytest.raises(ConfigError, match="hidden_size"):
        CBOW(7, -1, 2, corpus)
    with pytest.raises(ConfigError, match="rows"):
        CBOW(5, 4, 2, corpus)  # corpus has id 6, W_out only 5 rows


def test_iter_layers_walks_the_model():
    from zero2vec.models import iter_layers
    from zero2vec.nn import Embedding, UnigramSampler

    corpus = np.arange(100) % 10
    model = CBOW(10, 4, 2, corpus)
    layers = dict(iter_layers(model))
    assert [p for p, layer in layers.items() if p.startswith("in_layers")] == [
        f"in_layers[{i}]" for i in range(4)]
    assert all(isinstance(layers[f"in_layers[{i}]"], Embedding) for i in range(4))
    assert sum(isinstance(getattr(layer, "sampler", None), UnigramSampler) for layer in layers.values()) == 1
