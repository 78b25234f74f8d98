"""FastTextKeyedVectors: vectors for any string, queries on unseen words."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from zero2vec.errors import ShapeError, UnknownWordError
from zero2vec.subword.io_fasttext import read_facebook
from zero2vec.subword.keyed import FastTextKeyedVectors
from zero2vec.vectors._math import unit_rows

TINY = Path(__file__).parent / "data" / "tiny.bin"


@pytest.fixture(scope="module")
def kv():
    m = read_facebook(TINY)
    return FastTextKeyedVectors(m.input, m.words, 2, 4, 300, counts=m.counts)


def test_vocab_vectors_are_word_and_ngram_means(kv):
    from zero2vec.subword.ngrams import ngram_hashes

    i = kv.key_to_index["quick"]
    rows = [i] + [len(kv) + h for h in ngram_hashes("quick", 2, 4, 300)]
    np.testing.assert_allclose(kv["quick"], kv.matrix[rows].mean(axis=0), rtol=1e-6)
    assert kv.vectors_vocab.shape == (len(kv), 8) and kv.vectors_ngrams.shape == (300, 8)


def test_oov_queries(kv):
    assert "quickly" in kv and not kv.has_index_for("quickly")
    got = kv.most_similar("quickly", topn=3)
    direct = kv.similar_by_vector(unit_rows(np.asarray(kv["quickly"])), topn=3)
    assert got == direct and len(got) == 3
    assert kv.similarity("quickly", "quick") == pytest.approx(
        float(unit_rows(kv["quickly"]) @ unit_rows(kv["quick"])), abs=1e-6)
    assert kv.most_similar(positive=["quickly", "fox"], negative=["dogs"], topn=2)
    assert kv.distances("quickly", ["quick", "foxes"]).shape == (2,)
    assert kv[["fox", "foxes"]].shape == (2, 8)


def test_word_without_ngrams_is_a_key_error():
    m = read_facebook(TINY)
    kv = FastTextKeyedVectors(m.input[:len(m.words)], m.words, 0, 0, 0)
    assert "quickly" not in kv
    with pytest.raises(KeyError):
        kv["quickly"]
    with pytest.raises(UnknownWordError):
        kv.most_similar("quickly")


def test_matrix_shape_is_checked():
    with pytest.raises(ShapeError, match="300 buckets need"):
        FastTextKeyedVectors(np.zeros((10, 4), np.float32), ["a", "b"], 3, 6, 300)


def test_save_and_load_keep_the_ngrams(kv, tmp_path):
    kv.save(tmp_path / "kv.bin")
    again = FastTextKeyedVectors.load(tmp_path / "kv.bin")
    np.testing.assert_array_equal(again["quickly"], kv["quickly"])
    assert again.index_to_key == kv.index_to_key


def test_every_query_takes_unseen_words(kv):
    assert kv.n_similarity(["quickly"], ["quick"]) == pytest.approx(kv.similarity("quickly", "quick"),
                                                                     abs=1e-6)
    np.testing.assert_allclose(kv.get_mean_vector(["quickly"]), unit_rows(kv["quickly"]), atol=1e-6)
    closer = kv.closer_than("quickly", "quick")
    assert kv.rank("quickly", "quick") == len(closer) + 1
    ranked = [w for w, _ in kv.most_similar("quickly", topn=len(kv))]
    assert set(closer) == set(ranked[:ranked.index("quick")])
    assert kv.most_similar_cosmul("quickly", topn=2)
    assert kv.doesnt_match(["quickly", "quick", "東京都"]) in {"quickly", "quick", "東京都"}
