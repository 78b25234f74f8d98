"""The book's ``common/util.py`` (the ch02–ch04 functions), returning what the book returns.

* ``preprocess``, ``create_contexts_target``, ``convert_one_hot``, ``clip_grads``: zero2vec's.
* ``create_co_matrix`` and ``ppmi``: computed by :mod:`zero2vec.count` (vectorised and
  sparse: seconds on PTB where the book's loops take minutes), returned as the book's dense
  arrays (int32 counts, float32 PPMI). To stay sparse, use :mod:`zero2vec.count` directly.
* ``cos_similarity``, ``most_similar``, ``analogy``, ``normalize``: the book's formulas, in
  the vectors' own dtype, with the book's ranking and printout, to the last printed digit
  (the math is :mod:`zero2vec.vectors._math`'s ``book_*`` functions). ``analogy`` ranks by
  the raw dot product with the normalised ``b - a + c``, as the book does; zero2vec's own
  :func:`zero2vec.vectors.analogy` and ``WordVectors.most_similar`` rank by cosine.
* ``to_cpu``, ``to_gpu``: between numpy and CuPy.

``most_similar`` and ``analogy`` also return the printed ``(word, score)`` pairs (the book's
return None).
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy

from zero2vec.book.np import GPU, np
from zero2vec.corpus.text import convert_one_hot, create_contexts_target, preprocess
from zero2vec.count.cooccurrence import check_co_matrix
from zero2vec.count.cooccurrence import create_co_matrix as sparse_co_matrix
from zero2vec.count.ppmi import ppmi as sparse_ppmi
from zero2vec.errors import MissingDependencyError, ShapeError
from zero2vec.trainer.sharing import clip_grads
from zero2vec.vectors._math import (book_analogy, book_analogy_query, book_cosines, book_order,
                                    book_unit, row_norms)
from zero2vec.vectors.similarity import check_word_matrix

__all__ = ["GPU", "analogy", "clip_grads", "convert_one_hot", "cos_similarity", "create_co_matrix",
           "create_contexts_target", "most_similar", "normalize", "np", "ppmi", "preprocess",
           "to_cpu", "to_gpu"]


def create_co_matrix(corpus: numpy.ndarray, vocab_size: int, window_size: int = 1) -> numpy.ndarray:
    """The co-occurrence matrix as the book's dense int32 ``(vocab_size, vocab_size)`` array."""
    return sparse_co_matrix(corpus, vocab_size, window_size).astype(numpy.int32).toarray()


def ppmi(C: numpy.ndarray, verbose: bool = False, eps: float = 1e-8) -> numpy.ndarray:
    """The book's PPMI of a (symmetric) co-occurrence matrix, as a dense float32 array.

    Equal to the book's double loop to the bit. With ``verbose``, the book's progress lines
    (``1.0% done`` … ``100.0% done``) are printed once the matrix is done.
    """
    Cs = check_co_matrix(C)
    if Cs.shape[0] != Cs.shape[1] or (Cs != Cs.T).nnz:
        # the book's formula takes the column sums for both words: only right when C = C.T
        raise ShapeError(f"ppmi expects a symmetric co-occurrence matrix, got "
                         + (f"shape {Cs.shape}" if Cs.shape[0] != Cs.shape[1] else "one that is not")
                         + "; zero2vec.count.ppmi takes a words x contexts matrix")
    M = sparse_ppmi(Cs, eps=eps).toarray()
    if verbose:
        total = M.shape[0] * M.shape[1]
        step = total // 100 + 1
        for cnt in range(step, total + 1, step):
            print("%.1f%% done" % (100 * cnt / total))
    return M


def cos_similarity(x: numpy.ndarray, y: numpy.ndarray, eps: float = 1e-8):
    """Cosine similarity of two vectors, in their own dtype, as the book computes it."""
    return numpy.dot(book_unit(x, eps), book_unit(y, eps))


def normalize(x: numpy.ndarray) -> numpy.ndarray:
    """Scale ``x`` (a vector, or each row of a matrix) to unit length **in place**; return it.

    As the book's: a zero row becomes NaN. zero2vec's :func:`zero2vec.vectors.normalize`
    returns a new array and keeps zero rows at zero.
    """
    if not isinstance(x, numpy.ndarray) or not numpy.issubdtype(x.dtype, numpy.floating):
        raise ShapeError(f"normalize scales in place and needs a float numpy array, got "
                         f"{getattr(x, 'dtype', type(x).__name__)}")
    if x.ndim == 2:
        x /= row_norms(x)[:, None]
    elif x.ndim == 1:
        x /= row_norms(x)
    return x


def most_similar(query: str, word_to_id: Mapping[str, int], id_to_word: Mapping[int, str],
                 word_matrix: numpy.ndarray, top: int = 5) -> list[tuple[str, float]] | None:
    """Print the ``top`` words most similar to ``query`` (cosine), the book's way.

    Returns the printed ``(word, similarity)`` pairs; None (after the book's
    ``… is not found`` line) when ``query`` is not a word.
    """
    if query not in word_to_id:
        print("%s is not found" % query)
        return None
    print("\n[query] " + query)
    m = check_word_matrix(word_to_id, word_matrix)
    qid = word_to_id[query]
    similarity = book_cosines(m[:len(id_to_word)], m[qid])
    out = []
    for i in book_order(similarity, top, exclude={qid}, skip_nan=False):
        print(" %s: %s" % (id_to_word[i], similarity[i]))
        out.append((id_to_word[i], float(similarity[i])))
    return out


def analogy(a: str, b: str, c: str, word_to_id: Mapping[str, int], id_to_word: Mapping[int, str],
            word_matrix: numpy.ndarray, top: int = 5,
            answer: str | None = None) -> list[tuple[str, float]] | None:
    """Print the ``top`` answers of ``a:b = c:?`` ranked as the book ranks them.

    The score is the dot product of each (unnormalised) row with ``b - a + c`` scaled to
    unit length, in the vectors' dtype; ``a``, ``b``, ``c`` and NaN scores are skipped.
    With ``answer``, its score is printed first (``==>answer:score``). Returns the printed
    pairs; None when a word is unknown (after the book's ``… is not found`` line).
    """
    for word in (a, b, c):
        if word not in word_to_id:
            print("%s is not found" % word)
            return None
    print("\n[analogy] " + a + ":" + b + " = " + c + ":?")
    m = check_word_matrix(word_to_id, word_matrix)
    ids = [word_to_id[w] for w in (a, b, c)]
    if answer is not None:
        query = book_analogy_query(m[ids[0]], m[ids[1]], m[ids[2]])
        print("==>" + answer + ":" + str(numpy.dot(m[word_to_id[answer]], query)))
    out = []
    for i, score in book_analogy(m, ids, top):
        print(" {0}: {1}".format(id_to_word[i], score))
        out.append((id_to_word[i], float(score)))
    return out


def to_cpu(x):
    """A numpy array of ``x`` (CuPy arrays are copied to the host)."""
    if isinstance(x, numpy.ndarray):
        return x
    return _cupy().asnumpy(x)


def to_gpu(x):
    """A CuPy array of ``x`` (needs CuPy)."""
    cupy = _cupy()
    if isinstance(x, cupy.ndarray):
        return x
    return cupy.asarray(x)


def _cupy():
    try:
        import cupy
    except ImportError:
        raise MissingDependencyError("to_gpu/to_cpu of a GPU array need CuPy "
                                     "(pip install cupy-cuda12x, or the wheel for your CUDA)") from None
    return cupy
