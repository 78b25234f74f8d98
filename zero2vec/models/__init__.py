"""The book's models: ch03 ``SimpleCBOW``/``SimpleSkipGram``, ch04 ``CBOW``/``SkipGram``."""
from zero2vec.models.cbow import CBOW
from zero2vec.models.simple import SimpleCBOW, SimpleSkipGram
from zero2vec.models.skip_gram import SkipGram

__all__ = ["CBOW", "SimpleCBOW", "SimpleSkipGram", "SkipGram"]
