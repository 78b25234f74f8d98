"""``most_similar(indexer=...)``: gensim's indexer protocol, HNSW and Annoy indexers."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.errors import ConfigError, ShapeError
from zero2vec.vectors import WordVectors
from zero2vec.vectors.ann import AnnoyIndexer, HnswIndexer

hnswlib = pytest.importorskip("hnswlib", reason="hnswlib (the ann extra) is needed")


@pytest.fixture(scope="module")
def table():
    rng = np.random.default_rng(7)
    centres = rng.standard_normal((20, 24)).astype(np.float32)
    vecs = centres[rng.integers(0, 20, 3000)] + 0.4 * rng.standard_normal((3000, 24)).astype(np.float32)
    return WordVectors(vecs, [f"w{i}" for i in range(3000)])


def recall(approx, exact) -> float:
    return len({w for w, _ in approx} & {w for w, _ in exact}) / len(exact)


class Recorder:
    """An indexer as gensim's protocol sees it: most_similar(vector, num_neighbors)."""

    def __init__(self):
        self.calls = []

    def most_similar(self, vector, num_neighbors):
        self.calls.append((vector.copy(), num_neighbors))
        return [("sentinel", 1.0)]


def test_most_similar_asks_the_indexer_with_the_unit_mean(table):
    rec = Recorder()
    assert table.most_similar(["w1", "w2"], negative=["w3"], topn=4, indexer=rec) == [("sentinel", 1.0)]
    (vector, k), = rec.calls
    assert k == 4
    expected = table.get_vector("w1", norm=True) + table.get_vector("w2", norm=True) \
        - table.get_vector("w3", norm=True)
    np.testing.assert_allclose(vector, expected / np.linalg.norm(expected), rtol=1e-5)
    assert isinstance(table.most_similar("w1", topn=None, indexer=rec), np.ndarray)  # as gensim
    with pytest.raises(ConfigError, match="most_similar"):
        table.most_similar("w1", indexer=object())


def test_gensim_passes_the_same_vector_to_its_indexer(table):
    gensim_models = pytest.importorskip("gensim.models")
    kv = gensim_models.KeyedVectors(table.vector_size)
    kv.add_vectors(table.index_to_key, table.vectors.copy())
    theirs, ours = Recorder(), Recorder()
    kv.most_similar(["w5", "w9"], negative=["w11"], topn=3, indexer=theirs)
    table.most_similar(["w5", "w9"], negative=["w11"], topn=3, indexer=ours)
    np.testing.assert_allclose(ours.calls[0][0], theirs.calls[0][0], rtol=1e-6)
    assert ours.calls[0][1] == theirs.calls[0][1]


@pytest.mark.parametrize("kind", ["hnsw", "annoy"])
def test_indexers_find_the_exact_neighbours(table, kind):
    if kind == "annoy":
        pytest.importorskip("annoy", reason="annoy is not installed")
        indexer = AnnoyIndexer(table, num_trees=40)
    else:
        indexer = HnswIndexer(table, ef=200, num_threads=1)
    rng = np.random.default_rng(0)
    got = []
    for w in rng.choice(table.index_to_key, 40, replace=False):
        approx = table.most_similar(w, topn=11, indexer=indexer)
        exact = [(w, 1.0)] + table.most_similar(w, topn=10)  # gensim: the query word comes first
        got.append(recall(approx, exact))
        assert approx[0][0] == w
        scores = dict(table.most_similar(w, topn=len(table)))
        for word, score in approx[1:]:
            assert score == pytest.approx(scores[word], abs=1e-6)  # scored exactly
    assert np.mean(got) >= 0.95


def test_a_model_with_wv_is_indexed_through_it(table):
    class Model:
        wv = table
    indexer = HnswIndexer(Model(), num_threads=1)
    assert indexer.wv is table
    assert indexer.most_similar(table["w3"], 1)[0][0] == "w3"


def test_more_neighbours_than_ef_are_still_returned(table):
    indexer = HnswIndexer(table, ef=5, num_threads=1)
    assert len(indexer.most_similar(table["w3"], 50)) == 50
    assert indexer.ef == 5


def test_bad_arguments_are_one_line_errors(table):
    with pytest.raises(ConfigError):
        HnswIndexer(table, M=0)
    with pytest.raises(ConfigError):
        HnswIndexer(table, num_threads=0)
    with pytest.raises(ConfigError):
        HnswIndexer("not vectors")
    indexer = HnswIndexer(table, num_threads=1)
    with pytest.raises(ShapeError, match="dims"):
        indexer.most_similar(np.zeros(3), 2)
    with pytest.raises(ConfigError):
        indexer.most_similar(table["w1"], 0)
