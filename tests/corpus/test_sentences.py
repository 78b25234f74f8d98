"""gensim's corpus readers (LineSentence, PathLineSentences, Text8Corpus, BrownCorpus):
the same sentences as gensim 4's on the same files."""
from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zero2vec.corpus import BrownCorpus, LineSentence, PathLineSentences, Text8Corpus
from zero2vec.errors import CorpusError

w2v = pytest.importorskip("gensim.models.word2vec", reason="gensim (test extra) is needed")
pytestmark = pytest.mark.usefixtures("quiet_gensim")

TEXT = "the quick brown fox\n\njumps over  the lazy dog\n日本 語 の 文\na b c d e f g h i j\n"


@pytest.fixture
def corpus_file(tmp_path):
    p = tmp_path / "c.txt"
    p.write_text(TEXT, encoding="utf8")
    return p


@pytest.mark.parametrize("args", [(), (3,), (3, 2), (10000, 1)])
def test_line_sentence_positional_arguments_are_gensims(corpus_file, args):
    """(source, max_sentence_length, limit): a third positional was taken for encoding."""
    assert list(LineSentence(corpus_file, *args)) == list(w2v.LineSentence(str(corpus_file), *args))


@pytest.mark.parametrize("mode", ["r", "rb"])
def test_line_sentence_reads_an_open_file_from_its_start_each_pass(corpus_file, mode):
    with open(corpus_file, mode, **({"encoding": "utf8"} if mode == "r" else {})) as f:
        f.read(5)  # wherever it is, a pass starts at the beginning (gensim's seek(0))
        ours = LineSentence(f, 3)
        first, second = list(ours), list(ours)
        assert first == second == list(w2v.LineSentence(f, 3))


def test_line_sentence_of_a_stream_that_cannot_seek_is_read_once(corpus_file):
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._f = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, b):
            return self._f.readinto(b)

    stream = io.BufferedReader(Pipe(corpus_file.read_bytes()))
    ours = LineSentence(stream)
    assert list(ours) == list(LineSentence(corpus_file))
    with pytest.raises(CorpusError, match="read only once"):
        list(ours)


def test_line_sentence_bad_bytes_in_a_binary_file_object_name_the_offset(tmp_path):
    f = io.BytesIO(b"ok line\nbad \xff byte\n")
    with pytest.raises(CorpusError, match="byte offset 12"):
        list(LineSentence(f))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.lists(st.sampled_from(["a", "bb", "日本", "x\u3000y", ""]), max_size=7),
                      max_size=8),
       n=st.integers(1, 4), limit=st.one_of(st.none(), st.integers(1, 5)))
def test_line_sentence_matches_gensim_on_any_text(tmp_path, lines, n, limit):
    p = tmp_path / "h.txt"
    p.write_text("\n".join(" ".join(t) for t in lines) + "\n", encoding="utf8")
    theirs = list(w2v.LineSentence(str(p), n, limit))
    if not theirs:
        with pytest.raises(CorpusError, match="holds no tokens"):
            list(LineSentence(p, n, limit))
    else:
        assert list(LineSentence(p, n, limit)) == theirs


def test_path_line_sentences_folder_and_file(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "b.txt").write_text("one two three\nfour\n", encoding="utf8")
    (d / "a.txt").write_text("alpha beta\n\ngamma delta epsilon zeta\n", encoding="utf8")
    (d / "c.txt").write_text("", encoding="utf8")
    for args in ((), (2,), (2, 1)):
        assert list(PathLineSentences(d, *args)) == list(w2v.PathLineSentences(str(d), *args))
        one = d / "a.txt"
        assert list(PathLineSentences(one, *args)) == list(w2v.PathLineSentences(str(one), *args))
    assert PathLineSentences(d).input_files == w2v.PathLineSentences(str(d)).input_files


def test_path_line_sentences_skips_folders_and_refuses_nothing(tmp_path):
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("x y\n", encoding="utf8")
    assert list(PathLineSentences(d)) == [["x", "y"]]
    with pytest.raises(CorpusError, match="neither a file nor a folder") as e:
        PathLineSentences(tmp_path / "missing")
    assert isinstance(e.value, ValueError)  # gensim's type
    with pytest.raises(CorpusError, match="no files"):
        PathLineSentences(d / "sub")


@pytest.mark.parametrize("n", [1, 7, 10000])
def test_text8_corpus_matches_gensim(tmp_path, n):
    words = [f"w{i % 97}" for i in range(5000)]  # ~25 KB on one line: several of gensim's blocks
    p = tmp_path / "text8"
    p.write_text(" " + " ".join(words), encoding="utf8")
    assert list(Text8Corpus(p, n)) == list(w2v.Text8Corpus(str(p), n))


def test_text8_corpus_line_ends_separate_words(tmp_path):
    p = tmp_path / "small.txt"
    p.write_text("a b\nc d\ne f g\n", encoding="utf8")
    assert list(Text8Corpus(p, 3)) == list(w2v.Text8Corpus(str(p), 3)) == [
        ["a", "b", "c"], ["d", "e", "f"], ["g"]]


BROWN = ("The/at Fulton/np-tl County/nn-tl Grand/jj-tl Jury/nn-tl said/vbd ,/, ''/'' "
         "an/at investigation/nn of/in Atlanta's/np$ recent/jj election/nn ./.\n"
         "\n\t,/, ./.\n"
         "It/pps urged/vbd that/cs the/at city/nn a/b/c ``/`` take/vb steps/nns\n")


def test_brown_corpus_matches_gensim(tmp_path):
    d = tmp_path / "brown"
    d.mkdir()
    (d / "ca01").write_text(BROWN, encoding="utf8")
    assert list(BrownCorpus(d)) == list(w2v.BrownCorpus(str(d)))
    assert list(BrownCorpus(d))[0][:2] == ["the/at", "fulton/np"]
    (d / "ca02").write_text(BROWN.upper(), encoding="utf8")
    assert sorted(BrownCorpus(d)) == sorted(w2v.BrownCorpus(str(d)))  # gensim: listdir's order
