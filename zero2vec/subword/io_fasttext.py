"""Facebook fastText's ``.bin`` model file: read and write (format version 12).

Layout (native byte order, as fastText writes it on every platform it runs on):
``int32 magic 793712314, int32 version 12``; the arguments (``dim ws epoch minCount
neg wordNgrams loss model bucket minn maxn lrUpdateRate`` as int32, ``t`` as double);
the dictionary (``int32 size nwords nlabels``, ``int64 ntokens pruneidx_size``, then
per entry the word's bytes and a NUL, ``int64 count``, ``int8 type`` (0 word, 1
label), then ``pruneidx_size`` pairs of int32); ``bool quant_input``; the input
matrix (``int64 rows cols``, float32 row-major); ``bool qout``; the output matrix.
"""
from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np

from zero2vec._atomic import atomic_file
from zero2vec.errors import VectorFileEOFError, VectorFileError
from zero2vec.vectors.io_files import allocate, check_claim, open_vector_file, read_error, size_bound

MAGIC, VERSION = 793712314, 12
ARG_NAMES = ("dim", "ws", "epoch", "minCount", "neg", "wordNgrams", "loss", "model",
             "bucket", "minn", "maxn", "lrUpdateRate")
LOSSES = {"hs": 1, "ns": 2, "softmax": 3, "ova": 4}
MODELS = {"cbow": 1, "sg": 2, "sup": 3}
_ARGS = struct.Struct("<12id")
_DICT = struct.Struct("<3i2q")
_MATRIX = struct.Struct("<2q")


@dataclass
class FacebookModel:
    """What a fastText ``.bin`` holds: its arguments, vocabulary and both matrices."""

    args: dict
    words: list[str]
    counts: np.ndarray
    ntokens: int
    input: np.ndarray            # (nwords + bucket) x dim
    output: np.ndarray           # nwords x dim (unsupervised)
    labels: list[str] = field(default_factory=list)


def _read(f: BinaryIO, n: int, name: object, what: str) -> bytes:
    try:
        data = f.read(n)
    except (OSError, EOFError) as e:
        raise read_error(name, e) from None
    if len(data) < n:
        raise VectorFileEOFError(f"{name}: truncated fastText .bin (file ends inside {what})")
    return data


def _read_word(f: BinaryIO, name: object, i: int, encoding: str) -> str:
    chunks = bytearray()
    while True:
        b = f.read(1)
        if not b:
            raise VectorFileEOFError(f"{name}: truncated fastText .bin (file ends inside word {i})")
        if b == b"\0":
            break
        chunks += b
        if len(chunks) > 1 << 20:
            raise VectorFileError(f"{name}: word {i} is over 1 MiB long: not a fastText .bin")
    try:
        return chunks.decode(encoding)
    except UnicodeDecodeError as e:
        raise VectorFileError(f"{name}: word {i} is not valid {encoding} ({e.reason} at byte "
                              f"{e.start})") from None


def _read_matrix(f: BinaryIO, name: object, what: str) -> np.ndarray:
    quant = _read(f, 1, name, f"the {what} matrix flag")
    if quant != b"\0":
        raise VectorFileError(f"{name}: a quantized fastText model (.ftz); zero2vec reads "
                              f"only full .bin models")
    rows, cols = _MATRIX.unpack(_read(f, _MATRIX.size, name, f"the {what} matrix shape"))
    if rows < 0 or not 0 < cols <= 100_000:
        raise VectorFileError(f"{name}: {what} matrix of {rows} x {cols}: not a fastText .bin")
    check_claim(name, f"a {rows:,} x {cols} {what} matrix", rows * cols * 4, rows * cols * 4,
                size_bound(f), f)
    m = allocate(name, rows, cols)
    view = memoryview(m.reshape(-1).view(np.uint8))
    got = 0
    while got < len(view):
        n = f.readinto(view[got:])
        if not n:
            raise VectorFileEOFError(f"{name}: truncated fastText .bin (the {what} matrix "
                                     f"ends after {got:,} of {len(view):,} bytes)")
        got += n
    return m


def _read_header(f: BinaryIO, name: object) -> dict:
    magic, version = struct.unpack("<2i", _read(f, 8, name, "the header"))
    if magic != MAGIC:
        raise VectorFileError(f"{name}: not a fastText .bin (magic number {magic}, "
                              f"expected {MAGIC})")
    if version > VERSION:
        raise VectorFileError(f"{name}: fastText format version {version}; zero2vec reads up to {VERSION}")
    values = _ARGS.unpack(_read(f, _ARGS.size, name, "the arguments"))
    args = dict(zip(ARG_NAMES, values[:-1]))
    args["t"] = values[-1]
    args["version"] = version
    if not 0 < args["dim"] <= 100_000 or args["bucket"] < 0 or args["minn"] < 0 or args["maxn"] < 0:
        raise VectorFileError(f"{name}: corrupt fastText arguments (dim {args['dim']}, bucket "
                              f"{args['bucket']}, minn {args['minn']}, maxn {args['maxn']})")
    return args


def read_facebook(path: str | os.PathLike, encoding: str = "utf-8") -> FacebookModel:
    """Read a fastText ``.bin`` model.

    Raises
    ------
    VectorFileError
        One line: not a fastText file, quantized, corrupt, or (``VectorFileEOFError``) truncated.
    """
    with open_vector_file(path) as f:
        args = _read_header(f, path)
        size, nwords, nlabels, ntokens, prune = _DICT.unpack(_read(f, _DICT.size, path, "the dictionary"))
        if not (0 <= nwords <= size and nlabels >= 0 and nwords + nlabels == size):
            raise VectorFileError(f"{path}: corrupt fastText dictionary ({size} entries, "
                                  f"{nwords} words, {nlabels} labels)")
        check_claim(path, f"{size:,} dictionary entries", size * 10, size * 64, size_bound(f), f)
        words, labels, counts = [], [], np.zeros(nwords, dtype=np.int64)
        for i in range(size):
            word = _read_word(f, path, i, encoding)
            count, kind = struct.unpack("<qb", _read(f, 9, path, f"entry {i}"))
            if kind == 0 and len(words) < nwords:
                counts[len(words)] = count
                words.append(word)
            elif kind == 1:
                labels.append(word)
            else:
                raise VectorFileError(f"{path}: corrupt fastText dictionary (entry {i} has type {kind})")
        if prune > 0:
            raise VectorFileError(f"{path}: a pruned (quantized) fastText model; zero2vec reads "
                                  f"only full .bin models")
        inp = _read_matrix(f, path, "input")
        out = _read_matrix(f, path, "output")
    if inp.shape != (nwords + args["bucket"], args["dim"]) or out.shape[1] != args["dim"]:
        raise VectorFileError(f"{path}: the input matrix is {inp.shape[0]:,} x {inp.shape[1]}, "
                              f"but {nwords:,} words + {args['bucket']:,} buckets x dim "
                              f"{args['dim']} were declared")
    return FacebookModel(args, words, counts, int(ntokens), inp, out, labels)


def write_facebook(path: str | os.PathLike, model: FacebookModel, encoding: str = "utf-8") -> None:
    """Write ``model`` as a fastText ``.bin`` (version 12), atomically."""
    a = model.args
    nwords = len(model.words)
    with atomic_file(path) as tmp, open(tmp, "wb") as f:
        f.write(struct.pack("<2i", MAGIC, VERSION))
        f.write(_ARGS.pack(*(int(a[k]) for k in ARG_NAMES), float(a["t"])))
        f.write(_DICT.pack(nwords, nwords, 0, int(model.ntokens), -1))  # -1: not pruned
        for word, count in zip(model.words, model.counts):
            f.write(word.encode(encoding) + b"\0" + struct.pack("<qb", int(count), 0))
        for m in (model.input, model.output):
            m = np.ascontiguousarray(m, dtype="<f4")
            f.write(b"\0" + _MATRIX.pack(*m.shape))
            f.write(memoryview(m.reshape(-1).view(np.uint8)))


def is_facebook(head: bytes) -> bool:
    """True if ``head`` (a file's first bytes) starts with fastText's magic number."""
    return len(head) >= 4 and struct.unpack("<i", head[:4])[0] == MAGIC
