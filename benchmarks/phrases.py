"""zero2vec's Phrases against gensim's, same corpus and settings, in one run.

Learning: ``Phrases(LineSentence(path))`` with each library's own LineSentence (gensim
reads the file in Python; zero2vec's compiled pass reads its bytes). Applying: the
frozen model over the corpus, iterated as token lists (``frozen[LineSentence(path)]``),
and written to a phrased file (gensim: its sentences joined with spaces, a line each;
zero2vec: ``transform_file``, compiled end to end). Throughput is corpus tokens per
wall second; ``ratio`` is zero2vec's tokens/s over gensim's (target >= 10). The runs
assert that both find the same counts, the same phrases with the same scores, and the
same phrased sentences. Kernels are compiled (or loaded from numba's cache) before any
timing.

    python benchmarks/phrases.py            # gutenberg_en_01 (5M tokens): the lead's run
    python benchmarks/phrases.py --quick    # its first 20k lines: a check that it works

Prints a table and writes ``benchmarks/results/phrases.json`` (``phrases_quick.json``).
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, SHARED_DATA, machine_info, print_table, write_json  # noqa: E402

CORPUS = SHARED_DATA / "corpora" / "gutenberg" / "gutenberg_en_01.txt.gz"


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def count_tokens(sentences) -> int:
    return sum(len(s) for s in sentences)


def warm_up(folder: Path) -> None:
    """Compile (or load) every kernel the timed runs use, on a tiny file."""
    from zero2vec.corpus import LineSentence
    from zero2vec.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

    p = folder / "warm.txt"
    p.write_text("new york of the city\nnew york times\n" * 10)
    for sentences in (LineSentence(p), [line.split() for line in p.read_text().splitlines()]):
        m = Phrases(sentences, min_count=1, threshold=0.1, connector_words=ENGLISH_CONNECTOR_WORDS)
        f = m.freeze()
        list(f[sentences]), list(m[sentences])
        f.transform_file(p, folder / "warm.out")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--quick", action="store_true", help="the corpus's first --quick-lines lines")
    ap.add_argument("--quick-lines", type=int, default=20000)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=10.0)
    ap.add_argument("--connector-words", choices=("english", "none"), default="english")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus}: not found (set ZERO2VEC_SHARED_DATA or --corpus)")
    logging.disable(logging.INFO)  # gensim logs every 10k sentences
    from gensim.models import phrases as gp
    from gensim.models.word2vec import LineSentence as GensimLineSentence

    from zero2vec.corpus import LineSentence
    from zero2vec.phrases import ENGLISH_CONNECTOR_WORDS, Phrases

    out = args.out or RESULTS / ("phrases_quick.json" if args.quick else "phrases.json")
    settings = dict(min_count=args.min_count, threshold=args.threshold,
                    connector_words=ENGLISH_CONNECTOR_WORDS if args.connector_words == "english"
                    else frozenset())
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = args.corpus
        if args.quick:
            path = tmp / "quick.txt"
            with gzip.open(args.corpus, "rt", encoding="utf-8") as f, open(path, "w") as g:
                for _, line in zip(range(args.quick_lines), f):
                    g.write(line)
        warm_up(tmp)
        tokens = count_tokens(LineSentence(path))

        g_learn, g = timed(lambda: gp.Phrases(GensimLineSentence(str(path)), **settings))
        z_learn, z = timed(lambda: Phrases(LineSentence(path), **settings))
        assert list(g.vocab.items()) == list(z.vocab.items()), "different counts"
        ge, ze = g.export_phrases(), z.export_phrases()
        assert ge == ze, "different phrases or scores"
        gf, zf = g.freeze(), z.freeze()

        g_apply, g_n = timed(lambda: count_tokens(gf[GensimLineSentence(str(path))]))
        z_apply, z_n = timed(lambda: count_tokens(zf[LineSentence(path)]))
        assert g_n == z_n
        assert all(a == b for a, b in zip(gf[GensimLineSentence(str(path))],
                                          zf[LineSentence(path)], strict=True))

        def gensim_file():
            with open(tmp / "g.txt", "w", encoding="utf-8") as f:
                for s in gf[GensimLineSentence(str(path))]:
                    f.write(" ".join(s) + "\n")

        g_file, _ = timed(gensim_file)
        z_file, _ = timed(lambda: zf.transform_file(path, tmp / "z.txt"))
        # the same tokens in the same order (zero2vec keeps the corpus's lines, empty ones
        # and those over 10,000 tokens included; gensim writes a line per sentence)
        with open(tmp / "z.txt", encoding="utf-8") as f, open(tmp / "g.txt", encoding="utf-8") as g:
            ours, theirs = (itertools.chain.from_iterable(map(str.split, x)) for x in (f, g))
            assert all(a == b for a, b in zip(ours, theirs, strict=True)), "different files"

    rows = []
    for task, gs, zs in (("learn (Phrases)", g_learn, z_learn),
                         ("apply frozen, token lists", g_apply, z_apply),
                         ("apply frozen, to a file", g_file, z_file)):
        rows.append({"task": task, "gensim_s": gs, "zero2vec_s": zs,
                     "gensim_tok_s": tokens / gs, "zero2vec_tok_s": tokens / zs,
                     "ratio": gs / zs})
    print(f"\n{path.name}: {tokens:,} tokens, {len(ze):,} phrases (identical), settings "
          f"min_count={args.min_count} threshold={args.threshold} "
          f"connector_words={args.connector_words}")
    print_table(rows, ["task", "gensim_s", "zero2vec_s", "gensim_tok_s", "zero2vec_tok_s", "ratio"],
                ["task", "gensim (s)", "zero2vec (s)", "gensim tokens/s", "zero2vec tokens/s",
                 "ratio (x faster)"])
    result = {"corpus": str(args.corpus), "quick": args.quick, "tokens": tokens,
              "phrases": len(ze), "settings": {k: (sorted(v) if isinstance(v, frozenset) else v)
                                               for k, v in settings.items()},
              "rows": rows, "machine": machine_info()}
    write_json(out, result)
    print(f"wrote {out}")
    return result


if __name__ == "__main__":
    main()
