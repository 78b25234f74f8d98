"""The PTB loader: local files, download from a local HTTP server, checksums, offline errors."""
import gzip
import hashlib
import http.server
import shutil
import threading
from functools import partial

import numpy as np
import pytest

from zero2vec.datasets import ptb
from zero2vec.errors import DatasetError

TRAIN = " the cat sat \n the dog ran \n"
VALID = " the dog sat \n"
TEST = " a cat \n"  # "a" is not in train


@pytest.fixture
def fake_files(tmp_path, monkeypatch):
    """A tiny PTB served from 127.0.0.1, with FILES patched to its sizes and md5s."""
    served = tmp_path / "served"
    served.mkdir()
    files = {}
    for name, text in (("ptb.train.txt", TRAIN), ("ptb.valid.txt", VALID), ("ptb.test.txt", TEST)):
        data = text.encode()
        (served / name).write_bytes(data)
        files[name] = (len(data), hashlib.md5(data).hexdigest())
    monkeypatch.setattr(ptb, "FILES", files)
    monkeypatch.delenv("ZERO2VEC_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_download_then_load_like_the_book(fake_files, tmp_path):
    _, url = fake_files
    corpus, w2i, i2w = ptb.load_data("train", url_base=url)
    assert [i2w[i] for i in corpus] == "the cat sat <eos> the dog ran <eos>".split()
    assert w2i == {"the": 0, "cat": 1, "sat": 2, "<eos>": 3, "dog": 4, "ran": 5}
    assert corpus.dtype == np.int32
    assert (tmp_path / "cache" / "zero2vec" / "ptb.train.txt").exists()
    val, _, _ = ptb.load_data("val", url_base=url)  # the book's alias
    assert [i2w[i] for i in val] == "the dog sat <eos>".split()


def test_word_outside_train_vocab_is_named(fake_files):
    _, url = fake_files
    with pytest.raises(DatasetError, match="'a'"):
        ptb.load_data("test", url_base=url)


def test_bad_checksum_leaves_no_file(fake_files, tmp_path):
    served, url = fake_files
    (served / "ptb.train.txt").write_bytes(TRAIN.replace("cat", "cow").encode())
    with pytest.raises(DatasetError, match="md5 mismatch"):
        ptb.load_data("train", url_base=url)
    assert list((tmp_path / "cache" / "zero2vec").iterdir()) == []


def test_offline_message_says_where_to_put_the_file(fake_files, tmp_path):
    with pytest.raises(DatasetError, match=r"put the file at .*ptb\.train\.txt"):
        ptb.load_data("train", url_base="http://127.0.0.1:9/")
    with pytest.raises(DatasetError, match="not found; put it in"):
        ptb.load_data("train", download=False)


def test_data_dir_and_env_and_gz(fake_files, tmp_path, monkeypatch):
    served, _ = fake_files
    d = tmp_path / "mine"
    d.mkdir()
    with open(served / "ptb.train.txt", "rb") as f, gzip.open(d / "ptb.train.txt.gz", "wb") as g:
        shutil.copyfileobj(f, g)
    corpus, w2i, _ = ptb.load_data("train", data_dir=d, download=False)
    assert len(corpus) == 8
    monkeypatch.setenv("ZERO2VEC_DATA", str(d))
    assert len(ptb.load_data("train", download=False)[0]) == 8


def test_unknown_split():
    with pytest.raises(DatasetError, match="unknown PTB split"):
        ptb.load_data("training")


def test_real_ptb_matches_the_book(shared_data):
    corpus, w2i, i2w = ptb.load_data("train", data_dir=shared_data / "corpora" / "ptb", download=False)
    assert len(w2i) == 10000 and len(corpus) == 929589
    assert i2w[0] == "aer" and w2i["<eos>"] == 24  # after the 24 words of line 1


def test_local_dirs_come_after_zero2vec_data_and_before_the_cache(fake_files, tmp_path, monkeypatch):
    served, url = fake_files
    book = tmp_path / "book_dataset"
    book.mkdir()
    (book / "ptb.train.txt").write_bytes(b" x y \n")
    assert list(ptb.load_data("train", local_dirs=[book], download=False)[1]) == ["x", "y", "<eos>"]
    env = tmp_path / "env"
    env.mkdir()
    (env / "ptb.train.txt").write_bytes(b" z \n")
    monkeypatch.setenv("ZERO2VEC_DATA", str(env))
    assert list(ptb.load_data("train", local_dirs=[book], download=False)[1]) == ["z", "<eos>"]


def test_offline_errors_name_zero2vec_data_and_gz_copies(fake_files, tmp_path):
    for kwargs in ({"download": False}, {"url_base": "http://127.0.0.1:9/"}):
        with pytest.raises(DatasetError) as e:
            ptb.load_data("train", local_dirs=[tmp_path / "book"], **kwargs)
        assert "ZERO2VEC_DATA" in str(e.value) and "ptb.train.txt.gz copy works" in str(e.value)
        assert str(tmp_path / "book") in str(e.value)
    # a download still goes to the cache, never into a local (book) folder
    assert not (tmp_path / "book").exists()
