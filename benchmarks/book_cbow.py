"""CBOW at the book's ch04 settings on PTB train: the default path vs the book's dense method.

Settings (the book's train.py): window 5, hidden 100, batch 100, 5 negatives, Adam.
Rows, all measured in this one process on the same batches:
  book (dense)      dense V x H dW per Embedding + np.add.at, the book's remove_duplicate,
                    per-row np.random.choice sampler, dense numpy Adam  (the reference)
  zero2vec exact    row-sparse grads merged once, vectorised sampler, the book's dense
                    Adam done exactly in one compiled pass (Adam(lazy=False))
  zero2vec default  row-sparse grads, vectorised sampler, lazy Adam (touched rows only)
Then (unless --skip-epochs) it trains --epochs epochs with the default lazy Adam and with
the book's exact dense Adam (same seed), and prints the book's neighbour queries,
WordSim-353 Spearman and Google-analogy accuracy on the questions the vocabulary covers.

    python benchmarks/book_cbow.py                 # full: ~5 min
    python benchmarks/book_cbow.py --skip-epochs   # step timings only
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, SHARED_DATA, machine_info, peak_rss_mb, print_table, write_json  # noqa: E402

from zero2vec.corpus import create_contexts_target  # noqa: E402
from zero2vec.datasets import ptb  # noqa: E402
from zero2vec.models import CBOW  # noqa: E402
from zero2vec.optim import Adam  # noqa: E402
from zero2vec.trainer import Trainer  # noqa: E402
from zero2vec.trainer.reference import BookTrainer, use_book_sampler  # noqa: E402
from zero2vec.vectors import WordVectors, most_similar  # noqa: E402

WINDOW, HIDDEN, BATCH = 5, 100, 100
QUERIES = ("you", "year", "car", "toyota")  # the book's eval.py queries


def quality(wv) -> dict:
    """WordSim-353 Spearman and Google-analogy accuracy on the questions PTB covers."""
    ws = SHARED_DATA / "eval" / "wordsim353.tsv"
    qw = SHARED_DATA / "eval" / "questions-words.txt"
    if not (ws.exists() and qw.exists()):
        return {}
    _, spearman, oov = wv.evaluate_word_pairs(ws)
    score, sections = wv.evaluate_word_analogies(qw)
    total = next(s for s in sections if s["section"] == "Total accuracy")
    return {"wordsim353_spearman": float(spearman[0]), "wordsim353_oov_pct": float(oov),
            "google_analogy_acc_covered": float(score),
            "analogy_questions_covered": len(total["correct"]) + len(total["incorrect"])}


def time_steps(make_trainer, contexts, target, steps: int, warmup: int) -> tuple[float, float]:
    """Seconds per step over ``steps`` consecutive batches, and the peak memory (MiB) that
    numpy allocated from building the model through a few traced steps."""
    tracemalloc.start()
    trainer = make_trainer()
    for i in range(3):
        trainer.step(contexts[i * BATCH:(i + 1) * BATCH], target[i * BATCH:(i + 1) * BATCH])
    peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    tracemalloc.stop()
    for i in range(3, warmup):
        trainer.step(contexts[i * BATCH:(i + 1) * BATCH], target[i * BATCH:(i + 1) * BATCH])
    t0 = time.perf_counter()
    for i in range(warmup, warmup + steps):
        trainer.step(contexts[i * BATCH:(i + 1) * BATCH], target[i * BATCH:(i + 1) * BATCH])
    return (time.perf_counter() - t0) / steps, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=str(SHARED_DATA / "corpora" / "ptb"))
    ap.add_argument("--ref-steps", type=int, default=40, help="steps timed for the dense reference")
    ap.add_argument("--steps", type=int, default=1000, help="steps timed for the fast paths")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--skip-epochs", action="store_true")
    ap.add_argument("--out", default=str(RESULTS / "book_cbow.json"))
    args = ap.parse_args()

    corpus, w2i, i2w = ptb.load_data("train", data_dir=args.data_dir, download=False)
    V = len(w2i)
    contexts, target = create_contexts_target(corpus, WINDOW)
    perm = np.random.default_rng(0).permutation(len(target))
    contexts, target = contexts[perm], target[perm]  # shuffled batches, as in training

    def book_trainer():
        book = CBOW(V, HIDDEN, WINDOW, corpus, seed=0, sparse_grad=False)
        use_book_sampler(book, corpus, seed=0)
        return BookTrainer(book, Adam(), progress=False)

    def fast_trainer(lazy):
        return lambda: Trainer(CBOW(V, HIDDEN, WINDOW, corpus, seed=0), Adam(lazy=lazy), progress=False)

    rows = []
    for name, make, steps in (("book (dense, reference)", book_trainer, args.ref_steps),
                              ("zero2vec exact dense Adam", fast_trainer(False), args.steps),
                              ("zero2vec default (lazy Adam)", fast_trainer(True), args.steps)):
        dt, mem = time_steps(make, contexts, target, steps, 20)
        rows.append({"path": name, "ms_per_step": dt * 1e3, "words_per_s": BATCH / dt, "peak_mib": mem})
    ref = rows[0]["ms_per_step"] / 1e3
    for r in rows:
        r["speedup_vs_book"] = ref * 1e3 / r["ms_per_step"]
        r["ptb_epoch_s_est"] = r["ms_per_step"] / 1e3 * (len(target) // BATCH)
    print(f"\nCBOW, PTB train ({len(corpus):,} tokens, V={V:,}), window {WINDOW}, hidden {HIDDEN}, "
          f"batch {BATCH}, Adam; one process\n")
    print_table(rows, ["path", "ms_per_step", "words_per_s", "speedup_vs_book", "ptb_epoch_s_est",
                       "peak_mib"],
                ["path", "ms/step", "words/s", "x book", "est. epoch s", "numpy peak MiB"])
    result = {"machine": machine_info(), "settings": {"window": WINDOW, "hidden": HIDDEN, "batch": BATCH,
              "negatives": 5, "optimizer": "Adam"}, "step_rows": rows}

    if not args.skip_epochs:
        ctx, tgt = create_contexts_target(corpus, WINDOW)
        result["training"] = []
        # the default (lazy Adam) and the book's exact dense Adam, same seed: what laziness costs
        for name, lazy in (("default (lazy Adam)", True), ("exact dense Adam (the book's)", False)):
            model = CBOW(V, HIDDEN, WINDOW, corpus, seed=1)
            trainer = Trainer(model, Adam(lazy=lazy), seed=1, progress=sys.stderr.isatty())
            t0 = time.perf_counter()
            trainer.fit(ctx, tgt, max_epoch=args.epochs, batch_size=BATCH)
            wall = time.perf_counter() - t0
            print(f"\n{name}: {args.epochs} epochs in {wall:.1f} s ({wall / args.epochs:.1f} s/epoch, "
                  f"{trainer.words_per_sec:,.0f} words/s); epoch losses "
                  + ", ".join(f"{x:.3f}" for x in trainer.epoch_losses))
            neighbours = {q: most_similar(q, w2i, i2w, model.word_vecs, top=5, verbose=False)
                          for q in QUERIES}
            for q, n in neighbours.items():
                print(f"  {q:>7} -> " + ", ".join(w for w, _ in n))
            row = {"optimizer": name, "epochs": args.epochs, "wall_s": wall, "s_per_epoch": wall / args.epochs,
                   "words_per_s": trainer.words_per_sec, "epoch_losses": trainer.epoch_losses,
                   "neighbours": {q: [w for w, _ in n] for q, n in neighbours.items()}}
            row.update(quality(WordVectors.from_book(model.word_vecs, w2i, i2w)))
            result["training"].append(row)
        print()
        print_table(result["training"], ["optimizer", "s_per_epoch", "wordsim353_spearman",
                                         "google_analogy_acc_covered", "analogy_questions_covered"],
                    ["optimizer", "s/epoch", "WordSim-353 Spearman", "Google analogy acc.", "questions"])
    result["peak_rss_mib"] = peak_rss_mb()
    write_json(args.out, result)
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
