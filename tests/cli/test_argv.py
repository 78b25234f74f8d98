"""Other tools' spellings of train's options: gensim's, fastText's, word2vec.c's."""
from __future__ import annotations

import json

import pytest

from zero2vec.cli._argv import ALIASES, translate_argv
from zero2vec.errors import ConfigError


def test_gensim_keywords():
    argv = ["train", "c.txt", "-o", "v.txt", "--epochs", "3", "--workers=2", "--vector-size", "8",
            "--sg", "1", "--min_count", "1"]
    assert translate_argv(argv) == ["train", "c.txt", "-o", "v.txt", "--iter", "3", "--threads=2",
                                    "--size", "8", "--cbow", "0", "--min-count", "1"]
    assert translate_argv(["train", "c", "-o", "v", "--sg=0"])[-2:] == ["--cbow", "1"]


def test_fasttext_options():
    argv = "-input c.txt -output v -dim 8 -ws 3 -neg 2 -epoch 1 -minCount 1 -thread 1 -t 1e-4".split()
    assert translate_argv(argv) == ["train", "c.txt", "--output", "v", "--size", "8", "--window", "3",
                                    "--negative", "2", "--iter", "1", "--min-count", "1",
                                    "--threads", "1", "--sample", "1e-4"]


@pytest.mark.parametrize("argv, words", [
    (["train", "c", "--sg", "2"], "0 or 1"),
    (["train", "c", "-lr", "0.05"], "--alpha"),
    (["train", "c", "-loss", "hs"], "--hs 1"),
    (["-input", "c", "-wordNgrams", "2"], "word n-grams"),
])
def test_no_equivalent_says_what_to_write(argv, words):
    with pytest.raises(ConfigError, match=words):
        translate_argv(argv)


def test_subword_options_map_to_train():
    assert translate_argv(["-input", "c", "-minn", "2", "-maxn", "4", "-bucket", "9"]) == \
        ["train", "c", "--minn", "2", "--maxn", "4", "--bucket", "9"]


def test_other_commands_untouched():
    assert translate_argv(["similar", "v.bin", "--epochs"]) == ["similar", "v.bin", "--epochs"]


def test_every_alias_names_a_train_option():
    import typer

    import zero2vec.cli.main  # noqa: F401 - registers the commands
    from zero2vec.cli.app import app

    train = typer.main.get_command(app).commands["train"]
    ours = {o for p in train.params for o in p.opts}
    assert set(ALIASES.values()) <= ours


def test_train_with_gensim_and_fasttext_names(run, corpus, tmp_path):
    out = tmp_path / "v.txt"
    r = run("train", corpus, "-o", out, "--epochs", "1", "--workers", "1", "--vector-size", "8",
            "--sg", "1", "--min_count", "1", "--quiet", "--no-plot")
    assert r.code == 0, r.err
    p = json.loads((tmp_path / "v.txt.json").read_text())["params"]
    assert (p["epochs"], p["workers"], p["vector_size"], p["sg"], p["min_count"]) == (1, 1, 8, 1, 1)
    out2 = tmp_path / "f.txt"
    r = run("-input", corpus, "-output", out2, "-dim", "6", "-epoch", "1", "-minCount", "1",
            "-thread", "1", "--quiet", "--no-plot")
    assert r.code == 0, r.err
    assert json.loads((tmp_path / "f.txt.json").read_text())["params"]["vector_size"] == 6


@pytest.mark.parametrize("argv, expected", [
    (["train", "--ray", "a.txt", "-o", "v"], ["train", "--ray", "local", "a.txt", "-o", "v"]),
    (["train", "a.txt", "--ray", "auto", "--workers", "4"],
     ["train", "a.txt", "--ray", "auto", "--workers", "4"]),  # with --ray: Ray workers
    (["train", "a.txt", "b.txt", "--ray", "10.0.0.1:6379", "--workers=3"],
     ["train", "a.txt", "b.txt", "--ray", "10.0.0.1:6379", "--workers=3"]),
    (["train", "a.txt", "--ray"], ["train", "a.txt", "--ray", "local"]),
    (["train", "a.txt", "--ray=ray://head:10001"], ["train", "a.txt", "--ray=ray://head:10001"]),
    (["train", "a.txt", "--workers", "4"], ["train", "a.txt", "--threads", "4"]),  # gensim's
])
def test_ray_takes_an_address_only_when_one_follows(argv, expected):
    assert translate_argv(argv) == expected
