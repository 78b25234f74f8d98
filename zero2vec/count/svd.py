"""Truncated SVD of a (sparse) PPMI matrix, and word vectors from it.

The book reduces the PPMI matrix ``M ~ U S V^T`` and keeps the first columns of ``U``
as word vectors; it uses sklearn's randomized SVD for PTB because a full SVD is
``O(V^3)``. Here both scipy's ARPACK ``svds`` and a small randomized SVD (Halko,
Martinsson & Tropp, 2011) work on the sparse matrix directly.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp
import scipy.linalg as sla
import scipy.sparse.linalg as spla

from zero2vec._checks import check_choice, check_number, check_positive_int
from zero2vec.errors import ConfigError, ShapeError
from zero2vec.vectors import WordVectors

SVD_METHODS = ("randomized", "arpack")


def orthonormalize(Y: np.ndarray, rounds: int = 2) -> np.ndarray:
    """An orthonormal basis of the columns of a tall ``Y`` (float64), by CholeskyQR2.

    Rounds of ``Y <- Y L^-T`` with ``L L^T = Y^T Y``: matrix products and a small
    Cholesky instead of LAPACK's QR, which is 5-20x slower when BLAS threads compete
    for busy cores. Falls back to QR when ``Y`` is (nearly) rank-deficient.
    One round leaves an orthogonality error of about ``cond(Y)^2 * 1e-16``, enough
    between power iterations; the second round repairs it.
    """
    try:
        for _ in range(rounds):
            L = np.linalg.cholesky(Y.T @ Y)
            Y = sla.solve_triangular(L, Y.T, lower=True, check_finite=False).T
        return Y
    except np.linalg.LinAlgError:
        return np.linalg.qr(Y)[0]


def _svd_wide(B: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SVD of a short, wide ``B`` (ell x n) from the eigenvectors of ``B B^T`` (ell x ell)."""
    w, Uh = np.linalg.eigh(B @ B.T)
    order = np.argsort(-w)
    w, Uh = w[order], Uh[:, order]
    s = np.sqrt(np.clip(w, 0.0, None))
    Vt = Uh.T @ B
    nz = s > s[0] * 1e-7 if s[0] > 0 else np.zeros_like(s, dtype=bool)
    Vt[nz] /= s[nz, None]
    Vt[~nz] = 0.0  # directions with no singular value: no right vector
    return Uh, s, Vt


def randomized_svd(M: object, k: int, n_oversamples: int = 10, n_iter: int = 4,
                   seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` largest singular triplets of ``M`` by random projection.

    Multiply ``M`` by a random ``(n, k + p)`` Gaussian matrix to catch its range,
    sharpen that range with ``n_iter`` power iterations (re-orthonormalised each
    time, or round-off loses the small directions), then take the exact SVD of the
    small projected matrix ``Q^T M`` (Halko, Martinsson & Tropp, 2011).
    Products with ``M`` run in ``M``'s dtype; the dense steps in float64.

    Returns
    -------
    U : (m, k), s : (k,) descending, Vt : (k, n)
    """
    m, n = M.shape
    ell = min(k + n_oversamples, m, n)
    rng = np.random.default_rng(seed)
    dtype = M.dtype

    def times(A, X):  # A @ X in M's dtype, returned as float64
        return np.asarray(A @ X.astype(dtype, copy=False), dtype=np.float64)

    Q = orthonormalize(times(M, rng.standard_normal((n, ell))), rounds=1 if n_iter else 2)
    for i in range(n_iter):
        Q = orthonormalize(times(M.T, Q), rounds=1)
        Q = orthonormalize(times(M, Q), rounds=2 if i == n_iter - 1 else 1)
    B = times(M.T, Q).T  # (ell, n) = Q^T M, computed as (M^T Q)^T for CSR speed
    Uh, s, Vt = _svd_wide(B)
    U = Q @ Uh
    return U[:, :k], s[:k], Vt[:k]


def truncated_svd(M: object, k: int, method: str = "randomized", seed: int = 1,
                  n_iter: int = 4) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` largest singular triplets of ``M``, descending, with fixed signs.

    Parameters
    ----------
    M : scipy sparse matrix or 2-D array
    k : int
        Number of components; must be below ``min(M.shape)``.
    method : {"randomized", "arpack"}
        ``"randomized"`` (default) is fast and accurate enough for word vectors;
        ``"arpack"`` (scipy ``svds``) converges to the exact top-``k`` triplets.
    seed : int
        Seeds the random projection / ARPACK start vector: same seed, same vectors.
    n_iter : int
        Power iterations of the randomized method.

    Returns
    -------
    U : (m, k), s : (k,), Vt : (k, n)
        Each component's sign is chosen so that its largest ``|U|`` entry is positive,
        so results do not flip between runs or methods.
    """
    if not sp.issparse(M):
        M = np.asarray(M)
        if M.ndim != 2:
            raise ShapeError(f"M must be a 2-D matrix, got shape {M.shape}")
        if not np.issubdtype(M.dtype, np.floating):
            M = M.astype(np.float64)
    else:
        M = sp.csr_matrix(M)
        if not np.issubdtype(M.dtype, np.floating):
            M = M.astype(np.float64)
    k = check_positive_int("vector_size", k)
    if k >= min(M.shape):
        raise ConfigError(
            f"vector_size={k} must be smaller than the matrix ({M.shape[0]} x {M.shape[1]}); "
            f"use a larger corpus or vector_size < {min(M.shape)}"
        )
    if method == "randomized":
        U, s, Vt = randomized_svd(M, k, n_iter=n_iter, seed=seed)
    elif method == "arpack":
        v0 = np.random.default_rng(seed).uniform(-1, 1, min(M.shape))
        U, s, Vt = spla.svds(M, k=k, v0=v0, random_state=seed)
        order = np.argsort(-s)  # svds returns them ascending
        U, s, Vt = U[:, order], s[order], Vt[order]
    else:
        raise ConfigError(f"method must be one of {SVD_METHODS}, got {method!r}")
    # sign fix (as sklearn's svd_flip): the largest entry of each U column is positive
    signs = np.sign(U[np.argmax(np.abs(U), axis=0), np.arange(U.shape[1])])
    signs[signs == 0] = 1
    return U * signs, s, Vt * signs[:, None]


def check_svd_options(eig: float, method: str) -> None:
    """Raise ConfigError unless ``0 <= eig <= 1`` and ``method`` is known."""
    check_number("eig", eig, 0.0, 1.0)
    check_choice("method", method, SVD_METHODS)


def svd_word_vectors(M: object, index_to_key: Iterable[str], vector_size: int = 100,
                     eig: float = 0.5, method: str = "randomized", seed: int = 1,
                     counts: Iterable[int] | None = None) -> WordVectors:
    """Word vectors ``U_k S_k^eig`` from the truncated SVD of a PPMI matrix.

    Parameters
    ----------
    M : (V, V_c) matrix
        Row ``i`` belongs to ``index_to_key[i]``.
    index_to_key : list of str
    vector_size : int
        ``k``, the number of dimensions kept.
    eig : float in [0, 1]
        Eigenvalue weighting ``p``: ``0`` keeps only ``U`` (every direction weighs the
        same; the book's choice, and often best for similarity, Levy et al. 2015),
        ``1`` gives ``U S``, the rank-``k`` approximation's own row space, ``0.5`` the
        symmetric split ``U sqrt(S)``.
    method, seed :
        See :func:`truncated_svd`.
    counts : array-like of int, optional
        Word counts, kept on the returned vectors.

    Returns
    -------
    WordVectors
        float32 vectors, queried/evaluated/saved like the neural models' ``.wv``.
    """
    check_svd_options(eig, method)
    if not sp.issparse(M):
        M = np.asarray(M)
    index_to_key = list(index_to_key)
    if M.ndim != 2 or len(index_to_key) != M.shape[0]:
        raise ShapeError(f"matrix of shape {M.shape} for {len(index_to_key)} words "
                         "(need one row per word)")
    U, s, _ = truncated_svd(M, vector_size, method=method, seed=seed)
    W = U * s ** eig if eig else U
    return WordVectors(np.ascontiguousarray(W, dtype=np.float32), index_to_key, counts)
