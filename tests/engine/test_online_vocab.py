"""gensim's vocabulary API on Word2Vec: online growth (``build_vocab(update=True)``),
``trim_rule``, ``keep_raw_vocab``, ``build_vocab_from_freq``, ``sorted_vocab``,
``null_word``, ``min_count=0``; vocabularies compared with gensim's on the same corpora."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec import Word2Vec
from zero2vec.corpus.vocab import RULE_DEFAULT, RULE_DISCARD, RULE_KEEP
from zero2vec.errors import ConfigError

gensim_w2v = pytest.importorskip("gensim.models.word2vec")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

OLD = [["a", "b", "c", "a", "d"], ["b", "a", "e", "c"], ["f", "a", "b"]] * 20
NEW = [["a", "z", "y", "z", "b"], ["q", "z", "y", "w"]] * 10 + [["rare", "a"]]
KW = dict(vector_size=8, min_count=2, workers=1, seed=3, epochs=1, sample=0)


def vocab_of(m):
    return list(m.wv.index_to_key), [int(m.wv.get_vecattr(w, "count")) for w in m.wv.index_to_key]


def gensim_model(**kw):
    return gensim_w2v.Word2Vec(**{**KW, **kw})


def rule(word, count, min_count):
    return RULE_DISCARD if word == "y" else RULE_KEEP if word == "rare" else RULE_DEFAULT


@pytest.mark.parametrize("kw", [dict(), dict(trim_rule=rule), dict(sorted_vocab=0),
                                dict(min_count=0), dict(null_word=1), dict(max_final_vocab=3)])
def test_vocabulary_matches_gensims(kw):
    ours, theirs = Word2Vec(**KW), gensim_model()
    ours.build_vocab(OLD + NEW, **({"trim_rule": kw["trim_rule"]} if "trim_rule" in kw else {}))
    if kw and "trim_rule" not in kw:
        ours, theirs = Word2Vec(**{**KW, **kw}), gensim_model(**kw)
        ours.build_vocab(OLD + NEW)
    theirs.build_vocab(OLD + NEW, **({"trim_rule": kw["trim_rule"]} if "trim_rule" in kw else {}))
    words, counts = vocab_of(theirs)
    if kw.get("sorted_vocab") == 0 or kw.get("null_word"):
        assert sorted(zip(*vocab_of(ours))) == sorted(zip(words, counts))
        if kw.get("null_word"):
            assert ours.wv.index_to_key[-1] == "\0"
        else:
            assert ours.wv.index_to_key == words  # first seen first
    else:  # the same words and counts, most frequent first (equal counts: first seen
        # first here, the later-seen first in gensim 4's sort)
        assert dict(zip(*vocab_of(ours))) == dict(zip(words, counts))
        assert vocab_of(ours)[1] == counts


@pytest.mark.parametrize("cfg", [dict(sg=0), dict(sg=1), dict(hs=1, negative=0),
                                 dict(sg=1, hs=1, negative=3)])
def test_online_update_grows_as_gensims(cfg):
    ours, theirs = Word2Vec(**KW, **cfg), gensim_model(**cfg)
    for m in (ours, theirs):
        m.build_vocab(OLD)
        m.train(OLD, total_examples=len(OLD), epochs=1)
    before = ours.W_in.copy()
    old_n = len(ours.wv)
    ours.build_vocab(NEW, update=True)
    theirs.build_vocab(NEW, update=True)
    # new words appended in gensim's order, counts added (equal counts of the first
    # vocabulary are ordered differently: see above)
    assert dict(zip(*vocab_of(ours))) == dict(zip(*vocab_of(theirs)))
    assert ours.wv.index_to_key[old_n:] == theirs.wv.index_to_key[old_n:] == ["z", "y", "q", "w"]
    assert np.array_equal(ours.W_in[:old_n], before)  # trained rows kept
    new_rows = ours.W_in[old_n:].copy()
    assert new_rows.shape == (len(ours.wv) - old_n, 8) and (np.abs(new_rows) <= 0.5 / 8).all()
    assert np.abs(new_rows).max() > 0
    for out in (ours.W_out, ours.W_out_hs):
        if out is not None:
            assert not out[-(len(ours.wv) - old_n):].any()
            assert out.shape[0] in (len(ours.wv), len(ours.wv) - 1)
    ours.train(NEW, total_examples=len(NEW), epochs=1)
    z = ours.wv.get_index("z")
    assert not np.array_equal(ours.W_in[z], new_rows[z - old_n])  # the new word trained


def test_keep_raw_vocab_and_from_freq_match_gensims():
    ours, theirs = Word2Vec(**KW), gensim_model()
    ours.build_vocab(OLD, keep_raw_vocab=True)
    theirs.build_vocab(OLD, keep_raw_vocab=True)
    assert ours.raw_vocab == dict(theirs.raw_vocab)
    assert Word2Vec(**KW).build_vocab(OLD).raw_vocab == {}
    freq = {"a": 9, "b": 9, "c": 4, "d": 1, "e": 7}
    ours, theirs = Word2Vec(**KW), gensim_model()
    ours.build_vocab_from_freq(freq, corpus_count=12)
    theirs.build_vocab_from_freq(freq, corpus_count=12)
    assert dict(zip(*vocab_of(ours))) == dict(zip(*vocab_of(theirs))) and ours.corpus_count == theirs.corpus_count == 12
    ours.build_vocab_from_freq({"a": 2, "n": 5}, update=True)
    theirs.build_vocab_from_freq({"a": 2, "n": 5}, update=True)
    assert dict(zip(*vocab_of(ours))) == dict(zip(*vocab_of(theirs)))
    assert ours.wv.index_to_key[-1] == "n"
    ours.train(OLD)  # no corpus kept: one is given
    with pytest.raises(ConfigError, match="needs the corpus"):
        ours.train()


def test_bad_vocabulary_arguments():
    with pytest.raises(ConfigError, match="trim_rule must be callable"):
        Word2Vec(**KW).build_vocab(OLD, trim_rule=5)
    with pytest.raises(ConfigError, match="it must return"):
        Word2Vec(**KW).build_vocab(OLD, trim_rule=lambda w, c, m: "keep")
    with pytest.raises(ConfigError, match="word_freq"):
        Word2Vec(**KW).build_vocab_from_freq([("a", 1)])
    with pytest.raises(ConfigError, match="update must be"):
        Word2Vec(**KW).build_vocab(OLD, update="yes")


def test_constructor_trim_rule_is_used_by_build_vocab():
    m = Word2Vec(OLD + NEW, **KW, trim_rule=rule)
    assert "y" not in m.wv and "rare" in m.wv


def test_raw_vocab_behaves_as_gensims(tmp_path):
    """gensim's ``raw_vocab``: None before a vocabulary, then a ``defaultdict(int)`` (a
    missing word reads 0) holding with ``keep_raw_vocab=True`` every word counted after
    ``max_vocab_size`` pruning, in gensim's order, empty without; ``build_vocab_from_freq``
    keeps the mapping given. Not in zero2vec's model file; read from gensim's."""
    assert Word2Vec(**KW).raw_vocab is None and gensim_model().raw_vocab is None
    kw = dict(max_vocab_size=4, min_count=1)
    ours, theirs = Word2Vec(**{**KW, **kw}), gensim_model(**kw)
    ours.build_vocab(OLD + NEW, keep_raw_vocab=True, trim_rule=rule)
    theirs.build_vocab(OLD + NEW, keep_raw_vocab=True, trim_rule=rule)
    assert list(ours.raw_vocab.items()) == list(theirs.raw_vocab.items())
    assert ours.raw_vocab["never seen"] == theirs.raw_vocab["never seen"] == 0
    for model in (Word2Vec(**KW), gensim_model()):
        model.build_vocab(OLD)
        assert model.raw_vocab == {} and model.raw_vocab["a"] == 0
    freq = {"a": 9, "b": 9}
    assert Word2Vec(**KW).build_vocab_from_freq(freq, keep_raw_vocab=True).raw_vocab is freq
    ours.save(tmp_path / "ours.model")
    loaded = Word2Vec.load(tmp_path / "ours.model")
    assert loaded.raw_vocab == {} and loaded.raw_vocab["a"] == 0
    theirs.save(str(tmp_path / "theirs.model"))
    assert list(Word2Vec.load(tmp_path / "theirs.model").raw_vocab.items()) == \
        list(theirs.raw_vocab.items())


@pytest.mark.parametrize("kw", [dict(), dict(max_final_vocab=3), dict(max_vocab_size=5, min_count=1),
                                dict(sample=0.05)])
def test_scan_vocab_and_prepare_vocab_are_gensims(kw):
    """gensim's build_vocab in steps: scan_vocab's totals and raw_vocab, prepare_vocab's
    report (dry run or not, with min_count/trim_rule/update) and effective_min_count, then
    the same vocabulary as gensim's; train() then takes the corpus."""
    ours, theirs = Word2Vec(**{**KW, **kw}), gensim_model(**kw)
    assert ours.scan_vocab(OLD + NEW, trim_rule=rule) == theirs.scan_vocab(OLD + NEW, trim_rule=rule)
    assert list(ours.raw_vocab.items()) == list(theirs.raw_vocab.items())
    for step in (dict(dry_run=True, min_count=3), dict(dry_run=True, trim_rule=rule),
                 dict(keep_raw_vocab=True)):
        assert ours.prepare_vocab(**step) == theirs.prepare_vocab(**step), step
        assert ours.effective_min_count == theirs.effective_min_count
    theirs.prepare_weights()
    ours.prepare_weights()
    assert vocab_of(ours) == vocab_of(theirs) and ours.min_count == theirs.min_count
    ours.scan_vocab(NEW[:3])
    theirs.scan_vocab(NEW[:3])
    assert ours.prepare_vocab(update=True) == theirs.prepare_vocab(update=True)
    theirs.prepare_weights(update=True)
    ours.prepare_weights(update=True)
    assert vocab_of(ours) == vocab_of(theirs) and ours.raw_vocab == {}
    ours.train(OLD)
    with pytest.raises(ConfigError, match="needs the corpus"):
        ours.train()


def test_an_update_adds_the_counts_of_known_words_below_min_count():
    """gensim adds the new corpus's count to every known word, rare there or not."""
    got = []
    for model in (Word2Vec(**{**KW, "min_count": 2}), gensim_model(min_count=2)):
        model.build_vocab([["a", "a", "b", "b"]])
        model.build_vocab([["a", "c", "c"]], update=True)
        got.append(vocab_of(model))
    assert got[0] == got[1] == (["b", "a", "c"], [2, 3, 2])
