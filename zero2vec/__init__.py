"""zero2vec: word2vec from zero, the way 『ゼロから作るDeep Learning ❷』 builds it, made fast.

The book's layered framework lives in ``zero2vec.nn``, ``zero2vec.optim``,
``zero2vec.models`` and ``zero2vec.trainer``; the compiled engine in ``zero2vec.engine``
(``zero2vec.Word2Vec``); fastText's subword vectors in ``zero2vec.subword``
(``zero2vec.FastText``); word vectors in ``zero2vec.vectors``.
"""
from __future__ import annotations

__version__ = "0.1.0"

from zero2vec.errors import Zero2VecError
from zero2vec.vectors import WordVectors

__all__ = ["FastText", "FastTextKeyedVectors", "FrozenPhrases", "Phrases", "Word2Vec", "WordVectors",
           "Zero2VecError", "__version__", "load_facebook_model", "load_facebook_vectors"]
_SUBWORD = {"FastText": "model", "load_facebook_model": "model", "load_facebook_vectors": "model",
            "FastTextKeyedVectors": "keyed"}


def __getattr__(name: str):
    # The engine pulls in numba; import it only when asked for.
    if name == "Word2Vec":
        from zero2vec.engine.word2vec import Word2Vec
        return Word2Vec
    if name in ("Phrases", "FrozenPhrases"):  # (numba too)
        from zero2vec import phrases
        return getattr(phrases, name)
    if name in _SUBWORD:
        import importlib

        return getattr(importlib.import_module(f"zero2vec.subword.{_SUBWORD[name]}"), name)
    raise AttributeError(f"module 'zero2vec' has no attribute {name!r}")
