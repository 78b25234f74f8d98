"""Load/save speed of word-vector files: zero2vec vs gensim on a 100k x 300 table.

Formats: word2vec binary (both libraries), the native formats (zero2vec's folder of
``.npy`` + words, plain and memory-mapped, alone and with the first look-up that
builds the word index; gensim's ``KeyedVectors.save`` pickle + ``.npy``), gensim's
``.kv`` read by both, and optionally word2vec text (``--text``, slow for both). Each timing is
the best of ``--repeat`` runs (the machine may be shared). Prints a table and writes
``benchmarks/results/io.json``; ``ratio`` is zero2vec's time / gensim's (< 1: faster).

Then the peak memory of loading a big word2vec binary (``--peak-words`` x
``--peak-dims``, 1M x 300 = 1.12 GiB of float32 by default; ``--peak-words 0`` skips
it): each library loads the same file once in a fresh process, which reports its
load time and how far its resident memory rose (VmHWM, reset before the load, minus
VmRSS before it) divided by the size of the array it holds. zero2vec's target is
<= 1.2 (records are read in blocks straight into the final array).

    .venv/bin/python benchmarks/io.py [--words 100000] [--dims 300] [--repeat 3] [--text]
                                      [--peak-words 1000000] [--peak-dims 300]
"""
from __future__ import annotations

import argparse
import json
import logging
import subprocess
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


def write_big_binary(path: Path, n: int, d: int, seed: int = 0) -> float:
    """Write an ``n x d`` word2vec binary block by block (never all in memory); the sum
    of its values, which the loading process checks."""
    rng = np.random.default_rng(seed)
    total = 0.0
    with open(path, "wb") as f:
        f.write(f"{n} {d}\n".encode())
        for s in range(0, n, 8192):
            block = rng.standard_normal((min(8192, n - s), d), dtype=np.float32)
            total += float(block.sum(dtype=np.float64))
            f.write(b"".join(f"w{s + i} ".encode() + row.tobytes() + b"\n" for i, row in enumerate(block)))
    return total


# runs in a fresh process: argv = library, path; prints one JSON line
PEAK_CHILD = r"""
import json, logging, sys, time
import numpy as np
def status(key):
    with open("/proc/self/status") as f:
        return next(int(ln.split()[1]) * 1024 for ln in f if ln.startswith(key + ":"))
lib, path = sys.argv[1], sys.argv[2]
logging.disable(logging.INFO)
if lib == "zero2vec":
    from zero2vec.vectors import load
    fn = lambda: load(path)
else:
    from gensim.models import KeyedVectors
    fn = lambda: KeyedVectors.load_word2vec_format(path, binary=True)
try:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # VmHWM := VmRSS, so the peak is the load's own
    reset = True
except OSError:
    reset = False
before = status("VmRSS")
t0 = time.perf_counter()
wv = fn()
seconds = time.perf_counter() - t0
print(json.dumps({"load_s": seconds, "rose_bytes": status("VmHWM") - before, "hwm_reset": reset,
                  "array_bytes": wv.vectors.nbytes, "shape": list(wv.vectors.shape),
                  "sum": float(wv.vectors.sum(dtype=np.float64)), "last": wv.index_to_key[-1]}))
"""


def peak_row(n: int, d: int, folder: Path) -> dict:
    """Load an ``n x d`` binary in a fresh process with each library: time and peak memory."""
    path = folder / "peak.bin"
    total = write_big_binary(path, n, d)
    row: dict = {"format": f"word2vec binary {n:,} x {d}", "op": "load, fresh process"}
    for lib in ("zero2vec", "gensim"):
        out = subprocess.run([sys.executable, "-c", PEAK_CHILD, lib, str(path)], capture_output=True,
                             text=True, check=True, cwd=Path(__file__).resolve().parents[1])
        got = json.loads(out.stdout.strip().splitlines()[-1])
        assert got["shape"] == [n, d] and got["last"] == f"w{n - 1}", got
        assert abs(got["sum"] - total) <= 1e-6 * max(1.0, abs(total)) + 1e-3 * n, (got["sum"], total)
        row[f"{lib}_s"] = got["load_s"]
        row[f"{lib}_peak_x"] = got["rose_bytes"] / got["array_bytes"]
        row["hwm_reset"] = got["hwm_reset"]
    row["array_mb"] = n * d * 4 / 2 ** 20
    row["file_mb"] = path.stat().st_size / 2 ** 20
    path.unlink()
    return row


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--text", action="store_true", help="also time the word2vec text format")
    ap.add_argument("--peak-words", type=int, default=1_000_000,
                    help="words of the binary whose peak load memory is measured (0: skip)")
    ap.add_argument("--peak-dims", type=int, default=300)
    ap.add_argument("--out", type=Path, default=RESULTS / "io.json")
    args = ap.parse_args(argv)
    logging.disable(logging.INFO)  # gensim logs every load

    from gensim.models import KeyedVectors

    from zero2vec.vectors import WordVectors
    from zero2vec.vectors.io_native import save_native
    from zero2vec.vectors.io_word2vec_write import save_word2vec_format
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
        # a loaded table builds its word index on first use (a memory map: reads its words
        # then too), so that cost is shown apart: load + one look-up against gensim's load
        f_ours, _ = best_of(lambda: load_native(native).get_index(words[-1]), args.repeat)
        fm_ours, _ = best_of(lambda: load_native(native, mmap="r").get_index(words[-1]), args.repeat)
        # gensim's own .kv read by zero2vec (the restricted unpickler), against gensim
        k_ours, got_k = best_of(lambda: load_native(gpath), args.repeat)
        km_ours, _ = best_of(lambda: load_native(gpath, mmap="r"), args.repeat)
        assert got.index_to_key == words and np.array_equal(got.vectors, vecs)
        assert np.array_equal(got_m.vectors, vecs)
        assert got_k.index_to_key == words and np.array_equal(got_k.vectors, vecs)
        fmt = "native (.z2v vs gensim .kv)"
        rows += [{"format": fmt, "op": "save", "zero2vec_s": s_ours, "gensim_s": s_g},
                 {"format": fmt, "op": "load", "zero2vec_s": l_ours, "gensim_s": l_g},
                 {"format": fmt, "op": "load + first look-up", "zero2vec_s": f_ours, "gensim_s": l_g},
                 {"format": fmt, "op": "load mmap='r'", "zero2vec_s": m_ours, "gensim_s": m_g},
                 {"format": fmt, "op": "load mmap='r' + first look-up", "zero2vec_s": fm_ours,
                  "gensim_s": m_g},
                 {"format": "gensim .kv (both read gensim's file)", "op": "load", "zero2vec_s": k_ours,
                  "gensim_s": l_g},
                 {"format": "gensim .kv (both read gensim's file)", "op": "load mmap='r'",
                  "zero2vec_s": km_ours, "gensim_s": m_g}]
        del wv, kv, vecs, got, got_m, got_k
        peak = peak_row(args.peak_words, args.peak_dims, d) if args.peak_words > 0 else None
    if peak is not None:
        rows.append(peak)
    for r in rows:
        r["ratio"] = r["zero2vec_s"] / r["gensim_s"]
    print(f"\n{args.words:,} words x {args.dims} dims, best of {args.repeat}")
    print_table(rows, ["format", "op", "zero2vec_s", "gensim_s", "ratio"],
                ["format", "op", "zero2vec (s)", "gensim (s)", "ratio (zero2vec/gensim)"])
    if peak is not None:
        print(f"\npeak memory of the load / the array it holds ({peak['array_mb']:,.0f} MiB; "
              f"zero2vec's target <= 1.2){'' if peak['hwm_reset'] else ' (VmHWM not reset: upper bound)'}")
        print_table([peak], ["format", "zero2vec_peak_x", "gensim_peak_x", "zero2vec_s", "gensim_s"],
                    ["file", "zero2vec peak / array", "gensim peak / array", "zero2vec (s)", "gensim (s)"])
    result = {"benchmark": "io", "words": args.words, "dims": args.dims, "repeat": args.repeat,
              "peak_words": args.peak_words, "peak_dims": args.peak_dims,
              "rows": rows, "peak_rss_mb": peak_rss_mb(), "machine": machine_info(),
              "command": " ".join(["python", "benchmarks/io.py", *(argv if argv is not None else sys.argv[1:])])}
    write_json(args.out, result)
    print(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
