"""The vocabulary is gensim 4's on the same corpus, word for word and in the same order.

Small corpora over a few words, so that counts tie often and ``max_vocab_size``
prunes often: ``index_to_key`` and the counts must equal those of gensim's own
``Word2Vec.build_vocab`` for token lists (the Python pass, empty sentences included)
and for a file (the compiled pass, against gensim reading the file with its
``LineSentence``), with ``min_count``, ``max_vocab_size``, ``trim_rule``,
``max_final_vocab``, ``sorted_vocab`` and ``null_word``; and so must ``raw_vocab``
(``keep_raw_vocab=True``, in its order), ``corpus_count`` (sentences read, empty ones
too) and ``corpus_total_words``.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from zero2vec import Word2Vec
from zero2vec.corpus import LineSentence
from zero2vec.corpus.vocab import RULE_DEFAULT, RULE_DISCARD, RULE_KEEP
from zero2vec.errors import VocabularyError

gensim_w2v = pytest.importorskip("gensim.models.word2vec")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

WORDS = [f"w{i}" for i in range(12)]


def trim_rule(word: str, count: int, min_count: int) -> int:
    """Drops every word ending in 3, keeps those ending in 7 (asked at every pruning too)."""
    return RULE_DISCARD if word.endswith("3") else RULE_KEEP if word.endswith("7") else RULE_DEFAULT


def gensim_vocab(corpus, rule, **kw) -> tuple:
    """gensim's ``index_to_key``, counts, ``raw_vocab`` (``keep_raw_vocab=True``),
    ``corpus_count`` and ``corpus_total_words``."""
    m = gensim_w2v.Word2Vec(vector_size=2, **kw)
    m.build_vocab(corpus, trim_rule=rule, keep_raw_vocab=True)
    return (list(m.wv.index_to_key), [int(m.wv.get_vecattr(w, "count")) for w in m.wv.index_to_key],
            list(m.raw_vocab.items()), m.corpus_count, m.corpus_total_words)


def our_vocab(corpus, rule, **kw) -> tuple | None:
    m = Word2Vec(vector_size=2, workers=1, **kw)
    try:
        m.build_vocab(corpus, trim_rule=rule, keep_raw_vocab=True)
    except VocabularyError:  # where gensim builds an empty vocabulary (and fails in train)
        return None
    return (list(m.wv.index_to_key), m.vocab.counts.tolist(), list(m.raw_vocab.items()),
            m.corpus_count, m.corpus_total_words)


def assert_same(ours, theirs) -> None:
    if ours is None:  # no word kept: an error here (gensim's holds at most its null word)
        assert [w for w in theirs[0] if w != "\0"] == []
    else:
        assert ours == theirs


settings_ = st.fixed_dictionaries({
    "min_count": st.integers(0, 3),
    "max_vocab_size": st.one_of(st.none(), st.integers(1, 8)),
    "max_final_vocab": st.one_of(st.none(), st.integers(1, 6)),
    "sorted_vocab": st.sampled_from([1, 0]),
    "null_word": st.sampled_from([0, 1]),
})
sentences_ = st.lists(st.lists(st.sampled_from(WORDS), max_size=9), min_size=1,
                      max_size=25).filter(any)  # (a corpus without tokens is an error)


@settings(max_examples=150, deadline=None)
@given(sentences_, settings_, st.booleans())
def test_token_lists_give_gensims_vocabulary(sentences, kw, with_rule):
    rule = trim_rule if with_rule else None
    assert_same(our_vocab(sentences, rule, **kw), gensim_vocab(sentences, rule, **kw))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences_, settings_, st.booleans(), st.booleans())
def test_a_file_gives_gensims_vocabulary(sentences, kw, with_rule, last_newline):
    rule = trim_rule if with_rule else None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.txt"
        path.write_text("\n".join(" ".join(s) for s in sentences) + "\n" * last_newline,
                        encoding="utf-8")
        assert_same(our_vocab(LineSentence(path), rule, **kw),
                    gensim_vocab(gensim_w2v.LineSentence(str(path)), rule, **kw))


def test_equal_counts_come_later_counted_first():
    """gensim 4.4 sorts with ``lexsort((-index, -count))``: of the words seen twice, the
    one counted last comes first (it is not first-seen order)."""
    corpus = [["b", "a", "c", "a"], ["c", "d", "a", "e"]]
    assert our_vocab(corpus, None, min_count=1)[0] == ["a", "c", "e", "d", "b"] \
        == gensim_vocab(corpus, None, min_count=1)[0]


@pytest.mark.parametrize("bound", [300, 2_000, 20_000])
def test_max_vocab_size_on_a_large_file_is_gensims(brown_file, bound):
    """The compiled pass over the Brown file (1.2M tokens, 57k lines) prunes where and as
    gensim does, and so does the Python pass over the same lines: the same words, order
    and counts; the second pass encodes the corpus with that vocabulary."""
    lines = list(LineSentence(brown_file))
    theirs = gensim_vocab(lines, None, min_count=1, max_vocab_size=bound)
    m = Word2Vec(vector_size=2, workers=1, min_count=1, max_vocab_size=bound)
    m.build_vocab(LineSentence(brown_file), keep_raw_vocab=True)
    assert (list(m.wv.index_to_key), m.vocab.counts.tolist(), list(m.raw_vocab.items()),
            m.corpus_count, m.corpus_total_words) == theirs
    assert our_vocab(lines, None, min_count=1, max_vocab_size=bound) == theirs
    kept = set(theirs[0])
    assert m._corpus.n_words == sum(w in kept for s in lines for w in s)
