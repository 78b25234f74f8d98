"""word2phrase: against a plain-Python reading of word2phrase.c, and against the real
binary when ``ZERO2VEC_WORD2PHRASE`` names one (built from tmikolov/word2vec)."""
from __future__ import annotations

import io
import os
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from zero2vec.errors import ConfigError, CorpusError, OutputError
from zero2vec.phrases.word2phrase import word2phrase


def reference(data: bytes, min_count: int, threshold: float) -> bytes:
    """word2phrase.c's behaviour, in Python (see the module docstring of word2phrase)."""
    tokens, word, pending = [], bytearray(), False
    for ch in data:
        if ch == 13:
            continue
        if ch in (32, 9, 10):
            if pending:
                tokens.append(bytes(word[:58]))
                word, pending = bytearray(), False
            if ch == 10:
                tokens.append(b"\n")
            continue
        word.append(ch)
        pending = True
    counts: dict[bytes, int] = {}
    last, train_words = b"", 0
    for t in tokens:
        if t == b"\n":
            continue
        train_words += 1
        counts[t] = counts.get(t, 0) + 1
        pair = (last + b"_" + t)[:59]
        counts[pair] = counts.get(pair, 0) + 1
        last = t

    def known(key):
        c = counts.get(key, 0)
        return c if c >= min_count else None

    out, last, li, pa, pb, pab = bytearray(), b"", None, 0, 0, 0
    f32 = np.float32
    for t in tokens:
        prev, last = last, t
        if t == b"\n":
            out += b"\n"
            continue
        oov = False
        c = known(t)
        if c is None:
            oov = True
        else:
            pb = c
        if li is None:
            oov = True
        li = c
        c = known((prev + b"_" + t)[:59])
        if c is None:
            oov = True
        else:
            pab = c
        if pa < min_count or pb < min_count:
            oov = True
        score = f32(0) if oov else f32(pab - min_count) / f32(pa) / f32(pb) * f32(train_words)
        if score > f32(threshold):
            out += b"_" + t
            pb = 0
        else:
            out += b" " + t
        pa = pb
    return bytes(out)


TOKENS = [b"new", b"york", b"the", b"city", b"x" * 70, b"a\rb", "日本".encode()]
SEPS = [b" ", b"\t", b"  ", b"\n", b"\r\n", b"\n\n"]


@st.composite
def texts(draw):
    parts = draw(st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPS)),
                          min_size=1, max_size=200))
    body = b"".join(t + s for t, s in parts)
    return body + draw(st.sampled_from([b"", b"tail", b"\n"]))


@settings(max_examples=60, deadline=None)
@given(texts(), st.integers(min_value=1, max_value=4), st.sampled_from([0.5, 3.0, 20.0, -1.0]))
def test_matches_the_reference(tmp_path_factory, data, min_count, threshold):
    d = tmp_path_factory.mktemp("w2p")
    (d / "in.txt").write_bytes(data)
    word2phrase(d / "in.txt", d / "out.txt", min_count=min_count, threshold=threshold, debug=0,
                log=io.StringIO())
    assert (d / "out.txt").read_bytes() == reference(data, min_count, threshold)


def test_joins_frequent_pairs_and_logs_like_word2phrase(tmp_path):
    (tmp_path / "in.txt").write_text("new york is big\nin new york\nnew york new york\n" * 20)
    log = io.StringIO()
    n = word2phrase(tmp_path / "in.txt", tmp_path / "out.txt", min_count=2, threshold=1,
                    debug=1, log=log)
    assert n == 220
    # (what word2phrase.c writes for this file: "is big" scores 9.9, "new york" 2.7)
    assert (tmp_path / "out.txt").read_text().splitlines()[:3] == [
        " new_york is_big", " in_new york", " new_york new_york"]
    assert log.getvalue().startswith(f"Starting training using file {tmp_path / 'in.txt'}\n")
    assert "Words in train file: 220\n" in log.getvalue()


def test_bad_input(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("a b\n")
    with pytest.raises(OutputError, match="it is the training file"):
        word2phrase(src, src)
    with pytest.raises(ConfigError, match="min_count"):
        word2phrase(src, tmp_path / "o", min_count=0)
    with pytest.raises(CorpusError, match="no such"):
        word2phrase(tmp_path / "missing", tmp_path / "o")
    assert not (tmp_path / "o").exists()


@pytest.mark.skipif(not os.environ.get("ZERO2VEC_WORD2PHRASE"),
                    reason="set ZERO2VEC_WORD2PHRASE to a word2phrase binary to compare with it")
def test_same_bytes_as_the_binary(tmp_path, brown_file):
    (tmp_path / "in.txt").write_bytes(brown_file.read_bytes())
    for mc, th in [(5, 100), (3, 20)]:  # (short names: word2phrase.c keeps 60 bytes of a path)
        subprocess.run([os.environ["ZERO2VEC_WORD2PHRASE"], "-train", "in.txt", "-output",
                        "c.txt", "-min-count", str(mc), "-threshold", str(th), "-debug", "0"],
                       check=True, capture_output=True, cwd=tmp_path)
        word2phrase(brown_file, tmp_path / "z.txt", min_count=mc, threshold=th, debug=0,
                    log=io.StringIO())
        assert (tmp_path / "c.txt").read_bytes() == (tmp_path / "z.txt").read_bytes()
