"""The book's ``dataset/ptb.py``: ``load_data('train' | 'val' | 'valid' | 'test')``.

The loading is :mod:`zero2vec.datasets.ptb`'s; this module adds the book's own folder to
the places looked in. Local copies come first, in this order:

1. ``$ZERO2VEC_DATA``;
2. the book's ``dataset/`` folder next to the running script: ``<script folder>/../dataset``
   (a chapter folder's sibling, the book's layout) and ``<script folder>/dataset``, then the
   same two beside the current folder (a notebook opened in a chapter folder);
3. the per-user cache (``~/.cache/zero2vec``).

Each may hold ``ptb.train.txt`` or ``ptb.train.txt.gz`` (likewise valid/test). Only when
none has the file is it downloaded (and verified) into the cache.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

from zero2vec.datasets import ptb as _ptb


def book_dirs() -> list[Path]:
    """The book's ``dataset/`` folders: beside the running script (``sys.argv[0]``), then
    beside the current folder."""
    script = sys.argv[0] if sys.argv and sys.argv[0] not in ("", "-c", "-m") else ""
    folders = [Path(os.path.dirname(os.path.abspath(script)))] if script else []
    folders.append(Path(os.getcwd()))
    dirs: list[Path] = []
    for here in folders:
        for d in (here.parent / "dataset", here / "dataset"):
            if d not in dirs:
                dirs.append(d)
    return dirs


def load_vocab() -> tuple[dict[str, int], dict[int, str]]:
    """The PTB vocabulary: ``(word_to_id, id_to_word)`` of the train file."""
    return _ptb.load_vocab(local_dirs=book_dirs())


def load_data(data_type: str = "train") -> tuple[np.ndarray, dict[str, int], dict[int, str]]:
    """``(corpus, word_to_id, id_to_word)`` of a PTB split, as the book's ``load_data``.

    ``corpus`` is int32 (the book's is int64); ids and vocabulary are the book's.
    """
    return _ptb.load_data(data_type, local_dirs=book_dirs())


__all__ = ["book_dirs", "load_data", "load_vocab"]
