"""Distributed training on Ray against the single-machine engine: quality, throughput, sync cost.

For each architecture the single machine (``zero2vec.Word2Vec``, 1 and 2 threads) and
``zero2vec.distributed.Word2Vec`` with K = 1, 2, 4, 8 workers of one thread train the
same corpus with the same settings in the same run, on one local Ray (as many CPUs as the
largest K asks for: 8 workers on 2 cores oversubscribe, which measures quality, not
speed). Reported per run: mean Spearman (WS353, SimLex, MEN, gensim's evaluator) and
Google-analogy accuracy (30k most frequent words), their differences from the
single machine, words per second and its ratio to the 2-thread single machine,
CPU-seconds per million tokens (the workers' processes while training), bytes sent per
token (changed rows up, the merge down to every worker) and the share of the rounds'
time not spent in the slowest worker's kernels. With ``--kill``, one more K = 2 run has a
worker process SIGKILLed at a random point of its training: its quality, and whether its
model is bit-identical to the unfaulted K = 2 run's.

The JSON's ``cost_model`` holds the constants of docs/distributed.md's cost model, measured
here for each architecture (``c_cpu_s_per_token``, the fit of the bytes a worker sends per
round against the words it trains, ``t_diff_s``, ``t_merge_s_per_byte``, ``lambda_s``), and
their projection to 8, 32 and 128 nodes of 16 cores at 10 Gb/s (``projection``).

    python benchmarks/distributed.py                     # gutenberg 4 shards (20M tokens), 3 epochs
    python benchmarks/distributed.py --tokens 2000000    # a prefix of every shard
    python benchmarks/distributed.py --quick             # a smoke run (200k tokens, 1 epoch)
    python benchmarks/distributed.py --kill              # also a K = 2 run with a worker killed

A worker reads whole files, so every shard is cut into 2 files (8 in all, for K = 8).
"""
from __future__ import annotations

import argparse
import gzip
import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, SHARED_DATA, machine_info, print_table, write_json  # noqa: E402
from vs_gensim import _evaluate  # noqa: E402  (the same evaluators on the same files)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "distributed"))
from _kill import Killer  # noqa: E402  (the fault tests' killer: one home)

DEFAULT_CORPUS = SHARED_DATA / "corpora" / "gutenberg"


def prepare(corpus: Path, tokens: int | None, pieces: int, out: Path) -> tuple[list[str], str, int]:
    """Cut every ``*.txt.gz`` of ``corpus`` into ``pieces`` files (at most ``tokens`` over all)
    in ``out``, and write them joined as one file; return the files, the joined one and
    the tokens written."""
    sources = sorted(corpus.glob("*.txt.gz"))
    if not sources:
        raise SystemExit(f"no *.txt.gz in {corpus}")
    budget = None if tokens is None else tokens // len(sources)
    files, written = [], 0
    with open(out / "joined.txt", "w", encoding="utf8") as joined:
        for i, src in enumerate(sources):
            with gzip.open(src, "rt", encoding="utf8") as f:
                lines, n = [], 0
                for line in f:
                    lines.append(line)
                    n += len(line.split())
                    if budget is not None and n >= budget:
                        break
            written += n
            for p in range(pieces):
                path = out / f"{src.name[:-7]}.{p}.txt"
                part = lines[p * len(lines) // pieces:(p + 1) * len(lines) // pieces]
                path.write_text("".join(part), encoding="utf8")
                joined.write("".join(part))
                files.append(str(path))
    return files, str(out / "joined.txt"), written


def run_single(joined: str, settings: dict, threads: int, analogy: bool) -> dict:
    import zero2vec

    model = zero2vec.Word2Vec(corpus_file=joined, workers=threads, **settings)
    words = model.last_report.words
    return {"engine": f"single x{threads}", "K": 0, "threads": threads,
            "words_per_s": words / model.train_seconds,
            **_evaluate(model.wv.index_to_key, model.wv.vectors, analogy)}


def run_distributed(files: list[str], settings: dict, K: int, sync_words: int,
                    analogy: bool, kill: bool = False) -> tuple[dict, object]:
    from zero2vec import distributed

    killer = None
    if kill:
        killer = Killer(os.getpid(), seed=K, max_delay=0.1)  # (a quick run has few rounds)
        killer.start()
    model = distributed.Word2Vec(files, num_workers=K, threads_per_worker=1,
                                 sync_words=sync_words, **settings)
    if killer is not None:
        killer.stop.set()
        killer.join()
    r = model.sync_report
    per = max(1, r.rounds)
    row = {"engine": f"ray K={K}" + (" killed" if kill else ""), "K": K, "threads": 1,
           "words_per_s": r.words / r.wall_seconds, "rounds": r.rounds,
           "cpu_s_per_Mtok": 1e6 * r.cpu_seconds / r.words, "bytes_per_token": r.bytes_per_token,
           "sync_share": r.sync_share, "restarts": sum(r.restarts),
           "bytes_up_per_worker_round": r.bytes_up / (per * K),
           "bytes_down_per_worker_round": r.bytes_down / (per * K),
           "sync_s_per_round": (r.wall_seconds - r.train_seconds) / per,
           "diff_s_per_round": r.diff_seconds / per, "merge_s_per_round": r.merge_seconds / per,
           "vocab_size": len(model.vocab), "matrices": len(model.params),
           **_evaluate(model.wv.index_to_key, model.wv.vectors, analogy)}
    return row, model


def cost_model(rows: list[dict], sync_words: int, vector_size: int,
               node_memory_gib: float) -> dict:
    """docs/distributed.md's constants from one architecture's unfaulted rows, and their
    projection to 8, 32 and 128 nodes of 16 cores at 10 Gb/s (one worker a node)."""
    import numpy as np

    ray_rows = sorted((r for r in rows if r["engine"].startswith("ray") and
                       not r["engine"].endswith("killed")), key=lambda r: r["K"])
    one = ray_rows[0]
    c = one["cpu_s_per_Mtok"] / 1e6
    n = np.array([sync_words / r["K"] for r in ray_rows], dtype=float)
    up = np.array([r["bytes_up_per_worker_round"] for r in ray_rows], dtype=float)
    # B_up(n) = a * n**b: the distinct rows n words touch grow slower than n (Zipf)
    b, log_a = np.polyfit(np.log(n), np.log(up), 1) if len(n) > 1 else (1.0, math.log(up[0] / n[0]))
    down = max(r["bytes_down_per_worker_round"] for r in ray_rows)
    merged = sum(r["bytes_up_per_worker_round"] * r["K"] for r in ray_rows)
    t_merge = sum(r["merge_s_per_round"] for r in ray_rows) / max(merged, 1.0)
    t_diff = max(r["diff_s_per_round"] for r in ray_rows)
    lam = max(0.0, min(r["sync_s_per_round"] - r["diff_s_per_round"] - r["merge_s_per_round"]
                       for r in ray_rows))
    const = {"c_cpu_s_per_token": c, "b_up_a": math.exp(log_a), "b_up_exponent": b,
             "b_down_bytes": down, "t_diff_s": t_diff, "t_merge_s_per_byte": t_merge,
             "lambda_s": lam, "sync_words": sync_words, "measured_K": [r["K"] for r in ray_rows]}
    beta = 10e9 / 8
    projection = []
    for nodes in (8, 32, 128):
        cores = 16
        t_c = c * sync_words / (nodes * cores)
        b_up = math.exp(log_a) * (sync_words / nodes) ** b
        t_s = t_diff + nodes * (b_up + down) / beta + t_merge * nodes * b_up + lam
        eff = t_c / (t_c + t_s)
        projection.append({"nodes": nodes, "cores": cores, "gbit_s": 10, "t_compute_s": t_c,
                           "t_sync_s": t_s, "efficiency": eff,
                           "tokens_per_s": nodes * cores / c * eff,
                           "bytes_per_token": nodes * (b_up + down) / sync_words})
    matrices = one["matrices"]
    vocab_max = node_memory_gib * 2 ** 30 / (8 * matrices * vector_size)
    return {"constants": const, "projection": projection,
            "vocab_max_per_worker": {"node_memory_gib": node_memory_gib,
                                     "vector_size": vector_size, "matrices": matrices,
                                     "words": vocab_max}}


def relative(rows: list[dict]) -> None:
    """Add each distributed row's quality difference and throughput ratio to the single machine."""
    one = next(r for r in rows if r["engine"] == "single x1")
    two = next(r for r in rows if r["engine"] == "single x2")
    for r in rows:
        for key in ("sim_mean", "analogy"):
            if key in r and key in one:
                r[f"d_{key}"] = r[key] - one[key]
        r["speed_vs_single_x2"] = r["words_per_s"] / two["words_per_s"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="a folder of *.txt.gz")
    ap.add_argument("--tokens", type=int, default=None, help="at most this many tokens (all shards)")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--workers", default="1,2,4,8", help="the K to run, comma-separated")
    ap.add_argument("--archs", default="cbow,sg")
    ap.add_argument("--sync-words", type=int, default=1 << 20)
    ap.add_argument("--quick", action="store_true", help="200k tokens, 1 epoch, K=1,2, CBOW")
    ap.add_argument("--no-analogy", action="store_true")
    ap.add_argument("--kill", action="store_true",
                    help="also a K=2 run with a worker SIGKILLed at a random point")
    ap.add_argument("--node-memory-gib", type=float, default=64.0,
                    help="a node's memory, for the vocabulary that still fits one worker")
    ap.add_argument("--out", type=Path, default=RESULTS / "distributed.json")
    args = ap.parse_args(argv)
    if args.quick:
        args.tokens, args.epochs, args.workers, args.archs = 200_000, 1, "1,2", "cbow"
        args.sync_words = min(args.sync_words, 50_000)
    ks = [int(k) for k in args.workers.split(",")]
    import ray

    ray.init(num_cpus=max(2, *ks), include_dashboard=False, log_to_driver=False)
    rows, costs = [], {}
    with tempfile.TemporaryDirectory(prefix="z2v-dist-bench-") as tmp:
        files, joined, tokens = prepare(args.corpus, args.tokens, 2, Path(tmp))
        print(f"{tokens:,} tokens in {len(files)} files", flush=True)
        for arch in args.archs.split(","):
            settings = dict(vector_size=100, window=5, min_count=5, negative=5, sample=1e-3,
                            sg=int(arch == "sg"), epochs=args.epochs, seed=1)
            arch_rows = [run_single(joined, settings, t, not args.no_analogy) for t in (1, 2)]
            models = {}
            for k in ks:
                row, models[k] = run_distributed(files, settings, k, args.sync_words,
                                                 not args.no_analogy)
                arch_rows.append(row)
            if args.kill:
                row, killed = run_distributed(files, settings, 2, args.sync_words,
                                              not args.no_analogy, kill=True)
                if not row["restarts"]:
                    print("note: the run ended before a worker could be killed", flush=True)
                if 2 in models:
                    row["identical_to_unfaulted"] = all(
                        a.tobytes() == b.tobytes() for a, b in zip(killed.params, models[2].params))
                arch_rows.append(row)
            models.clear()
            relative(arch_rows)
            costs[arch] = cost_model(arch_rows, args.sync_words, settings["vector_size"],
                                     args.node_memory_gib)
            for r in arch_rows:
                r["arch"] = arch
            rows += arch_rows
            print_table(arch_rows, ["arch", "engine", "sim_mean", "d_sim_mean", "analogy",
                                    "d_analogy", "words_per_s", "speed_vs_single_x2",
                                    "cpu_s_per_Mtok", "bytes_per_token", "sync_share", "restarts"])
    ray.shutdown()
    write_json(args.out, {"machine": machine_info(), "tokens": tokens, "epochs": args.epochs,
                          "sync_words": args.sync_words, "time": time.time(), "rows": rows,
                          "cost_model": costs})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
