"""Saving and loading a whole Word2Vec model: zero2vec vs gensim on the same model.

Both libraries get a model of ``--words`` words x ``--dims`` dimensions (negative
sampling; ``--hs`` adds hierarchical softmax) with the same vocabulary, counts and
weights (random, so no training time is spent), then: ``save``; ``load``; ``load`` with
``mmap='r'``; and ``load`` then one ``train`` epoch on a small corpus (is a loaded model
ready to train?). Each timing is the best of ``--repeat`` runs (the machine may be
shared). Prints a table and writes ``benchmarks/results/model_io.json``; ``ratio`` is
zero2vec's time / gensim's (< 1: faster).

    .venv/bin/python benchmarks/model_io.py [--words 1000000] [--dims 300] [--hs] [--repeat 3]
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
from _common import RESULTS, machine_info, print_table, write_json  # noqa: E402


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def make_parts(n: int, d: int, hs: bool, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    words = [f"w{i}" if i % 10 else f"語{i}" for i in range(n)]
    counts = np.sort(rng.integers(5, 10_000, n))[::-1].astype(np.int64)
    return {"words": words, "counts": counts,
            "W_in": (rng.random((n, d), dtype=np.float32) - 0.5) / d,
            "W_out": rng.standard_normal((n, d), dtype=np.float32) * 0.01,
            "W_out_hs": rng.standard_normal((n - 1, d), dtype=np.float32) * 0.01 if hs else None}


def zero2vec_model(parts: dict, hs: bool):
    from zero2vec import Word2Vec

    d = parts["W_in"].shape[1]
    return Word2Vec._from_parts(**parts, settings=dict(vector_size=d, hs=hs, workers=1, min_count=1))


def gensim_model(parts: dict, hs: bool):
    from gensim.models import Word2Vec

    d = parts["W_in"].shape[1]
    m = Word2Vec(vector_size=d, hs=int(hs), workers=1, min_count=1)
    m.build_vocab_from_freq(dict(zip(parts["words"], parts["counts"].tolist())))
    order = [m.wv.key_to_index[w] for w in parts["words"]]
    m.wv.vectors[order] = parts["W_in"]
    m.syn1neg[order] = parts["W_out"]
    return m


def measure(name: str, model, load, corpus, tmp: Path, repeat: int) -> dict:
    path = tmp / f"{name}.model"
    row = {"library": name, "save_s": best_of(lambda: model.save(str(path)), repeat)}
    row["load_s"] = best_of(lambda: load(str(path)), repeat)
    row["load_mmap_s"] = best_of(lambda: load(str(path), mmap="r"), repeat)

    def load_and_train():
        m = load(str(path))
        m.train(corpus, total_examples=len(corpus), epochs=1)
    row["load_train_s"] = best_of(load_and_train, repeat)
    row["file_mb"] = sum(p.stat().st_size for p in tmp.glob(f"{name}.model*")) / 2 ** 20
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--hs", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=str(RESULTS / "model_io.json"))
    a = ap.parse_args()
    logging.disable(logging.WARNING)  # gensim's per-call INFO/WARNING lines
    from gensim.models import Word2Vec as GensimWord2Vec
    from zero2vec import Word2Vec

    parts = make_parts(a.words, a.dims, a.hs)
    corpus = [parts["words"][i:i + 20] for i in range(0, min(a.words, 20_000), 20)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="zero2vec-bench-") as tmp:
        rows.append(measure("zero2vec", zero2vec_model(parts, a.hs), Word2Vec.load, corpus,
                            Path(tmp), a.repeat))
        rows.append(measure("gensim", gensim_model(parts, a.hs), GensimWord2Vec.load, corpus,
                            Path(tmp), a.repeat))
    z, g = rows
    ratios = {"library": "ratio z/g", **{k: z[k] / g[k] for k in z if k != "library" and g[k]}}
    cols = ["library", "save_s", "load_s", "load_mmap_s", "load_train_s", "file_mb"]
    print_table(rows + [ratios], cols)
    write_json(a.out, {"machine": machine_info(), "words": a.words, "dims": a.dims, "hs": a.hs,
                       "repeat": a.repeat, "rows": rows, "ratios": ratios})


if __name__ == "__main__":
    main()
