"""The compiled fastText loop against a plain Python replay of its update rule.

Same configuration, one thread, the same random stream, ``sample=0``: after one
epoch every array must agree up to float rounding. The output-side steps are the
word-level engine's reference (tests/engine/_reference.py), loaded by path.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from zero2vec.engine.job_kernel import sigmoid_tables
from zero2vec.engine.rng import bounded, job_seed, next_u64
from zero2vec.subword.model import FastText

_spec = importlib.util.spec_from_file_location(
    "_engine_reference", Path(__file__).parents[1] / "engine" / "_reference.py")
_ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ref)

SENTENCES = [s.split() for s in ["the cat sat on the mat", "the dog sat on the log",
                                 "a cat and a dog played", "the mat and the log were red",
                                 "a red cat sat", "cats and dogs"]] * 3


def reference_epoch(m: FastText, sentences, state, sig, total: float) -> None:
    """One epoch of fastText's rule (skip-gram: the center's rows averaged again and updated
    after each context word, as fastText's ``Model::update``)."""
    H, (rows, starts) = m.vector_size, m._subwords
    sub = [rows[starts[w]:starts[w + 1]].tolist() for w in range(len(m.vocab))]
    pos = 0
    for sent in sentences:
        alpha = max(m.min_alpha, m.alpha - (m.alpha - m.min_alpha) * pos / total)
        pos += len(sent)
        n = len(sent)
        for i in range(n):
            win = m.window - int(bounded(np.uint64(next_u64(state)), m.window))
            lo, hi = max(0, i - win), min(n, i + win + 1)
            if hi - lo < 2:
                continue
            ctx = [int(sent[j]) for j in range(lo, hi) if j != i]
            center = int(sent[i])
            if m.sg:  # a pair at a time, each from the rows as the last one left them
                for target in ctx:
                    h = m.W_in[sub[center]].sum(axis=0, dtype=np.float32) \
                        * np.float32(1.0 / len(sub[center]))
                    neu1e = np.zeros(H, np.float32)
                    _output_steps(m, h, target, neu1e, state, sig, alpha)
                    for r in sub[center]:  # repeated rows get the gradient once per occurrence
                        m.W_in[r] += neu1e
                continue
            inputs = [r for c in ctx for r in sub[c]]
            h = m.W_in[inputs].sum(axis=0, dtype=np.float32)
            if m.cbow_mean:
                h = h * np.float32(1.0 / len(inputs))
            neu1e = np.zeros(H, np.float32)
            _output_steps(m, h, center, neu1e, state, sig, alpha)
            for r in inputs:  # repeated rows get the gradient once per occurrence
                m.W_in[r] += neu1e


def _output_steps(m: FastText, h, target: int, neu1e, state, sig, alpha: float) -> None:
    if m.hs:
        _ref.hs_step(h, target, m, neu1e, sig, alpha)
    if m.negative:
        _ref.neg_step(h, target, m, _ref.draws(state, m, m.negative), neu1e, sig, alpha)


CONFIGS = [dict(sg=1, hs=0, negative=3), dict(sg=1, hs=1, negative=0),
           dict(sg=0, hs=0, negative=3), dict(sg=0, hs=0, negative=2, cbow_mean=0),
           dict(sg=0, hs=1, negative=2), dict(sg=1, hs=0, negative=3, max_n=0, min_n=0)]


@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: "-".join(f"{k}{int(v)}" for k, v in c.items()))
def test_one_epoch_matches_reference(cfg):
    kw = dict(vector_size=8, window=2, min_count=1, sample=0, alpha=0.05, epochs=1, workers=1,
              seed=3, progress=False, bucket=50, **cfg)
    kw.setdefault("min_n", 2)
    kw.setdefault("max_n", 4)
    m, ref = FastText(**kw).build_vocab(SENTENCES), FastText(**kw).build_vocab(SENTENCES)
    # outputs start random, not zero: the input gradients are then large from the
    # first pair, so an error in how the rows follow them shows
    rng = np.random.default_rng(0)
    for out in ("W_out", "W_out_hs"):
        if getattr(m, out) is not None:
            getattr(m, out)[:] = getattr(ref, out)[:] = rng.uniform(-1, 1, getattr(m, out).shape)
    start = m.W_in.copy()
    m.train()
    sentences = [np.array([m.vocab.key_to_index[w] for w in s]) for s in SENTENCES]
    n = sum(map(len, sentences))
    reference_epoch(ref, sentences, job_seed(3, 0, 0), sigmoid_tables()[0], float(n))
    for a, b in zip(m.params, ref.params):
        assert np.abs(a - b).max() < 1e-4, np.abs(a - b).max()  # (fastmath sums reorder)
    assert np.abs(m.W_in - start).max() > 1e-3  # and training moved the weights
    if m.max_n:
        assert np.abs(m.W_in[len(m.vocab):] - start[len(m.vocab):]).max() > 1e-3  # n-grams too


def test_trained_model_gives_oov_vectors_and_similar_words():
    m = FastText(SENTENCES * 20, vector_size=16, min_count=1, bucket=200, workers=1, seed=1,
                 progress=False, epochs=3)
    assert "cat" in m.wv.key_to_index and "catz" not in m.wv.key_to_index
    assert m.wv["catz"].shape == (16,)
    assert [w for w, _ in m.wv.most_similar("catz", topn=len(m.wv))]
    np.testing.assert_allclose(m.wv.vectors, m.wv.__class__(
        m.W_in, m.vocab.index_to_key, 3, 6, 200).vectors, atol=1e-7)  # recomposed after train
