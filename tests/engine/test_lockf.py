"""gensim's ``wv.vectors_lockf``: a factor scaling every update of a word's input vector
(0 locks it); one factor for all words or one per word; output layers are not scaled."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec import Word2Vec
from zero2vec.errors import ConfigError

S = [["a", "b", "c", "d", "e", "a", "c"], ["d", "b", "a", "e", "c"]] * 30
CONFIGS = [dict(sg=0, hs=0, negative=3), dict(sg=0, hs=1, negative=0),
           dict(sg=1, hs=0, negative=3, shared_negatives=False),
           dict(sg=1, hs=0, negative=3, shared_negatives=True), dict(sg=1, hs=1, negative=0)]


def model(cfg):
    return Word2Vec(vector_size=6, window=2, min_count=1, sample=0, epochs=1, workers=1,
                    seed=2, **cfg).build_vocab(S)


@pytest.mark.parametrize("cfg", CONFIGS, ids=str)
def test_a_locked_row_does_not_change(cfg):
    m = model(cfg)
    before = m.W_in.copy()
    lockf = np.ones(len(m.wv), dtype=np.float32)
    locked = m.wv.get_index("a")
    lockf[locked] = 0.0
    m.wv.vectors_lockf = lockf
    m.train()
    assert np.array_equal(m.W_in[locked], before[locked])
    others = np.delete(np.arange(len(m.wv)), locked)
    assert (np.abs(m.W_in[others] - before[others]).max(axis=1) > 1e-4).all()
    out = m.W_out if m.W_out is not None else m.W_out_hs
    assert np.abs(out).max() > 0  # the output layer still trains


@pytest.mark.parametrize("cfg", CONFIGS, ids=str)
def test_one_factor_for_all_words(cfg):
    frozen, free = model(cfg), model(cfg)
    frozen.wv.vectors_lockf = np.zeros(1, dtype=np.float32)  # gensim's 1-element form
    before = frozen.W_in.copy()
    frozen.train()
    free.train()
    assert np.array_equal(frozen.W_in, before) and not np.array_equal(free.W_in, before)


@pytest.mark.parametrize("cfg", CONFIGS, ids=str)
def test_a_fractional_factor_scales_the_update(cfg):
    """One pair of words: the locked word's input vector moves by lockf times its update
    (gensim's ``syn0[w] += lockf[w] * neu1e``), the rest of the run unchanged."""
    one = [["a", "b"]]
    ms = []
    for f in (1.0, 0.25):
        m = Word2Vec(vector_size=6, window=1, min_count=1, sample=0, epochs=1, workers=1,
                     seed=2, **cfg).build_vocab(one)
        # "a": its update comes last, from output rows the first one moved
        a = m.wv.key_to_index["a"]
        m.wv.vectors_lockf = np.where(np.arange(2) == a, f, 1.0).astype(np.float32)
        start = m.W_in.copy()
        m.train()
        ms.append((m.W_in - start)[a])
    np.testing.assert_allclose(ms[1], 0.25 * ms[0], rtol=1e-3, atol=1e-8)  # (float32 rounding)
    assert np.abs(ms[0]).max() > 0


def test_bad_lockf_is_an_error():
    m = model(CONFIGS[0])
    m.wv.vectors_lockf = np.ones(3, dtype=np.float32)
    with pytest.raises(ConfigError, match="vectors_lockf must hold 1 or 5"):
        m.train()
    m.wv.vectors_lockf = np.array([np.nan])
    with pytest.raises(ConfigError, match="vectors_lockf"):
        m.train()
