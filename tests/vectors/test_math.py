"""The one home of the vector math (vectors/_math.py), checked against gensim where gensim has it.

The tie tests use tables with repeated rows: many words with exactly equal scores,
where only the ranking procedure decides the order of the answers.
"""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.vectors import WordVectors, analogy, most_similar
from zero2vec.vectors._math import (cosine, cosines, cosmul, mean_direction,
                                    pairwise_euclidean, row_norms, top_k, unit_rows,
                                    unit_rows_inplace, weighted_mean)

gensim_models = pytest.importorskip("gensim.models", reason="gensim (test extra) is needed")


def tied_table(n: int, seed: int) -> tuple[np.ndarray, list[str]]:
    """``n`` float32 rows, each +-1 or +-2 times an axis: the scores tie in large groups,
    and exactly (one nonzero product per dot: no rounding that depends on BLAS)."""
    rng = np.random.default_rng(seed)
    vecs = np.zeros((n, 5), dtype=np.float32)
    vecs[np.arange(n), rng.integers(0, 5, n)] = rng.choice([-2.0, -1.0, 1.0, 2.0], n)
    return vecs, [f"w{i}" for i in range(n)]


def keyed(vecs, words):
    kv = gensim_models.KeyedVectors(vecs.shape[1], dtype=np.float32)
    kv.add_vectors(words, vecs.copy())
    return kv


def test_unit_rows_scales_to_one_keeps_zero_rows_and_never_mutates():
    x = np.array([[3.0, 4.0], [0.0, 0.0], [1e-3, 0.0]], dtype=np.float32)
    before = x.copy()
    y = unit_rows(x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(y, [[0.6, 0.8], [0.0, 0.0], [1.0, 0.0]], rtol=1e-6)
    assert y.dtype == np.float32 and not np.isnan(y).any()
    assert unit_rows(np.array([0, 2])).tolist() == [0.0, 1.0]  # ints -> float64, a vector works
    # given norms are what rows are divided by (a cached table's norms)
    np.testing.assert_allclose(unit_rows(x, np.array([10.0, 0.0, 1.0], np.float32))[0], [0.3, 0.4])
    np.testing.assert_allclose(row_norms(x), [5.0, 0.0, 1e-3], rtol=1e-6)


def test_cosines_single_and_batch_and_zero_rows():
    rows = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]], dtype=np.float32)
    q = unit_rows(np.array([1.0, 1.0], dtype=np.float32))
    one = cosines(rows, row_norms(rows), q)
    np.testing.assert_allclose(one, [np.sqrt(0.5), np.sqrt(0.5), 0.0], rtol=1e-6)
    batch = cosines(rows, row_norms(rows), np.stack([q, -q]))
    np.testing.assert_allclose(batch, [one, -one], rtol=1e-6)


@pytest.mark.parametrize("n,k,exclude", [(10, 3, []), (60, 5, [0]), (200, 10, [3, 7, 3]),
                                         (40, 39, [1]), (300, 1, [])])
def test_top_k_is_gensims_argsort_on_ties(n, k, exclude):
    from gensim import matutils

    scores = np.random.default_rng(n).integers(0, 3, n).astype(np.float32)  # mostly ties
    theirs = [i for i in matutils.argsort(scores, topn=k + len(exclude), reverse=True)
              if i not in exclude][:k]
    assert top_k(scores, k, exclude) == [int(i) for i in theirs]
    assert top_k(scores, 0) == [] and top_k(scores, -1) == []


@pytest.mark.parametrize("n,seed", [(30, 0), (100, 1), (300, 2)])
def test_book_most_similar_breaks_ties_like_gensim(n, seed):
    """The book's most_similar used a stable sort (ties by lower id), which is not the
    order gensim (nor WordVectors) gives: the same table ranked two ways."""
    vecs, words = tied_table(n, seed)
    w2i = {w: i for i, w in enumerate(words)}
    i2w = dict(enumerate(words))
    theirs = [w for w, _ in keyed(vecs, words).most_similar("w0", topn=10)]
    ours = [w for w, _ in most_similar("w0", w2i, i2w, vecs, top=10, verbose=False)]
    assert ours == theirs
    assert [w for w, _ in WordVectors(vecs, words).most_similar("w0", topn=10)] == theirs


@pytest.mark.parametrize("n,seed", [(50, 3), (200, 4)])
def test_book_analogy_breaks_ties_like_gensim(n, seed):
    vecs, words = tied_table(n, seed)
    w2i = {w: i for i, w in enumerate(words)}
    theirs = keyed(vecs, words).most_similar(positive=["w2", "w3"], negative=["w1"], topn=8)
    ours = analogy("w1", "w2", "w3", w2i, dict(enumerate(words)), vecs, top=8, verbose=False)
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-6)


def test_mean_direction_is_gensims_mean_vector():
    vecs = np.random.default_rng(5).standard_normal((20, 5)).astype(np.float32)
    words = [f"w{i}" for i in range(20)]
    kv = keyed(vecs, words)
    keys, weights = ["w1", "w4", "w9"], [2.0, 1.0, -0.5]
    units = unit_rows(vecs[[1, 4, 9]])
    ours = mean_direction(units, weights)
    theirs = kv.get_mean_vector(keys, weights, pre_normalize=True, post_normalize=True)
    np.testing.assert_allclose(ours, theirs, atol=1e-7)
    assert ours.dtype == np.float32 and np.linalg.norm(ours) == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_array_equal(mean_direction([np.zeros(3)], [1.0]), np.zeros(3))


@pytest.mark.filterwarnings("ignore:Call to deprecated `init_sims`")  # inside gensim
def test_cosmul_is_gensims_3cosmul():
    vecs = np.random.default_rng(6).standard_normal((40, 5)).astype(np.float32)
    words = [f"w{i}" for i in range(40)]
    kv = keyed(vecs, words)
    norms = row_norms(vecs)
    cos = [cosines(vecs, norms, unit_rows(vecs[i])) for i in (2, 3, 1)]
    theirs = kv.most_similar_cosmul(positive=["w2", "w3"], negative=["w1"], topn=None)
    np.testing.assert_allclose(cosmul(cos[:2], cos[2:]), theirs, rtol=1e-5)
    # no negative word: the product of the shifted cosines over 1e-6 more than 1
    np.testing.assert_allclose(cosmul(cos[:1], []), (1 + cos[0]) / 2 / (1 + 1e-6), rtol=1e-6)


@pytest.mark.parametrize("shape,dtype", [((3000, 300), np.float32), ((777, 7), np.float64),
                                         ((3, 70000), np.float32), ((0, 5), np.float32)])
def test_row_norms_in_blocks_are_numpys_to_the_bit(shape, dtype):
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(shape) * rng.uniform(0, 5, (shape[0], 1))).astype(dtype)
    got = row_norms(x)
    assert got.dtype == x.dtype and np.array_equal(got, np.linalg.norm(x, axis=1))


def test_cosine_of_a_vector_with_itself_is_one_and_zero_is_zero():
    rng = np.random.default_rng(4)
    for v in rng.standard_normal((50, 9)).astype(np.float32):
        assert cosine(v, v) == 1.0 and cosine(v, 2 * v) == 1.0
    assert cosine(np.zeros(3), np.ones(3)) == 0.0


def test_weighted_mean_is_gensims_get_mean_vector_sum():
    v = np.array([[1.0, 2.0], [3.0, -1.0]], dtype=np.float32)
    np.testing.assert_allclose(weighted_mean(list(v), [1.0, -2.0]), (v[0] - 2 * v[1]) / 3)
    assert not weighted_mean(list(v), [0.0, 0.0]).any()  # no weight: the zero sum


def test_unit_rows_inplace_and_pairwise_euclidean():
    from scipy.spatial.distance import cdist

    x = np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float32)
    assert unit_rows_inplace(x) is x and x.tolist() == [[pytest.approx(0.6), pytest.approx(0.8)], [0, 0]]
    rng = np.random.default_rng(5)
    a, b = rng.standard_normal((4, 6)), rng.standard_normal((3, 6)).astype(np.float32)
    np.testing.assert_allclose(pairwise_euclidean(a, b), cdist(a, b), rtol=1e-13)

