"""Corpus files, their assignment to workers, and the merged vocabulary (no Ray needed)."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.corpus.sentences import LineSentence
from zero2vec.corpus.vocab import Vocabulary
from zero2vec.distributed.shards import assign, corpus_files, merge_counts
from zero2vec.distributed.worker import ShardWorker
from zero2vec.engine.settings import Settings
from zero2vec.errors import ConfigError, CorpusError

from .conftest import write


def test_a_folder_a_glob_and_a_list_name_the_files_in_corpus_order(tmp_path):
    b = write(tmp_path, "b.txt", "x y\n")
    a = write(tmp_path, "a.txt", "y z\n")
    assert corpus_files(tmp_path) == [a, b]
    assert corpus_files(str(tmp_path / "*.txt")) == [a, b]
    assert corpus_files([b, a]) == [b, a]  # a list keeps its order


@pytest.mark.parametrize("make, message", [
    (lambda d: str(d / "*.none"), "names no corpus file"),
    (lambda d: [], "empty list"),
    (lambda d: [write(d, "a.txt", "x\n")] * 2, "named twice"),
    (lambda d: [str(d / "missing.txt")], "no such corpus file"),
])
def test_bad_corpus_specs_are_one_line_errors(tmp_path, make, message):
    with pytest.raises(CorpusError, match=message):
        corpus_files(make(tmp_path))


def test_files_go_whole_to_workers_largest_first_and_the_same_every_time(tmp_path):
    files = [write(tmp_path, f"f{i}.txt", "w " * n) for i, n in enumerate([5, 40, 10, 30])]
    # sizes 10, 80, 20, 60: 80 -> w0, 60 -> w1, 20 -> w1, 10 -> w0 (a tie: the first)
    assert assign(files, 2) == [[0, 1], [2, 3]] == assign(files, 2)
    with pytest.raises(ConfigError, match="at least 5 corpus files"):
        assign(files, 5)


def _worker_counts(files: list[str], ids: list[int], **settings):
    w = ShardWorker(files, ids, Settings(**settings).as_dict(), 0, 1)
    return w.scan()[:3]


@pytest.mark.parametrize("max_final_vocab", [None, 300])
def test_merged_counts_are_the_single_machine_vocabulary_of_the_files_joined(brown_files,
                                                                              max_final_vocab):
    parts, whole = brown_files
    # workers holding files out of order: the merge still follows the corpus order
    counts = [_worker_counts([parts[1], parts[3]], [1, 3]), _worker_counts([parts[0], parts[2]], [0, 2])]
    merged = merge_counts(counts, 5, max_final_vocab)
    single = Vocabulary.build(LineSentence(whole), 5, max_final_vocab)
    assert merged.index_to_key == single.index_to_key  # ties in first-seen order too
    np.testing.assert_array_equal(merged.counts, single.counts)


def test_merging_prunes_with_word2vec_c_rule_when_max_vocab_size_is_set(brown_files):
    parts, _ = brown_files
    counts = [_worker_counts([p], [i], max_vocab_size=2000) for i, p in enumerate(parts[:2])]
    assert all(len(c[0]) <= 2000 + 1 for c in counts)  # each worker bounded its own table
    merged = merge_counts(counts, 1, None, 2000)
    assert len(merged) <= 2000
    assert merged.index_to_key[:3] == ["the", ",", "."]
