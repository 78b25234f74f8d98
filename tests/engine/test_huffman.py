"""The Huffman tree of hierarchical softmax."""
from __future__ import annotations

import heapq

import numpy as np
import pytest

from zero2vec.engine.huffman import build_huffman
from zero2vec.errors import VocabularyError


def _optimal_cost(counts) -> int:
    h = list(map(int, counts))
    heapq.heapify(h)
    cost = 0
    while len(h) > 1:
        a, b = heapq.heappop(h), heapq.heappop(h)
        cost += a + b
        heapq.heappush(h, a + b)
    return cost


@pytest.mark.parametrize("counts", [[10, 8, 5, 3, 1], [5, 5], [100, 1, 1, 1, 1, 1, 1],
                                    sorted(np.random.default_rng(0).zipf(1.5, 500), reverse=True)])
def test_codes_are_an_optimal_prefix_code(counts):
    codes, points, lens = build_huffman(np.array(counts))
    v = len(counts)
    words = ["".join(map(str, codes[w, :lens[w]])) for w in range(v)]
    assert len(set(words)) == v
    for a in words:  # prefix-free
        assert not any(b != a and b.startswith(a) for b in words)
    assert int(np.dot(lens, counts)) == _optimal_cost(counts)
    assert np.all(points[:, 0] == v - 2)  # every path starts at the root (syn1 row V-2)
    for w in range(v):
        assert np.all((points[w, :lens[w]] >= 0) & (points[w, :lens[w]] <= v - 2))


def test_needs_two_sorted_words():
    with pytest.raises(VocabularyError):
        build_huffman(np.array([3]))
    with pytest.raises(VocabularyError):
        build_huffman(np.array([1, 5]))
