"""Japanese end to end: raw Aozora text -> tokens -> vectors -> JWSD, zero2vec vs by hand.

The by-hand pipeline is what a reader of the book writes today: a plain fugashi loop
(``[w.surface for w in tagger(line)]``) building a list of token lists, then gensim.
zero2vec tokenises the same raw file with ``tokenize_corpus`` (fugashi in worker
processes, encoded and cached) and trains ``zero2vec.Word2Vec`` on it. Both sides get
the same tokens: zero2vec's tokenizer runs with ``normalize=False, drop_punct=False``,
which reproduces the plain loop exactly (checked below), and the same training settings
(alpha 0.05 for CBOW, 0.025 for skip-gram, as in benchmarks/vs_gensim.py).

    python benchmarks/ja.py                               # all 477k lines (minutes)
    python benchmarks/ja.py --max-lines 100000            # a smaller run
    python benchmarks/ja.py --max-lines 5000 --epochs 1   # smoke run

Prints two tables and writes benchmarks/results/ja.json. Everything runs in one
process, so the peak RSS column is cumulative. Throughputs on a shared machine are
noisy; the load average at start is recorded in the JSON, and the tokenising rows give
CPU seconds (this process plus its workers) next to wall seconds: on a busy machine
the workers get no spare core, and only the CPU column shows the cost per token.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, SHARED_DATA, machine_info, peak_rss_mb, print_table, write_json  # noqa: E402

DEFAULT_CORPUS = SHARED_DATA / "ja" / "aozora" / "aozora.txt.gz"
JWSD = SHARED_DATA / "ja" / "eval" / "jwsd"
POS = ("noun", "verb", "adj", "adv")
ALPHA = {"cbow": 0.05, "sg": 0.025}


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: the load-independent cost."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def tokenize_by_hand(path: Path, max_lines: int | None) -> tuple[list[list[str]], float]:
    """The plain fugashi loop; returns the sentences and the seconds it took."""
    import fugashi

    t0 = time.perf_counter()
    tagger = fugashi.Tagger()
    sents = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if max_lines is not None and i >= max_lines:
                break
            # MeCab returns full-width spaces as tokens; zero2vec drops them, and so do we
            toks = [s for s in (w.surface for w in tagger(line)) if not s.isspace()]
            if toks:
                sents.append(toks)
    return sents, time.perf_counter() - t0


def tokenize_zero2vec(path: Path, max_lines: int | None, workers: int, cache_dir: str):
    from zero2vec.corpus.cache import tokenize_corpus
    from zero2vec.corpus.tokenizers import get_tokenizer

    tok = get_tokenizer("fugashi", normalize=False, drop_punct=False)
    t0 = time.perf_counter()
    corpus = tokenize_corpus(path, tok, cache_dir=cache_dir, workers=workers, limit=max_lines,
                             progress=sys.stderr.isatty())
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = tokenize_corpus(path, tok, cache_dir=cache_dir, workers=workers, limit=max_lines,
                            progress=False)
    warm = time.perf_counter() - t0
    assert again.path == corpus.path and again.n_words == corpus.n_words
    return again, cold, warm


def train_gensim(sents, arch: str, a: argparse.Namespace, seed: int = 1):
    from gensim.models import Word2Vec

    t0 = time.perf_counter()
    m = Word2Vec(sents, vector_size=a.vector_size, window=a.window, min_count=a.min_count,
                 sg=int(arch == "sg"), negative=5, alpha=ALPHA[arch], min_alpha=0.0001,
                 epochs=a.epochs, workers=a.workers, seed=seed)
    return m.wv.vectors, m.wv.index_to_key, time.perf_counter() - t0, "gensim"


def train_zero2vec(corpus, arch: str, a: argparse.Namespace, seed: int = 1):
    t0 = time.perf_counter()
    try:
        from zero2vec import Word2Vec

        m = Word2Vec(sentences=corpus, vector_size=a.vector_size, window=a.window,
                     min_count=a.min_count, sg=int(arch == "sg"), negative=5, alpha=ALPHA[arch],
                     epochs=a.epochs, workers=a.workers, seed=seed, progress=False)
        return m.wv.vectors, m.wv.index_to_key, time.perf_counter() - t0, "zero2vec.Word2Vec"
    except ImportError:  # the engine is not there: the book's layered model, labelled as such
        from zero2vec.trainer import train_layers

        r = train_layers(sentences=corpus, sg=int(arch == "sg"), vector_size=a.vector_size,
                         window=a.window, min_count=a.min_count, epochs=a.epochs, seed=seed,
                         progress=False)
        return r.wv.vectors, r.wv.index_to_key, time.perf_counter() - t0, "zero2vec layered"


def jwsd(vectors: np.ndarray, keys: list[str]) -> dict:
    """Spearman and pairs covered per part of speech, with zero2vec's evaluator for both tools."""
    from zero2vec.errors import Zero2VecError
    from zero2vec.vectors import WordVectors

    wv = WordVectors(np.asarray(vectors, dtype=np.float32), keys)
    out = {}
    for pos in POS:
        path = JWSD / f"score_{pos}.csv"
        n = sum(1 for _ in open(path, encoding="utf-8")) - 1
        try:
            _, spearman, oov = wv.evaluate_word_pairs(path)
        except Zero2VecError:  # fewer than two pairs in the vocabulary (small runs)
            out[pos] = {"spearman": None, "pairs": None}
            continue
        out[pos] = {"spearman": float(spearman[0]), "pairs": round(n * (100 - oov) / 100)}
    return out


def mean_over_seeds(rows: list[dict]) -> list[dict]:
    """One row per (arch, tool): the mean of each timing and JWSD score over the seeds."""
    out: dict[tuple, dict] = {}
    for r in rows:
        out.setdefault((r["arch"], r["tool"]), []).append(r)
    keys = ["end_to_end_s", "train_s", *(f"jwsd_{p}" for p in POS)]
    return [{"arch": arch, "tool": tool, "seeds": len(rs),
             **{k: (float(np.mean([r[k] for r in rs])) if all(r[k] is not None for r in rs) else None)
                for k in keys}}
            for (arch, tool), rs in out.items()]


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--max-lines", type=int, default=None, help="read only this many lines")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--vector-size", type=int, default=100)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--archs", default="cbow,sg")
    ap.add_argument("--seeds", default="1", help="comma-separated; JWSD varies with the seed")
    ap.add_argument("--no-gensim", action="store_true")
    ap.add_argument("--out", type=Path, default=RESULTS / "ja.json")
    a = ap.parse_args(argv)
    if not a.corpus.exists():
        sys.exit(f"{a.corpus} not found (set ZERO2VEC_SHARED_DATA)")
    info = machine_info()

    # JIT-compile the engine's kernels on a toy corpus first, so the timings below are the
    # steady state; the compile time is reported on its own.
    t0 = time.perf_counter()
    try:
        from zero2vec import Word2Vec
        for sg in (0, 1):
            Word2Vec([["a", "b", "c"]] * 50, vector_size=8, min_count=1, sg=sg, epochs=1,
                     workers=1, progress=False)
    except ImportError:
        pass
    jit_s = time.perf_counter() - t0

    with tempfile.TemporaryDirectory(prefix="z2v-ja-cache-") as cache_dir:
        c0 = cpu_seconds()
        corpus, z_cold, z_warm = tokenize_zero2vec(a.corpus, a.max_lines, a.workers, cache_dir)
        c1 = cpu_seconds()
        hand, h_s = tokenize_by_hand(a.corpus, a.max_lines)
        c2 = cpu_seconds()
        n_tok = corpus.n_words
        same = sum(map(len, hand)) == n_tok and all(
            x == y for x, y in zip(hand[:2000], corpus))  # the spot check of equal tokens
        tok_rows = [
            {"step": "tokenise: plain fugashi loop (1 process)", "seconds": h_s,
             "tokens_per_s": n_tok / h_s, "cpu_s": c2 - c1},
            {"step": f"tokenise: zero2vec tokenize_corpus ({a.workers} workers, cold cache)",
             "seconds": z_cold, "tokens_per_s": n_tok / z_cold, "cpu_s": c1 - c0},
            {"step": "tokenise: zero2vec, cached (2nd run)", "seconds": z_warm, "tokens_per_s": n_tok / z_warm},
        ]
        print(f"\n{a.corpus.name}: {len(corpus):,} sentences, {n_tok:,} tokens; "
              f"identical tokens: {same}; engine JIT warm-up {jit_s:.1f} s\n")
        print_table(tok_rows, ["step", "seconds", "tokens_per_s", "cpu_s"])

        rows = []
        seeds = [int(x) for x in a.seeds.split(",")]
        for arch, seed in itertools.product(a.archs.split(","), seeds):
            runs = [(train_zero2vec(corpus, arch, a, seed), z_cold)]
            if not a.no_gensim:
                runs.append((train_gensim(hand, arch, a, seed), h_s))
            for (vecs, keys, train_s, label), tok_s in runs:
                q = jwsd(vecs, keys)
                rows.append({"arch": arch, "tool": label, "seed": seed, "vocab": len(keys),
                             "tokenise_s": tok_s, "train_s": train_s,
                             "end_to_end_s": tok_s + train_s,
                             "train_words_per_s": n_tok * a.epochs / train_s,
                             **{f"jwsd_{p}": q[p]["spearman"] for p in POS},
                             **{f"pairs_{p}": q[p]["pairs"] for p in POS},
                             "peak_rss_mb": peak_rss_mb()})
    print()
    print_table(rows, ["arch", "tool", "seed", "vocab", "tokenise_s", "train_s", "end_to_end_s",
                       *(f"jwsd_{p}" for p in POS)])
    print("JWSD pairs covered: " + " ".join(f"{p} {rows[0][f'pairs_{p}']}" for p in POS))
    means = mean_over_seeds(rows)
    if len(seeds) > 1:
        print(f"\nmeans over seeds {a.seeds}:")
        print_table(means, ["arch", "tool", "end_to_end_s", *(f"jwsd_{p}" for p in POS)])
    result = {"machine": info, "args": {k: str(v) for k, v in vars(a).items()},
              "sentences": len(corpus), "tokens": n_tok, "identical_tokens": same,
              "jit_warmup_s": jit_s, "tokenise": tok_rows, "train": rows, "means": means}
    print(f"\nwrote {write_json(a.out, result)}")
    return result


if __name__ == "__main__":
    main()
