import numpy as np
from hypothesis import given, settings, strategies as st

from zero2vec.nn import RowSparseGrad


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=40), st.integers(0, 2**31))
def test_coalesce_and_to_dense_match_np_add_at(idx, seed):
    idx = np.array(idx)
    values = np.random.default_rng(seed).standard_normal((len(idx), 3)).astype(np.float32)
    g = RowSparseGrad((10, 3), np.float32)
    g.set(idx, values)
    dense = np.zeros((10, 3), np.float32)
    np.add.at(dense, idx, values)
    np.testing.assert_allclose(g.to_dense(), dense, rtol=1e-6, atol=1e-6)
    rows, summed = g.coalesce()
    assert rows.tolist() == sorted(set(idx.tolist()))
    np.testing.assert_allclose(summed, dense[rows], rtol=1e-6, atol=1e-6)


def test_concat_is_the_sum():
    a, b = RowSparseGrad((4, 2)), RowSparseGrad((4, 2))
    a.set(np.array([0, 1]), np.ones((2, 2), np.float32))
    b.set(np.array([1, 3]), 2 * np.ones((2, 2), np.float32))
    np.testing.assert_array_equal(RowSparseGrad.concat([a, b]).to_dense(), a.to_dense() + b.to_dense())
