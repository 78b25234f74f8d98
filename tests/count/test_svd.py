"""truncated_svd / svd_word_vectors: accuracy, eigenvalue weighting, determinism."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from zero2vec.count import randomized_svd, svd_word_vectors, truncated_svd
from zero2vec.errors import ConfigError, ShapeError
from zero2vec.vectors import WordVectors


def _low_rank_plus_noise(m=120, n=90, rank=8, seed=0):
    rng = np.random.default_rng(seed)
    scales = np.diag(np.linspace(20, 5, rank))
    A = rng.standard_normal((m, rank)) @ scales @ rng.standard_normal((rank, n))
    return A / np.sqrt(m) + 0.01 * rng.standard_normal((m, n))


@pytest.mark.parametrize("method", ["randomized", "arpack"])
def test_matches_numpy_svd(method):
    A = _low_rank_plus_noise()
    U, s, Vt = truncated_svd(sp.csr_matrix(A), 5, method=method)
    s_ref = np.linalg.svd(A, compute_uv=False)[:5]
    np.testing.assert_allclose(s, s_ref, rtol=1e-6)
    assert U.shape == (120, 5) and Vt.shape == (5, 90)
    np.testing.assert_allclose(U.T @ U, np.eye(5), atol=1e-8)
    np.testing.assert_allclose((U * s) @ Vt, (U * s) @ Vt @ Vt.T @ Vt, atol=1e-8)


def test_methods_agree_with_fixed_signs():
    A = _low_rank_plus_noise()
    U1, s1, _ = truncated_svd(A, 4, method="randomized")
    U2, s2, _ = truncated_svd(A, 4, method="arpack")
    np.testing.assert_allclose(s1, s2, rtol=1e-6)
    np.testing.assert_allclose(U1, U2, atol=1e-6)  # same signs thanks to the sign fix
    assert np.all(U1[np.argmax(np.abs(U1), axis=0), np.arange(4)] > 0)


def test_randomized_is_deterministic_per_seed():
    A = sp.random(200, 150, density=0.05, random_state=3, format="csr")
    a, b = randomized_svd(A, 10, seed=7), randomized_svd(A, 10, seed=7)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("eig", [0, 0.5, 1])
def test_eig_weighting(eig):
    A = _low_rank_plus_noise()
    words = [f"w{i}" for i in range(A.shape[0])]
    wv = svd_word_vectors(A, words, vector_size=5, eig=eig, counts=range(A.shape[0]))
    U, s, _ = truncated_svd(A, 5)
    assert isinstance(wv, WordVectors)
    assert wv.vectors.dtype == np.float32 and wv.vectors.shape == (120, 5)
    np.testing.assert_allclose(wv.vectors, U * s ** eig, rtol=1e-5, atol=1e-6)
    assert wv.index_to_key == words and wv.counts[3] == 3


def test_eig1_reconstructs_projection():
    # U S = M V: the rows of U S are the words projected on the top right-singular vectors
    A = _low_rank_plus_noise()
    _, _, Vt = truncated_svd(A, 6)
    wv = svd_word_vectors(A, [str(i) for i in range(120)], vector_size=6, eig=1)
    np.testing.assert_allclose(wv.vectors, A @ Vt.T, rtol=1e-4, atol=1e-4)


def test_bad_inputs():
    A = np.eye(4)
    with pytest.raises(ConfigError, match="smaller"):
        truncated_svd(A, 4)
    with pytest.raises(ConfigError, match="vector_size"):
        truncated_svd(A, 0)
    with pytest.raises(ConfigError, match="method"):
        truncated_svd(A, 2, method="lanczos")
    with pytest.raises(ShapeError, match="2-D"):
        truncated_svd(np.ones(4), 2)
    with pytest.raises(ConfigError, match="eig"):
        svd_word_vectors(A, list("abcd"), vector_size=2, eig=2)
    with pytest.raises(ShapeError, match="one row per word"):
        svd_word_vectors(A, list("abc"), vector_size=2)


@pytest.mark.parametrize("n_iter", [0, 1, 4])
def test_randomized_orthonormal_for_any_n_iter(n_iter):
    A = _low_rank_plus_noise()
    U, s, Vt = randomized_svd(A, 5, n_iter=n_iter)
    np.testing.assert_allclose(U.T @ U, np.eye(5), atol=1e-10)
    np.testing.assert_allclose(s, np.linalg.svd(A, compute_uv=False)[:5], rtol=1e-2)


def test_rank_deficient_matrix_falls_back_to_qr():
    # rank 2 < k + oversampling: Cholesky of the Gram matrix fails, QR takes over
    A = np.outer(np.arange(1, 31), np.ones(20)) + np.outer(np.ones(30), np.arange(20))
    U, s, Vt = truncated_svd(A, 3)
    np.testing.assert_allclose(s[:2], np.linalg.svd(A, compute_uv=False)[:2], rtol=1e-8)
    assert s[2] < 1e-6 * s[0] and np.all(np.isfinite(U)) and np.all(np.isfinite(Vt))
