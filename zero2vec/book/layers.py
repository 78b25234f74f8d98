"""The book's ``common/layers.py`` (the ch02–ch04 layers): zero2vec's ``nn`` layers.

``Embedding`` keeps its gradient row-sparse by default (the touched rows and their values,
not a zero-filled V x H array); ``Embedding(W, sparse_grad=False)`` is the book's dense
``dW``. ``from zero2vec.book.layers import *`` also gives ``np`` and ``GPU``, as the book's
star import does (its ch04/skip_gram.py relies on that).
"""
from zero2vec.book.np import GPU, np
from zero2vec.nn.functions import cross_entropy_error, softmax
from zero2vec.nn.layers import (Embedding, MatMul, Sigmoid, SigmoidWithLoss, Softmax,
                                SoftmaxWithLoss)

__all__ = ["Embedding", "GPU", "MatMul", "Sigmoid", "SigmoidWithLoss", "Softmax",
           "SoftmaxWithLoss", "cross_entropy_error", "np", "softmax"]
