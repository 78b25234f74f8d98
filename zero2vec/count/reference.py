"""The book's dense count-based functions (ch02), kept small and readable.

They build dense ``V x V`` arrays with Python loops, so they are only for tiny
corpora, for teaching, and for the tests that check the fast sparse versions
(:func:`zero2vec.count.create_co_matrix`, :func:`zero2vec.count.ppmi`) against them.
On PTB (V = 10,000) ``ppmi_dense`` takes minutes and 400 MB; use the sparse ones.
"""
from __future__ import annotations

import numpy as np

from zero2vec._checks import check_ids, check_positive_int
from zero2vec.errors import ShapeError
from zero2vec.vectors.similarity import cos_similarity, most_similar

__all__ = ["cos_similarity", "create_co_matrix_dense", "most_similar", "ppmi_dense"]


def create_co_matrix_dense(corpus: np.ndarray, vocab_size: int, window_size: int = 1) -> np.ndarray:
    """The book's ``create_co_matrix``: count neighbours within ``window_size`` words.

    Returns
    -------
    np.ndarray of int32, shape (vocab_size, vocab_size)
        ``C[i, j]`` is how often word ``j`` appears within the window of word ``i``.
    """
    vocab_size = check_positive_int("vocab_size", vocab_size)
    window_size = check_positive_int("window_size", window_size)
    corpus = check_ids("corpus", corpus, vocab_size, ndim=1)
    corpus_size = len(corpus)
    co_matrix = np.zeros((vocab_size, vocab_size), dtype=np.int32)

    for idx, word_id in enumerate(corpus):
        for i in range(1, window_size + 1):
            left_idx = idx - i
            right_idx = idx + i

            if left_idx >= 0:
                left_word_id = corpus[left_idx]
                co_matrix[word_id, left_word_id] += 1

            if right_idx < corpus_size:
                right_word_id = corpus[right_idx]
                co_matrix[word_id, right_word_id] += 1

    return co_matrix


def ppmi_dense(C: np.ndarray, verbose: bool = False, eps: float = 1e-8) -> np.ndarray:
    """The book's ``ppmi``: ``M[i, j] = max(0, log2(C[i, j] * N / (S[j] * S[i]) + eps))``.

    ``N`` is the sum of all counts and ``S`` the column sums (the book's matrices are
    symmetric, so row and column sums agree). A double loop over ``V x V`` entries.
    """
    C = np.asarray(C)
    if C.ndim != 2 or C.shape[0] != C.shape[1]:
        raise ShapeError(f"C must be a square 2-D matrix, got shape {C.shape}")
    M = np.zeros_like(C, dtype=np.float32)
    N = np.sum(C)
    S = np.sum(C, axis=0)
    total = C.shape[0] * C.shape[1]
    cnt = 0

    with np.errstate(divide="ignore", invalid="ignore"):  # words with no neighbours: 0/0
        for i in range(C.shape[0]):
            for j in range(C.shape[1]):
                pmi = np.log2(C[i, j] * N / (S[j] * S[i]) + eps)
                M[i, j] = max(0, pmi)  # max(0, nan) is 0

                if verbose:
                    cnt += 1
                    if cnt % (total // 100 + 1) == 0:
                        print("%.1f%% done" % (100 * cnt / total))
    return M
