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


def _recording(monkeypatch) -> list[int]:
    """The number of queries of each pass over the matrix, from now on."""
    import zero2vec.serve.batching as batching

    widths: list[int] = []

    def row_dots(matrix, queries):
        widths.append(len(queries))
        return batching.row_dots.__wrapped__(matrix, queries)

    row_dots.__wrapped__ = batching.row_dots
    monkeypatch.setattr(batching, "row_dots", row_dots)
    return widths


def test_queries_waiting_when_a_product_starts_share_it(monkeypatch):
    from zero2vec.serve.batching import _Pending

    products = BatchedProducts(np.ones((10, 3), dtype=np.float32))
    widths = _recording(monkeypatch)
    earlier = _Pending(np.full(3, 2.0, np.float32))  # queued while another product ran
    products._waiting.append(earlier)
    out = products.scores(np.ones(3, np.float32))
    assert widths == [2] and earlier.wake.is_set()
    np.testing.assert_array_equal(out, np.full(10, 3.0))
    np.testing.assert_array_equal(earlier.scores, np.full(10, 6.0))
    assert not products._running


def test_a_leader_answered_hands_the_lead_on(monkeypatch):
    """A leader stops once its own query is answered: the oldest query still waiting
    (past max_batch) is woken to lead, so no client waits on others' arrivals."""
    from zero2vec.serve.batching import _Pending

    products = BatchedProducts(np.ones((10, 3), dtype=np.float32), max_batch=2)
    widths = _recording(monkeypatch)
    queued = [_Pending(np.full(3, float(i), np.float32)) for i in range(3)]
    products._waiting.extend(queued)
    out = products.scores(np.ones(3, np.float32))  # 4th in line: two passes of two
    np.testing.assert_array_equal(out, np.full(10, 3.0))
    assert widths == [2, 2] and all(p.scores is not None for p in queued)
    assert not products._running  # nobody left waiting


def test_a_leader_leaves_queries_that_came_after_its_own_to_the_next(monkeypatch):
    """Under a steady load a leader that went on computing would answer its own client
    late; it returns as soon as its query is answered, and the late one leads next."""
    import zero2vec.serve.batching as batching
    from zero2vec.serve.batching import _Pending

    products = BatchedProducts(np.ones((10, 3), dtype=np.float32))
    late = _Pending(np.full(3, 5.0, np.float32))
    passes: list[int] = []

    def row_dots(matrix, queries):  # a query arrives while the leader's first pass runs
        passes.append(len(queries))
        if len(passes) == 1:
            with products._lock:
                products._waiting.append(late)
        return real(matrix, queries)

    real = batching.row_dots
    monkeypatch.setattr(batching, "row_dots", row_dots)
    np.testing.assert_array_equal(products.scores(np.ones(3, np.float32)), np.full(10, 3.0))
    assert passes == [1] and late.scores is None  # not computed by this leader,
    assert late.lead and late.wake.is_set() and products._running  # but handed the lead


def test_many_queries_in_one_call_share_the_pass(monkeypatch):
    m = np.arange(12, dtype=np.float32).reshape(4, 3)
    products = BatchedProducts(m)
    widths = _recording(monkeypatch)
    q = np.array([[1, 0, 0], [0, 1, 1]], dtype=np.float32)
    out = products.scores(q)
    assert widths == [2] and out.shape == (2, 4) and out.flags.c_contiguous
    np.testing.assert_allclose(out, q @ m.T)


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
    assert bad.wake.is_set() and isinstance(bad.error, ValueError)
    assert not products._running
