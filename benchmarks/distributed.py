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
time not spent in the slowest worker's kernels.

    python benchmarks/distributed.py                     # gutenberg 4 shards (20M tokens), 3 epochs
    python benchmarks/distributed.py --tokens 2000000    # a prefix of every shard
    python benchmarks/distributed.py --quick             # a smoke run (200k tokens, 1 epoch)

A worker reads whole files, so every shard is cut into 2 files (8 in all, for K = 8).
"""
from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, SHARED_DATA, machine_info, print_table, write_json  # noqa: E402
from vs_gensim import _evaluate  # noqa: E402  (the same evaluators on the same files)

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
                    analogy: bool) -> dict:
    from zero2vec import distributed

    model = distributed.Word2Vec(files, num_workers=K, threads_per_worker=1,
                                 sync_words=sync_words, **settings)
    r = model.sync_report
    return {"engine": f"ray K={K}", "K": K, "threads": 1,
            "words_per_s": r.words / r.wall_seconds, "rounds": r.rounds,
            "cpu_s_per_Mtok": 1e6 * r.cpu_seconds / r.words, "bytes_per_token": r.bytes_per_token,
            "sync_share": r.sync_share, **_evaluate(model.wv.index_to_key, model.wv.vectors, analogy)}


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
    ap.add_argument("--out", type=Path, default=RESULTS / "distributed.json")
    args = ap.parse_args(argv)
    if args.quick:
        args.tokens, args.epochs, args.workers, args.archs = 200_000, 1, "1,2", "cbow"
        args.sync_words = min(args.sync_words, 50_000)
    ks = [int(k) for k in args.workers.split(",")]
    import ray

    ray.init(num_cpus=max(2, *ks), include_dashboard=False, log_to_driver=False)
    rows = []
    with tempfile.TemporaryDirectory(prefix="z2v-dist-bench-") as tmp:
        files, joined, tokens = prepare(args.corpus, args.tokens, 2, Path(tmp))
        print(f"{tokens:,} tokens in {len(files)} files", flush=True)
        for arch in args.archs.split(","):
            settings = dict(vector_size=100, window=5, min_count=5, negative=5, sample=1e-3,
                            sg=int(arch == "sg"), epochs=args.epochs, seed=1)
            arch_rows = [run_single(joined, settings, t, not args.no_analogy) for t in (1, 2)]
            arch_rows += [run_distributed(files, settings, k, args.sync_words, not args.no_analogy)
                          for k in ks]
            relative(arch_rows)
            for r in arch_rows:
                r["arch"] = arch
            rows += arch_rows
            print_table(arch_rows, ["arch", "engine", "sim_mean", "d_sim_mean", "analogy",
                                    "d_analogy", "words_per_s", "speed_vs_single_x2",
                                    "cpu_s_per_Mtok", "bytes_per_token", "sync_share"])
    ray.shutdown()
    write_json(args.out, {"machine": machine_info(), "tokens": tokens, "epochs": args.epochs,
                          "sync_words": args.sync_words, "time": time.time(), "rows": rows})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
