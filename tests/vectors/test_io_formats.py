"""Other tools' vector files (issue 13 item 14): GloVe's headerless text detected,
fastText's ``.vec`` read and its ``.bin`` named, gensim's ``.kv``/``.model`` detected,
``.bz2`` input; each checked against what gensim reads from the same file."""
from __future__ import annotations

import bz2
import gzip
import inspect
from pathlib import Path

import numpy as np
import pytest

from zero2vec.errors import ConfigError, VectorFileError
from zero2vec.vectors import WordVectors, load, save
from zero2vec.vectors.io import FORMATS, READ_FORMATS, detect_format

gensim_models = pytest.importorskip("gensim.models", reason="gensim (test extra) is needed")
pytestmark = pytest.mark.usefixtures("quiet_gensim")
KeyedVectors = gensim_models.KeyedVectors
DATA = Path(gensim_models.__file__).parents[1] / "test" / "test_data"

VECS = np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32)
WORDS = ["the", "1", "日本", "b", "c"]


@pytest.fixture
def glove(tmp_path):
    """A GloVe file (no header), as gensim writes one with write_header=False."""
    kv = KeyedVectors(3)
    kv.add_vectors(WORDS, VECS)
    p = tmp_path / "glove.6B.3d.txt"
    kv.save_word2vec_format(str(p), write_header=False)
    return p


def same(ours: WordVectors, theirs) -> None:
    assert ours.index_to_key == list(theirs.index_to_key)
    np.testing.assert_array_equal(ours.vectors, theirs.vectors)


def test_glove_text_is_detected_and_read_as_gensim_reads_it(glove):
    assert detect_format(glove) == "glove"
    same(load(glove), KeyedVectors.load_word2vec_format(str(glove), no_header=True))


def test_glove_without_no_header_says_what_to_pass(glove):
    with pytest.raises(VectorFileError, match="a GloVe file\\? pass no_header=True") as e:
        WordVectors.load_word2vec_format(glove)
    assert "\n" not in str(e.value)
    same(WordVectors.load_word2vec_format(glove, no_header=True),
         KeyedVectors.load_word2vec_format(str(glove), no_header=True))


def test_gensims_own_glove_fixture(tmp_path):
    src = DATA / "test_glove.txt"
    assert detect_format(src) == "glove"
    same(load(src), KeyedVectors.load_word2vec_format(str(src), no_header=True))
    same(load(src, limit=3), KeyedVectors.load_word2vec_format(str(src), no_header=True, limit=3))


def test_a_word2vec_header_is_never_taken_for_a_glove_record(tmp_path):
    """'2 1' is word2vec's header (2 words of 1 dim), not the word '2' with one number."""
    p = tmp_path / "v.txt"
    p.write_text("2 1\na 0.5\nb 1.5\n", encoding="utf8")
    assert detect_format(p) == "word2vec-text"
    assert load(p).index_to_key == ["a", "b"]


def test_saving_glove_writes_no_header(tmp_path):
    wv = WordVectors(VECS.copy(), WORDS)
    save(wv, tmp_path / "g.txt", format="glove")
    assert (tmp_path / "g.txt").read_text(encoding="utf8").startswith("the ")
    same(load(tmp_path / "g.txt"), KeyedVectors.load_word2vec_format(str(tmp_path / "g.txt"),
                                                                      no_header=True))


@pytest.mark.parametrize("name", ["lee_fasttext.vec", "crime-and-punishment.vec"])
def test_fasttext_vec_files(name):
    src = DATA / name
    assert detect_format(src) == "word2vec-text"
    same(load(src), KeyedVectors.load_word2vec_format(str(src)))


@pytest.mark.parametrize("name", ["lee_fasttext.bin", "cp852_fasttext.bin"])
def test_an_old_fasttext_bin_says_it_is_not_supported(name):
    src = DATA / name
    for call in (lambda: load(src), lambda: WordVectors.load_word2vec_format(src, binary=True),
                 lambda: WordVectors.load_word2vec_format(src)):
        with pytest.raises(VectorFileError, match="before fastText 0.2.*not supported; use its "
                                                  ".vec file") as e:
            call()
        assert "\n" not in str(e.value)


def test_a_fasttext_bin_loads_as_fasttext_not_as_word2vec():
    src = DATA / "lee_fasttext_new.bin"
    assert detect_format(src) == "fasttext-bin"
    assert type(load(src)).__name__ == "FastTextKeyedVectors"
    with pytest.raises(VectorFileError, match="not a word2vec file; load it with "
                                              "zero2vec.load_facebook_vectors"):
        WordVectors.load_word2vec_format(src, binary=True)


@pytest.mark.parametrize("suffix, opener", [(".gz", gzip.open), (".bz2", bz2.open)])
@pytest.mark.parametrize("binary", [True, False])
def test_compressed_word2vec_input(tmp_path, suffix, opener, binary):
    kv = KeyedVectors(3)
    kv.add_vectors(WORDS, VECS)
    plain = tmp_path / ("v.bin" if binary else "v.txt")
    kv.save_word2vec_format(str(plain), binary=binary)
    packed = Path(f"{plain}{suffix}")
    with opener(packed, "wb") as f:
        f.write(plain.read_bytes())
    theirs = KeyedVectors.load_word2vec_format(str(packed), binary=binary)
    same(WordVectors.load_word2vec_format(packed, binary=binary), theirs)
    same(load(packed), theirs)


def test_gensim_pickles_are_detected_by_content_and_name(tmp_path):
    kv = KeyedVectors(3)
    kv.add_vectors(WORDS, VECS)
    for name in ("w.kv", "w.model", "vectors.bin", "noname"):
        kv.save(str(tmp_path / name))
        assert detect_format(tmp_path / name) == "gensim", name
        same(load(tmp_path / name), kv)


def test_gensim_formats_are_read_not_written(tmp_path):
    assert "gensim" in READ_FORMATS and "gensim" not in FORMATS
    wv = WordVectors(VECS.copy(), WORDS)
    for call in (lambda: save(wv, tmp_path / "x.kv"), lambda: save(wv, tmp_path / "x", format="gensim")):
        with pytest.raises(ConfigError, match="does not write them"):
            call()


def test_word2vec_signatures_are_gensims():
    """Names, order and defaults of gensim's load/save_word2vec_format (binary=None is
    zero2vec's detection, documented; anything extra is keyword-only or after gensim's)."""
    for name, extra in (("load_word2vec_format", {"binary": None}), ("save_word2vec_format", {})):
        theirs = [(p.name, p.default) for p in
                  inspect.signature(getattr(KeyedVectors, name)).parameters.values()]
        ours = [(p.name, p.default) for p in
                inspect.signature(getattr(WordVectors, name)).parameters.values()]
        if name == "save_word2vec_format":
            theirs, ours = theirs[1:], ours[1:]  # self
        assert [n for n, _ in ours[:len(theirs)]] == [n for n, _ in theirs]
        for (n, default), (_, mine) in zip(theirs, ours):
            assert mine == extra.get(n, default), n
