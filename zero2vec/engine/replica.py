"""A native model ready to train outside ``Word2Vec.train``'s own loop.

A trainer that schedules the jobs itself (the workers of :mod:`zero2vec.distributed`)
needs what ``train()`` sets up before its first job: the model with its vocabulary and
the seed's initial vectors, and the compiled kernel bound to its arrays. These two
functions are that set-up, public, so such a trainer uses no private method.
"""
from __future__ import annotations

from zero2vec.corpus.vocab import Vocabulary
from zero2vec.engine.job_kernel import JobKernel
from zero2vec.engine.settings import Settings
from zero2vec.engine.word2vec import Word2Vec


def untrained(settings: Settings, vocab: Vocabulary, job_words: int | None = None,
              kernels: bool = False) -> Word2Vec:
    """A ``Word2Vec`` of ``settings`` holding ``vocab`` and the initial vectors its seed draws.

    Two calls with the same settings and vocabulary give bit-identical weights (every
    replica of a distributed run starts from the same model without any being sent).
    ``job_words`` sets the model's job size; ``kernels=True`` also loads its compiled
    code (before the weights exist, which keeps the compiler's pages out of the peak).
    """
    model = Word2Vec(**settings.as_dict())
    if job_words is not None:
        model.job_words = job_words
    if kernels:
        model._load_kernels()
    model.vocab = vocab
    model._reset_weights()
    return model


def job_kernel(model: Word2Vec, longest: int) -> JobKernel:
    """The compiled training loop of ``model``'s architecture bound to its arrays, for jobs
    whose longest sentence has ``longest`` words; call it as
    ``kernel(ids, starts, done0, total, seed)`` (see :func:`zero2vec.engine.scheduler.run_training`)."""
    return model._kernel(longest + 1)
