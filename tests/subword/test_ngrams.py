"""n-gram cut and bucket hash against Facebook fastText (fixture and live) and gensim."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zero2vec.errors import ConfigError
from zero2vec.subword import ngrams as N

DATA = Path(__file__).parent / "data"
FIXTURE = json.loads((DATA / "ngrams_fasttext.json").read_text(encoding="utf-8"))
CASES = [c for c in FIXTURE["cases"] if c["word"] != "</s>"]  # EOS: no n-grams (see below)
words = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=12)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['word']}-{c['minn']}{c['maxn']}")
def test_same_ngrams_and_buckets_as_fasttext(case):
    got = N.ngrams(case["word"], case["minn"], case["maxn"])
    assert got == case["ngrams"]
    assert N.ngram_hashes(case["word"], case["minn"], case["maxn"], FIXTURE["bucket"]) == case["buckets"]


def test_the_table_gives_fasttext_rows_and_no_ngrams_for_eos():
    for minn, maxn in ((3, 6), (1, 3)):
        cases = [c for c in FIXTURE["cases"] if (c["minn"], c["maxn"]) == (minn, maxn)]
        words_ = [c["word"] for c in cases]
        rows, starts = N.subword_table(words_, minn, maxn, FIXTURE["bucket"], nwords=10)
        for i, c in enumerate(cases):
            expect = [i] + [10 + b for b in c["buckets"]]
            assert rows[starts[i]:starts[i + 1]].tolist() == expect


def test_sign_extension_quirk():
    # 0xC3 0xA9 ('é'): a plain FNV-1a would XOR 0xC3; fastText XORs 0xFFFFFFC3
    plain = 2166136261
    for b in "é".encode():
        plain = ((plain ^ b) * 16777619) & 0xFFFFFFFF
    assert N.ft_hash("é".encode()) != plain
    assert N.ft_hash(b"abc") == 440920331  # ASCII: plain FNV-1a


@settings(max_examples=200, deadline=None)
@given(words, st.integers(1, 4), st.integers(0, 4))
def test_same_as_gensim(word, minn, extra):
    from gensim.models.fasttext import compute_ngrams_bytes, ft_hash_bytes

    maxn = minn + extra
    got = N.ngram_bytes(word, minn, maxn)
    assert got == compute_ngrams_bytes(word, minn, maxn)
    assert [N.ft_hash(g) for g in got] == [ft_hash_bytes(g) for g in got]


@settings(max_examples=100, deadline=None)
@given(st.lists(words, min_size=1, max_size=6), st.integers(1, 3), st.integers(0, 3),
       st.integers(1, 5000))
def test_compiled_table_matches_reference(word_list, minn, extra, bucket):
    maxn = minn + extra
    rows, starts = N.subword_table(word_list, minn, maxn, bucket, skip=())
    for i, w in enumerate(word_list):
        expect = [i] + [len(word_list) + h for h in N.ngram_hashes(w, minn, maxn, bucket)]
        assert rows[starts[i]:starts[i + 1]].tolist() == expect


def test_no_ngrams_when_max_n_is_zero():
    rows, starts = N.subword_table(["abc", "de"], 0, 0, 0)
    assert rows.tolist() == [0, 1] and starts.tolist() == [0, 1, 2]


@pytest.mark.parametrize("args, message", [
    ((5, 3, 100), "min_n \\(5\\) > max_n \\(3\\)"),
    ((3, 6, 0), "bucket=0"),
    ((0, 3, 10), "min_n must be at least 1"),
    ((-1, 3, 10), "non-negative"),
])
def test_bad_ranges_are_one_line_errors(args, message):
    with pytest.raises(ConfigError, match=message):
        N.check_ngram_range(*args)


def test_live_fasttext(tmp_path):
    fasttext = pytest.importorskip("fasttext")
    path = tmp_path / "c.txt"
    path.write_text("naïve café 東京 über Straße ok\n" * 20, encoding="utf-8")
    m = fasttext.train_unsupervised(str(path), dim=1, epoch=1, minCount=1, bucket=50_000,
                                    minn=2, maxn=5, thread=1, verbose=0)
    nwords = len(m.words)
    for w in ["naïvetés", "東京都庁", "😀😀x", "Straßen", "q"]:
        subs, rows = m.get_subwords(w)
        assert N.ngrams(w, 2, 5) == list(subs)
        assert [nwords + h for h in N.ngram_hashes(w, 2, 5, 50_000)] == [int(r) for r in rows]
