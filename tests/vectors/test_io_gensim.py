"""word2vec files with gensim's arguments, in gensim's order: fvocab, no_header, datatype,
write_header, prefix, append, total_vec, sort_attr; gensim's error types. Each case is
compared with what gensim 4 writes or reads on the same vectors."""
from __future__ import annotations

import gzip
import logging

import numpy as np
import pytest

from zero2vec.errors import ConfigError, VectorFileError
from zero2vec.vectors import WordVectors, load

gensim_models = pytest.importorskip("gensim.models", reason="gensim (test extra) is needed")
KeyedVectors = gensim_models.KeyedVectors

VECS = np.random.default_rng(5).standard_normal((6, 4)).astype(np.float32)
WORDS = ["king", "queen", "東京", "a", "b", "日本"]
COUNTS = [9, 7, 7, 3, 7, 1]  # ties: the written order is gensim's


@pytest.fixture(autouse=True)
def quiet_gensim():
    logging.disable(logging.WARNING)  # gensim logs what it writes
    yield
    logging.disable(logging.NOTSET)


@pytest.fixture
def pair(make_kv):
    return WordVectors(VECS.copy(), WORDS, counts=COUNTS), make_kv(VECS, WORDS, COUNTS)


def assert_loaded_same(ours: WordVectors, theirs) -> None:
    assert ours.index_to_key == list(theirs.index_to_key)
    np.testing.assert_array_equal(ours.vectors, theirs.vectors)
    assert ours.vectors.dtype == theirs.vectors.dtype
    np.testing.assert_array_equal(ours.counts, theirs.expandos["count"])


def test_load_with_gensims_positional_fvocab(pair, tmp_path):
    """``load_word2vec_format(fname, fvocab)``: fvocab was taken for ``binary`` and the
    file misread (or refused) with no word counts."""
    _, kv = pair
    p, vocab = tmp_path / "v.txt", tmp_path / "vocab.txt"
    kv.save_word2vec_format(str(p), str(vocab))
    ours = WordVectors.load_word2vec_format(str(p), str(vocab))
    assert_loaded_same(ours, KeyedVectors.load_word2vec_format(str(p), str(vocab)))
    assert ours.get_vecattr("東京", "count") == 7


def test_save_with_gensims_positional_fvocab(pair, tmp_path):
    """``save_word2vec_format(fname, fvocab)``: wrote binary (fvocab taken for ``binary``)
    and no vocabulary file."""
    wv, kv = pair
    wv.save_word2vec_format(tmp_path / "ours.txt", tmp_path / "ours.vocab")
    kv.save_word2vec_format(str(tmp_path / "theirs.txt"), str(tmp_path / "theirs.vocab"))
    assert (tmp_path / "ours.vocab").read_bytes() == (tmp_path / "theirs.vocab").read_bytes()
    assert (tmp_path / "ours.txt").read_bytes().split(b"\n")[1].startswith(b"king -")  # text
    for name in ("ours", "theirs"):  # both read back by gensim the same (counts included)
        assert_loaded_same(
            WordVectors.load_word2vec_format(tmp_path / f"{name}.txt", tmp_path / f"{name}.vocab"),
            KeyedVectors.load_word2vec_format(str(tmp_path / "theirs.txt"), str(tmp_path / "theirs.vocab")))


def test_a_path_where_binary_goes_is_refused(pair, tmp_path):
    wv, _ = pair
    with pytest.raises(ConfigError, match="gensim's order"):
        WordVectors.load_word2vec_format(tmp_path / "v.txt", None, "yes")
    with pytest.raises(ConfigError, match="gensim's order"):
        wv.save_word2vec_format(tmp_path / "v.txt", None, tmp_path / "x")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("kwargs", [
    dict(binary=True), dict(sort_attr="nope"), dict(prefix="en/"), dict(write_header=False),
    dict(binary=True, prefix="x_", sort_attr="count"),
])
def test_save_options_write_what_gensim_writes(pair, tmp_path, kwargs):
    wv, kv = pair
    wv.save_word2vec_format(tmp_path / "ours", fvocab=tmp_path / "ours.vocab"
                            if kwargs.get("sort_attr") != "nope" else None, **kwargs)
    kv.save_word2vec_format(str(tmp_path / "theirs"), fvocab=str(tmp_path / "theirs.vocab")
                            if kwargs.get("sort_attr") != "nope" else None, **kwargs)
    read = dict(binary=kwargs.get("binary", False), no_header=not kwargs.get("write_header", True))
    ours = KeyedVectors.load_word2vec_format(str(tmp_path / "ours"), **read)
    theirs = KeyedVectors.load_word2vec_format(str(tmp_path / "theirs"), **read)
    assert list(ours.index_to_key) == list(theirs.index_to_key)
    np.testing.assert_array_equal(ours.vectors, theirs.vectors)
    if (tmp_path / "theirs.vocab").exists():
        assert (tmp_path / "ours.vocab").read_bytes() == (tmp_path / "theirs.vocab").read_bytes()


def test_append_and_total_vec_as_gensim(pair, tmp_path):
    wv, kv = pair
    more = WordVectors(VECS[:2] * 2, ["x", "y"])
    for kvs, p in (((wv, more), tmp_path / "ours.txt"), ((kv, None), tmp_path / "theirs.txt")):
        kvs[0].save_word2vec_format(p, total_vec=8)
        if kvs[1] is not None:
            kvs[1].save_word2vec_format(p, write_header=False, append=True)
    extra = KeyedVectors(4)
    extra.add_vectors(["x", "y"], VECS[:2] * 2)
    extra.save_word2vec_format(str(tmp_path / "theirs.txt"), write_header=False, append=True)
    ours = WordVectors.load_word2vec_format(tmp_path / "ours.txt")
    assert_loaded_same(ours, KeyedVectors.load_word2vec_format(str(tmp_path / "theirs.txt")))
    assert len(ours) == 8


def test_no_header_reads_glove_as_gensim(pair, tmp_path):
    wv, _ = pair
    wv.save_word2vec_format(tmp_path / "g.txt", write_header=False)
    (tmp_path / "g.txt.gz").write_bytes(gzip.compress((tmp_path / "g.txt").read_bytes() + b"\n \n"))
    for limit in (None, 3):
        theirs = KeyedVectors.load_word2vec_format(str(tmp_path / "g.txt"), no_header=True, limit=limit)
        for name in ("g.txt", "g.txt.gz"):
            ours = WordVectors.load_word2vec_format(tmp_path / name, no_header=True, limit=limit)
            assert_loaded_same(ours, theirs)
    with pytest.raises(ConfigError, match="text files only"):
        WordVectors.load_word2vec_format(tmp_path / "g.txt", binary=True, no_header=True)
    with pytest.raises(VectorFileError, match="line 1"):
        WordVectors.load_word2vec_format(tmp_path / "g.txt.gz", no_header=False)  # its line 1 is a record


@pytest.mark.parametrize("datatype", [np.float16, np.float64])
@pytest.mark.parametrize("binary", [True, False])
def test_datatype_as_gensim(pair, tmp_path, datatype, binary):
    _, kv = pair
    kv.save_word2vec_format(str(tmp_path / "v"), binary=binary)
    kwargs = dict(binary=binary, datatype=datatype)
    assert_loaded_same(WordVectors.load_word2vec_format(tmp_path / "v", **kwargs),
                       KeyedVectors.load_word2vec_format(str(tmp_path / "v"), **kwargs))
    with pytest.raises(ConfigError, match="float type"):
        WordVectors.load_word2vec_format(tmp_path / "v", datatype=np.int32)


def test_float64_vectors_keep_their_digits_in_text(tmp_path):
    """Text was written at float32 precision whatever the vectors' dtype."""
    vecs = np.random.default_rng(1).standard_normal((3, 5))
    WordVectors(vecs, ["a", "b", "c"]).save_word2vec_format(tmp_path / "v.txt")
    np.testing.assert_array_equal(
        WordVectors.load_word2vec_format(tmp_path / "v.txt", datatype=np.float64).vectors, vecs)


def test_made_up_counts_are_gensims_and_plain_load_makes_none(pair, tmp_path):
    wv, _ = pair
    wv.save_word2vec_format(tmp_path / "v.bin", binary=True)
    ours = WordVectors.load_word2vec_format(tmp_path / "v.bin", limit=4)
    theirs = KeyedVectors.load_word2vec_format(str(tmp_path / "v.bin"), binary=True, limit=4)
    assert_loaded_same(ours, theirs)
    assert load(tmp_path / "v.bin").counts is None  # zero2vec's own loader: the file has none


def test_gensims_binary_words_with_leading_line_ends(tmp_path):
    """gensim strips the "\\n" a word may start with in its variant (no "\\n" after the
    vectors); a record starting with one after record 2 did not was refused as misaligned."""
    words = ["\nabc", "cdefdg", "\n\ndef", "x"]
    data = b"4 4\n" + b"".join(w.encode() + b" " + v.tobytes() for w, v in zip(words, VECS))
    (tmp_path / "v.bin").write_bytes(data)
    ours = WordVectors.load_word2vec_format(tmp_path / "v.bin", binary=True)
    assert_loaded_same(ours, KeyedVectors.load_word2vec_format(str(tmp_path / "v.bin"), binary=True))
    assert ours.index_to_key == ["abc", "cdefdg", "def", "x"]


@pytest.mark.parametrize("data", [b"3 2\na 1 2\nb 3 4\n", b"3 2\na 1 2\nb 3",
                                  b"2 2\na \x00\x00\x80?\x00\x00"])
def test_a_truncated_file_is_an_eof_error_as_in_gensim(tmp_path, data):
    p = tmp_path / "v.txt"
    p.write_bytes(data)
    with pytest.raises(EOFError):
        KeyedVectors.load_word2vec_format(str(p), binary=b"?" in data)
    with pytest.raises(EOFError, match="v.txt") as e:
        WordVectors.load_word2vec_format(p, binary=b"?" in data)
    assert isinstance(e.value, VectorFileError)
    (tmp_path / "v.txt.gz").write_bytes(gzip.compress(p.read_bytes())[:-6])
    with pytest.raises(EOFError, match="truncated"):
        WordVectors.load_word2vec_format(tmp_path / "v.txt.gz")


@pytest.mark.parametrize("binary", [True, False])
def test_strict_decoding_is_a_unicode_decode_error_as_in_gensim(tmp_path, binary):
    p = tmp_path / "v"
    vec = b" " + VECS[0, :2].tobytes() if binary else b" 1 2\n"
    p.write_bytes(b"1 2\n\xe3\x81" + vec)
    with pytest.raises(UnicodeDecodeError):
        KeyedVectors.load_word2vec_format(str(p), binary=binary)
    with pytest.raises(UnicodeDecodeError, match=r"v: .*not valid utf8") as e:
        WordVectors.load_word2vec_format(p, binary=binary)
    assert isinstance(e.value, VectorFileError) and e.value.reason
    replaced = WordVectors.load_word2vec_format(p, binary=binary, unicode_errors="replace")
    assert replaced.index_to_key == ["\ufffd"]


def test_vocabulary_file_errors(pair, tmp_path):
    wv, _ = pair
    wv.save_word2vec_format(tmp_path / "v.txt")
    vocab = tmp_path / "vocab.txt"
    for text, needle in [("king 9\nqueen 7\n", "no count for the word '東京'"),
                         ("king 9 9\n", "line 1: expected 'word count'"),
                         ("king -3\n", "line 1: expected"), ("king nine\n", "line 1")]:
        vocab.write_text(text, encoding="utf8")
        with pytest.raises(VectorFileError, match=needle):
            WordVectors.load_word2vec_format(tmp_path / "v.txt", vocab)
    vocab.write_bytes(b"king 9\n\xff 3\n")
    with pytest.raises(UnicodeDecodeError, match="vocab.txt: line 2"):
        WordVectors.load_word2vec_format(tmp_path / "v.txt", vocab)
    vocab.write_text("".join(f"{w} {c}\n" for w, c in zip(WORDS, COUNTS)) + "\nking 1\n", encoding="utf8")
    with pytest.warns(UserWarning, match="1 words listed twice"):
        got = WordVectors.load_word2vec_format(tmp_path / "v.txt", vocab)
    assert got.get_vecattr("king", "count") == 1  # the last, as gensim
    with pytest.raises(ValueError, match="no 'count' attribute"):
        WordVectors(VECS, WORDS).save_word2vec_format(tmp_path / "x.txt", tmp_path / "x.vocab")


@pytest.mark.parametrize("binary", [True, False])
def test_duplicate_words_keep_their_first_vector_as_gensim(tmp_path, binary):
    """Was a bare numpy ValueError (a block of kept rows broadcast into a longer slice)
    whenever a duplicate left two or more words."""
    words = ["a", "b", "a", "c", "b", "d"]
    records = [w.encode() + b" " + (v.tobytes() if binary else " ".join(map(repr, v.tolist())).encode()
                                    + b"\n") for w, v in zip(words, VECS)]
    (tmp_path / "v").write_bytes(b"6 4\n" + b"".join(records))
    with pytest.warns(UserWarning, match="2 duplicate words"):
        ours = WordVectors.load_word2vec_format(tmp_path / "v", binary=binary)
    theirs = KeyedVectors.load_word2vec_format(str(tmp_path / "v"), binary=binary)
    assert ours.index_to_key == list(theirs.key_to_index) == ["a", "b", "c", "d"]  # gensim's
    # index_to_key and vectors keep two empty slots (None, zeros) after these: its own bug
    np.testing.assert_array_equal(ours.vectors, theirs[ours.index_to_key])
