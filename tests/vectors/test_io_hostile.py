"""Hostile vector and evaluation files: nothing misread, nothing unbounded, one-line errors.

Each case here loaded wrong data, exhausted memory or raised a traceback before issue 17.
"""
from __future__ import annotations

import gzip
import json
import tracemalloc
import warnings

import numpy as np
import pytest

from zero2vec.errors import CorpusError, VectorFileError, Zero2VecError
from zero2vec.vectors import WordVectors, load, save
from zero2vec.vectors.io_word2vec import parse_binary, parse_text

gensim_models = pytest.importorskip("gensim.models", reason="gensim (test extra) is needed")
KeyedVectors = gensim_models.KeyedVectors

VECS = np.random.default_rng(7).standard_normal((6, 5)).astype(np.float32)
WORDS = ["king", "queen", "man", "woman", "東京", "日本"]


def binary_bytes(words=WORDS, vecs=VECS, newline=True, header=None) -> bytes:
    n, d = len(words), vecs.shape[1]
    head = header if header is not None else f"{n} {d}\n".encode()
    return head + b"".join(w.encode() + b" " + v.astype("<f4").tobytes() + (b"\n" if newline else b"")
                           for w, v in zip(words, vecs))


def text_bytes(words=WORDS, vecs=VECS, header=None, eol=b"\n") -> bytes:
    n, d = len(words), vecs.shape[1]
    head = header if header is not None else f"{n} {d}".encode() + eol
    return head + b"".join(w.encode() + b" " + " ".join(f"{x:.9g}" for x in v).encode() + eol
                           for w, v in zip(words, vecs))


def one_line(e: pytest.ExceptionInfo) -> str:
    msg = str(e.value)
    assert "\n" not in msg and msg
    return msg


# -- text vs binary ------------------------------------------------------------------------
def test_text_named_bin_or_read_with_binary_true_is_refused(tmp_path):
    p = tmp_path / "v.bin"
    p.write_bytes(text_bytes())
    with pytest.raises(VectorFileError, match=r"v\.bin: named \.bin but holds word2vec text") as e:
        load(p)
    one_line(e)
    with pytest.raises(VectorFileError, match="binary=True but the file holds word2vec text"):
        WordVectors.load_word2vec_format(p, binary=True)
    assert WordVectors.load_word2vec_format(p).index_to_key == WORDS  # detected from content


def test_binary_named_txt_or_read_with_binary_false_is_refused(tmp_path):
    p = tmp_path / "v.txt"
    p.write_bytes(binary_bytes())
    with pytest.raises(VectorFileError, match=r"named \.txt but holds word2vec binary"):
        load(p)
    with pytest.raises(VectorFileError, match="binary=False but the file holds word2vec binary"):
        WordVectors.load_word2vec_format(p, binary=False)
    np.testing.assert_array_equal(load(p, format="word2vec-bin").vectors, VECS)


# -- header counts and truncation ------------------------------------------------------------
@pytest.mark.parametrize("make", [binary_bytes, text_bytes])
def test_header_that_under_counts_is_refused_but_limit_still_reads_a_prefix(make, tmp_path):
    data = make(header=f"2 {VECS.shape[1]}\n".encode())
    p = tmp_path / "v.w2v"
    p.write_bytes(data)
    with pytest.raises(VectorFileError, match=r"header says 2 words but more records follow") as e:
        WordVectors.load_word2vec_format(p)
    one_line(e)
    got = WordVectors.load_word2vec_format(p, limit=2)  # gensim's limit: the first N, the rest unread
    assert got.index_to_key == WORDS[:2]
    full = tmp_path / "full.w2v"
    full.write_bytes(make())
    assert WordVectors.load_word2vec_format(full, limit=3).index_to_key == WORDS[:3]


@pytest.mark.parametrize("make", [binary_bytes, text_bytes])
def test_header_that_over_counts_is_refused(make):
    data = make(header=f"9 {VECS.shape[1]}\n".encode())
    parse = parse_binary if make is binary_bytes else parse_text
    with pytest.raises(VectorFileError, match=r"(file ends after 6 of 9 words|word 7 of 9)"):
        parse(data)


def test_text_truncated_inside_its_last_number_is_refused():
    data = b"2 2\na 1 2\nb 3 4.25\n"
    assert parse_text(data)[0][1, 1] == np.float32(4.25)
    with pytest.raises(VectorFileError, match=r"line 3: .*no line end.*truncated"):
        parse_text(data[:-2])  # '4.2'


@pytest.mark.parametrize("make,parse", [(binary_bytes, parse_binary), (text_bytes, parse_text)])
def test_every_truncation_is_an_error(make, parse):
    data = make()
    for cut in range(len(data) - 1):  # all but the final line end
        with pytest.raises(VectorFileError):
            parse(data[:cut])


def test_binary_of_gensims_variant_loses_nothing_when_cut_before_a_record():
    data = binary_bytes(newline=False)
    got, words = parse_binary(data)
    assert words == WORDS
    with pytest.raises(VectorFileError, match="word 6 of 6"):
        parse_binary(data[:-1])


# -- words with spaces or control characters (binary) ----------------------------------------
@pytest.mark.parametrize("newline", [True, False])
def test_binary_words_with_control_characters_read_as_gensim_does(newline, tmp_path):
    words = ["a", "x\ty", "b\x01", "c\x7fd", "\x1b[0m", "e"]
    p = tmp_path / "c.bin"
    p.write_bytes(binary_bytes(words, newline=newline))
    ours = WordVectors.load_word2vec_format(p, binary=True)
    theirs = KeyedVectors.load_word2vec_format(str(p), binary=True)
    assert ours.index_to_key == list(theirs.index_to_key) == words
    np.testing.assert_array_equal(ours.vectors, theirs.vectors)


def test_binary_word_with_a_space_is_refused_where_gensim_misreads_it(tmp_path):
    words = ["king", "new york", "man", "woman", "東京", "日本"]
    p = tmp_path / "s.bin"
    p.write_bytes(binary_bytes(words))
    theirs = KeyedVectors.load_word2vec_format(str(p), binary=True, unicode_errors="replace")
    assert "new york" not in theirs.key_to_index  # gensim loads misaligned vectors
    for errors in ("strict", "replace"):
        with pytest.raises(VectorFileError, match=r"word 3 of 6 .*space") as e:
            WordVectors.load_word2vec_format(p, binary=True, unicode_errors=errors)
        one_line(e)


# -- non-finite values -------------------------------------------------------------------------
@pytest.mark.parametrize("token", ["nan", "inf", "-inf", "1e40", "-3.5e38"])
def test_text_non_finite_or_float32_overflow_refused_unless_allowed(token, tmp_path):
    p = tmp_path / "n.txt"
    p.write_bytes(b"3 2\na 1 2\nb 3 " + token.encode() + b"\nc 5 6\n")
    with pytest.raises(VectorFileError, match=r"line 3: the vector of 'b' holds NaN or inf.*"
                                              r"allow_nonfinite=True") as e:
        load(p)
    one_line(e)
    with pytest.warns(UserWarning, match="1 vector.* NaN or inf"):
        wv = load(p, allow_nonfinite=True)
    assert not np.isfinite(wv["b"][1])
    with pytest.warns(UserWarning):
        WordVectors.load_word2vec_format(p, allow_nonfinite=True)


def test_binary_nan_refused_and_every_format_checks(tmp_path):
    vecs = VECS.copy()
    vecs[4, 2] = np.nan
    p = tmp_path / "n.bin"
    p.write_bytes(binary_bytes(vecs=vecs))
    with pytest.raises(VectorFileError, match=r"record 5: the vector of '東京' holds NaN or inf"):
        load(p)
    wv = WordVectors(vecs, WORDS)
    for name, fmt in [("n.z2v", "native"), ("n.tb", "tensorboard"), ("n.pkl", "book-pickle")]:
        q = tmp_path / name
        save(wv, q, format=fmt)
        with pytest.raises(VectorFileError, match="'東京' holds NaN or inf"):
            load(q)
        with pytest.warns(UserWarning, match="NaN or inf"):
            got = load(q, allow_nonfinite=True)
        assert np.isnan(got["東京"][2])
    with pytest.raises(VectorFileError, match="NaN or inf"):
        WordVectors.load(tmp_path / "n.z2v", mmap="r")


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # queries on the inf vector
def test_cli_refuses_non_finite_vectors_unless_allowed(tmp_path, capsys):
    from zero2vec.cli.main import main

    p = tmp_path / "n.txt"
    p.write_bytes(text_bytes(vecs=np.where(np.arange(30).reshape(6, 5) == 7, np.inf, VECS)))
    with pytest.raises(SystemExit) as e:
        main(["similar", str(p), "king", "-q"])
    err = capsys.readouterr().err
    assert e.value.code == 1 and err.count("\n") == 1 and "--allow-nonfinite" in err
    main(["similar", str(p), "man", "-q", "--allow-nonfinite"])
    cap = capsys.readouterr()
    assert "woman" in cap.out and cap.err.startswith("zero2vec: warning:") and "NaN or inf" in cap.err


# -- CRLF -----------------------------------------------------------------------------------------
def test_crlf_text_files(tmp_path):
    got, words = parse_text(text_bytes(eol=b"\r\n"))
    assert words == WORDS
    np.testing.assert_allclose(got, VECS, rtol=1e-7)
    d = tmp_path / "p.tb"
    save(WordVectors(VECS, WORDS), d, format="tensorboard")
    for f in ("metadata.tsv", "vectors.tsv"):
        (d / f).write_bytes((d / f).read_bytes().replace(b"\n", b"\r\n"))
    wv = load(d)
    assert wv.index_to_key == WORDS
    np.testing.assert_allclose(wv.vectors, VECS, rtol=1e-7)


# -- evaluation files ---------------------------------------------------------------------------
@pytest.mark.parametrize("score", ["nan", "inf", "-Infinity", "high"])
def test_word_pairs_with_bad_scores_are_refused_with_file_and_line(score, tmp_path):
    wv = WordVectors(VECS, WORDS)
    p = tmp_path / "pairs.tsv"
    p.write_text("# comment\nword1\tword2\tscore\nking\tqueen\t8\nman\twoman\t" + score + "\n")
    with pytest.raises(CorpusError, match=rf"pairs\.tsv:4: the score {score!r} is not a finite number") as e:
        wv.evaluate_word_pairs(p)
    one_line(e)


def test_evaluation_files_crlf_and_header_still_read(tmp_path):
    wv = WordVectors(VECS, WORDS)
    p = tmp_path / "pairs.csv"
    p.write_bytes(b"word1,word2,score\r\nking,queen,8\r\nman,woman,7\r\n\xe6\x9d\xb1\xe4\xba\xac,king,1\r\n")
    assert wv.evaluate_word_pairs(p)[2] == 0.0
    q = tmp_path / "q.txt"
    q.write_bytes(b": s\r\nking queen man woman\r\n")
    assert wv.evaluate_word_analogies(q)[1][0]["section"] == "s"


def test_corrupt_gzip_files_give_one_line(tmp_path):
    good = gzip.compress(text_bytes())
    bad = good[:20] + bytes(b ^ 0x5A for b in good[20:40]) + good[40:]
    wv = WordVectors(VECS, WORDS)
    for name, data in [("v.txt.gz", bad), ("v.bin.gz", good[:-12]), ("w.txt.gz", b"\x1f\x8b" + bad[2:30])]:
        p = tmp_path / name
        p.write_bytes(data)
        with pytest.raises(VectorFileError, match=name.replace(".", r"\.")) as e:
            load(p)
        one_line(e)
    q = tmp_path / "q.txt.gz"
    q.write_bytes(gzip.compress(b": s\nking queen man woman\n" * 50)[:-30])
    with pytest.raises(CorpusError, match=r"q\.txt\.gz") as e:
        wv.evaluate_word_analogies(q)
    one_line(e)


# -- native folders -----------------------------------------------------------------------------
def _native(tmp_path):
    p = tmp_path / "v.z2v"
    WordVectors(VECS, WORDS).save(p)
    return p


def _npy_with_header(shape, dtype="<f4", body=b"") -> bytes:
    header = {"descr": dtype, "fortran_order": False, "shape": shape}
    text = repr(header).encode("latin1")
    pad = 64 - (10 + len(text) + 1) % 64
    text += b" " * pad + b"\n"
    return b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text + body


@pytest.mark.parametrize("case", ["npz", "object", "strings", "huge", "huge-in-meta-too", "truncated"])
def test_native_vectors_npy_hostile(case, tmp_path):
    p = _native(tmp_path)
    npy = p / "vectors.npy"
    if case == "npz":
        np.savez(npy.with_suffix(".tmp"), vectors=VECS)
        npy.write_bytes(npy.with_suffix(".tmp.npz").read_bytes())
    elif case == "object":
        np.save(npy, np.array([[object()] * 5] * 6, dtype=object), allow_pickle=True)
    elif case == "strings":
        np.save(npy, np.full((6, 5), "word"))
    elif case in ("huge", "huge-in-meta-too"):
        shape = (1 << 28, 1024)  # 1 TiB of float32
        npy.write_bytes(_npy_with_header(shape, body=VECS.tobytes()))
        if case == "huge-in-meta-too":
            meta = json.loads((p / "meta.json").read_text())
            (p / "meta.json").write_text(json.dumps({**meta, "shape": list(shape)}))
    else:
        npy.write_bytes(npy.read_bytes()[:-7])
    tracemalloc.start()
    try:
        for mmap in (None, "r"):
            with pytest.raises(VectorFileError, match=r"vectors\.npy") as e:
                WordVectors.load(p, mmap=mmap)
            msg = one_line(e)
            assert "pickle" not in msg.lower()
        assert tracemalloc.get_traced_memory()[1] < 1 << 20
    finally:
        tracemalloc.stop()


def test_pickle_detected_by_content_is_not_unpickled(tmp_path):
    p = tmp_path / "vectors"
    save(WordVectors(VECS, WORDS), tmp_path / "v.pkl")
    p.write_bytes((tmp_path / "v.pkl").read_bytes())
    with pytest.raises(VectorFileError, match="pickle") as e:
        load(p)
    assert "format='book-pickle'" in one_line(e)
    assert load(p, format="book-pickle").index_to_key == WORDS


# -- bounded memory -----------------------------------------------------------------------------
@pytest.mark.parametrize("header", [b"100000000 300\n", b"50 100000\n", b"70000 5\n"])
def test_header_is_checked_against_the_file_size_before_allocating(header, tmp_path):
    for name, data in [("v.bin", binary_bytes(header=header)), ("v.txt", text_bytes(header=header))]:
        p = tmp_path / name
        p.write_bytes(data)
        tracemalloc.start()
        try:
            with pytest.raises(VectorFileError, match=r"the header claims .* words .* at least [\d,]+ bytes"
                                                      r" but the file has [\d,]+") as e:
                WordVectors.load_word2vec_format(p)
            one_line(e)
            assert tracemalloc.get_traced_memory()[1] < 4 << 20
        finally:
            tracemalloc.stop()


def test_gzip_header_is_checked_against_the_decompression_bound(tmp_path):
    p = tmp_path / "v.bin.gz"
    p.write_bytes(gzip.compress(binary_bytes(header=b"10000000 300\n")))
    with pytest.raises(VectorFileError, match=r"v\.bin\.gz: file ends early: the header claims .*gzip"):
        load(p)


def _peak_rss_growth(fn) -> float:
    """MiB the resident set grew to at its peak while ``fn`` ran (Linux: VmHWM reset)."""
    def status(key):
        with open("/proc/self/status") as f:
            return next(int(ln.split()[1]) / 1024 for ln in f if ln.startswith(key))
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current RSS
    except OSError:
        pytest.skip("cannot reset the peak RSS here")
    before = status("VmRSS:")
    fn()
    return status("VmHWM:") - before


def test_gzip_bomb_fails_early(tmp_path):
    """A 64 KB gzip whose header claims 60 MB and whose body is 64 MB of zeros fails at
    record 2, having read one block: it never holds the decompressed bytes."""
    p = tmp_path / "bomb.bin.gz"
    with gzip.open(p, "wb", compresslevel=9) as f:
        f.write(b"50000 300\n" + b"a " + np.ones(300, "<f4").tobytes() + b"\n")
        zeros = bytes(1 << 22)
        for _ in range(16):
            f.write(zeros)

    def bomb():
        with pytest.raises(VectorFileError, match=r"word 2 of 50000 .*no space"):
            load(p)
    assert _peak_rss_growth(bomb) < 16


def test_loading_a_binary_peaks_at_most_1_2x_its_array(tmp_path):
    n, d = 40_000, 500  # 80 MB of float32
    vecs = np.random.default_rng(0).standard_normal((n, d), dtype=np.float32)
    p = tmp_path / "big.bin"
    with open(p, "wb") as f:
        f.write(f"{n} {d}\n".encode())
        for s in range(0, n, 4096):
            f.write(b"".join(f"w{i} ".encode() + vecs[i].tobytes() + b"\n" for i in range(s, min(s + 4096, n))))
    tracemalloc.start()
    try:
        wv = load(p)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert wv.vectors.shape == (n, d) and np.array_equal(wv.vectors[-1], vecs[-1])
    assert peak / vecs.nbytes <= 1.2, f"peak {peak / 2**20:.0f} MiB for {vecs.nbytes / 2**20:.0f} MiB"


def test_non_regular_files_are_left_to_the_opener(tmp_path):
    """No size check on a stream without a size: reading it still works."""
    import os
    import threading

    fifo = tmp_path / "v.txt"
    os.mkfifo(fifo)
    data = text_bytes()

    def feed():
        with open(fifo, "wb") as f:
            f.write(data)
    t = threading.Thread(target=feed)
    t.start()
    try:
        got = WordVectors.load_word2vec_format(fifo, binary=False)
    finally:
        t.join(timeout=10)
    assert got.index_to_key == WORDS


def test_every_error_is_a_zero2vec_error_with_one_line(tmp_path):
    cases = [b"", b"\x00" * 300, b"3 2\n", b"1 2\na 1 2 3\n", b"2 1\n" + b"\xff" * 40]
    for i, data in enumerate(cases):
        p = tmp_path / f"c{i}.bin"
        p.write_bytes(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(Zero2VecError) as e:
                load(p)
        one_line(e)


@pytest.mark.parametrize("bomb", [
    b"\x80\x04B\x00\x00\x00\x40" + b"x" * 40,              # BINBYTES claiming 1 GiB
    b"\x80\x04N" + b"r" + (1 << 22).to_bytes(4, "little") + b".",  # LONG_BINPUT at memo index 4M
])
def test_tampered_pickle_cannot_make_the_unpickler_allocate(bomb, tmp_path):
    p = tmp_path / "b.pkl"
    p.write_bytes(bomb)
    tracemalloc.start()
    try:
        with pytest.raises(VectorFileError, match=r"b\.pkl: not a readable pickle") as e:
            load(p)
        one_line(e)
        assert tracemalloc.get_traced_memory()[1] < 1 << 20
    finally:
        tracemalloc.stop()
