"""The book's ``common/functions.py`` (the ch02–ch04 part): zero2vec's ``nn.functions``."""
from zero2vec.book.np import GPU, np
from zero2vec.nn.functions import cross_entropy_error, sigmoid, softmax

__all__ = ["GPU", "cross_entropy_error", "np", "sigmoid", "softmax"]
