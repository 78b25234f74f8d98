"""train_ppmi_svd end to end: small corpora here, PTB with the shared data."""
from __future__ import annotations


import numpy as np
import pytest

from zero2vec.corpus import LineSentence
from zero2vec.count import create_co_matrix, ppmi, svd_word_vectors, train_ppmi_svd
from zero2vec.datasets.bundled import bundled_path
from zero2vec.errors import ConfigError, CorpusError
from zero2vec.vectors import WordVectors, most_similar, normalize


@pytest.fixture(scope="module")
def brown():
    return list(LineSentence(bundled_path("brown"), limit=4000))


def test_brown_small(brown):
    wv = train_ppmi_svd(brown, vector_size=20, window=2, min_count=5, progress=False)
    assert isinstance(wv, WordVectors) and wv.vector_size == 20
    assert wv.vectors.dtype == np.float32 and np.all(np.isfinite(wv.vectors))
    assert wv.index_to_key[0] == "the"  # most frequent first, with counts
    assert wv.counts[0] == max(wv.counts) and min(wv.counts) >= 5


def test_file_path_and_list_agree(tmp_path, brown):
    path = tmp_path / "c.txt"
    path.write_text("\n".join(" ".join(s) for s in brown[:1000]) + "\n", encoding="utf-8")
    a = train_ppmi_svd(path, vector_size=10, min_count=3, progress=False)
    b = train_ppmi_svd(brown[:1000], vector_size=10, min_count=3, progress=False)
    assert a.index_to_key == b.index_to_key
    np.testing.assert_array_equal(a.vectors, b.vectors)  # deterministic for a seed


def test_progress_bars_run(brown, capsys):
    wv = train_ppmi_svd(brown[:500], vector_size=5, min_count=2, progress=True)
    assert "SVD" in capsys.readouterr().err and wv.vector_size == 5


def test_options_reach_the_pipeline(brown):
    kw = dict(vector_size=8, min_count=5, progress=False)
    base = train_ppmi_svd(brown, **kw)
    for change in ({"alpha": 0.75}, {"shift": 5.0}, {"eig": 0.0}, {"window": 2},
                   {"weighting": "uniform"}, {"svd_method": "arpack"}, {"seed": 2}):
        other = train_ppmi_svd(brown, **kw, **change)
        assert not np.allclose(base.vectors, other.vectors), change
    capped = train_ppmi_svd(brown, max_final_vocab=300, **kw)
    # gensim's rule: min_count is raised until at most 300 words remain
    assert 0 < len(capped) <= 300 and capped.index_to_key == base.index_to_key[:len(capped)]
    assert min(capped.counts) > base.counts[300]


def test_same_as_manual_pipeline():
    sentences = [["a", "b", "c", "a"], ["b", "c", "d"], ["a", "d", "b", "c", "a", "b"]] * 3
    wv = train_ppmi_svd(sentences, vector_size=2, window=1, min_count=1, alpha=1.0,
                        eig=0.0, progress=False)
    ids = {w: i for i, w in enumerate(wv.index_to_key)}
    C = sum(create_co_matrix(np.array([ids[w] for w in s]), 4, 1) for s in sentences)
    ref = svd_word_vectors(ppmi(C), wv.index_to_key, vector_size=2, eig=0.0)
    np.testing.assert_allclose(wv.vectors, ref.vectors, atol=1e-6)


def test_one_pass_so_a_generator_is_enough(brown):
    a = train_ppmi_svd(brown[:800], vector_size=5, min_count=3, progress=False)
    b = train_ppmi_svd((s for s in brown[:800]), vector_size=5, min_count=3, progress=False)
    assert a.index_to_key == b.index_to_key
    np.testing.assert_array_equal(a.vectors, b.vectors)
    with pytest.raises(CorpusError, match="one-shot"):  # unless pruning needs a second pass
        train_ppmi_svd((s for s in brown[:800]), max_vocab_size=100, progress=False)


def test_bad_inputs(tmp_path):
    with pytest.raises(CorpusError, match="list of tokens"):
        train_ppmi_svd(["a b c", "d e"], min_count=1, progress=False)
    with pytest.raises(CorpusError, match="no such file"):
        train_ppmi_svd(tmp_path / "missing.txt", progress=False)
    (tmp_path / "empty.txt").write_text("\n\n")
    with pytest.raises(CorpusError, match="no tokens"):
        train_ppmi_svd(tmp_path / "empty.txt", progress=False)
    with pytest.raises(ConfigError, match="window"):
        train_ppmi_svd([["a", "b"]], window=0, progress=False)
    with pytest.raises(ConfigError, match="vector_size"):
        train_ppmi_svd([["a", "b", "c"]] * 3, vector_size=100, min_count=1, progress=False)


@pytest.mark.parametrize("kwargs, match", [
    ({"alpha": 2}, "alpha"), ({"shift": 0}, "shift"), ({"eig": -1}, "eig"),
    ({"weighting": "cosine"}, "weighting"), ({"svd_method": "qr"}, "method"),
    ({"min_count": -1}, "min_count"), ({"vector_size": 0}, "vector_size"),
])
def test_bad_options_fail_before_reading(kwargs, match):
    class Exploding:  # any read of the corpus fails the test
        def __iter__(self):
            raise AssertionError("the corpus was read before the options were checked")

    with pytest.raises(ConfigError, match=match):
        train_ppmi_svd(Exploding(), progress=False, **kwargs)


def _ptb_book(shared_data):
    """PTB train as the book loads it: one stream, '<eos>' per line, ids by first use."""
    from zero2vec.datasets import ptb

    corpus, word_to_id, _ = ptb.load_data("train", data_dir=shared_data / "corpora" / "ptb", download=False)
    return corpus, word_to_id


@pytest.mark.shared_data
@pytest.mark.slow
def test_ptb_book_result(shared_data):
    # the book's count_method_big.py: window 2, PPMI, SVD to 100 dims
    corpus, word_to_id = _ptb_book(shared_data)
    assert len(word_to_id) == 10_000
    C = create_co_matrix(corpus, len(word_to_id), window_size=2)
    id_to_word = {i: w for w, i in word_to_id.items()}
    wv = svd_word_vectors(ppmi(C), [id_to_word[i] for i in range(len(id_to_word))],
                          vector_size=100, eig=0.0)
    top = lambda q: [w for w, _ in most_similar(q, word_to_id, id_to_word, wv.vectors,  # noqa: E731
                                                top=5, verbose=False)]
    assert {"i", "we"} <= set(top("you"))
    assert {"month", "quarter"} & set(top("year"))
    assert {"nissan", "honda", "motor", "motors"} & set(top("toyota"))


@pytest.mark.shared_data
@pytest.mark.slow
def test_ptb_train_ppmi_svd_file(shared_data):
    wv = train_ppmi_svd(shared_data / "corpora" / "ptb" / "ptb.train.txt.gz", progress=False)
    assert 9_000 < len(wv) <= 10_000
    unit = normalize(wv.vectors)  # one word (seen only alone) has a zero vector
    sims = unit @ unit[wv.key_to_index["you"]]
    top = [wv.index_to_key[i] for i in np.argsort(-sims)[1:6]]
    assert {"i", "we"} & set(top)


def test_result_has_the_word_vectors_api(tmp_path, brown):
    # the same query / save API as the neural models' .wv
    wv = train_ppmi_svd(brown, vector_size=16, min_count=5, progress=False)
    assert len(wv.most_similar("the", topn=3)) == 3
    wv.save(tmp_path / "ppmi")
    back = WordVectors.load(tmp_path / "ppmi")
    np.testing.assert_array_equal(back.vectors, wv.vectors)
    assert back.index_to_key == wv.index_to_key
