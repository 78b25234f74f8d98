"""``engine.replica``: the set-up of a model for a trainer with its own loop (the Ray workers)."""
from __future__ import annotations

import numpy as np

from zero2vec import Word2Vec
from zero2vec.corpus.scan import encode
from zero2vec.engine.replica import job_kernel, untrained
from zero2vec.engine.rng import job_seed


def test_an_untrained_replica_is_the_models_own_start_and_its_kernel_trains_it(toy_sentences):
    model = Word2Vec(vector_size=8, min_count=1, seed=3, workers=1, epochs=1)
    model.build_vocab(toy_sentences)
    replica = untrained(model.settings, model.vocab, job_words=4096, kernels=True)
    assert replica.job_words == 4096 and replica.vocab is model.vocab
    for a, b in zip(replica.params, model.params):
        assert a.tobytes() == b.tobytes()  # the seed's vectors, without any being sent
    corpus = encode(toy_sentences, model.vocab, 10_000)
    starts, ids = corpus.read_job(0, corpus.n_sentences)
    before = replica.W_in.copy()
    loss, kept = job_kernel(replica, corpus.longest)(ids, starts, 0.0, float(corpus.n_words),
                                                     job_seed(3, 0, 0))
    assert loss > 0 and kept > 0 and not np.array_equal(before, replica.W_in)
