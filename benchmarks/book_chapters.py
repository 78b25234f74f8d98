"""The book's own code against zero2vec.book, call for call, on the same inputs (ch02-ch04).

Each row times what a chapter script spends its time on, first with the book's ``common/``
(imported from a copy of its repository) and then with ``zero2vec.book``, in this process:

  ch02  create_co_matrix + ppmi of PTB's first --lines lines (window 2, the book's
        count_method_big.py), then most_similar of its four queries on the PPMI rows
  ch03  Trainer.fit of ch03/train.py (SimpleCBOW, Adam, 1000 epochs on the toy sentence)
  ch04  --steps steps of ch04/train.py's CBOW (window 5, hidden 100, batch 100, Adam) on PTB

Both sides are checked to agree before they are timed (ch02: the same matrices; ch03: the same
vectors under one seed; ch04: the same first loss). Needs the book's repository (--book-repo,
a checkout or a bare git directory) and PTB (../shared/data).

    python benchmarks/book_chapters.py --book-repo PATH                  # the full measurement
    python benchmarks/book_chapters.py --book-repo PATH --lines 200 --steps 20   # a quick check
"""
from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, SHARED_DATA, machine_info, print_table, write_json  # noqa: E402

TEXT = "You say goodbye and I say hello."


def book_modules(repo: Path, dest: Path) -> dict:
    """Import the book's common/ and ch03/ch04 modules from a copy of ``repo``."""
    git = ["git", "-C", str(repo)] if (repo / ".git").exists() else ["git", f"--git-dir={repo}"]
    archive = subprocess.run(git + ["archive", "HEAD", "ch03", "ch04", "common"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    sys.path[:0] = [str(dest), str(dest / "ch03"), str(dest / "ch04")]
    import cbow
    import simple_cbow
    from common import optimizer, trainer, util
    return {"util": util, "trainer": trainer, "optimizer": optimizer, "SimpleCBOW": simple_cbow.SimpleCBOW,
            "CBOW": cbow.CBOW}


def ours() -> dict:
    from zero2vec.book import optimizer, trainer, util
    from zero2vec.book.cbow import CBOW
    from zero2vec.book.simple_cbow import SimpleCBOW
    return {"util": util, "trainer": trainer, "optimizer": optimizer, "SimpleCBOW": SimpleCBOW,
            "CBOW": CBOW}


def timed(fn):
    """``(seconds, result)`` of ``fn()``, its printout swallowed."""
    with contextlib.redirect_stdout(io.StringIO()):
        t = time.perf_counter()
        out = fn()
        return time.perf_counter() - t, out


def ptb_lines(n: int | None) -> list[str]:
    import gzip
    with gzip.open(SHARED_DATA / "corpora" / "ptb" / "ptb.train.txt.gz", "rt", encoding="utf-8") as f:
        lines = f.readlines()
    return lines[:n] if n else lines


def ids_of(lines: list[str]) -> tuple[np.ndarray, dict, dict]:
    words = "".join(lines).replace("\n", "<eos>").strip().split()
    w2i: dict[str, int] = {}
    for w in words:
        w2i.setdefault(w, len(w2i))
    return np.array([w2i[w] for w in words]), w2i, {i: w for w, i in w2i.items()}


def ch02(side: dict, corpus, w2i, i2w) -> tuple[float, np.ndarray]:
    u = side["util"]

    def run():
        W = u.ppmi(u.create_co_matrix(corpus, len(w2i), window_size=2))
        for q in ("you", "year", "car", "toyota"):
            u.most_similar(q, w2i, i2w, W, top=5)
        return W
    return timed(run)


def ch03(side: dict) -> tuple[float, np.ndarray]:
    u = side["util"]
    corpus, w2i, _ = u.preprocess(TEXT)
    contexts, target = u.create_contexts_target(corpus, 1)
    x, t = u.convert_one_hot(contexts, len(w2i)), u.convert_one_hot(target, len(w2i))
    np.random.seed(0)
    model = side["SimpleCBOW"](len(w2i), 5)
    tr = side["trainer"].Trainer(model, side["optimizer"].Adam())
    seconds, _ = timed(lambda: tr.fit(x, t, 1000, 3))
    return seconds, model.word_vecs


def ch04(side: dict, corpus, vocab_size: int, steps: int) -> tuple[float, float]:
    contexts, target = side["util"].create_contexts_target(corpus, 5)
    x, t = contexts[:steps * 100], target[:steps * 100]
    np.random.seed(0)
    model = side["CBOW"](vocab_size, 100, 5, corpus)
    tr = side["trainer"].Trainer(model, side["optimizer"].Adam())
    seconds, _ = timed(lambda: tr.fit(x, t, 1, 100, eval_interval=steps))
    return seconds, tr.loss_list[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--book-repo", type=Path, required=True)
    ap.add_argument("--lines", type=int, default=None, help="PTB lines for ch02 (default: all)")
    ap.add_argument("--steps", type=int, default=300, help="ch04 training steps")
    ap.add_argument("--out", type=Path, default=RESULTS / "book_chapters.json")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        book, zb = book_modules(args.book_repo, Path(tmp)), ours()
        corpus, w2i, i2w = ids_of(ptb_lines(args.lines))
        (tb, Wb), (tz, Wz) = ch02(book, corpus, w2i, i2w), ch02(zb, corpus, w2i, i2w)
        assert np.array_equal(Wb, Wz), "ch02: the PPMI matrices differ"
        rows.append({"chapter": "ch02", "call": f"co-matrix + ppmi + 4 most_similar, V={len(w2i):,}",
                     "book_s": tb, "zero2vec_s": tz, "ratio": tb / tz})
        (tb, vb), (tz, vz) = ch03(book), ch03(zb)
        assert np.allclose(vb, vz, rtol=1e-5), "ch03: the trained vectors differ"
        rows.append({"chapter": "ch03", "call": "Trainer.fit, 1000 epochs", "book_s": tb,
                     "zero2vec_s": tz, "ratio": tb / tz})
        full, w2i_full, _ = ids_of(ptb_lines(None))
        ch04(zb, full[:20000], len(w2i_full), 2)  # compile zero2vec's kernels outside the timing
        (tb, lb), (tz, lz) = (ch04(book, full, len(w2i_full), args.steps),
                              ch04(zb, full, len(w2i_full), args.steps))
        assert abs(lb - lz) < 1e-3, "ch04: the first loss differs"
        rows.append({"chapter": "ch04", "call": f"CBOW, {args.steps} steps of batch 100",
                     "book_s": tb, "zero2vec_s": tz, "ratio": tb / tz})
    print_table(rows, ["chapter", "call", "book_s", "zero2vec_s", "ratio"],
                ["chapter", "call", "book (s)", "zero2vec.book (s)", "× faster"])
    path = write_json(args.out, {"benchmark": "book_chapters", "machine": machine_info(),
                                 "settings": {"lines": args.lines, "steps": args.steps}, "rows": rows})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
