"""The book's layers and losses, with row-sparse gradients for embeddings."""
from zero2vec.nn.functions import cross_entropy_error, sigmoid, softmax
from zero2vec.nn.layers import (
    Embedding, EmbeddingDot, MatMul, Sigmoid, SigmoidWithLoss, Softmax, SoftmaxWithLoss,
)
from zero2vec.nn.negative_sampling import NegativeSamplingLoss, UnigramSampler
from zero2vec.nn.sparse import RowSparseGrad, as_dense

__all__ = [
    "Embedding", "EmbeddingDot", "MatMul", "NegativeSamplingLoss", "RowSparseGrad", "Sigmoid",
    "SigmoidWithLoss", "Softmax", "SoftmaxWithLoss", "UnigramSampler", "as_dense",
    "cross_entropy_error", "sigmoid", "softmax",
]
