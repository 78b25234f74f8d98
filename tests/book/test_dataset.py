"""zero2vec.book.dataset.ptb: $ZERO2VEC_DATA, then the book's dataset/ folder beside the
running script, then the cache; .gz copies; an offline error that says what to do."""
from __future__ import annotations

import gzip
import sys

import numpy as np
import pytest

from zero2vec.book.dataset import ptb
from zero2vec.errors import DatasetError

TRAIN = " the cat sat \n the dog ran \n"


@pytest.fixture
def book_layout(tmp_path, monkeypatch):
    """The book's folders: <root>/ch02/script.py is running, <root>/dataset holds the data."""
    (tmp_path / "ch02").mkdir()
    (tmp_path / "dataset").mkdir()
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "ch02" / "show_ptb.py")])
    monkeypatch.delenv("ZERO2VEC_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("ZERO2VEC_PTB_URL", "http://127.0.0.1:9/")  # never the internet
    return tmp_path


def test_the_books_dataset_folder_beside_the_chapter(book_layout):
    with gzip.open(book_layout / "dataset" / "ptb.train.txt.gz", "wt") as f:
        f.write(TRAIN)
    corpus, w2i, i2w = ptb.load_data("train")
    assert [i2w[i] for i in corpus] == "the cat sat <eos> the dog ran <eos>".split()
    assert ptb.load_vocab() == (w2i, i2w)


def test_a_dataset_folder_inside_the_script_folder(book_layout):
    (book_layout / "ch02" / "dataset").mkdir()
    (book_layout / "ch02" / "dataset" / "ptb.train.txt").write_text(TRAIN)
    assert len(ptb.load_data("train")[0]) == 8


def test_zero2vec_data_comes_first(book_layout, monkeypatch):
    (book_layout / "dataset" / "ptb.train.txt").write_text(TRAIN)
    mine = book_layout / "mine"
    mine.mkdir()
    (mine / "ptb.train.txt").write_text(" a b \n")
    monkeypatch.setenv("ZERO2VEC_DATA", str(mine))
    corpus, w2i, _ = ptb.load_data("train")
    assert list(w2i) == ["a", "b", "<eos>"]


def test_offline_without_a_copy_names_zero2vec_data_and_gz(book_layout):
    with pytest.raises(DatasetError) as e:
        ptb.load_data("train")
    msg = str(e.value)
    assert "ZERO2VEC_DATA" in msg and "ptb.train.txt.gz" in msg
    assert str(book_layout / "dataset") in msg and "\n" not in msg


def test_real_ptb_through_zero2vec_data_prints_the_books_ids(shared_data, monkeypatch, capsys):
    """ch02/show_ptb.py's values (the book's printout)."""
    monkeypatch.setenv("ZERO2VEC_DATA", str(shared_data / "corpora" / "ptb"))
    corpus, w2i, i2w = ptb.load_data("train")
    assert len(corpus) == 929589 and corpus[:30].tolist() == list(range(30))
    assert [i2w[i] for i in range(3)] == ["aer", "banknote", "berlitz"]
    assert (w2i["car"], w2i["happy"], w2i["lexus"]) == (3856, 4428, 7426)
    assert np.issubdtype(corpus.dtype, np.integer)


def test_a_notebook_in_a_chapter_folder_finds_the_books_dataset(book_layout, monkeypatch):
    """No script path (an interactive session): the folders beside the current one."""
    (book_layout / "dataset" / "ptb.train.txt").write_text(TRAIN)
    monkeypatch.setattr(sys, "argv", [""])
    monkeypatch.chdir(book_layout / "ch02")
    assert len(ptb.load_data("train")[0]) == 8
