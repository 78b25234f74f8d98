"""What the API says before any Ray work: a missing Ray, refused settings (no cluster)."""
from __future__ import annotations

import sys

import pytest

from zero2vec import distributed
from zero2vec.errors import ConfigError, MissingDependencyError


def test_without_ray_the_error_says_what_to_install(brown_files, monkeypatch):
    parts, _ = brown_files
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    with pytest.raises(MissingDependencyError, match=r"zero2vec\[ray\]"):
        distributed.Word2Vec(parts, num_workers=2)


@pytest.mark.parametrize("settings, message", [
    (dict(workers=2), "threads_per_worker"),
    (dict(callbacks=()), "callbacks"),
    (dict(corpus_file="x.txt"), "corpus_files"),
    (dict(num_workers=0), "num_workers"),
    (dict(threads_per_worker=0), "threads_per_worker"),
    (dict(sync_words=0), "sync_words"),
    (dict(vector_size=0), "vector_size"),
    (dict(vector_sise=10), "unknown settings: vector_sise"),
    (dict(num_workers=5), "at least 5 corpus files"),
])
def test_refused_settings_are_one_line_errors_before_ray_starts(brown_files, monkeypatch,
                                                                 settings, message):
    parts, _ = brown_files
    monkeypatch.setitem(sys.modules, "ray", None)  # nothing may reach Ray
    with pytest.raises(ConfigError, match=message):
        distributed.Word2Vec(parts, **settings)
