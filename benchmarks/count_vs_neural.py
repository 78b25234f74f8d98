"""Count-based vs neural word vectors on one corpus: the book's ch02 vs ch04, measured.

Trains PPMI-SVD (``zero2vec.count.train_ppmi_svd``), CBOW and skip-gram on the same
sentences and scores each on WordSim-353, SimLex-999 (Spearman) and the Google
analogies (accuracy over the questions whose words are all in the vocabulary).

Neural rows use ``zero2vec.Word2Vec`` (the native engine); if it cannot be imported
or fails, gensim's ``Word2Vec`` is used and the row is labelled ``gensim``. Scores use
``WordVectors.evaluate_word_pairs`` / ``evaluate_word_analogies`` when present, else
gensim's ``KeyedVectors`` on the same vectors (labelled). ``--engine both`` adds
gensim rows next to the zero2vec ones.

Usage::

    .venv/bin/python benchmarks/count_vs_neural.py                  # PTB train
    .venv/bin/python benchmarks/count_vs_neural.py --corpus FILE --epochs 5

Prints a table and writes ``benchmarks/results/count_vs_neural.json``. Wall-clock
times depend on the machine and its load; the JSON records the core count.
"""
from __future__ import annotations

import os

# Dense LAPACK steps of the SVD (QR, small SVD) run 10x slower when OpenBLAS threads
# spin on an oversubscribed machine; one BLAS thread keeps the timing honest. The
# neural engines do not use threaded BLAS, so this does not favour either side.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zero2vec.corpus import LineSentence  # noqa: E402
from zero2vec.count import train_ppmi_svd  # noqa: E402
from zero2vec.vectors import WordVectors  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("ZERO2VEC_SHARED_DATA", ROOT.parent / "shared" / "data"))


# -- training ---------------------------------------------------------------------------
def train_neural(sentences: list[list[str]], sg: int, args, engine: str) -> tuple[WordVectors, str]:
    """CBOW (sg=0) or skip-gram (sg=1) vectors, with the engine that produced them."""
    kw = dict(vector_size=args.vector_size, window=args.window_neural, min_count=args.min_count,
              sg=sg, epochs=args.epochs, workers=args.workers, seed=1)
    if engine == "zero2vec":
        import zero2vec
        model = zero2vec.Word2Vec(sentences=sentences, progress=False, **kw)
        return model.wv, "zero2vec"
    from gensim.models import Word2Vec as GensimWord2Vec
    model = GensimWord2Vec(sentences=sentences, **kw)
    return WordVectors(model.wv.vectors, model.wv.index_to_key), f"gensim {_gensim_version()}"


def _gensim_version() -> str:
    import gensim
    return gensim.__version__


# -- evaluation -------------------------------------------------------------------------
def _as_gensim(wv: WordVectors):
    from gensim.models import KeyedVectors
    kv = KeyedVectors(wv.vector_size)
    kv.add_vectors(wv.index_to_key, np.asarray(wv.vectors, dtype=np.float32))
    return kv


def evaluate(wv: WordVectors, eval_dir: Path, scorer: str) -> dict:
    """WordSim-353 / SimLex-999 Spearman and analogy accuracy, as gensim defines them."""
    target = wv if scorer == "zero2vec" else _as_gensim(wv)
    out = {}
    for name, file in (("wordsim353", "wordsim353.tsv"), ("simlex999", "simlex999.txt")):
        _, spearman, oov = target.evaluate_word_pairs(eval_dir / file)
        out[name] = round(float(spearman[0]), 4)
        out[f"{name}_oov_percent"] = round(float(oov), 1)
    score, sections = target.evaluate_word_analogies(eval_dir / "questions-words.txt")
    total = sections[-1]
    out["analogy"] = round(float(score), 4)
    out["analogy_questions"] = len(total["correct"]) + len(total["incorrect"])
    return out


def pick_scorer(requested: str) -> str:
    if requested != "auto":
        return requested
    ok = hasattr(WordVectors, "evaluate_word_pairs") and hasattr(WordVectors, "evaluate_word_analogies")
    return "zero2vec" if ok else "gensim"


# -- report -----------------------------------------------------------------------------
COLUMNS = [("method", "{}"), ("engine", "{}"), ("train_s", "{:.1f}"), ("wordsim353", "{:.3f}"),
           ("simlex999", "{:.3f}"), ("analogy", "{:.3f}")]


def print_table(rows: list[dict]) -> None:
    cells = [[h for h, _ in COLUMNS]]
    for r in rows:
        cells.append([fmt.format(r[h]) if r.get(h) is not None else "-" for h, fmt in COLUMNS])
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    for n, line in enumerate(cells):
        padded = (c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths)))
        print("  ".join(padded))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    p.add_argument("--corpus", type=Path, help="one sentence per line (default: PTB train)")
    p.add_argument("--vector-size", type=int, default=100)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--window-neural", type=int, default=5)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--engine", choices=["auto", "zero2vec", "gensim", "both"], default="auto")
    p.add_argument("--scorer", choices=["auto", "zero2vec", "gensim"], default="auto")
    p.add_argument("--skip-neural", action="store_true", help="only the PPMI-SVD row")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "count_vs_neural.json")
    args = p.parse_args(argv)

    corpus = args.corpus or args.data_dir / "corpora" / "ptb" / "ptb.train.txt.gz"
    eval_dir = args.data_dir / "eval"
    if not corpus.exists() or not (eval_dir / "wordsim353.tsv").exists():
        print(f"needs {corpus} and {eval_dir}/ (the shared data folder); see --data-dir",
              file=sys.stderr)
        return 2
    sentences = list(LineSentence(corpus))
    n_tokens = sum(len(s) for s in sentences)
    scorer = pick_scorer(args.scorer)
    print(f"corpus {corpus.name}: {len(sentences):,} sentences, {n_tokens:,} tokens; "
          f"scores by {scorer}; {os.cpu_count()} cores (shared: times are indicative)")

    rows: list[dict] = []

    def run(method: str, make) -> None:
        t0 = time.perf_counter()
        try:
            wv, engine = make()
        except Exception as e:  # a failing engine is reported, not fatal
            rows.append({"method": method, "engine": "failed", "error": f"{type(e).__name__}: {e}"})
            traceback.print_exc()
            return
        row = {"method": method, "engine": engine, "train_s": round(time.perf_counter() - t0, 2),
               "vocab_size": len(wv)}
        row.update(evaluate(wv, eval_dir, scorer))
        rows.append(row)
        print(f"  {method} ({engine}): {row['train_s']} s", flush=True)

    # the book's ch02 settings, then train_ppmi_svd's measured defaults
    run("PPMI-SVD book (w=2, uniform, eig=0)", lambda: (train_ppmi_svd(
        sentences, vector_size=args.vector_size, window=2, weighting="uniform", eig=0.0,
        alpha=1.0, min_count=args.min_count, progress=False), "zero2vec.count"))
    run("PPMI-SVD default (w=5, 1/d, eig=0.5)", lambda: (train_ppmi_svd(
        sentences, vector_size=args.vector_size, min_count=args.min_count, progress=False),
        "zero2vec.count"))

    if not args.skip_neural:
        engines = ["zero2vec", "gensim"] if args.engine == "both" else [args.engine]
        if args.engine == "auto":
            engines = ["zero2vec"]
        for engine in engines:
            for sg, name in ((0, "CBOW"), (1, "skip-gram")):
                method = f"{name} (w={args.window_neural}, {args.epochs} ep)"
                run(method, lambda sg=sg, engine=engine: train_neural(sentences, sg, args, engine))
                if args.engine == "auto" and rows[-1]["engine"] == "failed":
                    print(f"  zero2vec.Word2Vec failed; {name} falls back to gensim", file=sys.stderr)
                    run(method, lambda sg=sg: train_neural(sentences, sg, args, "gensim"))

    print()
    print_table([r for r in rows if r["engine"] != "failed"])
    failed = [r for r in rows if r["engine"] == "failed"]
    for r in failed:
        print(f"(failed: {r['method']}: {r['error']})")

    result = {
        "benchmark": "count_vs_neural",
        "date_utc": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "corpus": str(corpus), "sentences": len(sentences), "tokens": n_tokens,
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "scorer": scorer,
        "ppmi_svd_defaults": "window=5, harmonic (1/d) weighting, alpha=1, shift=1, eig=0.5",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
                    "note": "shared machine: wall-clock times are indicative only"},
        "metrics": "wordsim353/simlex999: Spearman rho over in-vocabulary pairs; "
                   "analogy: accuracy over questions with all 4 words in vocabulary (gensim rules)",
        "rows": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
