"""``score``, ``predict_output_word`` and ``reset_from`` against gensim's on the same
weights (and, for ``score``, the same Huffman tree)."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec import Word2Vec
from zero2vec.errors import ConfigError

gensim_w2v = pytest.importorskip("gensim.models.word2vec")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

S = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat", "on", "a", "log"],
     ["a", "cat", "and", "a", "dog"], ["unknown", "cat"]] * 25
KW = dict(vector_size=10, window=2, min_count=2, workers=1, seed=1, epochs=3)


def ours_from(theirs, **settings):
    """A zero2vec model holding gensim's trained weights."""
    kv = theirs.wv
    return Word2Vec._from_parts(
        list(kv.index_to_key), np.array([kv.get_vecattr(w, "count") for w in kv.index_to_key]),
        kv.vectors.copy(), getattr(theirs, "syn1neg", None) if theirs.negative else None,
        theirs.syn1.copy() if theirs.hs else None,
        dict(vector_size=theirs.vector_size, window=theirs.window, min_count=1, sg=theirs.sg,
             hs=theirs.hs, negative=theirs.negative, cbow_mean=theirs.cbow_mean, workers=1,
             **settings))


def with_gensims_tree(m, kv):
    """gensim builds its Huffman tree with a heap: use its codes and points."""
    codes = [kv.get_vecattr(w, "code") for w in kv.index_to_key]
    points = [kv.get_vecattr(w, "point") for w in kv.index_to_key]
    L = max(map(len, codes))
    c = np.zeros((len(codes), L), np.uint8)
    p = np.zeros((len(codes), L), np.int32)
    for i, (a, b) in enumerate(zip(codes, points)):
        c[i, :len(a)], p[i, :len(b)] = a, b
    m._tables = m._tables._replace(codes=c, points=p, code_lens=np.array(list(map(len, codes)), np.int32))
    return m


@pytest.mark.parametrize("sg, cbow_mean", [(1, 1), (0, 1), (0, 0)])
def test_score_is_gensims(sg, cbow_mean):
    theirs = gensim_w2v.Word2Vec(S, sg=sg, hs=1, negative=0, cbow_mean=cbow_mean, **KW)
    ours = with_gensims_tree(ours_from(theirs), theirs.wv)
    test = S[:4] + [["never", "seen"], []]
    expected = theirs.score(test, total_sentences=len(test))
    got = ours.score(test, total_sentences=len(test), chunksize=2)
    assert got.dtype == np.float32 and got.shape == expected.shape == (6,)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    assert got[0] < 0 and got[4] == 0.0
    assert len(ours.score(iter(S), total_sentences=7)) == 7  # at most total_sentences


def test_score_needs_hs():
    with pytest.raises(RuntimeError, match="hs=1"):
        Word2Vec(S, **KW).score(S)


@pytest.mark.parametrize("cbow_mean", [0, 1])
def test_predict_output_word_is_gensims(cbow_mean):
    theirs = gensim_w2v.Word2Vec(S, negative=5, cbow_mean=cbow_mean, **KW)
    ours = ours_from(theirs)
    for context in (["the", "cat"], ["sat", "on", "nowhere"], ["dog"]):
        exp = theirs.predict_output_word(context, topn=4)
        got = ours.predict_output_word(context, topn=4)
        assert [w for w, _ in got] == [w for w, _ in exp]
        np.testing.assert_allclose([p for _, p in got], [p for _, p in exp], rtol=1e-4)
    assert ours.predict_output_word(["nowhere"]) is None
    with pytest.raises(RuntimeError, match="negative"):
        Word2Vec(S, hs=1, negative=0, **KW).predict_output_word(["cat"])


def test_reset_from():
    trained = Word2Vec(S, **KW)
    fresh = Word2Vec(vector_size=10, min_count=2, workers=1, seed=1)
    fresh.reset_from(trained)
    assert fresh.wv.index_to_key == trained.wv.index_to_key
    assert fresh.corpus_count == trained.corpus_count
    assert not np.array_equal(fresh.W_in, trained.W_in) and not fresh.W_out.any()
    fresh.train()  # the other model's corpus
    assert fresh.wv.most_similar("cat", topn=1)
