"""The vocabulary pass and the encoded corpus."""
from __future__ import annotations

import gzip

import numpy as np
import pytest

from zero2vec.corpus.scan import encode
from zero2vec.corpus.vocab import Vocabulary, scan_and_encode
from zero2vec import Word2Vec
from zero2vec.errors import CorpusError, VocabularyError


def _decode(vocab, corpus):
    return [[vocab.index_to_key[i] for i in corpus.tokens[a:b]]
            for a, b in zip(corpus.starts[:-1], corpus.starts[1:])]


def test_vocabulary_matches_the_reference_vocabulary(brown_lines):
    vocab, corpus = scan_and_encode(brown_lines, min_count=3)
    ref = Vocabulary.build(brown_lines, min_count=3)
    assert vocab.index_to_key == ref.index_to_key
    assert np.array_equal(vocab.counts, ref.counts)
    # the encoding is the corpus minus out-of-vocabulary words, sentence by sentence
    expected = [[w for w in s if w in ref] for s in brown_lines]
    assert _decode(vocab, corpus) == [s for s in expected if s]
    assert corpus.tokens.dtype == np.int32 and corpus.raw_words == sum(map(len, brown_lines))


def test_one_shot_generator_is_enough(brown_lines):
    v1, c1 = scan_and_encode(brown_lines, min_count=2)
    v2, c2 = scan_and_encode((s for s in brown_lines), min_count=2)
    assert v1.index_to_key == v2.index_to_key and np.array_equal(c1.tokens, c2.tokens)


def test_long_sentences_are_chunked_not_truncated():
    long = [f"w{i % 7}" for i in range(25_000)]
    vocab, corpus = scan_and_encode([long, ["w1", "w2"]], min_count=1, max_sentence_length=10_000)
    assert list(np.diff(corpus.starts)) == [10_000, 10_000, 5_000, 2]
    assert corpus.n_words == 25_002


def test_memory_mapped_corpus_equals_in_ram(brown_lines, tmp_path):
    v1, c1 = scan_and_encode(brown_lines, min_count=2)
    v2, c2 = scan_and_encode(brown_lines, min_count=2, max_ram_tokens=5_000)
    assert isinstance(c2.tokens, np.memmap)
    assert np.array_equal(c1.tokens, c2.tokens) and np.array_equal(c1.starts, c2.starts)
    c3 = encode(brown_lines, v1, max_ram_tokens=5_000)
    assert np.array_equal(c1.tokens, c3.tokens)


def test_max_vocab_size_prunes_while_counting(brown_lines):
    vocab, corpus = scan_and_encode(brown_lines, min_count=1, max_vocab_size=2_000)
    full, _ = scan_and_encode(brown_lines, min_count=1)
    assert len(vocab) <= 2_000 + 60_000 and len(vocab) < len(full)
    assert vocab.index_to_key[:20] == full.index_to_key[:20]
    assert set(np.unique(corpus.tokens)) <= set(range(len(vocab)))
    with pytest.raises(CorpusError, match="one-shot"):
        scan_and_encode((s for s in brown_lines * 20), min_count=1, max_vocab_size=100)


def test_max_final_vocab(brown_lines):
    vocab, _ = scan_and_encode(brown_lines, min_count=1, max_final_vocab=500)
    assert 0 < len(vocab) <= 500
    assert vocab.counts.min() > scan_and_encode(brown_lines, min_count=1)[0].counts[500]


def test_min_count_removing_everything_is_a_vocabulary_error():
    with pytest.raises(VocabularyError, match="min_count"):
        scan_and_encode([["a", "b"], ["c"]], min_count=5)


def test_empty_corpus_is_a_corpus_error():
    with pytest.raises(CorpusError):
        scan_and_encode([[], []], min_count=1)
    with pytest.raises(CorpusError, match="list of tokens"):
        scan_and_encode(["a sentence as a string"], min_count=1)


def test_corpus_file_reading_and_encoding_policy(tmp_path):
    p = tmp_path / "c.txt.gz"
    text = "héllo wörld héllo\n\n  a  b\tc \nlast line without newline a"
    with gzip.open(p, "wt", encoding="utf-8") as f:
        f.write(text)
    m = Word2Vec(corpus_file=p, min_count=1, vector_size=4, epochs=1, workers=1)
    assert m.corpus_total_words == len(text.split()) and "héllo" in m.wv
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok line\nbad \xff byte\n")
    with pytest.raises(CorpusError, match="byte offset 12"):
        Word2Vec(corpus_file=bad, min_count=1, vector_size=4, epochs=1)
    m = Word2Vec(corpus_file=bad, min_count=1, vector_size=4, epochs=1, errors="ignore")
    assert "byte" in m.wv
    with pytest.raises(CorpusError, match="no such file"):
        Word2Vec(corpus_file=tmp_path / "missing.txt")


def _no_t(word, count, min_count):  # a trim_rule: drops the words that start with "t"
    return 1 if word.startswith("t") else 0


@pytest.mark.parametrize("kw", [{}, {"max_vocab_size": 500}, {"max_final_vocab": 300},
                                {"max_sentence_length": 7}, {"max_vocab_size": 50},
                                {"max_vocab_size": 500, "trim_rule": _no_t}])
def test_an_encoded_corpus_is_scanned_as_its_token_lists(brown_lines, kw):
    """(Its words are in vocabulary order, not the order gensim's pass counts them in.)"""
    _, corpus = scan_and_encode(brown_lines[:1500], min_count=1, max_sentence_length=9)
    corpus.max_sentence_length = 9  # (it iterates in chunks of 9, as it was cut)
    ours, lists = scan_and_encode(corpus, min_count=2, **kw), scan_and_encode(list(corpus),
                                                                          min_count=2, **kw)
    # the same words, counts and order: gensim's raw vocabulary of the token lists (first
    # counted first; with max_vocab_size, pruned sentence by sentence, a word pruned and
    # seen again counting as new)
    assert_same(ours, lists)


def assert_same(a, b) -> None:
    (va, ca), (vb, cb) = a, b
    assert va.index_to_key == vb.index_to_key and np.array_equal(va.counts, vb.counts)
    assert np.array_equal(ca.tokens, cb.tokens) and np.array_equal(ca.starts, cb.starts)
    assert ca.raw_words == cb.raw_words and ca.longest == cb.longest
    assert ca.corpus_count == cb.corpus_count


# -- hostile corpora: tokens that are not str, vocabularies that do not fit ---------------------
NOT_TOKENS = {
    "int tokens": ([[1, 2, 3]] * 10, "tokens must be str, got int 1"),
    "bytes tokens": ([[b"a", b"b"]] * 10, "tokens must be str, got bytes b'a'"),
    "unhashable tokens": ([[["a"], ["b"]]] * 10, "tokens must be str, got list"),
    "a float among str": ([["a", "b"]] * 10 + [["a", 1.5]], "tokens must be str, got float"),
    "int sentences": ([1, 2, 3], "each sentence must be a list of tokens \\(str\\), got int"),
    "not iterable": (5, "sentences must be an iterable of token lists, got int"),
}


@pytest.mark.parametrize("trainer", ["native", "layers", "ppmi-svd", "pruning"])
@pytest.mark.parametrize("case", NOT_TOKENS)
def test_tokens_that_are_not_str_are_a_corpus_error(trainer, case):
    """(Int tokens used to train a vocabulary of ints; int sentences ended in a TypeError.)"""
    from zero2vec.count import train_ppmi_svd
    from zero2vec.trainer import train_layers

    sentences, message = NOT_TOKENS[case]
    run = {"native": lambda: Word2Vec(sentences=sentences, min_count=1, vector_size=4, epochs=1),
           "layers": lambda: train_layers(sentences=sentences, min_count=1, vector_size=4,
                                          window=1, epochs=1, batch_size=2, progress=False),
           "ppmi-svd": lambda: train_ppmi_svd(sentences, min_count=1, vector_size=2, window=1,
                                              progress=False),
           "pruning": lambda: scan_and_encode(sentences, min_count=1, max_vocab_size=1)}[trainer]
    with pytest.raises(CorpusError, match=message):
        run()


def _random_tokens(path, n_tokens: int, seed: int = 0) -> None:
    """A file of random printable tokens: nearly every one a new word (like random bytes)."""
    rng = np.random.default_rng(seed)
    chars = rng.integers(33, 127, size=(n_tokens, 8), dtype=np.uint8)
    chars[:, 7] = np.where(rng.random(n_tokens) < 0.01, 10, 32)
    chars.tofile(path)


@pytest.mark.parametrize("compiled", [True, False])
def test_vocabulary_growth_is_bounded_by_the_memory_guard(tmp_path, monkeypatch, compiled):
    """A corpus of 200k distinct words, 8 MB of memory: a MemoryLimitError while counting
    (it used to count on until the OS killed the process: 1.8 GB for 200 MB of random
    tokens, the Python pass 2.3 GB); pruning with max_vocab_size keeps it in bounds."""
    import zero2vec._memory as memory
    from zero2vec.corpus import LineSentence
    from zero2vec.errors import MemoryLimitError

    p = tmp_path / "random.txt"
    _random_tokens(p, 200_000)
    monkeypatch.setattr(memory, "available_memory", lambda: 8 << 20)
    corpus = (lambda: LineSentence(p)) if compiled else \
        (lambda: (line.split() for line in open(p, encoding="ascii")))
    what = "the word table" if compiled else "counting words"
    with pytest.raises(MemoryLimitError, match=f"{what} \\(.* distinct .*max_vocab_size="):
        scan_and_encode(corpus(), min_count=1)
    if compiled:  # (the Python pass's second pass needs a corpus it can read again)
        vocab, _ = scan_and_encode(corpus(), min_count=1, max_vocab_size=1000)
        assert len(vocab) <= 1000


def test_pruning_is_gensims_rule():
    """gensim's prune_vocab drops the words seen fewer than min_reduce times, min_reduce
    = 1, 2, ... (the first pruning drops nothing); prune_counts repeats it until the bound
    holds and says where the next pruning starts."""
    from gensim.utils import prune_vocab

    from zero2vec.corpus.scan import prune_counts

    counts = np.array([5, 1, 2, 3, 1, 2, 7, 4, 1], dtype=np.int64)
    for bound in range(1, 9):
        vocab, min_reduce = {i: int(c) for i, c in enumerate(counts)}, 1
        while len(vocab) > bound:
            prune_vocab(vocab, min_reduce)
            min_reduce += 1
        ours, next_reduce = prune_counts(counts, bound)
        assert {i: int(c) for i, c in enumerate(ours) if c} == vocab and next_reduce == min_reduce


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("bound", [2, 50, 400])
def test_max_vocab_size_keeps_gensims_words(brown_lines, bound):
    """Token lists are pruned as gensim prunes them: once after each sentence that leaves
    more than ``max_vocab_size`` words (gensim's test_prune_vocab has the small case)."""
    from gensim.models.word2vec import Word2Vec as GensimWord2Vec

    corpus = brown_lines[:300]
    vocab, _ = scan_and_encode(corpus, min_count=1, max_vocab_size=bound)
    theirs = GensimWord2Vec(min_count=1, max_vocab_size=bound, vector_size=2)
    theirs.build_vocab(corpus)
    expected = {w: theirs.wv.get_vecattr(w, "count") for w in theirs.wv.index_to_key}
    assert dict(zip(vocab.index_to_key, vocab.counts.tolist())) == expected
