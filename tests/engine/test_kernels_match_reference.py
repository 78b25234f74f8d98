"""The compiled kernels against a plain Python/numpy replay of word2vec.c's update rule.

Same configuration, one thread, the same random stream, ``sample=0``: after one
epoch the weights must agree up to float rounding (and the occasional sigmoid-table
neighbour when a dot product lands on a table boundary).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from zero2vec.engine import Word2Vec
from zero2vec.engine.rng import job_seed
from zero2vec.engine.job_kernel import sigmoid_tables

# load the sibling helper by path: test folders are not packages (--import-mode=importlib)
_spec = importlib.util.spec_from_file_location("_engine_reference",
                                               Path(__file__).with_name("_reference.py"))
_reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_reference)
reference_epoch = _reference.reference_epoch

CONFIGS = [
    dict(sg=1, hs=0, negative=3, shared_negatives=False),
    dict(sg=1, hs=0, negative=3, shared_negatives=True),
    dict(sg=1, hs=1, negative=0),
    dict(sg=1, hs=1, negative=2, shared_negatives=True),
    dict(sg=0, hs=0, negative=3, cbow_mean=1),
    dict(sg=0, hs=0, negative=3, cbow_mean=0),
    dict(sg=0, hs=1, negative=0),
]


@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: "-".join(f"{k}{int(v)}" for k, v in c.items()))
def test_one_epoch_matches_reference(toy_sentences, cfg):
    m = Word2Vec(vector_size=8, window=2, min_count=1, sample=0, alpha=0.05, epochs=1,
                 workers=1, seed=3, progress=False, **cfg)
    m.build_vocab(toy_sentences)
    ref = Word2Vec(vector_size=8, window=2, min_count=1, sample=0, alpha=0.05, epochs=1,
                   workers=1, seed=3, progress=False, **cfg)
    ref.build_vocab(toy_sentences)
    for a, b in zip(m.params, ref.params):
        assert np.array_equal(a, b)
    m.train()
    sentences = [np.array([m.vocab.key_to_index[w] for w in s]) for s in toy_sentences]
    n = sum(map(len, sentences))
    reference_epoch(ref, sentences, job_seed(3, 0, 0), sigmoid_tables()[0], 0.0, float(n))
    for a, b in zip(m.params, ref.params):
        assert np.abs(a - b).max() < 1e-5, np.abs(a - b).max()
    # and training moved the weights by much more than that
    moved = Word2Vec(vector_size=8, window=2, min_count=1, sample=0, epochs=1, workers=1,
                     seed=3, progress=False, **cfg).build_vocab(toy_sentences)
    assert np.abs(moved.W_in - m.W_in).max() > 1e-3
