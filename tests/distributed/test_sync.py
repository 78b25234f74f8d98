"""The merge of the workers' changed rows."""
from __future__ import annotations

import numpy as np

from zero2vec.distributed import sync


def test_changed_rows_are_the_rows_that_differ():
    snap = np.zeros((5, 3), np.float32)
    cur = snap.copy()
    cur[1, 2] = 1.0
    cur[4] = -2.0
    rows, values = sync.changed_rows(cur, snap)
    assert rows.tolist() == [1, 4]
    np.testing.assert_array_equal(values, cur[[1, 4]])


def test_a_row_one_worker_changed_takes_its_value_exactly():
    master = np.full((4, 2), 0.1, np.float32)
    value = np.array([[0.1 + 1e-7, 0.3]], np.float32)  # (0.1 + (v - 0.1) is not v in float32)
    rows, new = sync.merge(master, [(np.array([2]), value), (np.array([0]), value)])
    assert rows.tolist() == [0, 2]
    assert master[2].tobytes() == value[0].tobytes() == master[0].tobytes()


def test_a_row_several_workers_changed_gets_the_sum_of_their_changes():
    master = np.ones((3, 2), np.float32)
    a = (np.array([0, 1]), np.array([[2, 1], [1, 3]], np.float32))
    b = (np.array([1]), np.array([[0, 1]], np.float32))
    rows, new = sync.merge(master, [a, b])
    np.testing.assert_array_equal(master, [[2, 1], [0, 3], [1, 1]])
    np.testing.assert_array_equal(new, master[rows])
    assert sync.nbytes([a, b]) == 3 * 8 + 3 * 8


def test_applying_the_merge_makes_replica_and_snapshot_equal_the_master():
    master = np.ones((3, 2), np.float32)
    replica, snap = master.copy(), master.copy()
    replica[0] = 5.0
    update = sync.merge(master, [sync.changed_rows(replica, snap)])
    sync.apply(replica, snap, update)
    assert np.array_equal(replica, master) and np.array_equal(snap, master)
    assert len(sync.merge(master, [sync.changed_rows(replica, snap)])[0]) == 0
