"""Other homes for word vectors: TensorBoard's projector and the book's pickle.

* TensorBoard projector: a folder with ``vectors.tsv`` (one tab-separated row per
  word, no header) and ``metadata.tsv`` (one word per line; a single column has no
  header). Load both at https://projector.tensorflow.org.
* The book's pickle (``cbow_params.pkl`` / ``skipgram_params.pkl`` of chapter 4): a
  dict ``{"word_vecs": array, "word_to_id": dict, "id_to_word": dict}``. Reading
  uses the restricted unpickler (:mod:`io_pickle`), allowing only NumPy arrays and
  plain containers, because an ordinary pickle can run arbitrary code.
"""
from __future__ import annotations

import os
import pickle
from collections import OrderedDict
from pathlib import Path

import numpy as np

from zero2vec.errors import ShapeError, VectorFileError
from zero2vec._atomic import atomic_dir, atomic_file
from zero2vec.vectors.io_files import check_finite, read_bytes
from zero2vec.vectors.io_pickle import NUMPY_GLOBALS, plain, restricted_load
from zero2vec.vectors.io_word2vec_write import check_writable_words
from zero2vec.vectors.keyed import WordVectors


# -- TensorBoard projector ------------------------------------------------------------
def export_tensorboard(wv: WordVectors, folder: str | os.PathLike) -> None:
    """Write ``vectors.tsv`` and ``metadata.tsv`` into ``folder`` (replaced atomically)."""
    check_writable_words(wv.index_to_key, "TensorBoard metadata")
    vecs = np.asarray(wv.vectors, dtype=np.float32)
    with atomic_dir(folder) as tmp:
        with open(tmp / "vectors.tsv", "w", encoding="utf8", newline="\n") as f:
            fmt = "\t".join(["%.9g"] * vecs.shape[1]) + "\n"
            for row in vecs:
                f.write(fmt % tuple(row.tolist()))
        (tmp / "metadata.tsv").write_text("".join(w + "\n" for w in wv.index_to_key), encoding="utf8")


def is_tensorboard(path: str | os.PathLike) -> bool:
    return (Path(path) / "vectors.tsv").is_file()


def _lines(text: str) -> list[str]:
    """The lines of ``text``, without ``"\n"`` or ``"\r\n"`` line ends (Windows editors)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


def parse_tensorboard(vectors_tsv: bytes, metadata_tsv: bytes, name: str = "<bytes>",
                      allow_nonfinite: bool = False) -> WordVectors:
    """Parse the two projector files' bytes (NaN/inf refused unless ``allow_nonfinite``)."""
    try:
        words = _lines(metadata_tsv.decode("utf8"))
        lines = _lines(vectors_tsv.decode("utf8"))
    except UnicodeDecodeError as e:
        raise VectorFileError(f"{name}: not UTF-8 ({e.reason} at byte {e.start})") from None
    if words and "\t" in words[0]:
        raise VectorFileError(f"{name}: metadata.tsv has several columns; only a single word "
                              f"column is read")
    rows = []
    width = None
    for i, line in enumerate(lines):
        try:
            row = np.array(line.split("\t"), dtype=np.float32)
        except (ValueError, OverflowError):
            raise VectorFileError(f"{name}: vectors.tsv line {i + 1}: not tab-separated numbers") from None
        if width is None:
            width = row.size
        elif row.size != width:
            raise VectorFileError(f"{name}: vectors.tsv line {i + 1}: {row.size} numbers, "
                                  f"line 1 has {width}")
        rows.append(row)
    if len(rows) != len(words):
        raise VectorFileError(f"{name}: {len(rows)} vectors but {len(words)} words in metadata.tsv")
    if not rows:
        raise VectorFileError(f"{name}: vectors.tsv is empty")
    seen: set[str] = set()
    for w in words:
        if w in seen:
            raise VectorFileError(f"{name}: metadata.tsv lists {w!r} twice")
        seen.add(w)
    vectors = np.vstack(rows)
    check_finite(name, vectors, words, allow_nonfinite, lambda r: f"vectors.tsv line {r + 1}")
    return WordVectors(vectors, words)


def import_tensorboard(folder: str | os.PathLike, allow_nonfinite: bool = False) -> WordVectors:
    """Read a projector folder written by :func:`export_tensorboard` (or by hand)."""
    p = Path(folder)
    return parse_tensorboard(read_bytes(p / "vectors.tsv"), read_bytes(p / "metadata.tsv"), str(p),
                             allow_nonfinite)


# -- the book's pickle -------------------------------------------------------------------
_ALLOWED = {**NUMPY_GLOBALS, ("collections", "OrderedDict"): OrderedDict}


def _refuse(module: str, name: str) -> str:
    return f"refusing to load {module}.{name} (only NumPy arrays and plain containers are allowed)"


def parse_book_pickle(data: bytes, name: str = "<bytes>", allow_nonfinite: bool = False) -> WordVectors:
    """Build WordVectors from the bytes of the book's ``params`` pickle (NaN/inf refused
    unless ``allow_nonfinite``)."""
    params = restricted_load(data, name, _ALLOWED, _refuse)
    if not isinstance(params, dict) or "word_vecs" not in params or "word_to_id" not in params:
        raise VectorFileError(f"{name}: expected the book's dict with 'word_vecs', 'word_to_id' "
                              f"and 'id_to_word'")
    vecs, w2i = plain(params["word_vecs"]), params["word_to_id"]
    i2w = params.get("id_to_word")
    if not isinstance(vecs, np.ndarray) or vecs.ndim != 2 or vecs.dtype.kind not in "fiu":
        raise VectorFileError(f"{name}: 'word_vecs' must be a 2-D numeric array")
    if not isinstance(w2i, dict) or not all(isinstance(k, str) and isinstance(v, int)
                                            for k, v in w2i.items()):
        raise VectorFileError(f"{name}: 'word_to_id' must map words to ints")
    if i2w is None:
        i2w = {i: w for w, i in w2i.items()}
    if not isinstance(i2w, dict) or sorted(i2w) != list(range(len(i2w))) \
            or not all(isinstance(w, str) for w in i2w.values()):
        raise VectorFileError(f"{name}: 'id_to_word' must map the ids 0..n-1 to words")
    if len(i2w) != vecs.shape[0]:
        raise VectorFileError(f"{name}: {len(i2w)} words but {vecs.shape[0]} vectors")
    try:
        wv = WordVectors.from_book(vecs, w2i, i2w)
    except ShapeError as e:
        raise VectorFileError(f"{name}: {e}") from None
    if any(wv.key_to_index[w] != i for w, i in w2i.items() if w in wv.key_to_index):
        raise VectorFileError(f"{name}: 'word_to_id' and 'id_to_word' disagree")
    check_finite(name, wv.vectors, wv.index_to_key, allow_nonfinite)
    return wv


def load_book_pickle(path: str | os.PathLike, allow_nonfinite: bool = False) -> WordVectors:
    """Read the book's ``cbow_params.pkl``-style pickle (safely; see the module docstring).

    Only ever called for a file named ``.pkl``/``.pickle`` or ``format="book-pickle"``:
    :func:`zero2vec.vectors.load` never unpickles a file it recognised by content.
    """
    return parse_book_pickle(read_bytes(path), str(path), allow_nonfinite)


def save_book_pickle(wv: WordVectors, path: str | os.PathLike, dtype: str | None = None) -> None:
    """Write the book's ``params`` pickle; ``dtype="float16"`` halves it, as the book does."""
    vecs = np.asarray(wv.vectors)
    params = {
        "word_vecs": vecs.astype(dtype) if dtype else np.array(vecs),
        "word_to_id": dict(wv.key_to_index),
        "id_to_word": dict(enumerate(wv.index_to_key)),
    }
    with atomic_file(path) as tmp, open(tmp, "wb") as f:
        pickle.dump(params, f, protocol=4)
