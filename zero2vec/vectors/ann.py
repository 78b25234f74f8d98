"""Approximate nearest neighbours for ``most_similar(..., indexer=...)`` (gensim's protocol).

gensim's ``KeyedVectors.most_similar(positive, negative, topn, indexer=X)`` asks
``X.most_similar(vector, num_neighbors)`` for the ``topn`` words nearest the query's
unit mean vector, instead of scoring every word; so does
:meth:`WordVectors.most_similar <zero2vec.vectors.queries.Queries.most_similar>`, and
an indexer written for gensim (``gensim.similarities.AnnoyIndexer``) works there
unchanged. Two indexers here:

* :class:`HnswIndexer`: a hierarchical navigable small-world graph (hnswlib, the
  ``zero2vec[ann]`` extra): recall@10 above 0.95 with ``ef=100`` on word vectors
  (``benchmarks/ann.py`` measures it against exact search on the same table);
* :class:`AnnoyIndexer`: random-projection trees (annoy), as gensim's.

Both return ``(word, cosine similarity)`` best first: the candidates the index finds,
scored exactly against ``wv.vectors`` (so a score equals what exact
``most_similar`` gives that word; gensim's AnnoyIndexer reports ``1 - d / 2`` of its
angular distance ``d`` instead). As in gensim, the query's own words are not
excluded (the nearest word to ``most_similar("king", indexer=...)`` is ``king``), and
``restrict_vocab``/``clip_*`` do not apply. The index is built from the vectors as they
are when the indexer is made: build it again after the vectors change.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from zero2vec._checks import check_positive_int
from zero2vec.errors import ConfigError, MissingDependencyError, ShapeError
from zero2vec.vectors._math import row_norms

_BLOCK = 1 << 16  # rows added to an index at a time (bounded float32 temporaries)


def _vectors_of(model: Any) -> Any:
    """The word vectors of a model (``model.wv``) or the vectors themselves."""
    wv = getattr(model, "wv", model)
    if not (hasattr(wv, "vectors") and hasattr(wv, "index_to_key")):
        raise ConfigError(f"an indexer needs word vectors or a model with .wv, got "
                          f"{type(model).__name__}")
    if len(wv.index_to_key) == 0:
        raise ShapeError("cannot index an empty set of vectors")
    return wv


class _Indexer:
    """What both indexers share: the vectors, their norms, the exact re-scoring."""

    def __init__(self, model: Any) -> None:
        self.wv = _vectors_of(model)
        self.norms = row_norms(np.asarray(self.wv.vectors, dtype=np.float32))

    def _blocks(self):
        v = self.wv.vectors
        for s in range(0, len(v), _BLOCK):
            yield s, np.asarray(v[s:s + _BLOCK], dtype=np.float32)

    def _query(self, vector: Any, num_neighbors: Any) -> tuple[np.ndarray, int]:
        k = check_positive_int("num_neighbors", num_neighbors)
        q = np.asarray(vector, dtype=np.float32).reshape(-1)
        if q.shape != (self.wv.vector_size,):
            raise ShapeError(f"the query vector has {q.size} dims, the index {self.wv.vector_size}")
        return q, min(k, len(self.wv.index_to_key))

    def _scored(self, ids: Any, q: np.ndarray) -> list[tuple[str, float]]:
        """``ids`` as (word, exact cosine with ``q``), best first (ties: lower row)."""
        ids = np.asarray(ids, dtype=np.int64).reshape(-1)
        qn = float(np.linalg.norm(q)) or 1.0
        rows = np.asarray(self.wv.vectors[ids], dtype=np.float32)
        norms = np.where(self.norms[ids] > 0, self.norms[ids], 1.0)
        scores = rows @ (q / qn) / norms
        order = np.lexsort((ids, -scores))
        words = self.wv.index_to_key
        return [(words[ids[i]], float(scores[i])) for i in order]


class HnswIndexer(_Indexer):
    """An HNSW graph over the vectors (cosine), for ``most_similar(indexer=...)``.

    Parameters
    ----------
    model : WordVectors or a model with ``.wv``
    M : int
        Links per node (hnswlib's ``M``): more is better recall and more memory.
    ef_construction : int
        Candidates kept while building (hnswlib's): more is a better graph, slower built.
    ef : int
        Candidates kept while searching (at least ``num_neighbors``): the recall/speed
        trade-off, changeable later with :meth:`set_ef`.
    num_threads : int
        Threads that build the index (-1: all cores).
    seed : int
        hnswlib's random seed (the same vectors and seed build the same graph).

    Examples
    --------
    >>> indexer = HnswIndexer(wv)  # doctest: +SKIP
    >>> wv.most_similar("king", topn=10, indexer=indexer)  # doctest: +SKIP
    """

    def __init__(self, model: Any, M: int = 16, ef_construction: int = 200, ef: int = 100,
                 num_threads: int = -1, seed: int = 100) -> None:
        try:
            import hnswlib
        except ImportError:
            raise MissingDependencyError("HnswIndexer needs hnswlib: pip install 'zero2vec[ann]'"
                                         ) from None
        super().__init__(model)
        self.M = check_positive_int("M", M)
        self.ef_construction = check_positive_int("ef_construction", ef_construction)
        if not isinstance(num_threads, int) or isinstance(num_threads, bool) or num_threads == 0 \
                or num_threads < -1:
            raise ConfigError(f"num_threads must be -1 (all cores) or a positive int, got "
                              f"{num_threads!r}")
        n = len(self.wv.index_to_key)
        self.index = hnswlib.Index(space="cosine", dim=self.wv.vector_size)
        self.index.init_index(max_elements=n, ef_construction=self.ef_construction, M=self.M,
                              random_seed=int(seed))
        for start, block in self._blocks():
            self.index.add_items(block, np.arange(start, start + len(block)),
                                 num_threads=num_threads)
        self.set_ef(ef)

    def set_ef(self, ef: int) -> None:
        """Candidates kept while searching (more: better recall, slower queries)."""
        self.ef = check_positive_int("ef", ef)
        self.index.set_ef(self.ef)

    def most_similar(self, vector: Any, num_neighbors: int) -> list[tuple[str, float]]:
        """gensim's indexer protocol: the ``num_neighbors`` words nearest ``vector``."""
        q, k = self._query(vector, num_neighbors)
        if k > self.ef:
            self.index.set_ef(k)  # hnswlib cannot return more than ef
        try:
            ids, _ = self.index.knn_query(q, k=k, num_threads=1)
        finally:
            if k > self.ef:
                self.index.set_ef(self.ef)
        return self._scored(ids, q)


class AnnoyIndexer(_Indexer):
    """Annoy's random-projection trees (angular) over the vectors, as gensim's
    ``AnnoyIndexer(model, num_trees)``; scores are exact cosines (see the module).

    Parameters
    ----------
    model : WordVectors or a model with ``.wv``
    num_trees : int
        More trees: better recall, a bigger index, a slower build.
    search_k : int
        Nodes inspected per query (annoy's; -1: ``num_trees * num_neighbors``).
    seed : int
        annoy's random seed.
    """

    def __init__(self, model: Any, num_trees: int = 10, search_k: int = -1, seed: int = 1) -> None:
        try:
            from annoy import AnnoyIndex
        except ImportError:
            raise MissingDependencyError("AnnoyIndexer needs annoy: pip install annoy") from None
        super().__init__(model)
        self.num_trees = check_positive_int("num_trees", num_trees)
        if not isinstance(search_k, int) or isinstance(search_k, bool) or search_k < -1:
            raise ConfigError(f"search_k must be -1 or a non-negative int, got {search_k!r}")
        self.search_k = search_k
        self.index = AnnoyIndex(self.wv.vector_size, "angular")
        self.index.set_seed(int(seed))
        for start, block in self._blocks():
            for i, row in enumerate(block):
                self.index.add_item(start + i, row)
        self.index.build(self.num_trees, n_jobs=-1)

    def most_similar(self, vector: Any, num_neighbors: int) -> list[tuple[str, float]]:
        """gensim's indexer protocol: the ``num_neighbors`` words nearest ``vector``."""
        q, k = self._query(vector, num_neighbors)
        return self._scored(self.index.get_nns_by_vector(q, k, search_k=self.search_k), q)
