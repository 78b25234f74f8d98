"""The compiled file pass reads a file exactly as LineSentence + the Python pass do."""
from __future__ import annotations

import gzip
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from zero2vec.corpus import LineSentence
from zero2vec.corpus.filescan import utf8_error
from zero2vec.corpus.scan import encode, is_plain_file
from zero2vec.corpus.vocab import Vocabulary, scan_and_encode
from zero2vec.corpus.wordhash import WordTable
from zero2vec.errors import CorpusError

SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


class AsLists:
    """The same file as plain token lists: forces the Python pass."""

    def __init__(self, lines: LineSentence) -> None:
        self.lines = lines

    def __iter__(self):
        return iter(self.lines)


def both(lines: LineSentence, **kw):
    assert is_plain_file(lines) and not is_plain_file(AsLists(lines))
    return scan_and_encode(lines, **kw), scan_and_encode(AsLists(lines), **kw)


def assert_same(a, b) -> None:
    (va, ca), (vb, cb) = a, b
    assert va.index_to_key == vb.index_to_key
    assert np.array_equal(va.counts, vb.counts)
    assert np.array_equal(ca.tokens, cb.tokens) and np.array_equal(ca.starts, cb.starts)
    assert ca.raw_words == cb.raw_words


def write(tmp_path, data: bytes, name: str = "c.txt"):
    p = tmp_path / name
    p.write_bytes(data)
    return p


words = st.sampled_from(["a", "b", "ab", "é", "日本", "語", "\ufffd", "a\u0301", "x" * 40])
text_piece = st.one_of(
    words, words,  # (twice as likely as the rest)
    st.sampled_from(SPACES),  # every character str.split() splits at, newline included
    st.sampled_from(["\u200b", "\u180e", "\u00ad", "\x00", "\x7f"]),  # look like spaces, are not
)


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(text_piece, max_size=80), max_len=st.integers(1, 6),
       line_len=st.one_of(st.none(), st.integers(1, 7)),
       limit=st.one_of(st.none(), st.integers(1, 5)), min_count=st.integers(1, 2))
def test_equals_the_python_pass_on_any_text(tmp_path_factory, pieces, max_len, line_len, limit,
                                            min_count):
    # LineSentence's own chunk length (line_len) and the pass's (max_len) differ: a long
    # line is cut into line_len chunks, each cut again at max_len
    p = write(tmp_path_factory.mktemp("f"), "".join(pieces).encode("utf-8"))
    lines = LineSentence(p, max_sentence_length=line_len or max_len, limit=limit)
    try:
        expected = scan_and_encode(AsLists(lines), min_count=min_count, max_sentence_length=max_len)
    except CorpusError:
        with pytest.raises(CorpusError):
            scan_and_encode(lines, min_count=min_count, max_sentence_length=max_len)
        return
    except Exception as e:  # e.g. min_count removed every word: the same error
        with pytest.raises(type(e)):
            scan_and_encode(lines, min_count=min_count, max_sentence_length=max_len)
        return
    assert_same(scan_and_encode(lines, min_count=min_count, max_sentence_length=max_len), expected)


@pytest.mark.parametrize("space", SPACES)
def test_splits_at_every_unicode_space(tmp_path, space):
    text = f"a{space}b{space}{space}a\n"
    vocab, corpus = scan_and_encode(LineSentence(write(tmp_path, text.encode())), min_count=1)
    assert [vocab.index_to_key[i] for i in corpus.tokens] == text.split()


def test_brown_file_equals_python_pass(brown_file):
    assert_same(*both(LineSentence(brown_file), min_count=2))
    assert_same(*both(LineSentence(brown_file, limit=500), min_count=1, max_final_vocab=300))


def test_gzip_and_other_encodings(tmp_path):
    text = "héllo wörld\u3000日本 語\n\n  a  b\tc \nlast"
    g = tmp_path / "c.txt.gz"
    g.write_bytes(gzip.compress(text.encode("utf-8")))
    assert_same(*both(LineSentence(g), min_count=1))
    for enc in ("latin-1", "shift_jis", "euc_jp"):
        data = text.encode(enc, errors="ignore")
        assert_same(*both(LineSentence(write(tmp_path, data, enc), encoding=enc), min_count=1))


def test_decoding_policy(tmp_path):
    p = write(tmp_path, b"ok line\nbad \xff byte \xed\xa0\x80 here\n")
    with pytest.raises(CorpusError, match="byte offset 12"):
        scan_and_encode(LineSentence(p), min_count=1)
    for errors in ("replace", "ignore"):
        assert_same(*both(LineSentence(p, errors=errors), min_count=1))


def test_empty_file_names_the_file(tmp_path):
    p = write(tmp_path, "\n \t\n\u3000\n".encode())
    with pytest.raises(CorpusError, match="holds no tokens"):
        scan_and_encode(LineSentence(p), min_count=1)


@pytest.mark.parametrize("sep", [" ", "\u3000", "\x0b", "\u2029"])
def test_overlong_lines_in_pieces(tmp_path, monkeypatch, sep):
    import zero2vec.corpus.reader as reader

    monkeypatch.setattr(reader, "_BLOCK", 64)
    monkeypatch.setattr(reader, "_MAX_LINE", 256)  # as if the line were over 16 MB
    words = sep.join(f"語{i % 37}" for i in range(500))
    p = write(tmp_path, (words + "\nnext line\n" + words).encode())
    (vocab, corpus), ref = both(LineSentence(p, max_sentence_length=100), min_count=1,
                                max_sentence_length=100)
    assert_same((vocab, corpus), ref)
    assert sorted(vocab.index_to_key) == sorted({f"語{i}" for i in range(37)} | {"next", "line"})


def test_table_grows_for_many_and_long_words(tmp_path):
    long_word = "x" * 600_000  # longer than the initial byte pool
    words = [f"w{i}" for i in range(40_000)]  # more than the initial capacity
    p = write(tmp_path, (" ".join(words) + f"\n{long_word} w1\n").encode())
    (v, c), ref = both(LineSentence(p), min_count=1)
    assert_same((v, c), ref)
    assert long_word in v and len(v) == 40_001


def test_pruning_keeps_frequent_words_and_encodes_with_them(brown_file):
    """(That the pruned vocabulary is gensim's: tests/corpus/test_vocab_gensim.py.)"""
    full, _ = scan_and_encode(LineSentence(brown_file), min_count=1)
    vocab, corpus = scan_and_encode(LineSentence(brown_file), min_count=1, max_vocab_size=2_000)
    assert len(vocab) <= 2_000
    assert vocab.index_to_key[:50] == full.index_to_key[:50]
    # the second pass encoded the corpus with the pruned vocabulary
    kept = set(vocab.index_to_key)
    expected = [[w for w in s if w in kept] for s in LineSentence(brown_file)]
    decoded = [[vocab.index_to_key[i] for i in corpus.tokens[a:b]]
               for a, b in zip(corpus.starts[:-1], corpus.starts[1:])]
    assert decoded == [s for s in expected if s]


def test_encoding_another_file_with_a_vocabulary(tmp_path, brown_file):
    vocab, _ = scan_and_encode(LineSentence(brown_file, limit=300), min_count=2)
    other = LineSentence(brown_file)
    a = encode(other, vocab)
    b = encode(AsLists(other), vocab)
    assert np.array_equal(a.tokens, b.tokens) and np.array_equal(a.starts, b.starts)
    assert a.raw_words == b.raw_words
    odd = Vocabulary(["two words", "", "the"], [3, 2, 1])  # keys no file token has
    c = encode(other, odd)
    assert set(np.unique(c.tokens)) == {2}


def test_corpus_beyond_max_ram_tokens_lives_in_a_file(brown_file):
    (v1, c1), (v2, c2) = both(LineSentence(brown_file), min_count=2, max_ram_tokens=10_000)
    assert not c1.ids.in_ram and not c2.ids.in_ram and not c1.ends.in_ram
    assert_same((v1, c1), (v2, c2))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=12))
def test_utf8_check_agrees_with_python(data):
    try:
        data.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert (utf8_error(np.frombuffer(data, dtype=np.uint8)) < 0) == valid


def test_utf8_check_on_boundaries():
    for good in ("\x7f", "\u0080", "\u07ff", "\u0800", "\ud7ff", "\ue000", "\uffff",
                 "\U00010000", "\U0010ffff"):
        assert utf8_error(np.frombuffer(good.encode(), dtype=np.uint8)) == -1
    for bad in (b"\xc0\x80", b"\xc1\xbf", b"\xe0\x9f\xbf", b"\xed\xa0\x80", b"\xf0\x8f\xbf\xbf",
                b"\xf4\x90\x80\x80", b"\xf5", b"\x80", b"ab\xe3\x81"):
        assert utf8_error(np.frombuffer(bad, dtype=np.uint8)) >= 0


def test_a_line_sentence_subclass_is_read_as_it_iterates(brown_file):
    class Upper(LineSentence):
        def __iter__(self):
            return ([w.upper() for w in s] for s in super().__iter__())

    vocab, _ = scan_and_encode(Upper(brown_file, limit=200), min_count=1)
    assert not is_plain_file(Upper(brown_file)) and "THE" in vocab and "the" not in vocab


def test_a_long_line_is_cut_twice_when_the_lengths_differ(tmp_path):
    p = write(tmp_path, b"a b c d e f g h i j\n")
    lines = LineSentence(p, max_sentence_length=7)
    for source in (lines, AsLists(lines)):
        _, corpus = scan_and_encode(source, min_count=1, max_sentence_length=5)
        assert list(np.diff(corpus.starts)) == [5, 2, 3]  # chunks of 7 + 3, then 5 + 2 + 3
