"""zero2vec's native engine against gensim: speed, memory and quality, same settings.

Each (tool, architecture, threads, seed) run is a separate subprocess, so peak RSS is
per tool and nothing is shared between runs; the runs of one cell go back to back.
Peak RSS is the child's own high-water mark (VmHWM: ``ru_maxrss`` would report the
parent's peak too); peak anonymous memory (heap and arrays, without mapped libraries)
is sampled every 20 ms.

    python benchmarks/vs_gensim.py                          # the full matrix (slow)
    python benchmarks/vs_gensim.py --cells sg-2 --seeds 1   # one cell
    python benchmarks/vs_gensim.py --limit 20000 --epochs 1 --no-analogy   # smoke run

Throughput is corpus tokens x epochs / training wall seconds (``train()`` only, which
for gensim includes re-reading the corpus every epoch, and for zero2vec includes
nothing but the kernels since the corpus was encoded during the vocabulary pass).
The vocabulary pass (zero2vec: counting + encoding) is timed separately. Quality is
scored for both tools with gensim's own evaluators on the same files: Spearman on
WordSim-353, SimLex-999, MEN, and Google-analogy accuracy on the 30k most frequent
words, case-insensitive.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (RESULTS, SHARED_DATA, AnonPeak, machine_info, peak_rss_mb,  # noqa: E402
                     print_table, rss_now_mb, write_json)

DEFAULT_CORPUS = SHARED_DATA / "corpora" / "gutenberg" / "gutenberg_en_01.txt.gz"
EVAL = {
    "ws353": SHARED_DATA / "eval" / "wordsim353.tsv",
    "simlex": SHARED_DATA / "eval" / "simlex999.txt",
    "men": SHARED_DATA / "eval" / "word-sim" / "EN-MEN-TR-3k.txt",
}
ANALOGY = SHARED_DATA / "eval" / "questions-words.txt"
ALPHA = {"cbow": 0.05, "sg": 0.025}  # zero2vec's defaults; both tools get the same value


# -- child side ---------------------------------------------------------------------------
def _train_gensim(cfg: dict):
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    corpus = LineSentence(cfg["corpus"], limit=cfg["limit"])
    model = Word2Vec(vector_size=cfg["dim"], window=cfg["window"], min_count=cfg["min_count"],
                     sg=int(cfg["arch"] == "sg"), hs=0, negative=cfg["negative"],
                     sample=cfg["sample"], alpha=cfg["alpha"], min_alpha=0.0001,
                     epochs=cfg["epochs"], workers=cfg["threads"], seed=cfg["seed"])
    t0 = time.perf_counter()
    model.build_vocab(corpus)
    t1 = time.perf_counter()
    c1 = time.process_time()
    model.train(corpus, total_examples=model.corpus_count, epochs=cfg["epochs"])
    t2 = time.perf_counter()
    cfg["cpu_s"] = time.process_time() - c1
    return model.wv.index_to_key, model.wv.vectors, model.corpus_total_words, t1 - t0, t2 - t1


def _train_zero2vec(cfg: dict):
    from zero2vec.corpus.sentences import LineSentence
    from zero2vec.engine import Word2Vec
    model = Word2Vec(vector_size=cfg["dim"], window=cfg["window"], min_count=cfg["min_count"],
                     sg=int(cfg["arch"] == "sg"), hs=0, negative=cfg["negative"],
                     sample=cfg["sample"], alpha=cfg["alpha"], min_alpha=0.0001,
                     epochs=cfg["epochs"], workers=cfg["threads"], seed=cfg["seed"],
                     progress=False, shared_negatives=cfg["shared"])
    t0 = time.perf_counter()
    if cfg["limit"]:
        model.build_vocab(LineSentence(cfg["corpus"], limit=cfg["limit"]))
    else:
        model.build_vocab(corpus_file=cfg["corpus"])
    t1 = time.perf_counter()
    c1 = time.process_time()
    model.train()
    t2 = time.perf_counter()
    cfg["cpu_s"] = time.process_time() - c1
    return model.wv.index_to_key, model.W_in, model.corpus_total_words, t1 - t0, t2 - t1


def _evaluate(words, vectors, analogies: bool) -> dict:
    import logging
    logging.disable(logging.WARNING)
    from gensim.models import KeyedVectors
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(list(words), vectors)
    out = {}
    for name, path in EVAL.items():
        if path.exists():
            out[name] = float(kv.evaluate_word_pairs(str(path), case_insensitive=True)[1][0])
    if {"ws353", "simlex", "men"} <= out.keys():
        out["sim_mean"] = (out["ws353"] + out["simlex"] + out["men"]) / 3
    if analogies and ANALOGY.exists():
        out["analogy"] = 100 * float(kv.evaluate_word_analogies(
            str(ANALOGY), restrict_vocab=30000, case_insensitive=True)[0])
    return out


def child(cfg: dict) -> dict:
    train = _train_gensim if cfg["tool"] == "gensim" else _train_zero2vec
    anon = AnonPeak()
    words, vectors, n_words, vocab_s, train_s = train(cfg)
    peak_anon = anon.stop()
    row = {k: cfg[k] for k in ("tool", "arch", "threads", "seed", "epochs", "alpha")}
    row.update(vocab=len(words), corpus_tokens=int(n_words), vocab_s=vocab_s, train_s=train_s,
               tokens_per_s=n_words * cfg["epochs"] / train_s, cpu_s=cfg["cpu_s"],
               tokens_per_cpu_s=n_words * cfg["epochs"] / cfg["cpu_s"], peak_rss_mb=peak_rss_mb(),
               peak_anon_mb=peak_anon, anon_rss_mb=rss_now_mb().get("RssAnon"), file_rss_mb=rss_now_mb().get("RssFile"))
    if cfg["evaluate"]:
        t = time.perf_counter()
        row.update(_evaluate(words, vectors, cfg["analogy"]))
        row["eval_s"] = time.perf_counter() - t
    return row


def warm_up() -> None:
    """Compile (or load from numba's cache) the zero2vec kernels before timing anything."""
    from zero2vec.datasets.bundled import bundled_path
    from zero2vec.corpus.sentences import LineSentence
    from zero2vec.engine import Word2Vec
    for sg in (0, 1):
        Word2Vec(LineSentence(bundled_path("brown"), limit=500), sg=sg, min_count=1,
                 workers=1, epochs=1, progress=False)


# -- parent side --------------------------------------------------------------------------
def run_child(cfg: dict) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(cfg)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{cfg['tool']} {cfg['arch']}-{cfg['threads']} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summarise(rows: list[dict]) -> list[dict]:
    """Mean over seeds per (cell, tool), and zero2vec / gensim ratios per cell."""
    import statistics
    keys = ("tokens_per_s", "tokens_per_cpu_s", "vocab_s", "train_s", "peak_rss_mb", "peak_anon_mb",
            "ws353", "simlex", "men", "sim_mean", "analogy")
    out = []
    cells = sorted({(r["arch"], r["threads"]) for r in rows})
    for arch, threads in cells:
        means = {}
        for tool in ("gensim", "zero2vec"):
            rs = [r for r in rows if (r["arch"], r["threads"], r["tool"]) == (arch, threads, tool)]
            if rs:
                means[tool] = {k: statistics.fmean(r[k] for r in rs) for k in keys
                               if all(k in r for r in rs)}
                means[tool]["seeds"] = len(rs)
        s = {"cell": f"{arch}-{threads}", **{f"{t}": m for t, m in means.items()}}
        if len(means) == 2:
            g, z = means["gensim"], means["zero2vec"]
            s["speedup"] = z["tokens_per_s"] / g["tokens_per_s"]
            s["cpu_speedup"] = z["tokens_per_cpu_s"] / g["tokens_per_cpu_s"]
            s["vocab_speedup"] = g["vocab_s"] / z["vocab_s"]
            s["rss_ratio"] = z["peak_rss_mb"] / g["peak_rss_mb"]
            s["anon_ratio"] = z["peak_anon_mb"] / g["peak_anon_mb"]
            for k in ("sim_mean", "analogy"):
                if k in g and k in z:
                    s[f"d_{k}"] = z[k] - g[k]
        out.append(s)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--limit", type=int, default=None, help="read only this many lines")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--cells", nargs="+", default=["cbow-1", "cbow-2", "sg-1", "sg-2"],
                    help="ARCH-THREADS, e.g. sg-2")
    ap.add_argument("--tools", nargs="+", default=["gensim", "zero2vec"])
    ap.add_argument("--alpha", type=float, default=None,
                    help="initial learning rate for both tools (default: 0.05 CBOW, 0.025 SG)")
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--negative", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--sample", type=float, default=1e-3)
    ap.add_argument("--no-shared", action="store_true",
                    help="zero2vec skip-gram with word2vec.c's per-pair negatives")
    ap.add_argument("--no-eval", action="store_true")
    ap.add_argument("--no-analogy", action="store_true")
    ap.add_argument("--out", default=str(RESULTS / "vs_gensim.json"))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    if not Path(args.corpus).exists():
        sys.exit(f"corpus {args.corpus} not found (see --corpus)")
    if "zero2vec" in args.tools:
        t = time.perf_counter()
        warm_up()
        print(f"zero2vec kernels ready in {time.perf_counter() - t:.1f}s", flush=True)
    info = machine_info()
    rows = []
    cols = ["tool", "arch", "threads", "seed", "tokens_per_s", "tokens_per_cpu_s", "vocab_s", "train_s",
            "peak_rss_mb", "peak_anon_mb", "ws353", "simlex", "men", "analogy"]
    for cell in args.cells:
        arch, threads = cell.split("-")
        for seed in args.seeds:
            for tool in args.tools:
                cfg = dict(tool=tool, arch=arch, threads=int(threads), seed=seed,
                           epochs=args.epochs, corpus=args.corpus, limit=args.limit,
                           alpha=args.alpha if args.alpha is not None else ALPHA[arch],
                           dim=args.dim, window=args.window, negative=args.negative,
                           min_count=args.min_count, sample=args.sample,
                           shared=not args.no_shared, evaluate=not args.no_eval,
                           analogy=not args.no_analogy)
                row = run_child(cfg)
                rows.append(row)
                print_table([row], cols)
    summary = summarise(rows)
    print("\nsummary (means over seeds; ratios are zero2vec / gensim)")
    flat = []
    for s in summary:
        for tool in ("gensim", "zero2vec"):
            if tool in s:
                flat.append({"cell": s["cell"], "tool": tool, **s[tool],
                             "speedup": s.get("speedup") if tool == "zero2vec" else None,
                             "cpu_speedup": s.get("cpu_speedup") if tool == "zero2vec" else None})
    print_table(flat, ["cell", "tool", "seeds", "tokens_per_s", "speedup", "tokens_per_cpu_s",
                       "cpu_speedup", "vocab_s",
                       "peak_rss_mb", "peak_anon_mb", "ws353", "simlex", "men", "sim_mean", "analogy"])
    out = write_json(args.out, {"command": " ".join(sys.argv), "settings": vars(args),
                                "machine": info, "runs": rows, "summary": summary})
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
