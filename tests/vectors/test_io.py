"""Vector files: round trips, gensim interoperability both ways, clear errors, atomic writes."""
from __future__ import annotations

import gzip
import json
import pickle

import numpy as np
import pytest

from zero2vec.errors import ConfigError, VectorFileError
from zero2vec.vectors import WordVectors, load, save
from zero2vec.vectors.io import detect_format
from zero2vec.vectors.io_word2vec import parse_binary, parse_text

gensim_models = pytest.importorskip("gensim.models", reason="gensim (test extra) is needed")
KeyedVectors = gensim_models.KeyedVectors


def assert_same(a: WordVectors, b, exact=True):
    assert list(a.index_to_key) == list(b.index_to_key)
    if exact:
        np.testing.assert_array_equal(np.asarray(a.vectors, np.float32), np.asarray(b.vectors, np.float32))
    else:
        np.testing.assert_allclose(a.vectors, b.vectors, rtol=1e-6)


@pytest.mark.parametrize("binary", [True, False])
def test_word2vec_round_trip_and_gensim_reads_ours(wv, tmp_path, binary):
    p = tmp_path / ("v.bin" if binary else "v.txt")
    wv.save_word2vec_format(p, binary=binary)
    assert_same(WordVectors.load_word2vec_format(p), wv)  # format detected from content
    assert_same(KeyedVectors.load_word2vec_format(str(p), binary=binary), wv)


@pytest.mark.parametrize("binary", [True, False])
def test_we_read_gensims_files(kv, tmp_path, binary):
    p = tmp_path / "g.bin"
    kv.save_word2vec_format(str(p), binary=binary)  # gensim: no newline after binary vectors
    got = WordVectors.load_word2vec_format(p, binary=binary)
    assert_same(got, kv, exact=binary)
    assert len(WordVectors.load_word2vec_format(p, limit=5)) == 5


def test_binary_with_and_without_newline_and_multibyte_words():
    vecs = np.arange(6, dtype=np.float32).reshape(3, 2)
    words = ["東京", "ü", "a"]
    with_nl = b"3 2\n" + b"".join(w.encode() + b" " + v.tobytes() + b"\n" for w, v in zip(words, vecs))
    without = b"3 2\n" + b"".join(w.encode() + b" " + v.tobytes() for w, v in zip(words, vecs))
    for data in (with_nl, without):
        got, got_words = parse_binary(data)
        assert got_words == words
        np.testing.assert_array_equal(got, vecs)


def test_word2vec_c_style_text_with_trailing_space():
    got, words = parse_text(b"2 3\nhello 0.1 0.2 0.3 \nworld 1 2 3 \n")
    assert words == ["hello", "world"]
    assert got[1].tolist() == [1, 2, 3]


def test_truncated_binary_says_where(wv, tmp_path):
    p = tmp_path / "v.bin"
    wv.save_word2vec_format(p, binary=True)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(VectorFileError, match=r"word \d+ of 213 \(byte \d+\).*ends early"):
        WordVectors.load_word2vec_format(p)


def test_bad_files_give_clear_errors(tmp_path):
    cases = {
        b"": "empty",
        b"hello world\n": "header",
        b"2 3\na 1 2 3\n": "line 3: file ends",
        b"1 3\na 1 2\n": "line 2: expected a word and 3 numbers",
        b"1 2\na 1 x\n": "line 2: 'x' is not a number",
        b"1 2\n\xff\xfe 1 2\n": "line 2: the word is not valid utf8",
        b"-1 2\n": "implausible",
    }
    for data, msg in cases.items():
        p = tmp_path / "bad.txt"
        p.write_bytes(data)
        with pytest.raises(VectorFileError, match=msg):
            WordVectors.load_word2vec_format(p, binary=False)
    with pytest.raises(VectorFileError, match="no such file"):
        WordVectors.load_word2vec_format(tmp_path / "missing.bin")
    with pytest.raises(ConfigError):
        parse_text(b"1 2\na 1 2\n", encoding="nope")


def test_unicode_errors_replace_accepts_cut_words():
    data = b"1 2\n" + "東京".encode()[:-1] + b" " + np.ones(2, np.float32).tobytes()
    with pytest.raises(VectorFileError, match="unicode_errors"):
        parse_binary(data)
    assert parse_binary(data, unicode_errors="replace")[1][0].endswith("\ufffd")


def test_duplicate_words_keep_first():
    with pytest.warns(UserWarning, match="duplicate"):
        got, words = parse_text(b"2 1\na 1\na 2\n")
    assert words == ["a"] and got[0, 0] == 1


def test_gzip_input(wv, tmp_path):
    p = tmp_path / "v.txt"
    wv.save_word2vec_format(p)
    gz = tmp_path / "v.txt.gz"
    gz.write_bytes(gzip.compress(p.read_bytes()))
    assert_same(load(gz), wv)


def test_words_with_spaces_are_refused(tmp_path):
    wv = WordVectors(np.zeros((1, 2), np.float32), ["new york"])
    with pytest.raises(VectorFileError, match="whitespace"):
        wv.save_word2vec_format(tmp_path / "x.txt")
    assert not list(tmp_path.iterdir())  # nothing half-written left behind


def test_native_round_trip_mmap_and_metadata(wv, tmp_path):
    p = tmp_path / "v.z2v"
    wv.save(p, metadata={"corpus": "ptb", "epochs": 3})
    for mmap in (None, "r"):
        got = WordVectors.load(p, mmap=mmap)
        assert_same(got, wv)
        assert got.metadata == {"corpus": "ptb", "epochs": 3}
        assert got.counts.tolist() == wv.counts.tolist()
        assert got.vectors.flags.writeable == (mmap is None)  # loaded: writable, as gensim's
    assert isinstance(WordVectors.load(p, mmap="r").vectors, np.memmap)
    wv.save(p)  # overwriting an existing folder works
    assert json.loads((p / "meta.json").read_text())["version"] == 2


def test_native_errors(wv, tmp_path):
    p = tmp_path / "v.z2v"
    wv.save(p)
    meta = json.loads((p / "meta.json").read_text())
    (p / "meta.json").write_text(json.dumps({**meta, "version": 99}))
    with pytest.raises(VectorFileError, match="newer zero2vec"):
        WordVectors.load(p)
    (p / "meta.json").write_text(json.dumps(meta))
    (p / "vectors.npy").write_bytes((p / "vectors.npy").read_bytes()[:200])
    with pytest.raises(VectorFileError, match="vectors.npy"):
        WordVectors.load(p)
    with pytest.raises(VectorFileError, match="no such"):
        WordVectors.load(tmp_path / "nothing")


def test_tensorboard_export_and_import(wv, tmp_path):
    d = tmp_path / "projector"
    save(wv, d, format="tensorboard")
    assert (d / "metadata.tsv").read_text(encoding="utf8").splitlines()[:2] == ["w0", "w1"]
    assert len((d / "vectors.tsv").read_text().splitlines()) == len(wv)
    assert detect_format(d) == "tensorboard"
    assert_same(load(d), wv)


def test_book_pickle_both_ways(wv, tmp_path):
    p = tmp_path / "cbow_params.pkl"
    save(wv, p)
    params = pickle.loads(p.read_bytes())
    assert set(params) == {"word_vecs", "word_to_id", "id_to_word"}
    assert params["id_to_word"][3] == "w3" and params["word_to_id"]["king"] == 200
    assert_same(load(p), wv)
    save(wv, p, dtype="float16")
    assert load(p).vectors.dtype == np.float16


def test_book_pickle_refuses_code(tmp_path):
    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))
    p = tmp_path / "evil.pkl"
    p.write_bytes(pickle.dumps({"word_vecs": Evil(), "word_to_id": {}}))
    with pytest.raises(VectorFileError, match="refusing"):
        load(p)


@pytest.mark.parametrize("name,fmt", [("a.bin", "word2vec-bin"), ("a.txt", "word2vec-text"),
                                      ("a.vec.gz", "word2vec-text"), ("a.z2v", "native"),
                                      ("a.pkl", "book-pickle")])
def test_every_format_round_trips_through_save_and_load(wv, tmp_path, name, fmt):
    p = tmp_path / name
    if name.endswith(".gz"):
        save(wv, tmp_path / "a.vec")
        p.write_bytes(gzip.compress((tmp_path / "a.vec").read_bytes()))
    else:
        assert save(wv, p) == fmt
    assert detect_format(p) == fmt
    assert_same(load(p), wv)


def test_atomic_write_leaves_old_file_on_failure(wv, tmp_path):
    """A failure in the middle of writing (after data went out) leaves the old file."""
    from zero2vec.vectors.io_word2vec_write import save_word2vec_format
    p = tmp_path / "v.bin"
    p.write_bytes(b"old")

    def boom(done, total):
        raise KeyboardInterrupt  # as if Ctrl-C arrived mid-write
    for binary in (True, False):
        with pytest.raises(KeyboardInterrupt):
            save_word2vec_format(wv, p, binary=binary, progress=boom)
        assert p.read_bytes() == b"old"
        assert [f.name for f in tmp_path.iterdir()] == ["v.bin"]  # no temporary left


def test_atomic_folder_replace(wv, tmp_path):
    d = tmp_path / "v.z2v"
    wv.save(d)
    WordVectors(wv.vectors[:3], wv.index_to_key[:3]).save(d)
    assert len(WordVectors.load(d)) == 3
    assert sorted(f.name for f in tmp_path.iterdir()) == ["v.z2v"]


def test_real_gensim_test_vectors_if_available(tmp_path):
    """gensim ships word2vec.c-written test files; read them when present."""
    from pathlib import Path

    import gensim.test.utils as gtu
    folder = Path(gtu.__file__).parent / "test_data"
    f = folder / "word2vec_pre_kv_c"
    if not f.exists():
        pytest.skip("gensim's test_data is not installed")
    ours = WordVectors.load_word2vec_format(f, binary=False)
    theirs = KeyedVectors.load_word2vec_format(str(f), binary=False)
    assert_same(ours, theirs)


C_READER = r"""
/* Reads a word2vec binary file the way word2vec.c's distance/word-analogy tools do:
   header with fscanf, each word byte by byte up to ' ' (skipping '\n'), then raw floats. */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "rb");
  long long words, size, a, b;
  char w[256];
  if (!f || fscanf(f, "%lld", &words) != 1 || fscanf(f, "%lld", &size) != 1) return 2;
  float *v = malloc(size * sizeof(float));
  for (b = 0; b < words; b++) {
    a = 0;
    while (1) {
      int ch = fgetc(f);
      if (ch == EOF || ch == ' ') break;
      if (a < 255 && ch != '\n') w[a++] = (char)ch;
    }
    w[a] = 0;
    if (fread(v, sizeof(float), size, f) != (size_t)size) return 3;
    printf("%s %.6f %.6f\n", w, v[0], v[size - 1]);
  }
  return 0;
}
"""


def test_word2vec_c_style_reader_reads_our_binary(wv, tmp_path):
    """Our binary output parses with word2vec.c's reading loop (compiled when a C compiler exists)."""
    import shutil
    import subprocess

    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build the word2vec.c-style reader")
    src, exe = tmp_path / "reader.c", tmp_path / "reader"
    src.write_text(C_READER)
    subprocess.run([cc, "-O1", "-o", str(exe), str(src)], check=True, timeout=60)
    p = tmp_path / "v.bin"
    wv.save_word2vec_format(p, binary=True)
    out = subprocess.run([str(exe), str(p)], capture_output=True, timeout=60, check=True).stdout
    lines = out.decode("utf8").splitlines()
    assert [ln.split(" ")[0] for ln in lines] == wv.index_to_key
    first = np.array([float(ln.split(" ")[1]) for ln in lines])
    np.testing.assert_allclose(first, wv.vectors[:, 0], atol=1e-6)


def test_other_encodings(tmp_path):
    vec = np.ones(2, np.float32).tobytes()
    data = b"2 2\n" + "café".encode("latin-1") + b" " + vec + b"\n" + "東京".encode("euc_jp") + b" " + vec
    _, words = parse_binary(data, encoding="latin-1", unicode_errors="strict")
    assert words[0] == "café"
    _, words = parse_binary(b"1 2\n" + "東京".encode("euc_jp") + b" " + vec, encoding="euc_jp")
    assert words == ["東京"]


# -- native format 2: vocab.txt, counts.npy, the finite flag, words read on use ----------------
def test_native_v2_layout_and_version_1_still_read(wv, tmp_path):
    p = tmp_path / "v.z2v"
    wv.save(p)
    meta = json.loads((p / "meta.json").read_text())
    assert meta["vocab"] == "vocab.txt" and meta["finite"] is True
    assert (p / "vocab.txt").read_text(encoding="utf8").split("\n")[:2] == ["w0", "w1"]
    assert np.load(p / "counts.npy").tolist() == wv.counts.tolist()
    # a version 1 folder (vocab.json with the counts, no flag) as zero2vec 0.1 wrote it
    (p / "vocab.json").write_text(json.dumps({"index_to_key": wv.index_to_key,
                                              "counts": wv.counts.tolist()}), encoding="utf8")
    (p / "vocab.txt").unlink()
    (p / "counts.npy").unlink()
    (p / "meta.json").write_text(json.dumps({k: v for k, v in meta.items()
                                             if k not in ("vocab", "finite")} | {"version": 1}))
    for mmap in (None, "r"):
        got = WordVectors.load(p, mmap=mmap)
        assert_same(got, wv)
        assert got.counts.tolist() == wv.counts.tolist()


def test_words_with_line_ends_go_to_vocab_json(tmp_path):
    wv = WordVectors(np.eye(3, dtype=np.float32), ["a\nb", "c", "\ud800"])
    wv.save(tmp_path / "v.z2v")
    assert json.loads((tmp_path / "v.z2v" / "meta.json").read_text())["vocab"] == "vocab.json"
    for mmap in (None, "r"):
        assert WordVectors.load(tmp_path / "v.z2v", mmap=mmap).index_to_key == wv.index_to_key


def test_mmap_reads_the_words_on_first_use(wv, tmp_path):
    p = tmp_path / "v.z2v"
    wv.save(p)
    got = WordVectors.load(p, mmap="r")
    assert len(got) == len(wv) and got._key_index is None
    assert type(got.__dict__["_words"]).__name__ == "PendingWords"  # not read yet
    assert got.most_similar("king", topn=3) == wv.most_similar("king", topn=3)
    assert got.index_to_key == wv.index_to_key and got.key_to_index == wv.key_to_index


def test_a_word_listed_twice_is_a_file_error_on_first_lookup(wv, tmp_path):
    p = tmp_path / "v.z2v"
    wv.save(p)
    words = (p / "vocab.txt").read_text(encoding="utf8").split("\n")
    words[1] = words[0]
    (p / "vocab.txt").write_text("\n".join(words), encoding="utf8")
    for mmap in (None, "r"):
        got = WordVectors.load(p, mmap=mmap)
        with pytest.raises(VectorFileError, match=r"v\.z2v: the vocabulary lists a word twice"):
            got.get_index("w5")


def test_the_finite_flag_spares_a_memory_map_the_scan(wv, tmp_path):
    p = tmp_path / "v.z2v"
    wv.save(p)
    vectors = np.load(p / "vectors.npy")
    vectors[3, 0] = np.nan  # edited after zero2vec wrote it (and said it was finite)
    np.save(p / "vectors.npy", vectors)
    assert np.isnan(WordVectors.load(p, mmap="r").vectors[3, 0])  # trusted: documented
    with pytest.raises(VectorFileError, match="NaN"):
        WordVectors.load(p)  # in memory: scanned anyway
    meta = json.loads((p / "meta.json").read_text())
    (p / "meta.json").write_text(json.dumps({**meta, "finite": False}))
    with pytest.raises(VectorFileError, match="NaN"):
        WordVectors.load(p, mmap="r")


def test_a_memory_mapped_load_pickles_and_copies_with_its_words(wv, tmp_path):
    import copy

    wv.save(tmp_path / "v.z2v")
    got = WordVectors.load(tmp_path / "v.z2v", mmap="r")
    for other in (pickle.loads(pickle.dumps(got)), copy.deepcopy(got)):
        assert other.index_to_key == wv.index_to_key
        assert other.most_similar("king", topn=2) == wv.most_similar("king", topn=2)


def test_expandos_are_saved_natively(tmp_path):
    """gensim's per-word attributes (a .kv's sample_int, ...) survive a native save;
    object arrays (Huffman paths) are named in a warning instead of dropped silently."""
    wv = WordVectors(np.eye(3, dtype=np.float32), ["a", "b", "c"], counts=[3, 2, 1])
    wv.set_vecattr("a", "sample_int", 7)
    wv.expandos["code"] = np.array([np.zeros(1), np.ones(2), np.ones(3)], dtype=object)
    with pytest.warns(UserWarning, match="'code' are not saved"):
        wv.save(tmp_path / "v.z2v")
    for mmap in (None, "r"):
        got = WordVectors.load(tmp_path / "v.z2v", mmap=mmap)
        assert set(got.expandos) == {"count", "sample_int"}
        assert got.get_vecattr("a", "sample_int") == 7 and got.get_vecattr("b", "count") == 2
