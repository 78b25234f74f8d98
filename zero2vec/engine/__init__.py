"""The native engine: word2vec.c-grade training compiled with numba.

``zero2vec.engine.Word2Vec`` (also ``zero2vec.Word2Vec``) mirrors gensim's API. It
trains on the encoded corpus that ``zero2vec.corpus`` builds (``scan``: the one
vocabulary pass, compiled for files in ``filescan``/``wordhash``; ``encoded``: the
int32 corpus, in RAM or in a file, read job by job). The pieces, one concept per module:

- ``sampling``    subsampling keep-probabilities, the alias negative sampler, tables;
- ``huffman``     the Huffman tree for hierarchical softmax;
- ``rng``         the splitmix64 generator the kernels draw from;
- ``_ops``        compiled building blocks (dot, negative/hs updates, subsampling);
- ``kernels_sg`` / ``kernels_cbow``  the compiled training loops (one job each);
- ``scheduler``   threads (Hogwild), jobs, the learning-rate schedule, callbacks;
- ``state``       the on-disk state of a native run (its checkpoint format);
- ``word2vec``    the user-facing model.
"""
from __future__ import annotations

__all__ = ["Word2Vec"]


def __getattr__(name: str):
    if name == "Word2Vec":  # numba is imported only when the model is asked for
        from zero2vec.engine.word2vec import Word2Vec
        return Word2Vec
    raise AttributeError(f"module 'zero2vec.engine' has no attribute {name!r}")
