"""Word Mover's Distance (Kusner et al., 2015) between two documents, as gensim computes it.

The distance is the least total cost of moving one document's normalised bag of
words onto the other's, the cost of a unit between two words being the Euclidean
distance of their vectors (unit vectors with ``norm=True``). The transport problem
is solved exactly by POT's ``emd2`` (Flamary et al., "POT: Python Optimal
Transport"), an optional extra: ``pip install 'zero2vec[pot]'``.

gensim's conventions are kept: words not in the vocabulary are left out; a document
left with no word gives ``inf`` (with a warning); two documents of one same word
give 0; an all-zero cost matrix gives ``inf`` (POT cannot solve it).
"""
from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from zero2vec.errors import ConfigError, MissingDependencyError
from zero2vec.vectors._math import pairwise_euclidean

if TYPE_CHECKING:
    from zero2vec.vectors.keyed import WordVectors

INSTALL = "pip install 'zero2vec[pot]'"


def _emd2():
    try:
        from ot import emd2
    except ImportError:
        raise MissingDependencyError(f"wmdistance needs POT (Python Optimal Transport), which is "
                                     f"not installed: {INSTALL} (or pip install POT)") from None
    return emd2


def _bag(document: Sequence[str], index: dict[str, int]) -> np.ndarray:
    """The normalised bag of words of ``document`` over ``index`` (nBOW)."""
    d = np.zeros(len(index), dtype=np.float64)
    for word, n in Counter(document).items():
        d[index[word]] = n / len(document)
    return d


def wmdistance(wv: WordVectors, document1: Sequence[str], document2: Sequence[str],
               norm: bool = True) -> float:
    """Word Mover's Distance between two documents (lists of words).

    Parameters
    ----------
    wv : WordVectors
    document1, document2 : list of str
    norm : bool
        Use unit-length vectors (gensim's default).

    Returns
    -------
    float
        ``inf`` when a document has no word in the vocabulary.

    Raises
    ------
    MissingDependencyError
        POT is not installed (also an ``ImportError``, as gensim's).
    """
    emd2 = _emd2()
    for name, doc in (("document1", document1), ("document2", document2)):
        if isinstance(doc, str):
            raise ConfigError(f"{name} must be a list of words, not a string")
    doc1 = [w for w in document1 if w in wv]
    doc2 = [w for w in document2 if w in wv]
    if not doc1 or not doc2:
        warnings.warn("wmdistance: a document has no word in the vocabulary; the distance is inf",
                      UserWarning, stacklevel=3)
        return float("inf")
    index = {w: i for i, w in enumerate(dict.fromkeys(doc1 + doc2))}
    if len(index) == 1:
        return 0.0  # both documents are one same word
    words1, words2 = list(dict.fromkeys(doc1)), list(dict.fromkeys(doc2))
    v1 = np.array([wv.get_vector(w, norm=norm) for w in words1])
    v2 = np.array([wv.get_vector(w, norm=norm) for w in words2])
    cost = np.zeros((len(index), len(index)), dtype=np.float64)
    cost[np.ix_([index[w] for w in words1], [index[w] for w in words2])] = pairwise_euclidean(v1, v2)
    if abs(cost.sum()) < 1e-8:
        return float("inf")  # emd gets stuck on an all-zero cost matrix (as gensim)
    return float(emd2(_bag(doc1, index), _bag(doc2, index), cost))
