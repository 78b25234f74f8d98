"""The book's small-corpus helpers (ch02-ch03): ``preprocess``, contexts and targets."""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from zero2vec._checks import check_ids, check_positive_int
from zero2vec._memory import check_memory
from zero2vec.corpus.scan import first_seen_ids
from zero2vec.errors import ConfigError, CorpusError


def preprocess(text: str) -> tuple[np.ndarray, dict[str, int], dict[int, str]]:
    """Turn a sentence into word ids, as the book's ``preprocess`` does.

    The text is lowercased, ``.`` is split off as its own word, and ids are given
    in order of first appearance.

    Returns
    -------
    corpus : np.ndarray of int
    word_to_id : dict[str, int]
    id_to_word : dict[int, str]
    """
    if not isinstance(text, str):
        raise CorpusError(f"preprocess expects a str, got {type(text).__name__}")
    words = text.lower().replace(".", " .").split()
    if not words:
        raise CorpusError("preprocess got a text with no words")
    keys, ids = first_seen_ids([words])
    word_to_id = {w: i for i, w in enumerate(keys)}
    id_to_word = dict(enumerate(keys))
    return ids.astype(int), word_to_id, id_to_word


def create_contexts_target(corpus: np.ndarray, window_size: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Build the (contexts, target) pairs of the book's ch03.

    For every position ``i`` with a full window, the target is ``corpus[i]`` and the
    contexts are the ``window_size`` words on each side, left to right.

    Returns
    -------
    contexts : np.ndarray, shape (N, 2 * window_size)
    target : np.ndarray, shape (N,)
    """
    window_size = check_positive_int("window_size", window_size)
    corpus = np.asarray(corpus)
    if corpus.ndim != 1:
        raise CorpusError(f"corpus must be a 1-D array of word ids, got shape {corpus.shape}")
    if corpus.size and not np.issubdtype(corpus.dtype, np.integer):
        raise CorpusError(f"corpus must hold integer word ids, got dtype {corpus.dtype}")
    if len(corpus) <= 2 * window_size:
        raise ConfigError(
            f"window_size={window_size} is too large for a corpus of {len(corpus)} words "
            f"(need more than {2 * window_size})"
        )
    n = len(corpus) - 2 * window_size
    check_memory(n * (2 * window_size + 1) * corpus.dtype.itemsize,
                 f"contexts for {n:,} targets x {2 * window_size} words",
                 "use a smaller window or a smaller corpus")
    windows = sliding_window_view(corpus, 2 * window_size + 1)
    target = windows[:, window_size].copy()
    contexts = np.delete(windows, window_size, axis=1)  # a fresh, contiguous array
    return contexts, target


def convert_one_hot(corpus: np.ndarray, vocab_size: int) -> np.ndarray:
    """One-hot encode word ids (shape ``corpus.shape + (vocab_size,)``), as in ch03."""
    vocab_size = check_positive_int("vocab_size", vocab_size)
    corpus = check_ids("corpus", corpus, vocab_size)
    return np.eye(vocab_size, dtype=np.int32)[corpus]
