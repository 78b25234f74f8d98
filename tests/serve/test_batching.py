"""Concurrent requests' products, made as one: each caller gets its own exact answer."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from zero2vec.serve.batching import BatchedProducts


def test_concurrent_callers_get_their_own_products():
    rng = np.random.default_rng(0)
    m = rng.standard_normal((2000, 16)).astype(np.float32)
    products = BatchedProducts(m, max_batch=5)
    queries = rng.standard_normal((40, 16)).astype(np.float32)
    got: dict[int, np.ndarray] = {}
    start = threading.Barrier(40)

    def ask(i: int) -> None:
        start.wait()
        got[i] = products.scores(queries[i])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(got) == list(range(40))
    for i, scores in got.items():
        np.testing.assert_allclose(scores, m @ queries[i], rtol=1e-5, atol=1e-5)
        assert scores.flags.c_contiguous and scores.shape == (2000,)


class _Recording:
    """A matrix that records how many queries each product stacks."""

    def __init__(self, m: np.ndarray) -> None:
        self.m, self.dtype, self.widths = m, m.dtype, []

    def __matmul__(self, q: np.ndarray) -> np.ndarray:
        self.widths.append(q.shape[1])
        return self.m @ q


def test_queries_waiting_when_a_product_starts_share_it():
    from zero2vec.serve.batching import _Pending

    matrix = _Recording(np.ones((10, 3), dtype=np.float32))
    products = BatchedProducts(matrix)
    earlier = _Pending(np.full(3, 2.0, np.float32))  # queued while another product ran
    products._waiting.append(earlier)
    out = products.scores(np.ones(3, np.float32))
    assert matrix.widths == [2] and earlier.done.is_set()
    np.testing.assert_array_equal(out, np.full(10, 3.0))
    np.testing.assert_array_equal(earlier.scores, np.full(10, 6.0))


def test_a_failed_product_releases_every_waiter():
    products = BatchedProducts(np.ones((4, 3), dtype=np.float32))
    with pytest.raises(ValueError):
        products.scores(np.ones(5, dtype=np.float32))  # wrong length
    assert not products._running  # the next caller computes again
    np.testing.assert_array_equal(products.scores(np.ones(3, np.float32)), np.full(4, 3.0))


def test_queries_after_a_failed_batch_are_still_answered():
    from zero2vec.serve.batching import _Pending

    products = BatchedProducts(np.ones((4, 3), dtype=np.float32), max_batch=1)
    bad = _Pending(np.ones(5, np.float32))  # queued first: its product fails
    products._waiting.append(bad)
    out = products.scores(np.ones(3, np.float32))  # computed next, by the same leader
    np.testing.assert_array_equal(out, np.full(4, 3.0))
    assert bad.done.is_set() and isinstance(bad.error, ValueError)
    assert not products._running
