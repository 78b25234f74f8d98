"""zero2vec FastText against Facebook fastText and gensim FastText: speed, memory, quality.

Each (tool, architecture) run is a separate subprocess (peak RSS is the child's own,
VmHWM), on the same plain-text corpus, with the same settings and threads:

    python benchmarks/subwords.py                         # gutenberg_en_01, cbow and sg, 2 threads
    python benchmarks/subwords.py --tokens 1000000        # a 1M-token prefix (~5 minutes)
    python benchmarks/subwords.py --tokens 20000 --epochs 1 --bucket 20000   # smoke run
    python benchmarks/subwords.py --ja --tools word2vec zero2vec fasttext     # Aozora, JWSD
    python benchmarks/subwords.py --tokens 1000000 --archs sg --seeds 1 2    # two seeds, means compared

Throughput is corpus tokens x epochs / training wall seconds (fastText's and gensim's
include reading the corpus each epoch; zero2vec's the kernels only, the corpus being
encoded in the vocabulary pass, which is timed separately). Quality: Spearman on
WordSim-353, SimLex-999 and the Stanford Rare Words set, every pair scored (a word
outside a model's vocabulary gets its n-gram vector, as each tool computes it; the
share of such pairs is ``rw_oov``), and Google-analogy accuracy on the 30k most
frequent words (gensim's evaluator, case-insensitive). Peers come from
benchmarks/requirements.txt (``fasttext-wheel``, ``gensim``).

``--ja`` trains on the tokenised Aozora corpus and scores the Japanese Word Similarity
Dataset (JWSD: nouns, verbs, adjectives, adverbs). The tool ``word2vec`` (zero2vec's
whole-word model, same settings) scores only the pairs whose words it has: ``*_scored``
is the share of pairs each tool could score, against the subword models' 1.0.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (RESULTS, SHARED_DATA, AnonPeak, machine_info, peak_rss_mb,  # noqa: E402
                     print_table, write_json)

DEFAULT_CORPUS = SHARED_DATA / "corpora" / "gutenberg" / "gutenberg_en_01.txt.gz"
PAIRS = {
    "ws353": SHARED_DATA / "eval" / "wordsim353.tsv",
    "simlex": SHARED_DATA / "eval" / "simlex999.txt",
    "rw": SHARED_DATA / "eval" / "word-sim" / "EN-RW-STANFORD.txt",
}
ANALOGY = SHARED_DATA / "eval" / "questions-words.txt"
JA_CORPUS = SHARED_DATA / "ja" / "aozora" / "aozora.wakati.txt.gz"
JA_PAIRS = {f"jwsd_{pos}": SHARED_DATA / "ja" / "eval" / "jwsd" / f"score_{pos}.csv"
            for pos in ("noun", "verb", "adj", "adv")}
TOOLS = ("fasttext", "gensim", "zero2vec", "word2vec")


# -- child side ---------------------------------------------------------------------------
def _train_fasttext(cfg: dict):
    import fasttext

    t0 = time.perf_counter()
    m = fasttext.train_unsupervised(
        cfg["corpus"], model="skipgram" if cfg["arch"] == "sg" else "cbow", dim=cfg["dim"],
        ws=cfg["window"], epoch=cfg["epochs"], minCount=cfg["min_count"], neg=cfg["negative"],
        minn=cfg["minn"], maxn=cfg["maxn"], bucket=cfg["bucket"], lr=cfg["alpha"],
        t=cfg["sample"], thread=cfg["threads"], verbose=0)  # (its seed is fixed; 2 threads vary)
    train_s = time.perf_counter() - t0
    words = m.get_words()
    tokens = sum(m.get_words(include_freq=True)[1])
    return words, m.get_word_vector, tokens, 0.0, train_s


def _train_gensim(cfg: dict):
    from gensim.models import FastText

    m = FastText(vector_size=cfg["dim"], window=cfg["window"], min_count=cfg["min_count"],
                 sg=int(cfg["arch"] == "sg"), negative=cfg["negative"], min_n=cfg["minn"],
                 max_n=cfg["maxn"], bucket=cfg["bucket"], alpha=cfg["alpha"],
                 sample=cfg["sample"], epochs=cfg["epochs"], workers=cfg["threads"],
                 seed=cfg["seed"], **_ns_exponent(cfg))
    t0 = time.perf_counter()
    m.build_vocab(corpus_file=cfg["corpus"])
    t1 = time.perf_counter()
    m.train(corpus_file=cfg["corpus"], total_words=m.corpus_total_words, epochs=cfg["epochs"])
    t2 = time.perf_counter()
    return m.wv.index_to_key, m.wv.get_vector, m.corpus_total_words, t1 - t0, t2 - t1


def _train_zero2vec(cfg: dict):
    from zero2vec.subword.model import FastText

    m = FastText(min_n=cfg["minn"], max_n=cfg["maxn"], bucket=cfg["bucket"], **_engine_settings(cfg))
    return _timed_build_and_train(m, cfg)


def _train_word2vec(cfg: dict):
    from zero2vec.engine.word2vec import Word2Vec

    return _timed_build_and_train(Word2Vec(**_engine_settings(cfg)), cfg)


def _engine_settings(cfg: dict) -> dict:
    """The settings zero2vec's Word2Vec and FastText share, from the run's config."""
    return dict(vector_size=cfg["dim"], window=cfg["window"], min_count=cfg["min_count"],
                sg=int(cfg["arch"] == "sg"), negative=cfg["negative"], alpha=cfg["alpha"],
                sample=cfg["sample"], epochs=cfg["epochs"], workers=cfg["threads"],
                seed=cfg["seed"], progress=False, **_ns_exponent(cfg))


def _ns_exponent(cfg: dict) -> dict:
    """The negative-sampling exponent, if the run sets one (fastText's is fixed at 0.5)."""
    return {} if cfg.get("ns_exponent") is None else {"ns_exponent": cfg["ns_exponent"]}


def _timed_build_and_train(m, cfg: dict):
    """(words, vector lookup, corpus tokens, vocabulary seconds, training seconds)."""
    t0 = time.perf_counter()
    m.build_vocab(corpus_file=cfg["corpus"])
    t1 = time.perf_counter()
    m.train()
    t2 = time.perf_counter()
    return m.wv.index_to_key, m.wv.get_vector, m.corpus_total_words, t1 - t0, t2 - t1


def _pairs(path: Path):
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split(",") if path.suffix == ".csv" else line.split()
        if len(parts) >= 3 and not line.startswith("#"):
            try:
                yield parts[0].lower(), parts[1].lower(), float(parts[2])
            except ValueError:
                continue


def _evaluate(words, vector, analogies: bool, pairs: dict) -> dict:
    import logging

    import numpy as np
    from scipy.stats import spearmanr

    logging.disable(logging.WARNING)
    vocab = set(words)
    out = {}
    for name, path in pairs.items():
        if not path.exists():
            continue
        gold, pred, oov, n = [], [], 0, 0
        for a, b, score in _pairs(path):
            n += 1
            oov += a not in vocab or b not in vocab
            try:  # a whole-word model has no vector for an unseen word: the pair is not scored
                va, vb = np.asarray(vector(a), np.float64), np.asarray(vector(b), np.float64)
            except KeyError:
                continue
            na, nb = np.linalg.norm(va), np.linalg.norm(vb)
            gold.append(score)
            pred.append(float(va @ vb / (na * nb)) if na and nb else 0.0)
        out[name] = float(spearmanr(gold, pred)[0]) if len(gold) > 1 else None
        out[f"{name}_oov"] = oov / max(1, n)
        out[f"{name}_scored"] = len(gold) / max(1, n)
    if analogies and ANALOGY.exists():
        from gensim.models import KeyedVectors

        top = list(words)[:30000]
        kv = KeyedVectors(len(np.asarray(vector(top[0]))))
        kv.add_vectors(top, np.vstack([np.asarray(vector(w), np.float32) for w in top]))
        out["analogy"] = 100 * float(kv.evaluate_word_analogies(str(ANALOGY), restrict_vocab=30000,
                                                                 case_insensitive=True)[0])
    return out


def child(cfg: dict) -> dict:
    train = {"fasttext": _train_fasttext, "gensim": _train_gensim, "zero2vec": _train_zero2vec,
             "word2vec": _train_word2vec}
    anon = AnonPeak()
    words, vector, tokens, vocab_s, train_s = train[cfg["tool"]](cfg)
    row = {k: cfg[k] for k in ("tool", "arch", "threads", "epochs", "alpha", "bucket", "seed")}
    row.update(vocab=len(words), corpus_tokens=int(tokens), vocab_s=vocab_s, train_s=train_s,
               tokens_per_s=tokens * cfg["epochs"] / train_s, peak_rss_mb=peak_rss_mb(),
               peak_anon_mb=anon.stop())
    if cfg["evaluate"]:
        t = time.perf_counter()
        row.update(_evaluate(words, vector, cfg["analogy"], JA_PAIRS if cfg["ja"] else PAIRS))
        row["eval_s"] = time.perf_counter() - t
    return row


# -- parent side --------------------------------------------------------------------------
def prefix_corpus(src: Path, tokens: int | None, folder: Path) -> Path:
    """The corpus as a plain text file (fastText reads no .gz), cut after ``tokens`` tokens."""
    out = folder / "corpus.txt"
    opener = gzip.open if src.suffix == ".gz" else open
    n = 0
    with opener(src, "rt", encoding="utf-8", errors="replace") as f, \
            open(out, "w", encoding="utf-8") as g:
        for line in f:
            g.write(line)
            n += len(line.split())
            if tokens is not None and n >= tokens:
                break
    return out


def warm_up() -> None:
    """Compile (or load from numba's cache) zero2vec's kernels before timing anything."""
    from zero2vec.subword.model import FastText

    for sg in (0, 1):
        FastText([["warm", "up", "words"]] * 20, sg=sg, min_count=1, bucket=100, workers=1,
                 epochs=1, progress=False)


def run_child(cfg: dict) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(cfg)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{cfg['tool']} {cfg['arch']} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _mean_rows(rows: list[dict]) -> list[dict]:
    """One row per (tool, arch): the mean of its seeds' numbers."""
    out: dict[tuple, dict] = {}
    for r in rows:
        out.setdefault((r["tool"], r["arch"]), []).append(r)
    means = []
    for group in out.values():
        m = dict(group[0])
        for k, v in m.items():
            if isinstance(v, float) and all(isinstance(g.get(k), float) for g in group):
                m[k] = sum(g[k] for g in group) / len(group)
        m["seeds"] = len(group)
        means.append(m)
    return means


def ratios(rows: list[dict]) -> list[dict]:
    """Per architecture: zero2vec's speed over the faster peer's, RSS over fastText's,
    quality minus fastText's (each tool's mean over its seeds)."""
    out = []
    rows = _mean_rows(rows)
    for arch in sorted({r["arch"] for r in rows}):
        by = {r["tool"]: r for r in rows if r["arch"] == arch}
        z = by.get("zero2vec")
        peers = [by[t] for t in ("fasttext", "gensim") if t in by]
        if z is None or not peers:
            continue
        s = {"arch": arch, "seeds": z["seeds"], "speedup_vs_faster_peer":
             z["tokens_per_s"] / max(p["tokens_per_s"] for p in peers)}
        if "fasttext" in by:
            f = by["fasttext"]
            s["rss_ratio_vs_fasttext"] = z["peak_rss_mb"] / f["peak_rss_mb"]
            for k in ("ws353", "simlex", "rw", "analogy", *JA_PAIRS):
                if z.get(k) is not None and f.get(k) is not None:
                    s[f"d_{k}"] = z[k] - f[k]
        out.append(s)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--tokens", type=int, default=None, help="train on the first N tokens only")
    ap.add_argument("--archs", nargs="+", default=["cbow", "sg"])
    ap.add_argument("--tools", nargs="+", default=list(TOOLS[:3]), choices=TOOLS)
    ap.add_argument("--ja", action="store_true",
                    help="Aozora (tokenised) and JWSD instead of Gutenberg and the English sets")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--alpha", type=float, default=0.05, help="fastText's default lr, for all")
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--negative", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--sample", type=float, default=1e-4, help="fastText's default -t")
    ap.add_argument("--minn", type=int, default=3)
    ap.add_argument("--maxn", type=int, default=6)
    ap.add_argument("--bucket", type=int, default=2_000_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1],
                    help="a run per seed and tool; the summary compares their means")
    ap.add_argument("--ns-exponent", type=float, default=None,
                    help="gensim's and zero2vec's negative-sampling exponent (default: theirs, "
                         "0.75; fastText's is 0.5)")
    ap.add_argument("--no-eval", action="store_true")
    ap.add_argument("--no-analogy", action="store_true")
    ap.add_argument("--out", default=str(RESULTS / "subwords.json"))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    if args.ja:
        args.corpus, args.no_analogy = str(JA_CORPUS), True
    if not Path(args.corpus).exists():
        sys.exit(f"corpus {args.corpus} not found (see --corpus)")
    if "zero2vec" in args.tools:
        warm_up()
    info, rows = machine_info(), []
    cols = ["tool", "arch", "seed", "tokens_per_s", "vocab_s", "train_s", "peak_rss_mb"]
    cols += ([*JA_PAIRS, "jwsd_noun_scored"] if args.ja else
             ["ws353", "simlex", "rw", "rw_oov", "analogy"])
    with tempfile.TemporaryDirectory() as tmp:
        corpus = prefix_corpus(Path(args.corpus), args.tokens, Path(tmp))
        for arch in args.archs:
            for tool, seed in itertools.product(args.tools, args.seeds):
                cfg = dict(tool=tool, arch=arch, seed=seed, ns_exponent=args.ns_exponent,
                           threads=args.threads, epochs=args.epochs,
                           corpus=str(corpus), alpha=args.alpha, dim=args.dim, window=args.window,
                           negative=args.negative, min_count=args.min_count, sample=args.sample,
                           minn=args.minn, maxn=args.maxn, bucket=args.bucket,
                           evaluate=not args.no_eval, analogy=not args.no_analogy, ja=args.ja)
                rows.append(run_child(cfg))
                print_table(rows[-1:], cols)
    summary = ratios(rows)
    print("\nzero2vec against its peers (speed: over the faster of fastText and gensim)")
    quality = [f"d_{k}" for k in JA_PAIRS] if args.ja else ["d_ws353", "d_simlex", "d_rw", "d_analogy"]
    print_table(summary, ["arch", "speedup_vs_faster_peer", "rss_ratio_vs_fasttext", *quality])
    out = write_json(args.out, {"command": " ".join(sys.argv), "settings": vars(args),
                                "machine": info, "runs": rows, "summary": summary})
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
