import bz2
import gzip
import sys

import pytest
from hypothesis import given, settings, strategies as st

from zero2vec.corpus import LineSentence
from zero2vec.corpus.reader import WHITESPACE
from zero2vec.errors import ConfigError, CorpusError, Zero2VecError


def write(tmp_path, data: bytes, name="c.txt"):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_reads_lines_and_gz(tmp_path):
    p = write(tmp_path, "a b c\n\nd  e\n日本 語\n".encode())
    assert list(LineSentence(p)) == [["a", "b", "c"], ["d", "e"], ["日本", "語"]]
    g = tmp_path / "c.txt.gz"
    g.write_bytes(gzip.compress(p.read_bytes()))
    assert list(LineSentence(g)) == list(LineSentence(p))


def test_long_lines_are_chunked_not_truncated(tmp_path):
    p = write(tmp_path, (" ".join(str(i) for i in range(25)) + "\n").encode())
    chunks = list(LineSentence(p, max_sentence_length=10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert sum(chunks, []) == [str(i) for i in range(25)]


def test_huge_line_without_newline_is_streamed(tmp_path):
    words = [f"w{i}" for i in range(400_000)]  # ~2.7 MB: several read pieces
    p = write(tmp_path, " ".join(words).encode())
    out = [w for chunk in LineSentence(p, max_sentence_length=10_000) for w in chunk]
    assert out == words


@pytest.mark.parametrize("data,msg", [
    (b"", "holds no tokens"), (b"  \n\t\n", "holds no tokens"),
])
def test_empty_files(tmp_path, data, msg):
    with pytest.raises(CorpusError, match=msg):
        list(LineSentence(write(tmp_path, data)))


def test_missing_and_directory(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        LineSentence(tmp_path / "nope.txt")
    with pytest.raises(CorpusError, match="is a directory"):
        LineSentence(tmp_path)


def test_bad_utf8_names_the_byte_offset(tmp_path):
    p = write(tmp_path, b"ok line\nbad \xff here\n")
    with pytest.raises(CorpusError, match=r"byte offset 12"):
        list(LineSentence(p))
    assert list(LineSentence(p, errors="replace"))[1] == ["bad", "\ufffd", "here"]
    assert list(LineSentence(p, errors="ignore"))[1] == ["bad", "here"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_sentences_or_a_zero2vec_error(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("h") / "f.txt"
    p.write_bytes(data)
    try:
        out = list(LineSentence(p, max_sentence_length=7))
    except Zero2VecError:
        return
    assert all(0 < len(s) <= 7 for s in out)


@pytest.mark.parametrize("sep", [" ", ""])
def test_overlong_line_comes_in_bounded_pieces(tmp_path, monkeypatch, sep):
    import zero2vec.corpus.reader as reader

    monkeypatch.setattr(reader, "_BLOCK", 64)
    monkeypatch.setattr(reader, "_MAX_LINE", 256)  # as if the line were over 16 MB
    words = [f"語{i}" for i in range(500)]
    p = write(tmp_path, (sep.join(words) + "\nnext line\n").encode())
    if sep:
        chunks = list(LineSentence(p, max_sentence_length=100))
        assert [w for c in chunks[:-1] for w in c] == words and chunks[-1] == ["next", "line"]
        assert all(len(c) <= 100 for c in chunks)
    else:  # no whitespace: cut between characters, never inside one
        chars = [ch for c in LineSentence(p, tokenizer=list) for ch in c]
        assert "".join(chars) == "".join(words) + "next line"  # every character intact


def test_iter_lines_keeps_line_ends(tmp_path):
    from zero2vec.corpus import iter_lines

    p = write(tmp_path, "a b\n\nc".encode())
    assert list(iter_lines(p)) == ["a b\n", "\n", "c"]


@pytest.mark.parametrize("limit", [0, -3, 2.5, True])
def test_a_limit_must_be_a_positive_number_of_lines(tmp_path, limit):
    with pytest.raises(ConfigError, match="limit must be"):
        LineSentence(write(tmp_path, b"a b\nc\n"), limit=limit)
    assert list(LineSentence(write(tmp_path, b"a b\nc\n"), limit=1)) == [["a", "b"]]


def test_bad_settings_are_config_errors(tmp_path):
    p = write(tmp_path, b"a b\n")
    for kw in ({"max_sentence_length": 0}, {"errors": "loose"}, {"encoding": "no-such-codec"}):
        with pytest.raises(ConfigError):
            LineSentence(p, **kw)


def test_whitespace_is_str_split_s():
    assert set(WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert len(WHITESPACE) == len(set(WHITESPACE))


def test_bz2_and_gz_read_alike(tmp_path):
    p = write(tmp_path, "a b\n日本 語\n".encode())
    (tmp_path / "c.txt.bz2").write_bytes(bz2.compress(p.read_bytes()))
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(p.read_bytes()))
    assert list(LineSentence(tmp_path / "c.txt.bz2")) == list(LineSentence(p)) \
        == list(LineSentence(tmp_path / "c.txt.gz"))
    (tmp_path / "bad.txt.bz2").write_bytes(bz2.compress(b"a b\n" * 1000)[:-20])
    with pytest.raises(CorpusError, match="corrupt or truncated"):
        list(LineSentence(tmp_path / "bad.txt.bz2"))


@pytest.mark.parametrize("sep", ["\u3000", "\x0b", "\u2003", "\x1c", "\xa0"])
def test_overlong_line_is_cut_at_any_whitespace(tmp_path, monkeypatch, sep):
    """A line cut into pieces keeps every word whole, whatever whitespace separates them
    (it used to be cut only at " ", "\\t" and "\\r": "語239" came back as "語", "239")."""
    import zero2vec.corpus.reader as reader

    monkeypatch.setattr(reader, "_BLOCK", 64)
    monkeypatch.setattr(reader, "_MAX_LINE", 256)  # as if the line were over 16 MB
    words = [f"語{i}" for i in range(500)]
    p = write(tmp_path, (sep.join(words) + "\nnext line\n").encode())
    assert [w for c in LineSentence(p) for w in c] == words + ["next", "line"]
