"""The same counts, phrases, scores and phrased sentences as gensim 4's Phrases.

Against the real gensim (skipped without it), on a slice of the bundled Brown corpus
read as token lists and as a file, for each scoring, with connector words, with
max_vocab_size pruning, a second pass (trigrams) and add_vocab's merge.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from zero2vec.corpus import LineSentence
from zero2vec.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

gp = pytest.importorskip("gensim.models.phrases")
gw2v = pytest.importorskip("gensim.models.word2vec")

SETTINGS = [
    dict(min_count=5, threshold=10.0),
    dict(min_count=3, threshold=5.0, connector_words=ENGLISH_CONNECTOR_WORDS),
    dict(min_count=2, threshold=0.3, scoring="npmi", connector_words=ENGLISH_CONNECTOR_WORDS),
    dict(min_count=1, threshold=2.0, max_vocab_size=20000, connector_words=ENGLISH_CONNECTOR_WORDS),
    dict(min_count=4, threshold=1.0, delimiter="+", max_vocab_size=50000),
]
IDS = ["default", "connectors", "npmi", "pruned", "delimiter"]


def same_model(g, z) -> None:
    assert list(g.vocab.items()) == list(z.vocab.items())  # counts, and gensim's dict order
    assert (g.corpus_word_count, g.min_reduce) == (z.corpus_word_count, z.min_reduce)
    ge, ze = g.export_phrases(), z.export_phrases()
    assert list(ge.items()) == list(ze.items())  # scores equal to the last bit


@pytest.mark.parametrize("kw", SETTINGS, ids=IDS)
def test_token_lists(brown_sentences, kw):
    g, z = gp.Phrases(brown_sentences, **kw), Phrases(brown_sentences, **kw)
    same_model(g, z)
    assert len(g.export_phrases()) > 10  # (the settings find phrases)
    assert list(g[brown_sentences]) == list(z[brown_sentences])
    sample = brown_sentences[:300]
    assert [g[s] for s in sample] == [z[s] for s in sample]
    assert [list(g.analyze_sentence(s)) for s in sample] == [list(z.analyze_sentence(s))
                                                              for s in sample]
    assert g.find_phrases(brown_sentences) == z.find_phrases(brown_sentences)
    gf, zf = g.freeze(), z.freeze()
    assert list(gf.phrasegrams.items()) == list(zf.phrasegrams.items())
    assert list(gf[brown_sentences]) == list(zf[brown_sentences])
    assert gf.find_phrases(brown_sentences) == zf.find_phrases(brown_sentences)


@pytest.mark.parametrize("kw", SETTINGS[:4], ids=IDS[:4])
def test_file_read_by_compiled_code(brown_file, kw):
    g = gp.Phrases(gw2v.LineSentence(str(brown_file)), **kw)
    z = Phrases(LineSentence(brown_file), **kw)
    same_model(g, z)
    assert list(g[gw2v.LineSentence(str(brown_file))]) == list(z[LineSentence(brown_file)])
    gf, zf = g.freeze(), z.freeze()
    assert list(gf[gw2v.LineSentence(str(brown_file))]) == list(zf[LineSentence(brown_file)])
    assert gf.find_phrases(gw2v.LineSentence(str(brown_file))) == \
        zf.find_phrases(LineSentence(brown_file))


def test_second_pass_makes_trigrams_and_add_vocab_merges(brown_sentences):
    kw = dict(min_count=3, threshold=5.0, connector_words=ENGLISH_CONNECTOR_WORDS,
              max_vocab_size=60000)
    g1, z1 = gp.Phrases(brown_sentences, **kw), Phrases(brown_sentences, **kw)
    g2, z2 = gp.Phrases(g1[brown_sentences], **kw), Phrases(z1[brown_sentences], **kw)
    same_model(g2, z2)
    assert any(p.count("_") >= 2 for p in z2.export_phrases())  # three words or more
    assert list(g2[g1[brown_sentences]]) == list(z2[z1[brown_sentences]])
    g2.add_vocab(brown_sentences[:2000])
    z2.add_vocab(brown_sentences[:2000])
    same_model(g2, z2)


def test_custom_scorer_runs_in_python(brown_sentences):
    kw = dict(min_count=3, threshold=0.5, scoring=half_default)
    g, z = gp.Phrases(brown_sentences, **kw), Phrases(brown_sentences, **kw)
    same_model(g, z)
    sample = brown_sentences[:500]
    assert list(g[sample]) == list(z[sample])
    assert list(g.freeze()[sample]) == list(z.freeze()[sample])


def half_default(worda_count, wordb_count, bigram_count, len_vocab, min_count, corpus_word_count):
    return gp.original_scorer(worda_count, wordb_count, bigram_count, len_vocab, min_count,
                              corpus_word_count) / 2


WORDS = ["new", "york", "of", "the", "a_b", "a", "b", "", "_", "é"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=10), max_size=30),
       st.sampled_from([dict(min_count=1, threshold=0.01), dict(min_count=2, threshold=0.2),
                        dict(min_count=1, threshold=-0.5, scoring="npmi")]),
       st.booleans(), st.integers(min_value=3, max_value=40))
def test_random_corpora_with_gensims_corner_cases(sentences, kw, connectors, max_vocab_size):
    """Empty tokens, tokens holding the delimiter, connectors at the ends: as gensim."""
    kw = dict(kw, max_vocab_size=max_vocab_size,
              connector_words=frozenset({"of", "the", ""}) if connectors else frozenset())
    g, z = gp.Phrases(sentences, **kw), Phrases(sentences, **kw)
    same_model(g, z)
    assert list(g[sentences]) == list(z[sentences])
    assert list(g.freeze()[sentences]) == list(z.freeze()[sentences])
