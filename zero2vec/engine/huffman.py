"""The Huffman tree of hierarchical softmax, built as word2vec.c builds it.

Counts must be sorted in descending order (the vocabulary guarantees it), which lets
the tree be built in O(V) with two queues instead of a heap. Each word gets a path
from the root: ``points`` (rows of ``W_out_hs``, i.e. word2vec.c's syn1, one per inner
node) and ``codes`` (0/1 turns). word2vec.c caps paths at 40; we size the arrays to
the longest path instead, so no word is ever cut.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from zero2vec.errors import VocabularyError


def build_huffman(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Huffman codes for words with descending ``counts``.

    Returns
    -------
    codes : uint8 array (V, L)
        ``codes[w, :lengths[w]]`` are the turns from the root to ``w``.
    points : int32 array (V, L)
        The inner nodes (rows of ``W_out_hs``, 0..V-2) on the same path.
    lengths : int32 array (V,)
    """
    counts = np.asarray(counts, dtype=np.int64)
    if len(counts) < 2:
        raise VocabularyError("hierarchical softmax needs at least 2 words in the vocabulary")
    if np.any(np.diff(counts) > 0):
        raise VocabularyError("Huffman coding needs counts sorted in descending order")
    return _build(counts)


@njit(cache=True)
def _build(counts):
    v = len(counts)
    count = np.empty(2 * v - 1, dtype=np.int64)
    count[:v] = counts
    count[v:] = np.iinfo(np.int64).max // 4
    binary = np.zeros(2 * v - 1, dtype=np.uint8)
    parent = np.zeros(2 * v - 1, dtype=np.int64)
    pos1 = v - 1  # next unused leaf, walking towards the rarest... then back up
    pos2 = v      # next unused inner node
    for a in range(v - 1):
        # pick the two smallest among the leaf queue (pos1 downwards) and inner queue
        if pos1 >= 0 and count[pos1] < count[pos2]:
            min1 = pos1
            pos1 -= 1
        else:
            min1 = pos2
            pos2 += 1
        if pos1 >= 0 and count[pos1] < count[pos2]:
            min2 = pos1
            pos1 -= 1
        else:
            min2 = pos2
            pos2 += 1
        count[v + a] = count[min1] + count[min2]
        parent[min1] = v + a
        parent[min2] = v + a
        binary[min2] = 1
    root = 2 * v - 2
    lengths = np.zeros(v, dtype=np.int32)
    for w in range(v):
        n = 0
        b = w
        while b != root:
            n += 1
            b = parent[b]
        lengths[w] = n
    width = lengths.max()
    codes = np.zeros((v, width), dtype=np.uint8)
    points = np.zeros((v, width), dtype=np.int32)
    for w in range(v):
        n = lengths[w]
        b = w
        i = n - 1
        while b != root:  # walk up, fill root-first
            codes[w, i] = binary[b]
            points[w, i] = parent[b] - v
            b = parent[b]
            i -= 1
    return codes, points, lengths
