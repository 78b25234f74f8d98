"""gensim 4's own ``test_keyedvectors.py``, run against ``zero2vec.vectors.WordVectors``.

Collected by ``conftest.py`` (the harness): gensim's file, unmodified, with its gensim
imports bound to what ``BINDINGS`` says. ``KeyedVectors`` is zero2vec's; the rest are
the test file's utilities (writing a fixture file, random test vectors; where its
data lies and temporary names come from the harness), no part of the API under test.
"""
from __future__ import annotations

import numpy as np

from zero2vec.vectors import WordVectors

GENSIM_TEST = "test_keyedvectors.py"

_rng = np.random.default_rng(0)


def weak_vector(size: int) -> np.ndarray:
    """Random test vectors as gensim's ``pseudorandom_weak_vector(size)`` draws them."""
    return (_rng.random(size).astype(np.float32) - 0.5) / size


def load_word2vec_format_chunked(cls, fname, binary_chunk_size: int, **kwargs):
    """gensim's private ``_load_word2vec_format``: ``binary_chunk_size`` is the size of
    gensim's read buffer, which zero2vec's reader chooses itself (``io_files.BlockReader``;
    records across block ends: tests/vectors/test_io_properties.py); the rest is the public
    ``load_word2vec_format``."""
    return cls.load_word2vec_format(fname, **kwargs)


BINDINGS = {
    "gensim.models.keyedvectors.KeyedVectors": WordVectors,
    "gensim.models.KeyedVectors": WordVectors,
    "gensim.models.keyedvectors.REAL": np.float32,  # gensim's name for numpy's float32
    "gensim.models.keyedvectors.pseudorandom_weak_vector": weak_vector,
    "gensim.models.keyedvectors._load_word2vec_format": load_word2vec_format_chunked,
    "gensim.utils.open": open,  # writes a fixture file; gensim's is smart_open
}

# Tests of gensim itself, not of its API: each with the reason it is left out.
EXCLUDED = {
    "Gensim320Test::test": "loads a pickle written by gensim 3.2 (old_keyedvectors_320.dat); "
                           "gensim 0.x-3.x pickles are not read",
}
