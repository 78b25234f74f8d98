"""The book's models: ch03 ``SimpleCBOW``/``SimpleSkipGram``, ch04 ``CBOW``/``SkipGram``.

:func:`iter_layers` walks the layers inside any of them (the inspector and the
checkpoints use it).
"""
from zero2vec.models._base import iter_layers
from zero2vec.models.cbow import CBOW
from zero2vec.models.simple import SimpleCBOW, SimpleSkipGram
from zero2vec.models.skip_gram import SkipGram

__all__ = ["CBOW", "SimpleCBOW", "SimpleSkipGram", "SkipGram", "iter_layers"]
