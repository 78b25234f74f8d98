"""``train_ppmi_svd``: from a corpus to word vectors by counting (the book's ch02 pipeline).

One streaming pass over the corpus (the vocabulary pass every trainer uses, which
keeps the corpus as ids), co-occurrences counted from those ids, then PPMI and a
truncated SVD. Memory is ``O(nnz(C))`` plus the ids (a temporary file past 1M of
them): no dense ``V x V``.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from zero2vec._checks import check_positive_int
from zero2vec.corpus import LineSentence
from zero2vec.corpus.vocab import check_settings, scan_and_encode
from zero2vec.count.cooccurrence import CoMatrixBuilder, distance_weights
from zero2vec.count.ppmi import check_ppmi_options, ppmi
from zero2vec.count.svd import check_svd_options, svd_word_vectors
from zero2vec.vectors import WordVectors

logger = logging.getLogger(__name__)

Sentences = Iterable[Iterable[str]]


def _as_sentences(source: str | os.PathLike | Sentences, encoding: str, errors: str) -> Sentences:
    """A corpus the vocabulary pass reads: a file becomes a LineSentence."""
    if isinstance(source, (str, os.PathLike)):
        return LineSentence(source, encoding=encoding, errors=errors)
    return source


class _Progress:
    """Tasks on one rich display (or nothing: see :func:`zero2vec._progress.is_shown`)."""

    def __init__(self, enabled: bool | None) -> None:
        self.enabled = enabled
        self._progress = None
        self._pending: dict = {}

    def __enter__(self) -> _Progress:
        from zero2vec._progress import is_shown, make_progress

        if is_shown(self.enabled):
            self._progress = make_progress(unit="words", enabled=True)
            self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def task(self, description: str, total: float | None = None):
        return None if self._progress is None else self._progress.add_task(description, total=total)

    def advance(self, task, n: float = 1) -> None:
        if task is None:
            return
        # rich's advance costs microseconds: add up per sentence, refresh every ~100k words
        self._pending[task] = self._pending.get(task, 0) + n
        if self._pending[task] >= 100_000:
            self._progress.advance(task, self._pending.pop(task))

    def finish(self, task, description: str | None = None) -> None:
        if task is not None:
            self._progress.advance(task, self._pending.pop(task, 0))
            t = self._progress.tasks[task]
            total = t.total if t.total is not None else t.completed
            self._progress.update(task, total=total, completed=total,
                                  description=description or t.description)


@contextmanager
def _stage(progress: _Progress, description: str) -> Iterator[None]:
    """A one-step task (PPMI, SVD) shown as done when the block ends, and logged."""
    task = progress.task(description, total=1)
    t0 = time.perf_counter()
    yield
    progress.finish(task)
    logger.info("%s: %.2f s", description, time.perf_counter() - t0)


def train_ppmi_svd(corpus_file_or_sentences: str | os.PathLike | Sentences, *,
                   vector_size: int = 100, window: int = 5, min_count: int = 5,
                   max_vocab_size: int | None = None, max_final_vocab: int | None = None,
                   alpha: float = 1.0, shift: float = 1.0, eig: float = 0.5,
                   weighting: str = "harmonic", svd_method: str = "randomized", seed: int = 1,
                   encoding: str = "utf-8", errors: str = "strict",
                   progress: bool | None = None) -> WordVectors:
    """Count-based word vectors: co-occurrence counts -> PPMI -> truncated SVD.

    The defaults were chosen by measurement on PTB and Gutenberg (docs/count.md): a
    window of 5 with ``1/d`` weighting beats the book's window of 2 on similarity and
    analogies; context smoothing and shifting lowered the similarity scores there;
    ``eig=0.5`` balances similarity (best at 0) and analogies (best at 1).

    Parameters
    ----------
    corpus_file_or_sentences : path or iterable of lists of str
        A text file (one sentence per line, tokens split on whitespace, ``.gz`` ok), an
        iterable of token lists (a list, a generator, :class:`LineSentence`...) or a
        tokenised corpus (:func:`~zero2vec.corpus.tokenize_corpus`, read as its ids).
        Windows do not cross sentences.
    vector_size : int
        Dimensions kept by the SVD.
    window : int
        Neighbours counted on each side (the book uses 2 for PTB).
    min_count : int
        Words seen fewer times are dropped before counting.
    max_vocab_size : int, optional
        Prune the rarest words while counting the vocabulary, to bound its memory
        (gensim's ``max_vocab_size``).
    max_final_vocab : int, optional
        Keep at most this many words, by raising ``min_count`` (gensim's rule). The
        co-occurrence matrix has ``O(V * window)`` non-zeros per sentence word, so
        this bounds memory too.
    alpha : float
        Context distribution smoothing of PPMI (1 = none, the book; 0.75 in Levy et al.).
    shift : float
        Shifted PPMI: subtract ``log2(shift)`` (1 = none, the book).
    eig : float
        Eigenvalue weighting ``p`` of the SVD vectors ``U S^p`` (the book uses 0).
    weighting : {"uniform", "harmonic", "linear"}
        Weight of a neighbour by its distance (``"uniform"``: the book; ``"harmonic"``: 1/d).
    svd_method : {"randomized", "arpack"}
    seed : int
        Seeds the SVD; the same corpus and seed give the same vectors.
    encoding, errors : str
        How a corpus file is decoded (see :mod:`zero2vec.corpus.reader`).
    progress : bool, optional
        Show rich progress bars on stderr (default: only when it is a terminal).

    Returns
    -------
    WordVectors
        One float32 vector per vocabulary word, most frequent first, with counts.
    """
    vector_size = check_positive_int("vector_size", vector_size)
    window = check_positive_int("window", window)
    check_settings(min_count, None, None)  # the vocabulary's own rule (0 keeps every word)
    # every option is checked before the corpus is read, not after the pass
    distance_weights(window, weighting)
    check_ppmi_options(1e-8, alpha, shift)
    check_svd_options(eig, svd_method)
    sentences = _as_sentences(corpus_file_or_sentences, encoding, errors)

    with _Progress(progress) as bars:
        with _stage(bars, "vocabulary"):  # the one vocabulary pass; sentences kept whole
            vocab, encoded = scan_and_encode(sentences, min_count, None, max_vocab_size,
                                             max_final_vocab)
        logger.info("vocabulary: %d words, %d tokens kept", len(vocab), vocab.total_words)

        t0 = time.perf_counter()
        task = bars.task("co-occurrences (words)", total=vocab.total_words)
        builder = CoMatrixBuilder(len(vocab), window, weighting)
        for ids in encoded.sentence_ids():
            builder.add(ids, check=False)
            bars.advance(task, len(ids))
        encoded.close()
        C = builder.matrix()
        bars.finish(task)
        logger.info("co-occurrence matrix: %d x %d, %d non-zeros, %.2f s",
                    *C.shape, C.nnz, time.perf_counter() - t0)

        with _stage(bars, "PPMI"):
            M = ppmi(C, alpha=alpha, shift=shift)
            del C
        with _stage(bars, f"SVD to {vector_size} dims"):
            wv = svd_word_vectors(M, vocab.index_to_key, vector_size=vector_size, eig=eig,
                                  method=svd_method, seed=seed, counts=vocab.counts)
    return wv

