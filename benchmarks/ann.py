"""Approximate nearest neighbours: ``most_similar(indexer=...)`` against exact search.

A table of ``--words`` x ``--dims`` vectors (default 1M x 300; ``--vectors FILE``
loads real ones instead, any format zero2vec reads) is indexed by zero2vec's
``HnswIndexer`` (one row per ``--ef``) and, when annoy is installed, by gensim's
``AnnoyIndexer`` on the same vectors. For ``--queries`` random words each answers
``most_similar(word, topn=10)``; recall@10 is the share of the exact top 10 (zero2vec's
exact ``most_similar`` on read-only vectors, norms cached) that it finds, and the
speed-up is the exact query's time over its own. gensim's exact ``most_similar`` is
timed on the same queries too. Targets (issue 12): recall@10 >= 0.95 and >= 20x faster
per query than exact search on 1M x 300.

The synthetic table has word-vector-like structure, not i.i.d. noise (on which no
index beats a scan): each vector is a point near one of 2,000 centres in a
64-dimensional latent space, mapped to ``--dims`` dimensions, plus isotropic noise,
with norms spread like word vectors' (log-normal).

    .venv/bin/python benchmarks/ann.py [--words 1000000] [--dims 300] [--queries 1000]
        [--ef 50 100 200] [--annoy-trees 100] [--vectors FILE] [--quick]

``--quick`` (20,000 x 50, 50 queries) checks that the script runs; its numbers mean
nothing. Prints a table and writes ``benchmarks/results/ann.json``.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, machine_info, peak_rss_mb, print_table, write_json  # noqa: E402


def make_table(n: int, d: int, seed: int = 0) -> np.ndarray:
    """``n`` x ``d`` float32 vectors with clustered low-dimensional structure (see the top)."""
    rng = np.random.default_rng(seed)
    latent, centres = 64, 2000
    mix = rng.standard_normal((latent, d), dtype=np.float32) / np.sqrt(latent)
    centre = rng.standard_normal((centres, latent), dtype=np.float32)
    out = np.empty((n, d), dtype=np.float32)
    for s in range(0, n, 1 << 16):
        m = min(1 << 16, n - s)
        z = centre[rng.integers(0, centres, m)] + 0.6 * rng.standard_normal((m, latent), dtype=np.float32)
        block = z @ mix + 0.15 * rng.standard_normal((m, d), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        block *= rng.lognormal(1.0, 0.4, (m, 1)).astype(np.float32)
        out[s:s + m] = block
    return out


def top10(answer: list, word: str) -> set:
    """The 10 best of an indexer's answer, without the query word (gensim's indexers
    return it first; exact search leaves it out)."""
    return set([w for w, _ in answer if w != word][:10])


def run_queries(fn, queries: list[str]) -> tuple[float, list]:
    """Mean seconds per query of ``fn(word)``, and the answers."""
    answers = []
    t0 = time.perf_counter()
    for w in queries:
        answers.append(fn(w))
    return (time.perf_counter() - t0) / len(queries), answers


def recall(answers: list, exact: list, queries: list[str]) -> float:
    hits = [len(top10(a, w) & {x for x, _ in e}) / len(e) for a, e, w in zip(answers, exact, queries)]
    return float(np.mean(hits))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--ef", type=int, nargs="+", default=[50, 100, 200])
    ap.add_argument("--M", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=200)
    ap.add_argument("--annoy-trees", type=int, default=100, help="0: skip gensim's AnnoyIndexer")
    ap.add_argument("--vectors", type=Path, help="real vectors to index instead of the synthetic table")
    ap.add_argument("--quick", action="store_true", help="20,000 x 50, 50 queries: checks the script")
    ap.add_argument("--out", type=Path, default=RESULTS / "ann.json")
    args = ap.parse_args(argv)
    if args.quick:
        args.words, args.dims, args.queries, args.annoy_trees = 20_000, 50, 50, min(args.annoy_trees, 10)
        if args.out == RESULTS / "ann.json":
            args.out = RESULTS / "ann_quick.json"
    return args


def gensim_rows(kv, queries, exact, exact_s, trees: int) -> list[dict]:
    """gensim's exact most_similar and (annoy installed) its AnnoyIndexer."""
    rows = []
    g_s, _ = run_queries(lambda w: kv.most_similar(w, topn=10), queries)
    rows.append({"method": "gensim exact most_similar", "build_s": 0.0, "query_ms": g_s * 1e3,
                 "recall@10": 1.0, "speedup_vs_exact": exact_s / g_s})
    try:
        from gensim.similarities.annoy import AnnoyIndexer
        import annoy  # noqa: F401
    except ImportError:
        print("annoy is not installed: gensim's AnnoyIndexer skipped")
        return rows
    if trees > 0:
        t0 = time.perf_counter()
        indexer = AnnoyIndexer(kv, trees)
        build = time.perf_counter() - t0
        a_s, answers = run_queries(lambda w: kv.most_similar(w, topn=11, indexer=indexer), queries)
        rows.append({"method": f"gensim AnnoyIndexer (trees={trees})", "build_s": build,
                     "query_ms": a_s * 1e3, "recall@10": recall(answers, exact, queries),
                     "speedup_vs_exact": exact_s / a_s})
    return rows


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    logging.disable(logging.INFO)
    from zero2vec.vectors import WordVectors, load
    from zero2vec.vectors.ann import HnswIndexer

    if args.vectors:
        wv = load(args.vectors)
        source = str(args.vectors)
    else:
        wv = WordVectors(make_table(args.words, args.dims), [f"w{i}" for i in range(args.words)])
        source = "synthetic (clustered, 64-d latent)"
    wv.vectors.setflags(write=False)  # exact search with cached norms: its fastest form
    n, d = wv.vectors.shape
    queries = list(np.random.default_rng(1).choice(wv.index_to_key, args.queries, replace=False))
    wv.most_similar(queries[0], topn=10)  # norms cached before timing
    exact_s, exact = run_queries(lambda w: wv.most_similar(w, topn=10), queries)
    rows = [{"method": "zero2vec exact most_similar", "build_s": 0.0, "query_ms": exact_s * 1e3,
             "recall@10": 1.0, "speedup_vs_exact": 1.0}]
    t0 = time.perf_counter()
    indexer = HnswIndexer(wv, M=args.M, ef_construction=args.ef_construction)
    build = time.perf_counter() - t0
    for ef in args.ef:
        indexer.set_ef(ef)
        q_s, answers = run_queries(lambda w: wv.most_similar(w, topn=11, indexer=indexer), queries)
        rows.append({"method": f"zero2vec HnswIndexer (M={args.M}, ef={ef})", "build_s": build,
                     "query_ms": q_s * 1e3, "recall@10": recall(answers, exact, queries),
                     "speedup_vs_exact": exact_s / q_s})
    del indexer
    from gensim.models import KeyedVectors
    kv = KeyedVectors(d, dtype=wv.vectors.dtype)
    kv.add_vectors(wv.index_to_key, np.asarray(wv.vectors))
    kv.fill_norms()
    rows += gensim_rows(kv, queries, exact, exact_s, args.annoy_trees)
    print(f"\n{n:,} words x {d} dims ({source}), {len(queries)} queries, topn=10")
    print_table(rows, ["method", "build_s", "query_ms", "recall@10", "speedup_vs_exact"],
                ["method", "build (s)", "per query (ms)", "recall@10", "x faster than exact"])
    result = {"benchmark": "ann", "words": n, "dims": d, "queries": len(queries), "source": source,
              "targets": {"recall@10": 0.95, "speedup_vs_exact": 20}, "rows": rows,
              "peak_rss_mb": peak_rss_mb(), "machine": machine_info(),
              "command": " ".join(["python", "benchmarks/ann.py",
                                   *(argv if argv is not None else sys.argv[1:])])}
    write_json(args.out, result)
    print(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
