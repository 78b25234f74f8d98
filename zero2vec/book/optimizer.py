"""The book's ``common/optimizer.py``: zero2vec's optimizers, with the book's signatures.

All update ``params`` in place. On row-sparse gradients ``Adam`` is lazy by default (only
the batch's rows, with a closed-form catch-up on the steps a row missed); ``Adam(lazy=False)``
is the book's dense Adam, exactly.
"""
from zero2vec.book.np import GPU, np
from zero2vec.optim import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop

__all__ = ["GPU", "SGD", "AdaGrad", "Adam", "Momentum", "Nesterov", "RMSprop", "np"]
