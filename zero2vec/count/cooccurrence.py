"""Sparse co-occurrence matrices: the book's ``create_co_matrix``, vectorised.

The book loops over every word and every window offset in Python and fills a dense
``V x V`` array. Here each offset ``d`` is one numpy slice: the pairs
``(corpus[i], corpus[i + d])`` for all ``i`` at once. scipy turns the (row, col,
weight) triples into CSR and sums duplicate pairs. Only the upper pairs (right
neighbours) are built; the left neighbours are the transpose, so ``C = U + U.T``.

Memory is ``O(nnz(C))`` plus the triples of one chunk of text, never ``V x V``.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from zero2vec._checks import check_ids, check_positive_int
from zero2vec.errors import ConfigError, CorpusError, ShapeError

WEIGHTINGS = ("uniform", "harmonic", "linear")


def distance_weights(window_size: int, weighting: str = "uniform") -> np.ndarray:
    """Weight of a neighbour at distance ``d = 1..window_size``.

    ``"uniform"``
        1 for every ``d`` (the book).
    ``"harmonic"``
        ``1 / d`` (GloVe): near words say more about a word than far ones.
    ``"linear"``
        ``(window_size - d + 1) / window_size``: the expected weight word2vec's
        random window shrinking gives to distance ``d`` (Levy et al., 2015).
    """
    window_size = check_positive_int("window_size", window_size)
    d = np.arange(1, window_size + 1, dtype=np.float64)
    if weighting == "uniform":
        return np.ones_like(d)
    if weighting == "harmonic":
        return 1.0 / d
    if weighting == "linear":
        return (window_size - d + 1) / window_size
    raise ConfigError(f"weighting must be one of {WEIGHTINGS}, got {weighting!r}")


def _upper_triples(ids: np.ndarray, sentence: np.ndarray | None, weights: np.ndarray,
                   dtype: np.dtype) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, col, weight) of every word and its right neighbours within the window.

    ``sentence[i]`` is the sentence of position ``i``; pairs across sentences are skipped.
    """
    rows, cols, vals = [], [], []
    for d, w in enumerate(weights, start=1):
        if d >= len(ids):
            break
        left, right = ids[:-d], ids[d:]
        if sentence is not None:
            same = sentence[:-d] == sentence[d:]
            left, right = left[same], right[same]
        rows.append(left)
        cols.append(right)
        vals.append(np.full(len(left), w, dtype=dtype))
    if not rows:
        empty = np.empty(0, dtype=np.int32)
        return empty, empty, np.empty(0, dtype=dtype)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def _symmetric_csr(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray,
                   vocab_size: int) -> sp.csr_matrix:
    """``U + U.T`` as CSR, where ``U`` sums the triples (duplicates added)."""
    U = sp.coo_matrix((vals, (rows, cols)), shape=(vocab_size, vocab_size)).tocsr()
    C = (U + U.T).tocsr()
    C.sum_duplicates()
    return C


def create_co_matrix(corpus: np.ndarray, vocab_size: int, window_size: int = 1,
                     weighting: str = "uniform", dtype: type = np.float32) -> sp.csr_matrix:
    """Count how often word ``j`` appears within ``window_size`` words of word ``i``.

    The book's ``create_co_matrix``, returning a sparse matrix: for every position and
    every offset ``d = 1..window_size``, the left and right neighbours (when inside the
    corpus) add ``weight(d)`` to ``C[word, neighbour]``.

    Parameters
    ----------
    corpus : np.ndarray of int, shape (n,)
        Word ids, as from :func:`zero2vec.corpus.preprocess`.
    vocab_size : int
        ``V``; every id must be in ``[0, V)``.
    window_size : int
        How many words on each side count as neighbours.
    weighting : {"uniform", "harmonic", "linear"}
        Weight by distance, see :func:`distance_weights`; ``"uniform"`` is the book's.
    dtype : numpy float type
        ``float32`` holds counts exactly up to 2**24 and halves the memory of float64.

    Returns
    -------
    scipy.sparse.csr_matrix, shape (V, V)
        Symmetric; ``C.toarray()`` equals the book's dense matrix for ``"uniform"``.
    """
    vocab_size = check_positive_int("vocab_size", vocab_size)
    weights = distance_weights(window_size, weighting)
    corpus = check_ids("corpus", corpus, vocab_size, ndim=1)
    if corpus.size == 0:
        raise CorpusError("corpus is empty: no word ids to count")
    dtype = np.dtype(dtype)
    rows, cols, vals = _upper_triples(corpus, None, weights, dtype)
    return _symmetric_csr(rows, cols, vals, vocab_size)


class CoMatrixBuilder:
    """Accumulate a co-occurrence matrix sentence by sentence, in bounded memory.

    Windows never cross sentence boundaries (as in word2vec). Sentences are buffered
    until ``chunk_words`` ids are held, then turned into a sparse matrix and added to
    the total, so memory is ``O(nnz(C) + chunk_words * window_size)``.

    Examples
    --------
    >>> b = CoMatrixBuilder(vocab_size=3, window_size=1)
    >>> b.add(np.array([0, 1, 2])); b.add(np.array([2, 0]))
    >>> b.matrix().toarray().astype(int).tolist()
    [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    """

    def __init__(self, vocab_size: int, window_size: int = 1, weighting: str = "uniform",
                 dtype: type = np.float32, chunk_words: int = 2_000_000) -> None:
        self.vocab_size = check_positive_int("vocab_size", vocab_size)
        self.weights = distance_weights(window_size, weighting)
        self.dtype = np.dtype(dtype)
        self.chunk_words = check_positive_int("chunk_words", chunk_words)
        self._ids: list[np.ndarray] = []
        self._held = 0
        self._C = sp.csr_matrix((self.vocab_size, self.vocab_size), dtype=self.dtype)
        self.words = 0  # ids added so far

    def add(self, ids: np.ndarray, check: bool = True) -> None:
        """Add one sentence of word ids (sentences of 0 or 1 words add nothing).

        ``check=False`` skips the id range check, for ids straight from a Vocabulary.
        """
        if check:
            ids = check_ids("sentence", ids, self.vocab_size, ndim=1)
        self.words += len(ids)
        if len(ids) < 2:
            return
        self._ids.append(ids)
        self._held += len(ids)
        if self._held >= self.chunk_words:
            self._flush()

    def add_sentences(self, sentences: Iterable[np.ndarray]) -> None:
        """Add several sentences of word ids."""
        for ids in sentences:
            self.add(ids)

    def _flush(self) -> None:
        if not self._ids:
            return
        lengths = np.fromiter((len(s) for s in self._ids), dtype=np.int64, count=len(self._ids))
        ids = np.concatenate(self._ids)
        sentence = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        self._ids, self._held = [], 0
        rows, cols, vals = _upper_triples(ids, sentence, self.weights, self.dtype)
        del ids, sentence
        self._C = self._C + _symmetric_csr(rows, cols, vals, self.vocab_size)

    def matrix(self) -> sp.csr_matrix:
        """The co-occurrence matrix of everything added so far (CSR, symmetric)."""
        self._flush()
        if self.words == 0:
            raise CorpusError("no words were added: the corpus is empty")
        C = self._C.tocsr()
        C.sum_duplicates()
        return C


def check_co_matrix(C: object) -> sp.csr_matrix:
    """Return ``C`` (dense or sparse) as float CSR, or raise ShapeError if unusable."""
    if sp.issparse(C):
        C = sp.csr_matrix(C)
    else:
        arr = np.asarray(C)
        if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
            raise ShapeError(f"C must be a numeric matrix, got dtype {arr.dtype}")
        if arr.ndim != 2:
            raise ShapeError(f"C must be a 2-D matrix, got shape {arr.shape}")
        C = sp.csr_matrix(arr)
    if C.ndim != 2 or 0 in C.shape:
        raise ShapeError(f"C must be a non-empty 2-D matrix, got shape {C.shape}")
    if not np.issubdtype(C.dtype, np.floating):
        C = C.astype(np.float64)
    if C.nnz and not np.all(np.isfinite(C.data)):
        raise ShapeError("C contains NaN or inf")
    if C.nnz and C.data.min() < 0:
        raise ShapeError("C holds negative counts; a co-occurrence matrix must be >= 0")
    return C
