"""The tokenise-once cache: same sentences as a plain loop, keyed, atomic, parallel."""
from __future__ import annotations

import gzip
import json
import os

import numpy as np
import pytest

from zero2vec.corpus import LineSentence, Vocabulary
from zero2vec.corpus.cache import (
    TokenizedCorpus, cache_key, clear_cache, default_cache_dir, load_tokenized, tokenize_corpus,
)
from zero2vec.corpus.tokenizers import get_tokenizer
from zero2vec.errors import ConfigError, CorpusError

LINES = ["私はその人を常に先生と呼んでいた。", "", "だからここでもただ先生と書くだけで本名は打ち明けない。",
         "。、", "Kamakura で 先生 に 会った"] * 7


@pytest.fixture
def corpus_file(tmp_path):
    p = tmp_path / "c.txt"
    p.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return p


def _plain(path, tok):
    return [t for t in (tok(line) for line in open(path, encoding="utf-8")) if t]


@pytest.mark.parametrize("workers", [1, 2])
def test_same_sentences_as_a_plain_loop(corpus_file, tmp_path, workers):
    tok = get_tokenizer("regex")
    c = tokenize_corpus(corpus_file, tok, cache_dir=tmp_path / "cache", workers=workers,
                        block_lines=3, progress=False)
    assert list(c) == _plain(corpus_file, tok)
    assert list(c) == list(c)  # restartable: one pass per epoch
    assert len(c) == 21 and c.n_tokens == sum(map(len, c))
    assert c.meta["lines"] == len(LINES) and c.meta["tokens_per_sec"] > 0
    assert int(c.counts.sum()) == c.n_tokens


def test_whitespace_matches_linesentence(corpus_file, tmp_path):
    c = tokenize_corpus(corpus_file, cache_dir=tmp_path, progress=False, workers=1)
    assert list(c) == list(LineSentence(corpus_file))
    v1, v2 = c.vocabulary(min_count=2), Vocabulary.build(LineSentence(corpus_file), min_count=2)
    assert v1.index_to_key == v2.index_to_key and np.array_equal(v1.counts, v2.counts)


def test_cache_hit_and_layout(corpus_file, tmp_path):
    cdir = tmp_path / "cache"
    c1 = tokenize_corpus(corpus_file, "regex", cache_dir=cdir, progress=False, workers=1)
    assert c1.path is not None and c1.path.parent == cdir
    assert sorted(p.name for p in c1.path.iterdir()) == [
        "counts.int64", "ids.int32", "meta.json", "offsets.int64", "vocab.json"]
    mtime = (c1.path / "meta.json").stat().st_mtime_ns
    c2 = tokenize_corpus(corpus_file, "regex", cache_dir=cdir, progress=False, workers=1)
    assert c2.path == c1.path and (c2.path / "meta.json").stat().st_mtime_ns == mtime
    assert isinstance(c2.ids, np.memmap) and list(c2) == list(c1)
    assert [p.name for p in cdir.iterdir() if p.name.startswith(".tmp")] == []  # no leftovers


def test_key_changes_with_file_and_settings(corpus_file, tmp_path):
    tok = get_tokenizer("regex")
    k = cache_key(corpus_file, tok)
    assert k != cache_key(corpus_file, get_tokenizer("regex", drop_punct=False))
    assert k != cache_key(corpus_file, tok, limit=3)
    assert k != cache_key(corpus_file, tok, errors="replace")
    with open(corpus_file, "a", encoding="utf-8") as f:
        f.write("新しい行\n")
    assert k != cache_key(corpus_file, tok)
    st = corpus_file.stat()
    os.utime(corpus_file, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    k2 = cache_key(corpus_file, tok)
    os.utime(corpus_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert k2 != cache_key(corpus_file, tok)


def test_edited_file_is_retokenised(corpus_file, tmp_path):
    c1 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path / "c", progress=False, workers=1)
    corpus_file.write_text("猫が好き\n", encoding="utf-8")
    c2 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path / "c", progress=False, workers=1)
    assert c2.path != c1.path and list(c2) == [["猫", "が", "好", "き"]]


def test_refresh_no_cache_and_clear(corpus_file, tmp_path):
    cdir = tmp_path / "c"
    c = tokenize_corpus(corpus_file, "regex", cache_dir=cdir, use_cache=False, progress=False)
    assert c.path is None and not cdir.exists()
    c1 = tokenize_corpus(corpus_file, "regex", cache_dir=cdir, progress=False, workers=1)
    c2 = tokenize_corpus(corpus_file, "regex", cache_dir=cdir, refresh=True, progress=False,
                         workers=1)
    assert c2.path == c1.path and list(c2) == list(c1)
    assert clear_cache(cdir) == 1 and list(cdir.iterdir()) == []


def test_corrupt_entry_is_rebuilt(corpus_file, tmp_path):
    c1 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path, progress=False, workers=1)
    (c1.path / "ids.int32").write_bytes(b"\0\0\0\0")  # truncated
    assert load_tokenized(c1.path) is None
    c2 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path, progress=False, workers=1)
    assert list(c2) == _plain(corpus_file, get_tokenizer("regex"))


def test_gzip_limit_and_long_lines(tmp_path):
    p = tmp_path / "c.txt.gz"
    long_line = "先生と私。" * 250_000  # 1.25M chars: read in several pieces, still one sentence
    with gzip.open(p, "wt", encoding="utf-8") as f:
        f.write("一行目です\n" + long_line + "\n三行目\n")
    c = tokenize_corpus(p, "regex", cache_dir=tmp_path / "c", progress=False, workers=2,
                        block_lines=1, max_sentence_length=400_000)
    sents = list(c)  # the long line comes back in chunks of max_sentence_length
    assert len(c) == 3 and [len(s) for s in sents] == [2, 400_000, 350_000, 1]
    assert sents[0] == ["一行目", "です"] and sents[-1] == ["三行目"]
    assert sents[1][:3] == ["先生", "と", "私"] and set(sents[2]) == {"先生", "と", "私"}
    c2 = tokenize_corpus(p, "regex", cache_dir=tmp_path / "c", progress=False, limit=1)
    assert list(c2) == [["一行目", "です"]]


def test_errors(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        tokenize_corpus(tmp_path / "missing.txt", cache_dir=tmp_path)
    empty = tmp_path / "e.txt"
    empty.write_text("。、\n\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no tokens"):
        tokenize_corpus(empty, "regex", cache_dir=tmp_path, progress=False)
    with pytest.raises(ConfigError):
        tokenize_corpus(empty, cache_dir=tmp_path, workers=0)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\n")
    with pytest.raises(CorpusError, match="byte offset 3"):
        tokenize_corpus(bad, cache_dir=tmp_path, progress=False, workers=1)
    assert list(tokenize_corpus(bad, cache_dir=tmp_path, errors="replace", progress=False))


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("ZERO2VEC_CACHE_DIR", str(tmp_path / "z"))
    assert default_cache_dir() == tmp_path / "z"
    monkeypatch.delenv("ZERO2VEC_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "zero2vec" / "tokenized"


def test_trains_from_the_cache(corpus_file, tmp_path):
    from zero2vec.trainer import train_layers

    c = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path, progress=False, workers=1)
    res = train_layers(sentences=c, vector_size=8, window=2, min_count=1, epochs=1, batch_size=10,
                       progress=False)
    assert "先生" in res.wv.key_to_index


def test_fugashi_matches_plain_loop(tmp_path, corpus_file):
    pytest.importorskip("fugashi")
    tok = get_tokenizer("fugashi")
    c = tokenize_corpus(corpus_file, tok, cache_dir=tmp_path, workers=2, block_lines=4,
                        progress=False)
    assert list(c) == _plain(corpus_file, tok)
    assert json.loads((c.path / "meta.json").read_text("utf-8"))["tokenizer"]["name"] == "fugashi"
    assert isinstance(c, TokenizedCorpus)


def test_spawn_workers_as_on_macos(corpus_file, tmp_path, monkeypatch):
    import zero2vec.corpus.cache as cache_mod

    monkeypatch.setattr(cache_mod.sys, "platform", "darwin")  # no fork: workers are spawned
    c = tokenize_corpus(corpus_file, "regex", use_cache=False, workers=2, block_lines=5,
                        progress=False)
    assert list(c) == _plain(corpus_file, get_tokenizer("regex"))
