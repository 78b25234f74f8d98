"""The ch03 models: ``SimpleCBOW`` and ``SimpleSkipGram`` (window 1, full softmax, one-hot input)."""
from __future__ import annotations

import numpy as np

from zero2vec.errors import ShapeError
from zero2vec.models._base import Model, init_weights
from zero2vec._checks import Seed, check_positive_int, random_source
from zero2vec.nn import MatMul, SoftmaxWithLoss


def _check_one_hot(contexts: np.ndarray, target: np.ndarray, V: int) -> None:
    if contexts.ndim != 3 or contexts.shape[1] != 2 or contexts.shape[2] != V:
        raise ShapeError(f"contexts must be one-hot of shape (batch, 2, {V}), got {contexts.shape}")
    if target.shape[0] != contexts.shape[0]:
        raise ShapeError(f"target has {target.shape[0]} rows, contexts {contexts.shape[0]}")


class SimpleCBOW(Model):
    """Average the two context words' hidden vectors, softmax over the vocabulary.

    Both input ``MatMul`` layers hold the same ``W_in`` (= ``word_vecs``).
    """

    def __init__(self, vocab_size: int, hidden_size: int,
                 seed: Seed = None,
                 dtype: np.dtype = np.float32) -> None:
        V = check_positive_int("vocab_size", vocab_size, 1_000_000)
        H = check_positive_int("hidden_size", hidden_size, 100_000)
        rng = random_source(seed)
        W_in = init_weights(rng, (V, H), dtype)
        W_out = init_weights(rng, (H, V), dtype)

        self.in_layer0 = MatMul(W_in)
        self.in_layer1 = MatMul(W_in)
        self.out_layer = MatMul(W_out)
        self.loss_layer = SoftmaxWithLoss()
        self._collect([self.in_layer0, self.in_layer1, self.out_layer, self.loss_layer])
        self.word_vecs = W_in

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> float:
        _check_one_hot(contexts, target, self.word_vecs.shape[0])
        h0 = self.in_layer0.forward(contexts[:, 0])
        h1 = self.in_layer1.forward(contexts[:, 1])
        h = (h0 + h1) * 0.5
        score = self.out_layer.forward(h)
        return self.loss_layer.forward(score, target)

    def backward(self, dout: float = 1) -> None:
        ds = self.loss_layer.backward(dout)
        da = self.out_layer.backward(ds)
        da *= 0.5
        self.in_layer1.backward(da)
        self.in_layer0.backward(da)
        return None


class SimpleSkipGram(Model):
    """Predict both context words from the target word, each through a full softmax."""

    def __init__(self, vocab_size: int, hidden_size: int,
                 seed: Seed = None,
                 dtype: np.dtype = np.float32) -> None:
        V = check_positive_int("vocab_size", vocab_size, 1_000_000)
        H = check_positive_int("hidden_size", hidden_size, 100_000)
        rng = random_source(seed)
        W_in = init_weights(rng, (V, H), dtype)
        W_out = init_weights(rng, (H, V), dtype)

        self.in_layer = MatMul(W_in)
        self.out_layer = MatMul(W_out)
        self.loss_layer1 = SoftmaxWithLoss()
        self.loss_layer2 = SoftmaxWithLoss()
        self._collect([self.in_layer, self.out_layer, self.loss_layer1, self.loss_layer2])
        self.word_vecs = W_in

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> float:
        _check_one_hot(contexts, target, self.word_vecs.shape[0])
        h = self.in_layer.forward(target)
        s = self.out_layer.forward(h)
        l1 = self.loss_layer1.forward(s, contexts[:, 0])
        l2 = self.loss_layer2.forward(s, contexts[:, 1])
        return l1 + l2

    def backward(self, dout: float = 1) -> None:
        dl1 = self.loss_layer1.backward(dout)
        dl2 = self.loss_layer2.backward(dout)
        ds = dl1 + dl2
        dh = self.out_layer.backward(ds)
        self.in_layer.backward(dh)
        return None
