"""Property tests: the compiled counting and applying against plain-Python references.

The reference counter below is written from gensim's rules (one dict of unigrams and
delimiter-joined candidates; connector words inside candidates, never at their ends;
after each sentence, more keys than ``max_vocab_size`` drop those seen fewer than
``min_reduce`` times, ``min_reduce`` then growing). Tokens are drawn from a small
alphabet with connectors, an empty token and tokens that hold the delimiter.
"""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from zero2vec.phrases import Phrases

CONNECTORS = frozenset({"of", "the", ""})
WORDS = ["new", "york", "of", "the", "bank", "a_b", "a", "b", "", "é", "日本"]
sentences_st = st.lists(st.lists(st.sampled_from(WORDS), max_size=12), max_size=40)


def reference_counts(sentences, connectors, delimiter, max_vocab_size):
    vocab: dict[str, int] = {}
    min_reduce, total = 1, 0
    for sentence in sentences:
        start, between = None, []
        for word in sentence:
            if word not in connectors:
                vocab[word] = vocab.get(word, 0) + 1
                if start is not None:
                    key = delimiter.join([start, *between, word])
                    vocab[key] = vocab.get(key, 0) + 1
                start, between = word, []
            elif start is not None:
                between.append(word)
            total += 1
        if len(vocab) > max_vocab_size:
            vocab = {w: c for w, c in vocab.items() if c >= min_reduce}
            min_reduce += 1
    return vocab, min_reduce, total


@settings(max_examples=150, deadline=None)
@given(sentences_st, st.booleans(), st.sampled_from(["_", "::"]),
       st.integers(min_value=1, max_value=30))
def test_counts_match_the_reference(sentences, with_connectors, delimiter, max_vocab_size):
    connectors = CONNECTORS if with_connectors else frozenset()
    z = Phrases(sentences, min_count=1, threshold=1e-9, delimiter=delimiter,
                max_vocab_size=max_vocab_size, connector_words=connectors)
    vocab, _, total = reference_counts(sentences, connectors, delimiter, max_vocab_size)
    assert list(z.vocab.items()) == list(vocab.items())
    # (gensim keeps min_reduce at 1 after the first add_vocab: the pass's own is dropped)
    assert (z.min_reduce, z.corpus_word_count) == (1, total)


@settings(max_examples=150, deadline=None)
@given(sentences_st, st.booleans(), st.floats(min_value=1e-6, max_value=5.0))
def test_compiled_apply_matches_analyze_sentence(sentences, with_connectors, threshold):
    connectors = CONNECTORS if with_connectors else frozenset()
    z = Phrases(sentences, min_count=1, threshold=threshold, connector_words=connectors)
    for model in (z, z.freeze()):
        expected = [[t for t, _ in model.analyze_sentence(s)] for s in sentences]
        assert list(model[sentences]) == expected
        found = {p: v for s in sentences for p, v in model.analyze_sentence(s) if v is not None}
        assert model.find_phrases(sentences) == found


@settings(max_examples=80, deadline=None)
@given(sentences_st, st.integers(min_value=1, max_value=60))
def test_counting_in_halves_on_two_cores_changes_nothing(sentences, max_vocab_size):
    """Small batches and segments: many halves counted at once and merged (or, when the
    keys could pass max_vocab_size, counted again one sentence after another)."""
    from zero2vec.phrases import counting

    saved = counting.BATCH_TOKENS, counting.SEGMENT_TOKENS, counting._workers
    counting.BATCH_TOKENS, counting.SEGMENT_TOKENS, counting._workers = 5, 17, lambda: 2
    try:
        z = Phrases(sentences, min_count=1, threshold=1e-9, max_vocab_size=max_vocab_size,
                    connector_words=CONNECTORS)
    finally:
        counting.BATCH_TOKENS, counting.SEGMENT_TOKENS, counting._workers = saved
    vocab, _, total = reference_counts(sentences, CONNECTORS, "_", max_vocab_size)
    assert list(z.vocab.items()) == list(vocab.items()) and z.corpus_word_count == total
