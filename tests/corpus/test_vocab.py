import numpy as np
import pytest

from zero2vec.corpus import Vocabulary
from zero2vec.errors import ConfigError, CorpusError, UnknownWordError, VocabularyError


def test_sorted_by_frequency_ties_as_gensim():
    """Equal counts: the word counted last first (gensim 4's sort_by_descending_frequency)."""
    v = Vocabulary.build([["b", "a", "c", "a"], ["c", "d", "a"]], min_count=1)
    assert v.index_to_key == ["a", "c", "d", "b"]
    assert v.counts.tolist() == [3, 2, 1, 1]
    assert v.word_to_id["a"] == 0 and v.id_to_word[1] == "c"


def test_descending_order_breaks_ties_as_gensim():
    from zero2vec.corpus.vocab import descending_order

    assert descending_order(np.array([1, 5, 1, 5, 2], dtype=np.uint32)).tolist() == [3, 1, 4, 2, 0]


def test_min_count_and_max_final_vocab():
    sents = [["x"] * 5 + ["y"] * 3 + ["z"]]
    assert Vocabulary.build(sents, min_count=3).index_to_key == ["x", "y"]
    assert Vocabulary.build(sents, min_count=1, max_final_vocab=1).index_to_key == ["x"]
    assert Vocabulary.build(sents, min_count=1, max_final_vocab=2).index_to_key == ["x", "y"]


# counts a:5 b:3 c:3 d:3 e:1 (the example)
TIED = [["a", "b", "c", "d", "e"], ["a", "b", "c", "d"], ["a", "b", "c", "d"], ["a", "a"]]


def test_max_final_vocab_raises_min_count_as_gensim_does():
    """At most N words, by raising min_count: words of equal count stay or go together."""
    assert Vocabulary.build(TIED, min_count=1, max_final_vocab=2).index_to_key == ["a"]
    assert Vocabulary.build(TIED, min_count=1, max_final_vocab=4).index_to_key == ["a", "d", "c", "b"]
    assert Vocabulary.from_counts({"a": 5, "b": 3, "c": 3, "d": 3, "e": 1},
                                  max_final_vocab=2).index_to_key == ["a"]


def test_every_trainer_has_one_max_final_vocab():
    """train_layers and train_ppmi_svd kept exactly the top N (['a', 'b', 'c']); Word2Vec
    raised min_count (['a', 'b']). Now all do as gensim does."""
    from zero2vec import Word2Vec
    from zero2vec.count import train_ppmi_svd
    from zero2vec.trainer import train_layers

    sents = [["a", "b", "c", "d", "e"]] * 3 + [["a", "b"]] * 2 + [["a", "f"]]  # a:6 b:5 c,d,e:3
    kw = dict(min_count=1, max_final_vocab=3, vector_size=2)
    m = Word2Vec(sents, epochs=1, workers=1, **kw)
    lay = train_layers(sentences=sents, window=1, epochs=1, batch_size=2, progress=False, **kw)
    ppmi = train_ppmi_svd(sents, window=1, progress=False, **{**kw, "vector_size": 1})
    assert m.wv.index_to_key == lay.wv.index_to_key == ppmi.index_to_key == ["a", "b"]


@pytest.mark.parametrize("setting", [{"min_count": -1}, {"max_final_vocab": 0},
                                     {"max_vocab_size": 0}, {"min_count": 1.5}])
def test_a_bad_setting_is_the_same_error_everywhere(setting):
    from zero2vec import Word2Vec
    from zero2vec.corpus.vocab import scan_and_encode
    from zero2vec.count import train_ppmi_svd
    from zero2vec.trainer import train_layers

    kw = {"min_count": 1, **setting}
    for build in (lambda: Vocabulary.build(TIED, **kw), lambda: scan_and_encode(TIED, **kw),
                  lambda: Word2Vec(TIED, epochs=1, **kw),
                  lambda: train_layers(sentences=TIED, epochs=1, progress=False, **kw),
                  lambda: train_ppmi_svd(TIED, progress=False, **kw)):
        with pytest.raises(ConfigError, match=next(iter(setting))):
            build()


def test_empty_and_emptied():
    with pytest.raises(CorpusError, match="no tokens"):
        Vocabulary.build([[], []])
    with pytest.raises(VocabularyError, match="min_count=5 removed every word"):
        Vocabulary.build([["a", "b"]], min_count=5)
    with pytest.raises(VocabularyError, match="no words"):
        Vocabulary.from_counts({})


def test_raw_japanese_says_to_tokenise(tmp_path):
    """Untokenised Japanese: every line is one "word", seen once; the fix is a tokenizer."""
    from zero2vec.datasets import bundled_path
    from zero2vec.trainer import train_layers

    lines = [["吾輩は猫である。名前はまだ無い。"], ["どこで生れたかとんと見当がつかぬ。"]] * 2
    with pytest.raises(VocabularyError, match="--tokenizer ja") as e:
        Vocabulary.build(lines, min_count=5)
    assert "lower min_count" not in str(e.value)
    raw = bundled_path("kokoro")  # the demo's raw text, read without a tokenizer
    with pytest.raises(VocabularyError, match="without spaces between words"):
        train_layers(raw, epochs=1, progress=False, min_count=5)
    with pytest.raises(VocabularyError, match="lower min_count"):  # a spaced corpus: as before
        Vocabulary.build([["東京", "大阪"], ["京都"]], min_count=5)


def test_max_vocab_size_bounds_memory_like_gensim():
    sents = [["common"] * 10] + [[f"rare{i}"] for i in range(100)] + [["common"]]
    v = Vocabulary.build(sents, min_count=1, max_vocab_size=10)
    assert "common" in v and len(v) <= 11


def test_encode_and_unknown_words():
    v = Vocabulary(["a", "b"], [2, 1])
    assert v.encode(["a", "zz", "b"]).tolist() == [0, 1]
    assert v.encode([]).dtype == np.int32
    with pytest.raises(UnknownWordError, match="'aa' is not in the vocabulary; did you mean 'a'"):
        v.get_index("aa")


from collections import Counter  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from zero2vec.errors import Zero2VecError  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(min_size=1, max_size=4), max_size=8), max_size=10),
       st.integers(1, 3), st.one_of(st.none(), st.integers(1, 5)), st.one_of(st.none(), st.integers(1, 6)))
def test_build_on_any_sentences(sentences, min_count, max_final_vocab, max_vocab_size):
    try:
        v = Vocabulary.build(sentences, min_count=min_count, max_final_vocab=max_final_vocab,
                             max_vocab_size=max_vocab_size)
    except Zero2VecError:
        return
    assert len(set(v.index_to_key)) == len(v) > 0
    assert all(v.counts[i] >= v.counts[i + 1] for i in range(len(v) - 1))
    assert v.counts.min() >= min_count
    if max_final_vocab is not None:
        assert len(v) <= max_final_vocab
    if max_vocab_size is None:  # without pruning the counts are exact
        counts = Counter(w for s in sentences for w in s)
        for w, c in zip(v.index_to_key, v.counts):
            assert c == counts[w]
        # gensim's max_final_vocab: a word is kept exactly when it is as frequent as one kept
        assert all((w in v) == (c >= v.counts.min()) for w, c in counts.items())
