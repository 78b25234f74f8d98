"""``zero2vec train CORPUS... --ray [ADDRESS] --workers K``: the job of the CLI, on Ray."""
from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from zero2vec import distributed
from zero2vec.vectors import WordVectors

from ..cli.conftest import run  # noqa: F401  (the CLI tests' in-process runner: a fixture)


def _run(run, *args) -> tuple[int, str]:
    result = run(*args)
    return result.code, result.err


@pytest.mark.parametrize("extra, message", [
    (["--ray", "--engine", "layers"], "does not take --engine layers"),
    (["--ray", "--method", "ppmi-svd"], "does not take --method ppmi-svd"),
    (["--ray", "--model", "fasttext"], "does not take --model fasttext"),
    (["--ray", "--phrases", "1"], "does not take --phrases"),
    (["--ray", "--threads", "2"], "use --threads-per-worker"),
    (["--ray", "--workers", "0"], "ray_workers must be a positive integer"),
    (["--threads-per-worker", "2"], "--threads-per-worker needs --ray"),
    (["EXTRA"], "several corpus files need --ray"),
    (["--ray", "--serve"], "--serve does not watch distributed training"),
])
def test_conflicting_options_are_one_line_errors(run, brown_files, tmp_path, extra, message):
    parts, _ = brown_files
    extra = [parts[1] if a == "EXTRA" else a for a in extra]
    code, err = _run(run, "train", parts[0], *extra, "-o", tmp_path / "v.bin", "-q")
    assert code == 1 and message in err and err.count("\n") == 1, err
    assert not (tmp_path / "v.bin").exists()


def test_without_ray_installed_the_error_says_what_to_install(run, brown_files, tmp_path,
                                                             monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    code, err = _run(run, "train", *brown_files[0], "--ray", "-o", tmp_path / "v.bin")
    assert code == 1 and "pip install 'zero2vec[ray]'" in err and err.count("\n") == 1


def test_the_cli_trains_what_the_api_trains(local_ray, run, brown_files, tmp_path):
    parts, _ = brown_files
    out = tmp_path / "v.bin"
    code, err = _run(run, "train", *parts, "--ray", "--workers", "2", "-o", out, "--size", "16",
                     "--iter", "1", "--seed", "4", "--cbow", "0", "-q", "--no-plot")
    assert code == 0, err
    api = distributed.Word2Vec(parts, num_workers=2, vector_size=16, epochs=1, seed=4, sg=1)
    wv = WordVectors.load_word2vec_format(out, binary=True)
    assert wv.index_to_key == api.wv.index_to_key
    np.testing.assert_array_equal(wv.vectors, api.wv.vectors)
    summary = json.loads((tmp_path / "v.bin.json").read_text())
    assert summary["corpus_files"] == parts and summary["distributed"]["workers"] == 2
    assert summary["params"]["ray_workers"] == 2 and summary["params"]["sg"] == 1
    assert not (tmp_path / "v.bin.ckpt").exists()  # the run's checkpoint goes once it is done


def test_a_folder_is_a_corpus_of_its_files(local_ray, run, brown_files, tmp_path):
    parts, _ = brown_files
    folder = tmp_path / "shards"
    folder.mkdir()
    for i, p in enumerate(parts):
        (folder / f"{i}.txt").write_text(open(p, encoding="utf8").read(), encoding="utf8")
    code, err = _run(run, "train", folder, "--ray", "--workers", "2", "-o", tmp_path / "f.bin",
                     "--size", "8", "--iter", "1", "-q", "--no-plot")
    assert code == 0, err
    files = json.loads((tmp_path / "f.bin.json").read_text())["corpus_files"]
    assert files == [str(folder / f"{i}.txt") for i in range(4)]
