"""The ``zero2vec`` command line: every command, word2vec.c argv, one-line errors."""
from __future__ import annotations

import json

import numpy as np
import pytest

from zero2vec.cli._argv import translate_argv
from zero2vec.errors import ConfigError
from zero2vec.vectors import load

COMMANDS = [["train"], ["similar"], ["analogy"], ["evaluate"], ["convert"], ["plot", "loss"],
            ["plot", "words"], ["plot", "neighbours"]]


@pytest.mark.parametrize("cmd", COMMANDS)
def test_help_with_examples(run, cmd):
    r = run(*cmd, "--help")
    assert r.code == 0 and "Example" in r.out


def test_translate_word2vec_c_argv():
    argv = "-train t.txt -output v.bin -cbow 0 -size 50 -window 3 -sample 1e-4 -negative 2 " \
           "-hs 0 -binary 1 -iter 2 -threads 1 -min-count 1 -alpha 0.05 -debug 2".split()
    assert translate_argv(argv) == ["train", "t.txt", "--output", "v.bin", "--cbow", "0", "--size",
                                    "50", "--window", "3", "--sample", "1e-4", "--negative", "2",
                                    "--hs", "0", "--binary", "1", "--iter", "2", "--threads", "1",
                                    "--min-count", "1", "--alpha", "0.05"]
    assert translate_argv(["train", "-train", "t", "-debug", "0"]) == ["train", "t", "--quiet"]
    assert translate_argv(["similar", "v.bin", "-size"]) == ["similar", "v.bin", "-size"]
    with pytest.raises(ConfigError, match="read-vocab"):
        translate_argv(["-train", "t", "-read-vocab", "v"])


def test_train_word2vec_c_command_line(run, corpus, tmp_path):
    out = tmp_path / "v.bin"
    r = run("-train", corpus, "-output", out, "-cbow", "0", "-size", "12", "-window", "3",
            "-negative", "3", "-hs", "0", "-sample", "1e-4", "-binary", "1", "-iter", "2",
            "-threads", "1", "-min-count", "1", "-alpha", "0.025")
    assert r.code == 0, r.err
    gensim = pytest.importorskip("gensim.models")
    kv = gensim.KeyedVectors.load_word2vec_format(str(out), binary=True)
    assert kv.vector_size == 12 and "king" in kv.key_to_index
    summary = json.loads((tmp_path / "v.bin.json").read_text())
    assert summary["engine"] == "native" and summary["params"]["sg"] == 1 and summary["params"]["vector_size"] == 12
    assert len(summary["loss_history"]) == 2 and summary["vocab_size"] == len(kv)
    assert (tmp_path / "v.bin.loss.png").read_bytes().startswith(b"\x89PNG")


def test_train_long_options_text_output(run, corpus, tmp_path):
    out = tmp_path / "v.vec"
    r = run("train", corpus, "--output", out, "--size", "8", "--min-count", "1", "--iter", "1",
            "--threads", "1", "--quiet")
    assert r.code == 0, r.err
    assert r.err == ""  # --quiet
    assert load(out).vector_size == 8


def test_train_layers_engine_native_format(run, corpus, tmp_path):
    out = tmp_path / "v.z2v"
    r = run("train", corpus, "--output", out, "--engine", "layers", "--size", "8", "--window", "2",
            "--min-count", "1", "--iter", "1", "--quiet")
    assert r.code == 0, r.err
    wv = load(out)
    assert wv.metadata["engine"] == "layers" and wv.vector_size == 8
    assert json.loads((tmp_path / "v.z2v.json").read_text())["loss_history"]


def test_train_ppmi_svd(run, corpus, tmp_path):
    out = tmp_path / "ppmi.txt"
    r = run("train", corpus, "--output", out, "--method", "ppmi-svd", "--size", "5",
            "--min-count", "1", "--quiet")
    assert r.code == 0, r.err
    assert load(out).vector_size == 5
    assert not (tmp_path / "ppmi.txt.loss.png").exists()  # count-based: no loss


@pytest.mark.parametrize("args,msg", [
    (["--engine", "gpu"], "engine must be one of 'native', 'layers', got 'gpu'"), (["--hs", "2"], "--hs"),
    (["--format", "xml"], "format must be one of"), (["--method", "lsa"], "method must be one of"),
    (["--engine", "layers", "--hs", "1", "--negative", "0"], "hs=1 (--hs 1) needs the native engine"),
    (["--method", "ppmi-svd", "--checkpoint-every", "5"], "checkpoint_every applies to word2vec training"),
    # -1 made the native engine checkpoint forever (a hang); nan was accepted
    (["--checkpoint-every", "-1", "--min-count", "1"], "checkpoint_every must be a positive integer"),
    (["--engine", "layers", "--checkpoint-minutes", "nan", "--min-count", "1", "--iter", "1"],
     "checkpoint_minutes must be a finite number > 0"),
])
def test_train_bad_options(run, corpus, tmp_path, args, msg):
    r = run("train", corpus, "--output", tmp_path / "v.bin", *args)
    assert r.code == 1 and msg in r.err and "Traceback" not in r.err


def test_train_missing_and_empty_corpus(run, tmp_path):
    r = run("train", tmp_path / "none.txt", "--output", tmp_path / "v.bin")
    assert r.code == 1 and r.err.strip() == f"zero2vec: error: {tmp_path / 'none.txt'}: no such corpus file"
    (tmp_path / "empty.txt").write_text("")
    r = run("train", tmp_path / "empty.txt", "--output", tmp_path / "v.bin")
    assert r.code == 1 and "empty" in r.err and len(r.err.strip().splitlines()) == 1
    r = run("train", tmp_path / "empty.txt", "--output", tmp_path / "nodir" / "v.bin")
    assert r.code == 1


def test_similar_and_analogy(run, vec_file):
    r = run("similar", vec_file, "king", "東京", "-n", "3", "-q")
    assert r.code == 0 and "king" in r.out and "東京" in r.out and r.out.count("│ 3 │") == 2
    r = run("similar", vec_file, "king", "--negative", "man", "-q")
    assert r.code == 0 and "king - man" in r.out
    r = run("analogy", vec_file, "man", "king", "woman", "-q")
    assert r.code == 0 and "man : king = woman : ?" in r.out
    r = run("analogy", vec_file, "man", "king", "woman", "--cosmul", "-q")
    assert r.code == 0


def test_unknown_word_one_line_with_suggestion(run, vec_file):
    r = run("similar", vec_file, "kinq", "-q")
    assert r.code == 1
    assert r.err.strip() == "zero2vec: error: word 'kinq' is not in the vocabulary; did you mean 'king'?"


def test_debug_shows_traceback(vec_file):
    from zero2vec.cli.main import main
    from zero2vec.errors import UnknownWordError
    with pytest.raises(UnknownWordError):
        main(["--debug", "similar", str(vec_file), "kinq", "-q"])


def test_corrupt_and_mismatched_files(run, vec_file, tmp_path):
    bad = tmp_path / "cut.bin"
    bad.write_bytes(vec_file.read_bytes()[:150])
    r = run("similar", bad, "king", "-q")
    assert r.code == 1 and "file ends early" in r.err and "byte" in r.err
    mism = tmp_path / "m.txt"
    mism.write_text("2 3\na 1 2 3\nb 1 2\n")
    r = run("similar", mism, "a", "-q")
    assert r.code == 1 and "line 3: expected a word and 3 numbers, found 2" in r.err
    r = run("similar", tmp_path / "none.bin", "a")
    assert r.code == 1 and "no such file" in r.err


def test_evaluate_table_and_json(run, vec_file, tmp_path):
    q = tmp_path / "q.txt"
    q.write_text(": capital\ntokyo japan paris france\nman woman king queen\n: other\nw1 w2 w3 w4\n")
    p = tmp_path / "pairs.csv"
    p.write_text("word1,word2,mean\nking,queen,8\nman,woman,7\ntokyo,w1,1\n東京,日本,9\n")
    j = tmp_path / "scores.json"
    r = run("evaluate", vec_file, "--analogies", q, "--pairs", p, "--sections", "--json", j, "-q")
    assert r.code == 0, r.err
    assert "q.txt" in r.out and "pairs.csv" in r.out and "capital" in r.out
    data = json.loads(j.read_text())["results"]
    assert data[0]["questions"] == 3 and set(data[0]["sections"]) == {"capital", "other"}
    assert data[1]["pairs"] == 4 and -1 <= data[1]["spearman"] <= 1
    r = run("evaluate", vec_file)
    assert r.code == 1 and "--analogies" in r.err
    r = run("evaluate", vec_file, "--pairs", tmp_path / "nope.tsv")
    assert r.code == 1 and "no such evaluation file" in r.err


def test_evaluate_real_sets(run, vec_file, shared_data):
    r = run("evaluate", vec_file, "--analogies", shared_data / "eval" / "questions-words.txt",
            "--pairs", shared_data / "ja" / "eval" / "jwsd" / "score_noun.csv", "-q")
    # toy vectors cover no JWSD pair: reported as 100% OOV, not an error
    assert r.code == 0, r.err
    assert "questions-words.txt" in r.out and "score_noun.csv" in r.out and "100.0" in r.out


@pytest.mark.parametrize("target,to", [("v.txt", None), ("v.z2v", None), ("v.pkl", None),
                                       ("proj", "tensorboard"), ("v2.bin", None)])
def test_convert_every_format(run, vec_file, tmp_path, target, to):
    dst = tmp_path / target
    r = run("convert", vec_file, dst, *(["--to", to] if to else []), "-q")
    assert r.code == 0, r.err
    src, got = load(vec_file), load(dst)
    assert got.index_to_key == src.index_to_key
    np.testing.assert_allclose(got.vectors, src.vectors, rtol=1e-6)


def test_convert_limit_and_errors(run, vec_file, tmp_path):
    r = run("convert", vec_file, tmp_path / "small.txt", "--limit", "5", "-q")
    assert r.code == 0 and len(load(tmp_path / "small.txt")) == 5
    r = run("convert", vec_file, tmp_path / "out.xyz")
    assert r.code == 1 and "cannot tell the format" in r.err
    r = run("convert", vec_file, tmp_path / "o.txt", "--to", "xml")
    assert r.code == 1 and "--to must be one of" in r.err


@pytest.mark.parametrize("history", ['["a", "b"]', "5", "[1, NaN, 2]", "[true]"])
def test_plot_loss_refuses_a_bad_history(run, tmp_path, history):
    s = tmp_path / "s.json"
    s.write_text('{"loss_history": %s}' % history)
    r = run("plot", "loss", s, "-o", tmp_path / "l.png", "-q")
    assert r.code == 1 and "list of finite numbers" in r.err and "Traceback" not in r.err
    assert not (tmp_path / "l.png").exists()


def test_plot_commands(run, vec_file, corpus, tmp_path):
    r = run("plot", "words", vec_file, "king", "queen", "東京", "日本", "-o", tmp_path / "m.png", "-q")
    assert r.code == 0, r.err
    r = run("plot", "neighbours", vec_file, "king", "-n", "5", "-o", tmp_path / "n.png", "-q")
    assert r.code == 0, r.err
    summary = tmp_path / "s.json"
    summary.write_text(json.dumps({"loss_history": [3, 2, 1.5], "engine": "native"}))
    r = run("plot", "loss", summary, "-o", tmp_path / "l.png", "-q")
    assert r.code == 0, r.err
    for f in ("m.png", "n.png", "l.png"):
        assert (tmp_path / f).read_bytes().startswith(b"\x89PNG")
    r = run("plot", "words", vec_file, "king", "-o", tmp_path / "x.png")
    assert r.code == 1 and "two different words" in r.err
    r = run("plot", "words", vec_file, "king", "kinq", "-o", tmp_path / "x.png", "-q")
    assert r.code == 1 and "'kinq'" in r.err


def test_progress_on_a_terminal_only(run, vec_file, tmp_path, monkeypatch):
    import io

    from rich.console import Console

    from zero2vec import _progress
    q = tmp_path / "q.txt"
    q.write_text(": s\nking queen man woman\n")
    r = run("evaluate", vec_file, "-a", q)
    assert r.code == 0 and r.err == ""  # not a terminal: no progress noise
    buf = io.StringIO()
    monkeypatch.setattr(_progress, "_stderr", Console(file=buf, force_terminal=True, width=120))
    r = run("evaluate", vec_file, "-a", q)
    assert r.code == 0
    shown = buf.getvalue()
    assert "loading" in shown and "analogies q.txt" in shown and "q/s" in shown and "ETA" in shown
    buf.truncate(0)
    run("convert", vec_file, tmp_path / "o.txt")
    assert "saving o.txt" in buf.getvalue() and "words/s" in buf.getvalue()


def test_cli_main_module_runs_as_a_script():
    """The wiring is explicit: ``python -m zero2vec.cli.main`` sees every command (it crashed
    when commands registered themselves on ``main``'s app through importlib)."""
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "zero2vec.cli.main", "--help"], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    for cmd in ("train", "similar", "analogy", "evaluate", "convert", "plot", "demo", "inspect"):
        assert cmd in p.stdout


def test_plot_commands_all_say_what_they_wrote_and_loss_compares_runs(run, vec_file, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps({"loss_history": [3, 2], "loss_unit": "mean loss per word",
                             "engine": "native", "params": {"sg": 1}, "corpus": "c.txt"}))
    b.write_text(json.dumps({"loss_history": [4, 3, 2], "loss_unit": "mean loss per word"}))
    for args, png in ((["loss", a, b], "l.png"), (["words", vec_file, "king", "queen"], "w.png"),
                      (["neighbours", vec_file, "king", "-n", "3"], "n.png")):
        r = run("plot", *args, "-o", tmp_path / png)
        assert r.code == 0, r.err
        assert r.err.strip().endswith(f"wrote {tmp_path / png}"), r.err
        assert (tmp_path / png).read_bytes().startswith(b"\x89PNG")
        assert run("plot", *args, "-o", tmp_path / png, "-q").err == ""
    b.write_text(json.dumps({"loss_history": [4, 3, 2]}))  # an older summary: sums per epoch
    r = run("plot", "loss", a, b, "-o", tmp_path / "x.png")
    assert r.code == 1 and "different loss quantities" in r.err


def test_plot_warnings_are_one_line(run, vec_file, tmp_path, monkeypatch):
    from zero2vec.vectors import plot

    monkeypatch.setattr(plot, "find_cjk_font", lambda: None)
    monkeypatch.setattr(plot, "_warned", False)
    r = run("plot", "words", vec_file, "東京", "日本", "-o", tmp_path / "j.png", "-q")
    assert r.code == 0, r.err
    assert r.err.startswith("zero2vec: warning: no font with Japanese glyphs") and \
        len(r.err.strip().splitlines()) == 1, r.err
