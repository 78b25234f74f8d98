"""The token store (RAM or temporary file) and the in-place remap."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from zero2vec.corpus.encoded import EncodedCorpus, chunk_lengths, remap
from zero2vec.corpus.store import ArrayStore
from zero2vec.errors import CorpusError, OutputError


def filled(n: int, max_ram_tokens: int, step: int = 1000) -> ArrayStore:
    store = ArrayStore(max_ram_tokens)
    for start in range(0, n, step):
        store.extend_array(np.arange(start, min(start + step, n)))
    return store


@pytest.mark.parametrize("max_ram", [10 ** 6, 2_500])
def test_store_reads_writes_and_truncates(max_ram):
    store = filled(10_000, max_ram)
    assert store.in_ram == (max_ram > 10_000) and len(store) == 10_000
    assert np.array_equal(store.read(0, 10_000), np.arange(10_000))
    out = np.empty(64, dtype=np.int32)
    got = store.read(5_000, 5_040, out)
    assert np.array_equal(got, np.arange(5_000, 5_040))
    assert store.in_ram or np.shares_memory(got, out)  # a file store fills the buffer given
    store.write(10, np.array([-1, -2, -3]))
    store.truncate(20)
    assert store.array.tolist() == list(range(10)) + [-1, -2, -3] + list(range(13, 20))
    store.close()
    assert len(store) == 0


def test_file_store_reads_from_many_threads():
    store = filled(200_000, 1_000)
    errors = []

    def reader(seed: int) -> None:
        rng = np.random.default_rng(seed)
        buf = np.empty(5_000, dtype=np.int32)
        for _ in range(200):
            a = int(rng.integers(0, 195_000))
            n = int(rng.integers(0, 5_000))
            if not np.array_equal(store.read(a, a + n, buf), np.arange(a, a + n)):
                errors.append((a, n))

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_unwritable_temporary_folder_is_named(tmp_path):
    store = ArrayStore(10, tmp_dir=str(tmp_path / "missing"))
    with pytest.raises(OutputError, match="missing.*TMPDIR"):
        store.extend_array(np.arange(100))


@settings(max_examples=100, deadline=None)
@given(lengths=st.lists(st.integers(1, 9), min_size=1, max_size=60),
       n_words=st.integers(1, 6), chunk=st.integers(1, 40), in_ram=st.booleans(),
       seed=st.integers(0, 2 ** 16))
def test_remap_equals_a_plain_rewrite(lengths, n_words, chunk, in_ram, seed):
    rng = np.random.default_rng(seed)
    raw = rng.integers(0, n_words, size=sum(lengths))
    id_map = rng.integers(-1, n_words, size=n_words).astype(np.int32)  # -1: dropped
    store = ArrayStore(10 ** 6 if in_ram else 8)
    store.extend_array(raw)
    lens = ArrayStore(10 ** 6 if in_ram else 4, dtype=np.int64)
    lens.extend_array(np.array(lengths))
    corpus = remap(store, lens, id_map, chunk=chunk)
    starts = np.cumsum([0] + lengths)
    expected = [[id_map[w] for w in raw[a:b] if id_map[w] >= 0] for a, b in zip(starts, starts[1:])]
    expected = [s for s in expected if s]
    assert isinstance(corpus, EncodedCorpus) and corpus.raw_words == len(raw)
    got = [corpus.tokens[a:b].tolist() for a, b in zip(corpus.starts[:-1], corpus.starts[1:])]
    assert got == expected
    assert corpus.longest == max(map(len, expected), default=0)


def test_a_stored_array_is_read_in_place_and_never_written(tmp_path):
    store = filled(5_000, 1_000)
    store.tofile(tmp_path / "ids.int32")
    back = ArrayStore.open(tmp_path / "ids.int32", "<i4")
    assert len(back) == 5_000 and not back.in_ram
    assert np.array_equal(back.read(10, 20), np.arange(10, 20))
    assert isinstance(back.array, np.memmap) and np.array_equal(back.array, np.arange(5_000))
    with pytest.raises(OutputError, match="read-only"):
        back.write(0, np.zeros(3))
    with pytest.raises(OutputError, match="read-only"):
        back.truncate(3)
    (tmp_path / "cut.int32").write_bytes(b"\0" * 7)
    with pytest.raises(CorpusError, match="not a whole number"):
        ArrayStore.open(tmp_path / "cut.int32", "<i4")


@given(lengths=st.lists(st.integers(1, 30), min_size=1, max_size=40), n=st.integers(1, 12))
def test_chunk_lengths_cut_every_n_tokens(lengths, n):
    expected = [min(n, L - start) for L in lengths for start in range(0, L, n)]
    assert chunk_lengths(np.array(lengths), n).tolist() == expected


def test_lengths_are_those_iteration_gives_cut_again():
    ids = ArrayStore()
    ids.extend_array(np.arange(23) % 4)
    ends = ArrayStore(dtype=np.int64)
    ends.extend_array(np.array([11, 12, 23]))
    corpus = EncodedCorpus(ids, ends, 23, 11, words=["a", "b", "c", "d"],
                           counts=np.array([6, 6, 6, 5]), max_sentence_length=5)
    assert [len(s) for s in corpus] == [5, 5, 1, 1, 5, 5, 1]
    assert corpus.lengths(3).array.tolist() == [3, 2, 3, 2, 1, 1, 3, 2, 3, 2, 1]
    assert [s.tolist() for s in corpus.sentence_ids()][1] == [3]
    with pytest.raises(CorpusError, match="does not know its words"):
        list(EncodedCorpus(ids, ends))


def test_remap_into_another_store_leaves_the_source_alone():
    src = filled(100, 10 ** 6)
    lengths = ArrayStore(dtype=np.int64)
    lengths.extend_array(np.array([50, 50]))
    id_map = np.where(np.arange(100) % 2 == 0, np.arange(100) // 2, -1).astype(np.int32)
    corpus = remap(src, lengths, id_map, out=ArrayStore())
    assert corpus.tokens.tolist() == list(range(50)) and corpus.ends.array.tolist() == [25, 50]
    assert np.array_equal(src.array, np.arange(100))
