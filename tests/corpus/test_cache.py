"""The tokenise-once cache: same sentences as a plain loop, keyed, atomic, parallel."""
from __future__ import annotations

import gzip
import json
import os
import shutil

import numpy as np
import pytest

from zero2vec.corpus import EncodedCorpus, LineSentence, Vocabulary
from zero2vec.corpus.cache import (
    cache_key, clear_cache, default_cache_dir, load_tokenized, tokenize_corpus,
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
    assert len(c) == 21 and c.n_words == sum(map(len, c))
    assert c.meta["lines"] == len(LINES) and c.meta["tokens_per_sec"] > 0
    assert int(c.counts.sum()) == c.n_words


def test_whitespace_matches_linesentence(corpus_file, tmp_path):
    c = tokenize_corpus(corpus_file, cache_dir=tmp_path, progress=False, workers=1)
    assert list(c) == list(LineSentence(corpus_file))
    v1, v2 = Vocabulary.build(c, min_count=2), Vocabulary.build(LineSentence(corpus_file), min_count=2)
    assert v1.index_to_key == v2.index_to_key and np.array_equal(v1.counts, v2.counts)


def test_cache_hit_and_layout(corpus_file, tmp_path):
    cdir = tmp_path / "cache"
    c1 = tokenize_corpus(corpus_file, "regex", cache_dir=cdir, progress=False, workers=1)
    assert c1.path is not None and c1.path.parent == cdir
    assert sorted(p.name for p in c1.path.iterdir()) == [
        "counts.int64", "ends.int64", "ids.int32", "meta.json", "vocab.json"]
    mtime = (c1.path / "meta.json").stat().st_mtime_ns
    c2 = tokenize_corpus(corpus_file, "regex", cache_dir=cdir, progress=False, workers=1)
    assert c2.path == c1.path and (c2.path / "meta.json").stat().st_mtime_ns == mtime
    assert isinstance(c2.tokens, np.memmap) and not c2.ids.in_ram and list(c2) == list(c1)
    assert [p.name for p in cdir.iterdir() if p.name.startswith(".")] == []  # no leftovers


def test_key_changes_with_content_and_settings(corpus_file, tmp_path):
    tok = get_tokenizer("regex")
    k = cache_key(corpus_file, tok)
    assert k != cache_key(corpus_file, get_tokenizer("regex", drop_punct=False))
    assert k != cache_key(corpus_file, tok, limit=3)
    assert k != cache_key(corpus_file, tok, errors="replace")
    st = corpus_file.stat()
    os.utime(corpus_file, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert cache_key(corpus_file, tok) == k  # a touch is no edit
    moved = tmp_path / "moved.txt"
    shutil.copy(corpus_file, moved)
    assert cache_key(moved, tok) == k
    with open(corpus_file, "a", encoding="utf-8") as f:
        f.write("新しい行\n")
    assert k != cache_key(corpus_file, tok)


def test_an_edit_keeping_size_and_mtime_is_retokenised(corpus_file, tmp_path):
    """(It used to train the old tokens: the key was the path, the size and the mtime.)"""
    c1 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path / "c", progress=False, workers=1)
    st = corpus_file.stat()
    text = corpus_file.read_text(encoding="utf-8").replace("先生", "学生")
    assert len(text.encode()) == st.st_size
    corpus_file.write_text(text, encoding="utf-8")
    os.utime(corpus_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    c2 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path / "c", progress=False, workers=1)
    assert c2.path != c1.path and "学生" in c2.words and "先生" not in c2.words
    assert list(c2) == _plain(corpus_file, get_tokenizer("regex"))


def test_a_file_edited_while_tokenised_is_not_stored(corpus_file, tmp_path, monkeypatch):
    import zero2vec.corpus.cache as cache_mod

    real = cache_mod._tokenize

    def tokenize_then_edit(path, *args):
        corpus = real(path, *args)
        path.write_text("猫が好き\n", encoding="utf-8")
        return corpus
    monkeypatch.setattr(cache_mod, "_tokenize", tokenize_then_edit)
    c = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path / "c", progress=False, workers=1)
    assert c.path is None and not (tmp_path / "c").exists() and len(list(c)) == 21


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


def _poke(path, dtype, i, value):
    arr = np.fromfile(path, dtype=dtype)
    arr[i] = value if value is not None else (arr[i] + 1) % 3
    arr.tofile(path)


def _edit_meta(entry, **changes):
    meta = json.loads((entry / "meta.json").read_text("utf-8"))
    (entry / "meta.json").write_text(json.dumps({**meta, **changes}), encoding="utf-8")


TAMPERED = {  # what a damaged or hand-edited entry looks like
    "ids cut short": lambda e: (e / "ids.int32").write_bytes(b"\0\0\0\0"),
    "an id past the end": lambda e: _poke(e / "ids.int32", "<i4", 5, 10**6),
    "a negative id": lambda e: _poke(e / "ids.int32", "<i4", 5, -1),
    "an id changed": lambda e: _poke(e / "ids.int32", "<i4", 0, None),
    "ends out of order": lambda e: _poke(e / "ends.int64", "<i8", 1, 1),
    "ends past the ids": lambda e: _poke(e / "ends.int64", "<i8", -1, 10**9),
    "a count changed": lambda e: _poke(e / "counts.int64", "<i8", 0, 99),
    "counts cut short": lambda e: (e / "counts.int64").write_bytes(b"\1" * 12),
    "vocab not a list": lambda e: (e / "vocab.json").write_text('{"a": 1}'),
    "vocab of ints": lambda e: (e / "vocab.json").write_text(
        json.dumps(list(range(len(json.loads((e / "vocab.json").read_text("utf-8"))))))),
    "vocab not json": lambda e: (e / "vocab.json").write_text("[oops"),
    "meta not json": lambda e: (e / "meta.json").write_text("{"),
    "meta of another key": lambda e: _edit_meta(e, key="0" * 20),
    "meta miscounts": lambda e: _edit_meta(e, tokens=3),
    "a file gone": lambda e: (e / "ends.int64").unlink(),
}


@pytest.mark.parametrize("how", TAMPERED)
def test_a_damaged_entry_is_an_error_and_is_rebuilt(corpus_file, tmp_path, how):
    """A tampered entry used to load (ids past the vocabulary, counts that are not the
    ids') and fail deep inside training, or train what it held; now it is refused."""
    c1 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path, progress=False, workers=1)
    entry, expected = c1.path, list(c1)
    c1.close()
    TAMPERED[how](entry)
    with pytest.raises(CorpusError, match=r"a damaged cache entry \(.+\)$"):
        load_tokenized(entry, key=c1.meta["key"])
    with pytest.warns(UserWarning, match="damaged cache entry.*tokenising the corpus again"):
        c2 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path, progress=False, workers=1)
    assert c2.path == entry and list(c2) == expected == _plain(corpus_file, get_tokenizer("regex"))
    assert load_tokenized(entry, key=c1.meta["key"]) is not None  # replaced by a sound one


def test_an_entry_s_longest_sentence_comes_from_its_ends(corpus_file, tmp_path):
    """(The kernels size their buffers by it: a meta.json that under-states it must not count.)"""
    c1 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path, progress=False, workers=1)
    _edit_meta(c1.path, longest=1)
    assert load_tokenized(c1.path).longest == c1.longest == max(map(len, c1)) > 1


def test_no_entry_or_another_version_is_none(corpus_file, tmp_path):
    assert load_tokenized(tmp_path / "nothing") is None
    c1 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path, progress=False, workers=1)
    _edit_meta(c1.path, format=1)
    assert load_tokenized(c1.path) is None


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
    for setting in ({"workers": 0}, {"limit": 0}, {"block_lines": 0}, {"max_sentence_length": 0}):
        with pytest.raises(ConfigError, match=next(iter(setting))):
            tokenize_corpus(empty, cache_dir=tmp_path, **setting)
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
    assert isinstance(c, EncodedCorpus)


def test_spawn_workers_as_on_macos(corpus_file, tmp_path, monkeypatch):
    import zero2vec.corpus.cache as cache_mod

    monkeypatch.setattr(cache_mod.sys, "platform", "darwin")  # no fork: workers are spawned
    c = tokenize_corpus(corpus_file, "regex", use_cache=False, workers=2, block_lines=5,
                        progress=False)
    assert list(c) == _plain(corpus_file, get_tokenizer("regex"))


def test_trainers_read_the_ids_as_they_are(corpus_file, tmp_path, monkeypatch):
    """A cached corpus is not decoded to strings and encoded again: every trainer reads its
    ids (and gives what its token lists gave, bit for bit)."""
    from zero2vec import Word2Vec
    from zero2vec.corpus.scan import encode
    from zero2vec.count import train_ppmi_svd
    from zero2vec.trainer import train_layers

    c = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path, progress=False, workers=1,
                        max_sentence_length=5)  # lines in chunks of 5, cut again at 3 below
    lists = list(c)
    w2v = dict(min_count=2, vector_size=8, epochs=2, workers=1, max_sentence_length=3)
    lay = dict(min_count=1, vector_size=4, window=2, epochs=1, batch_size=8, progress=False)
    cnt = dict(min_count=1, vector_size=2, window=2, max_final_vocab=12, progress=False)
    expected = (Word2Vec(lists, **w2v), train_layers(sentences=lists, **lay),
                train_ppmi_svd(lists, **cnt))
    monkeypatch.setattr(EncodedCorpus, "__iter__", lambda self: pytest.fail("decoded to strings"))
    got = (Word2Vec(c, **w2v), train_layers(sentences=c, **lay), train_ppmi_svd(c, **cnt))
    for a, b in zip((got[0].wv, got[1].wv, got[2]), (expected[0].wv, expected[1].wv, expected[2])):
        assert a.index_to_key == b.index_to_key
        np.testing.assert_array_equal(a.vectors, b.vectors)
    assert (got[0].corpus_count, got[0].corpus_total_words) == \
        (expected[0].corpus_count, expected[0].corpus_total_words)
    again = encode(c, got[0].vocab, max_sentence_length=3)  # (train(sentences=...), resume)
    assert np.array_equal(again.tokens, got[0]._corpus.tokens)
    assert np.array_equal(again.ends.array, got[0]._corpus.ends.array)


def test_a_refresh_replaces_the_entry_in_one_step(corpus_file, tmp_path, monkeypatch):
    """There is no moment without an entry (the old one was deleted, then the new one
    renamed into place, so a concurrent run could find nothing and tokenise again)."""
    import zero2vec._atomic as atomic

    if not atomic._exchange(tmp_path, tmp_path):  # (a no-op swap: is renameat2 there?)
        pytest.skip("no renameat2(RENAME_EXCHANGE) here")
    c1 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path / "c", progress=False, workers=1)
    entry, seen = c1.path, []
    for name in ("replace", "rename", "rmdir"):
        real = getattr(os, name)

        def spy(*args, _real=real, **kw):
            _real(*args, **kw)
            seen.append(entry.is_dir())
        monkeypatch.setattr(atomic.os, name, spy)
    real_rmtree = shutil.rmtree
    monkeypatch.setattr(shutil, "rmtree", lambda *a, **k: (real_rmtree(*a, **k),
                                                          seen.append(entry.is_dir())))
    c2 = tokenize_corpus(corpus_file, "regex", cache_dir=tmp_path / "c", refresh=True,
                         progress=False, workers=1)
    assert c2.path == entry and list(c2) == list(c1) and all(seen) and seen
    assert sorted(p.name for p in entry.parent.iterdir()) == [entry.name]  # no leftovers


@pytest.mark.parametrize("sep", ["\u3000", "\x0b"])
def test_an_overlong_line_keeps_its_words_whole(tmp_path, monkeypatch, sep):
    import zero2vec.corpus.reader as reader

    monkeypatch.setattr(reader, "_BLOCK", 64)
    monkeypatch.setattr(reader, "_MAX_LINE", 256)  # as if the line were over 16 MB
    words = [f"語{i}" for i in range(300)]
    p = tmp_path / "c.txt"
    p.write_text(sep.join(words) + "\n", encoding="utf-8")
    c = tokenize_corpus(p, use_cache=False, progress=False, workers=1, block_lines=2)
    assert list(c) == [words]


def test_the_suite_never_writes_the_users_cache(tmp_path, private_token_cache):
    from zero2vec.corpus import tokenize_corpus
    from zero2vec.corpus.cache import default_cache_dir
    from zero2vec.corpus.tokenizers import get_tokenizer

    assert default_cache_dir() == private_token_cache
    c = tmp_path / "c.txt"
    c.write_text("a b c\n" * 5)
    tokenize_corpus(c, get_tokenizer("regex"), workers=1, progress=False)  # the default folder
    assert any(p.name.startswith("c.txt-") for p in private_token_cache.iterdir())
