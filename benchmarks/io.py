"""Load/save speed of word-vector files: zero2vec vs gensim on a 100k x 300 table.

Formats: word2vec binary (both libraries), the native formats (zero2vec's folder of
``.npy`` + JSON, plain and memory-mapped; gensim's ``KeyedVectors.save`` pickle +
``.npy``), and optionally word2vec text (``--text``, slow for both). Each timing is
the best of ``--repeat`` runs (the machine may be shared). Prints a table and writes
``benchmarks/results/io.json``; ``ratio`` is zero2vec's time / gensim's (< 1: faster).

    .venv/bin/python benchmarks/io.py [--words 100000] [--dims 300] [--repeat 3] [--text]
"""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, machine_info, peak_rss_mb, print_table, write_json  # noqa: E402


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def make_table(n: int, d: int, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    vecs = rng.standard_normal((n, d), dtype=np.float32)
    # realistic keys: mostly ASCII, some multi-byte (Japanese) words
    words = [f"w{i}" if i % 10 else f"語{i}" for i in range(n)]
    return vecs, words


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--text", action="store_true", help="also time the word2vec text format")
    ap.add_argument("--out", type=Path, default=RESULTS / "io.json")
    args = ap.parse_args(argv)
    logging.disable(logging.INFO)  # gensim logs every load

    from gensim.models import KeyedVectors

    from zero2vec.vectors import WordVectors
    from zero2vec.vectors.io_native import save_native
    from zero2vec.vectors.io_word2vec import save_word2vec_format
    load_native, load_word2vec_format = WordVectors.load, WordVectors.load_word2vec_format

    vecs, words = make_table(args.words, args.dims)
    wv = WordVectors(vecs, words)
    kv = KeyedVectors(args.dims, dtype=np.float32)
    kv.add_vectors(words, vecs)
    rows = []
    with tempfile.TemporaryDirectory(dir=RESULTS if RESULTS.exists() else None) as d:
        d = Path(d)
        cases = [("word2vec binary", True)] + ([("word2vec text", False)] if args.text else [])
        for name, binary in cases:
            ours_p, theirs_p = d / f"z.{binary}", d / f"g.{binary}"
            s_ours, _ = best_of(lambda: save_word2vec_format(wv, ours_p, binary=binary), args.repeat)
            s_g, _ = best_of(lambda: kv.save_word2vec_format(str(theirs_p), binary=binary), args.repeat)
            l_ours, got = best_of(lambda: load_word2vec_format(theirs_p, binary=binary), args.repeat)
            l_g, got_g = best_of(lambda: KeyedVectors.load_word2vec_format(str(ours_p), binary=binary),
                                 args.repeat)
            assert got.index_to_key == words and np.allclose(got.vectors, vecs)
            assert list(got_g.index_to_key) == words
            rows += [{"format": name, "op": "save", "zero2vec_s": s_ours, "gensim_s": s_g},
                     {"format": name, "op": "load", "zero2vec_s": l_ours, "gensim_s": l_g}]

        native, gpath = d / "v.z2v", d / "g.kv"
        s_ours, _ = best_of(lambda: save_native(wv, native), args.repeat)
        s_g, _ = best_of(lambda: kv.save(str(gpath)), args.repeat)
        l_ours, got = best_of(lambda: load_native(native), args.repeat)
        l_g, _ = best_of(lambda: KeyedVectors.load(str(gpath)), args.repeat)
        m_ours, got_m = best_of(lambda: load_native(native, mmap="r"), args.repeat)
        m_g, _ = best_of(lambda: KeyedVectors.load(str(gpath), mmap="r"), args.repeat)
        assert got.index_to_key == words and np.array_equal(got.vectors, vecs)
        assert np.array_equal(got_m.vectors, vecs)
        rows += [{"format": "native (npy+json vs gensim .kv)", "op": "save", "zero2vec_s": s_ours, "gensim_s": s_g},
                 {"format": "native (npy+json vs gensim .kv)", "op": "load", "zero2vec_s": l_ours, "gensim_s": l_g},
                 {"format": "native (npy+json vs gensim .kv)", "op": "load mmap='r'", "zero2vec_s": m_ours,
                  "gensim_s": m_g}]
    for r in rows:
        r["ratio"] = r["zero2vec_s"] / r["gensim_s"]
    print(f"\n{args.words:,} words x {args.dims} dims, best of {args.repeat}")
    print_table(rows, ["format", "op", "zero2vec_s", "gensim_s", "ratio"],
                ["format", "op", "zero2vec (s)", "gensim (s)", "ratio (zero2vec/gensim)"])
    result = {"benchmark": "io", "words": args.words, "dims": args.dims, "repeat": args.repeat,
              "rows": rows, "peak_rss_mb": peak_rss_mb(), "machine": machine_info(),
              "command": " ".join(["python", "benchmarks/io.py", *(argv if argv is not None else sys.argv[1:])])}
    write_json(args.out, result)
    print(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
