"""Every class of bad input through the CLI: exit code 1, one line naming the problem, no
traceback, nothing written, the inputs unchanged (issue 17's "one line, always")."""
from __future__ import annotations

import hashlib

import pytest

TRAIN = ["--size", "4", "--window", "2", "--min-count", "1", "--iter", "1", "--threads", "1",
         "--quiet", "--no-plot"]

BAD_OPTIONS = [  # (extra train options, what the line must say)
    (["--size", "0"], "vector_size must be a positive integer"),
    (["--window", "-1"], "window must be a positive integer"),
    (["--iter", "0"], "epochs must be a positive integer"),
    (["--threads", "0"], "workers must be a positive integer"),
    (["--sample", "2"], "sample must be a finite number"),
    (["--alpha", "nan"], "alpha must be a finite number"),
    (["--negative", "-1"], "negative must be an integer"),
    (["--seed", "-1"], "seed must be"),
    (["--min-count", "-1"], "min_count must be an integer >= 0"),
    (["--checkpoint-every", "-1"], "checkpoint_every must be a positive integer"),
    (["--checkpoint-minutes", "nan"], "checkpoint_minutes must be a finite number > 0"),
    (["--checkpoint-minutes", "0"], "checkpoint_minutes must be a finite number > 0"),
    (["--engine", "layers", "--lr", "-1"], "learning rate must be a finite number > 0"),
    (["--engine", "layers", "--optimizer", "foo"], "unknown optimizer 'foo'"),
    (["--engine", "layers", "--batch-size", "0"], "batch_size must be a positive integer"),
    (["--tokenizer", "foo"], "unknown tokenizer 'foo'"),
    (["--encoding", "foo"], "unknown encoding 'foo'"),
    (["--errors", "foo"], "errors must be one of"),
    (["--method", "ppmi-svd", "--size", "0"], "vector_size must be a positive integer"),
    (["--tokenizer", "regex", "--ja-form", "foo"], "form must be one of"),
]


def _digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _one_line(r, needle: str) -> None:
    assert r.code == 1, (r.code, r.err)
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1, r.err  # (click may add a blank line)
    assert r.err.strip().startswith("zero2vec: error: ") and needle in r.err, r.err


@pytest.mark.parametrize("extra, needle", BAD_OPTIONS, ids=[" ".join(e) for e, _ in BAD_OPTIONS])
def test_bad_train_options(run, corpus, tmp_path, extra, needle):
    before = _digest(corpus)
    r = run("train", corpus, "-o", tmp_path / "v.txt", *TRAIN, *extra)
    _one_line(r, needle)
    assert _digest(corpus) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [corpus.name]  # nothing written


@pytest.mark.parametrize("content, needle", [
    (b"a b c\n", "should be the header"),          # a corpus where vectors were expected
    (b"", "is empty"),
    (b"2 3\nking 1 2 3\n", "ends after 1 of 2 words"),  # fewer records than the header says
    (b"\xff\xfe\x00garbage", ""),                  # not text
])
def test_bad_vector_files(run, tmp_path, content, needle):
    f = tmp_path / "v.txt"
    f.write_bytes(content)
    for args in (["similar", f, "king"], ["analogy", f, "a", "b", "c"],
                 ["convert", f, tmp_path / "out.bin"], ["plot", "words", f, "a", "b", "-o",
                                                        tmp_path / "m.png"]):
        r = run(*args, "-q")
        _one_line(r, needle)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.txt"]


def test_bad_files_in_other_roles(run, corpus, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    _one_line(run("train", folder, "-o", tmp_path / "v.txt", *TRAIN), "is a directory")
    _one_line(run("train", corpus, "-o", tmp_path / "v.txt", "--resume", corpus, *TRAIN),
              "not a readable zero2vec checkpoint")
    assert "allow_pickle" not in run("train", corpus, "-o", tmp_path / "v.txt", "--resume", corpus,
                                     *TRAIN).err  # never advice to unpickle untrusted data
    _one_line(run("inspect", "--model", "foo"), "unknown model 'foo'")
    _one_line(run("inspect", "--window", "0"), "window_size must be a positive integer")


def test_truncated_compressed_inputs_name_the_problem(run, tmp_path):
    """A truncated .gz raises an error that is also an EOFError (as gensim's); click takes any
    EOFError for Ctrl-D, and the line must still be printed."""
    import gzip

    data = gzip.compress(b"a b c\n" * 5000)
    corpus = tmp_path / "c.txt.gz"
    corpus.write_bytes(data[:len(data) // 2])
    _one_line(run("train", corpus, "-o", tmp_path / "v.txt", *TRAIN), "corrupt or truncated gz data")
    vecs = tmp_path / "v.txt.gz"
    vecs.write_bytes(gzip.compress(b"3 2\na 1 2\nb 1 2\nc 1 2\n")[:-6])
    _one_line(run("similar", vecs, "a", "-q"), "corrupt or truncated gz data")
