"""The Penn Treebank (Mikolov's language-model split), loaded as the book's ``dataset/ptb.py``.

``load_data(split)`` returns ``(corpus, word_to_id, id_to_word)``: each line's words
followed by ``<eos>``, ids given in order of first appearance in the **train** file
(so every split shares one vocabulary of 10,000 words).

Files are looked for in ``data_dir``, then ``$ZERO2VEC_DATA``, then any ``local_dirs`` (the
book's ``dataset/`` folder, for :mod:`zero2vec.book.dataset.ptb`), then the per-user cache
(``$XDG_CACHE_HOME/zero2vec`` or ``~/.cache/zero2vec``); each folder may hold the file, a
``.gz`` copy of it, or either in a ``ptb/`` subfolder. Missing files are downloaded from
``$ZERO2VEC_PTB_URL`` or the book's source, verified by size and md5, and saved to
``data_dir``, ``$ZERO2VEC_DATA`` or the cache (the first that is set).
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from zero2vec.corpus.reader import read_text
from zero2vec.corpus.scan import first_seen_ids
from zero2vec.datasets.download import fetch, md5sum
from zero2vec.errors import CorpusError, DatasetError

URL_BASE = "https://raw.githubusercontent.com/tomsercu/lstm/master/data/"
FILES = {  # name: (size in bytes, md5)
    "ptb.train.txt": (5101618, "f26c4b92c5fdc7b3f8c7cdcb991d8420"),
    "ptb.valid.txt": (399782, "aa0affc06ff7c36e977d7cd49e3839bf"),
    "ptb.test.txt": (449945, "8b80168b89c18661a38ef683c0dc3721"),
}
SPLITS = {"train": "ptb.train.txt", "valid": "ptb.valid.txt", "val": "ptb.valid.txt",
          "test": "ptb.test.txt"}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zero2vec"


def search_dirs(data_dir: str | os.PathLike | None = None,
                local_dirs: Sequence[str | os.PathLike] = ()) -> list[Path]:
    """The folders looked in, in order: ``data_dir``, ``$ZERO2VEC_DATA``, ``local_dirs``, the cache."""
    dirs = [Path(data_dir)] if data_dir is not None else []
    if os.environ.get("ZERO2VEC_DATA"):
        dirs.append(Path(os.environ["ZERO2VEC_DATA"]))
    dirs.extend(Path(d) for d in local_dirs)
    dirs.append(cache_dir())
    return dirs


def _find(name: str, dirs: list[Path]) -> Path | None:
    for d in dirs:
        for candidate in (d / name, d / "ptb" / name, d / (name + ".gz"), d / "ptb" / (name + ".gz")):
            if candidate.is_file():
                return candidate
    return None


def get_file(name: str, data_dir: str | os.PathLike | None = None, download: bool = True,
             url_base: str | None = None, local_dirs: Sequence[str | os.PathLike] = ()) -> Path:
    """Local path of a PTB file, downloading (and verifying) it when absent."""
    dirs = search_dirs(data_dir, local_dirs)
    found = _find(name, dirs)
    if found is not None:
        return found
    dest = search_dirs(data_dir)[0]  # downloads go to data_dir, $ZERO2VEC_DATA or the cache
    hint = (f"set ZERO2VEC_DATA to a folder holding {name} (a {name}.gz copy works too); "
            f"looked in {', '.join(str(d) for d in dirs)}")
    if not download:
        raise DatasetError(f"{name} not found; put it in {dest}, or {hint}")
    url = (url_base or os.environ.get("ZERO2VEC_PTB_URL") or URL_BASE).rstrip("/") + "/" + name
    size, md5 = FILES[name]
    return fetch(url, dest / name, size=size, md5=md5, offline_hint=hint)


def _read_words(path: Path) -> list[str]:
    try:
        text = read_text(path)
    except CorpusError as e:
        raise DatasetError(f"cannot be read as PTB text: {e}") from None
    words = text.replace("\n", "<eos>").strip().split()
    if not words:
        raise DatasetError(f"{path}: is empty")
    return words


def _vocab(keys: list[str]) -> tuple[dict[str, int], dict[int, str]]:
    return {w: i for i, w in enumerate(keys)}, dict(enumerate(keys))


def load_vocab(data_dir: str | os.PathLike | None = None, download: bool = True,
               url_base: str | None = None, local_dirs: Sequence[str | os.PathLike] = ()
               ) -> tuple[dict[str, int], dict[int, str]]:
    """The book's vocabulary: train-file words in order of first appearance."""
    path = get_file("ptb.train.txt", data_dir, download, url_base, local_dirs)
    return _vocab(first_seen_ids([_read_words(path)])[0])


def load_data(split: str = "train", data_dir: str | os.PathLike | None = None,
              download: bool = True, url_base: str | None = None,
              local_dirs: Sequence[str | os.PathLike] = ()
              ) -> tuple[np.ndarray, dict[str, int], dict[int, str]]:
    """Load a PTB split as the book does.

    Parameters
    ----------
    split : {"train", "valid" (or "val"), "test"}
    data_dir : path, optional
    download : bool
        Fetch missing files (set False to fail fast offline).
    url_base : str, optional
        Where to download from (default ``$ZERO2VEC_PTB_URL`` or the book's source).
    local_dirs : sequence of paths
        More folders to look in, after ``$ZERO2VEC_DATA`` and before the cache.

    Returns
    -------
    corpus : np.ndarray of int32
    word_to_id : dict[str, int]
    id_to_word : dict[int, str]
    """
    if split not in SPLITS:
        raise DatasetError(f"unknown PTB split {split!r}; choose train, valid or test")
    train = _read_words(get_file("ptb.train.txt", data_dir, download, url_base, local_dirs))
    texts = [train]
    if SPLITS[split] != "ptb.train.txt":
        texts.append(_read_words(get_file(SPLITS[split], data_dir, download, url_base, local_dirs)))
    # ids in order of first appearance, the train file first: a split's word with an id
    # past the train file's last is not in the train vocabulary
    keys, ids = first_seen_ids(texts)
    n_train = int(ids[:len(train)].max()) + 1
    corpus = ids[len(train):].copy() if len(texts) > 1 else ids
    unknown = corpus[corpus >= n_train]
    if len(unknown):
        raise DatasetError(f"PTB {split} holds {keys[unknown[0]]!r}, which the train file lacks")
    return corpus, *_vocab(keys[:n_train])


def verify(data_dir: str | os.PathLike | None = None) -> dict[str, bool]:
    """md5 check of the plain-text PTB files found locally (name -> ok)."""
    out = {}
    for name, (_, md5) in FILES.items():
        p = _find(name, search_dirs(data_dir))
        if p is not None and p.suffix != ".gz":
            out[name] = md5sum(p) == md5
    return out
