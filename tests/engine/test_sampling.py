"""Subsampling, window sizes, the negative sampler and the learning-rate schedule
against word2vec.c's formulas."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.engine import sampling
from zero2vec.engine._ops import draw_negative, subsample
from zero2vec.engine.rng import bounded, job_seed, low32, next_u64


def test_keep_probability_is_word2vec_c_formula():
    counts = np.array([100_000, 20_000, 3_000, 50, 5], dtype=np.int64)
    sample = 1e-3
    t = sample * counts.sum()
    # word2vec.c: ran = (sqrt(cn / (sample * train_words)) + 1) * (sample * train_words) / cn
    expected = np.minimum((np.sqrt(counts / t) + 1) * t / counts, 1.0)
    assert np.allclose(sampling.keep_probabilities(counts, sample), expected)
    assert np.all(sampling.keep_probabilities(counts, 0.0) == 1.0)
    thr = sampling.keep_thresholds(counts, sample)
    assert np.allclose(thr / 2.0 ** 32, expected, atol=1e-9)


def test_subsampling_keeps_words_at_their_probability():
    counts = np.array([1_000_000, 10], dtype=np.int64)
    keep_t = sampling.keep_thresholds(counts, 1e-3)
    tokens = np.zeros(200_000, dtype=np.int32)  # the frequent word only
    out = np.empty_like(tokens)
    kept = subsample(tokens, 0, len(tokens), keep_t, job_seed(1, 0, 0), out)
    p = sampling.keep_probabilities(counts, 1e-3)[0]
    assert abs(kept / len(tokens) - p) < 4 * np.sqrt(p * (1 - p) / len(tokens))


def test_effective_window_is_uniform_on_1_to_window():
    """The kernels shrink the window by b = draw % window, as word2vec.c does."""
    window = 5
    state = job_seed(7, 0, 0)
    wins = np.array([window - bounded(np.uint64(next_u64(state)), window) for _ in range(50_000)])
    assert wins.min() == 1 and wins.max() == window
    freq = np.bincount(wins, minlength=window + 1)[1:] / len(wins)
    assert np.allclose(freq, 1 / window, atol=0.01)


def test_uniform_32bit_draws():
    state = job_seed(1, 2, 3)
    u = np.array([low32(np.uint64(next_u64(state))) for _ in range(20_000)], dtype=np.float64)
    u /= 2.0 ** 32
    assert abs(u.mean() - 0.5) < 0.01 and abs(u.var() - 1 / 12) < 0.005


def test_alias_table_reproduces_unigram_power_distribution():
    counts = np.array([500, 300, 120, 40, 20, 9, 5, 5, 1], dtype=np.int64)
    probs = sampling.noise_distribution(counts, 0.75)
    assert np.allclose(probs, counts ** 0.75 / (counts ** 0.75).sum())
    t, a = sampling.alias_table(probs)
    assert np.allclose(sampling.alias_probabilities(t, a), probs, atol=1e-9)
    state = job_seed(0, 0, 0)
    n = 100_000
    draws = np.array([draw_negative(state, t, a) for _ in range(n)])
    freq = np.bincount(draws, minlength=len(counts)) / n
    assert np.allclose(freq, probs, atol=4 * np.sqrt(probs.max() / n))


@pytest.mark.parametrize("exponent", [0.0, 0.75, 1.0, -0.5])
def test_alias_table_any_exponent(exponent):
    counts = np.arange(1000, 0, -1)
    probs = sampling.noise_distribution(counts, exponent)
    t, a = sampling.alias_table(probs)
    assert np.allclose(sampling.alias_probabilities(t, a), probs, atol=1e-9)


def test_learning_rate_decays_linearly_over_all_epochs():
    alpha, min_alpha, total = 0.025, 0.0001, 1000.0
    for done in (0, 250, 500, 999, 1000, 1200):
        expected = max(min_alpha, alpha - (alpha - min_alpha) * done / total)
        assert sampling.linear_alpha(alpha, min_alpha, float(done), total) == pytest.approx(expected)


def test_jobs_see_the_global_schedule():
    """Epoch e's job starts at done0 = e * N words: the schedule spans all epochs."""
    from zero2vec.corpus.encoded import EncodedCorpus
    from zero2vec.corpus.store import ArrayStore
    from zero2vec.engine.scheduler import job_bounds
    ends = ArrayStore(dtype=np.int64)
    ends.extend_array(np.array([30_000, 70_000, 100_000, 160_000, 200_000]))
    ids = ArrayStore()
    ids.extend_array(np.zeros(200_000))
    b, offsets = job_bounds(EncodedCorpus(ids, ends), 65_536)
    assert b.tolist() == [0, 2, 4, 5]  # cuts at the first sentence starting past each mark
    assert offsets.tolist() == [0, 70_000, 160_000, 200_000]


def test_sigmoid_tables():
    sig = sampling.sigmoid_table()
    x = (np.arange(sampling.TABLE_SIZE) / sampling.TABLE_SIZE * 2 - 1) * sampling.MAX_EXP
    assert np.allclose(sig, 1 / (1 + np.exp(-x)), atol=1e-6)
    logsig = sampling.log_sigmoid_table()
    assert np.allclose(logsig, np.log(1 / (1 + np.exp(-x))), atol=1e-6)
