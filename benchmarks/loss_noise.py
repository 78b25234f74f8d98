"""Why the last epoch's loss can rise: how much of an epoch's loss is the epoch's random draws.

The native engine's ``loss_history`` is measured while each epoch trains, on that epoch's
own subsampling and negative-sample draws, with a learning rate that falls linearly to
``min_alpha``. In the last epoch the rate is near zero, so the weights barely move and the
loss can only show the noise of the draws. This script measures that noise directly:
it trains the model (zero2vec, and gensim on the same corpus, side by side), then runs
more epochs with the learning rate ~0 (frozen weights) under different seeds, and
compares the last epoch's change with the spread of the frozen-weight losses.

    python benchmarks/loss_noise.py                         # Brown (bundled), CBOW and SG
    python benchmarks/loss_noise.py --corpus FILE --epochs 5 --seeds 8
    python benchmarks/loss_noise.py --max-lines 2000 --epochs 2 --seeds 2   # smoke run

Prints a table and writes benchmarks/results/loss_noise.json (losses per word, see
``zero2vec.job.LOSS_UNIT``; gensim's ``get_latest_training_loss`` per word for comparison).
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, machine_info, print_table, write_json  # noqa: E402

FROZEN = 1e-9  # a learning rate that leaves the weights as they are, to float32 precision


def read_lines(path: Path, max_lines: int | None) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        lines = (line.split() for line in f)
        return [t for t in itertools.islice(lines, max_lines) if t]


def zero2vec_run(sentences, sg: int, epochs: int, seeds: int, workers: int) -> dict:
    from zero2vec import Word2Vec

    model = Word2Vec(sentences, sg=sg, epochs=epochs, workers=workers, seed=1, progress=False)
    words = int(model.wv.counts.sum())
    trained = [s / words for s in model.loss_history]
    frozen = []
    for seed in range(2, 2 + seeds):  # the final weights, other draws
        model.seed = seed
        model.train(epochs=1, start_alpha=FROZEN, end_alpha=FROZEN)
        frozen.append(model.loss_history[-1] / words)
    return {"epoch_loss": trained, "frozen_loss": frozen}


def gensim_run(sentences, sg: int, epochs: int, workers: int) -> dict | None:
    try:
        from gensim.models import Word2Vec as GensimWord2Vec
    except ImportError:
        return None

    class Per:  # gensim's running loss is cumulative: per epoch is the difference
        def __init__(self):
            self.epoch, self.last, self.out = 0, 0.0, []

        def on_epoch_end(self, model):
            total = model.get_latest_training_loss()
            self.out.append(total - self.last)
            self.last = total

        def on_epoch_begin(self, model):
            pass

        def on_train_begin(self, model):
            pass

        def on_train_end(self, model):
            pass

    per = Per()
    model = GensimWord2Vec(sentences, sg=sg, epochs=epochs, workers=workers, seed=1,
                           alpha=0.025 if sg else 0.05, compute_loss=True, callbacks=[per])
    words = sum(model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key)
    return {"epoch_loss": [s / words for s in per.out]}


def summarise(arch: str, tool: str, run: dict) -> dict:
    losses = run["epoch_loss"]
    row = {"arch": arch, "tool": tool, "first": losses[0], "last": losses[-1],
           "last_change_pct": 100 * (losses[-1] - losses[-2]) / losses[-2] if len(losses) > 1 else None}
    frozen = run.get("frozen_loss")
    if frozen:
        row["frozen_mean"] = float(np.mean(frozen))
        row["frozen_spread_pct"] = 100 * (max(frozen) - min(frozen)) / float(np.mean(frozen))
    return row


def main() -> None:
    from zero2vec.datasets import bundled_path

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=bundled_path("brown"))
    ap.add_argument("--max-lines", type=int, default=None)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=5, help="frozen-weight epochs, one seed each")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=RESULTS / "loss_noise.json")
    args = ap.parse_args()
    sentences = read_lines(args.corpus, args.max_lines)
    rows, runs = [], {}
    for arch, sg in (("cbow", 0), ("sg", 1)):
        z = zero2vec_run(sentences, sg, args.epochs, args.seeds, args.workers)
        runs[f"zero2vec_{arch}"] = z
        rows.append(summarise(arch, "zero2vec", z))
        g = gensim_run(sentences, sg, args.epochs, args.workers)
        if g is not None:
            runs[f"gensim_{arch}"] = g
            rows.append(summarise(arch, "gensim", g))
    print_table(rows, ["arch", "tool", "first", "last", "last_change_pct", "frozen_mean",
                       "frozen_spread_pct"],
                ["arch", "tool", "epoch 1", "last epoch", "last change %", "frozen weights",
                 "frozen spread %"])
    write_json(args.out, {"machine": machine_info(), "corpus": str(args.corpus),
                          "max_lines": args.max_lines, "epochs": args.epochs, "seeds": args.seeds,
                          "workers": args.workers, "loss_unit": "mean loss per word",
                          "rows": rows, "runs": runs})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
