"""``zero2vec evaluate``: analogy accuracy and word-similarity correlations, as a table."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.table import Table

from zero2vec._checks import check_input_file
from zero2vec._progress import counting
from zero2vec.cli._common import ALLOW_NONFINITE, load_vectors, out
from zero2vec.cli.app import app
from zero2vec.errors import ConfigError, CorpusError
from zero2vec._atomic import atomic_file, check_outputs

EPILOG = """Examples:

  zero2vec evaluate vectors.bin --analogies questions-words.txt --pairs wordsim353.tsv

  zero2vec evaluate vectors.bin --pairs EN-SIMLEX-999.txt --pairs score_noun.csv --json scores.json

  zero2vec evaluate ja-vectors.txt --lang ja     # JWSD nouns, verbs, adjectives, adverbs (bundled)

Analogy files use the questions-words.txt layout (': section' lines, then 'a b c d'). \
Pair files may be tab, comma or space separated (WordSim-353, SimLex-999, MEN, RW, \
the Japanese Word Similarity Dataset's CSV); header and '#' lines are skipped."""


@app.command(epilog=EPILOG)
def evaluate(vectors: Path = typer.Argument(..., help="Vector file or folder.", show_default=False),
             analogies: Optional[list[Path]] = typer.Option(
                 None, "--analogies", "-a", help="Analogy question file (repeatable)."),
             pairs: Optional[list[Path]] = typer.Option(
                 None, "--pairs", "-p", help="Word-similarity file (repeatable)."),
             restrict_vocab: int = typer.Option(300000, "--restrict-vocab",
                                                help="Use only the N most frequent words."),
             case_sensitive: bool = typer.Option(False, "--case-sensitive",
                                                 help="Do not fold case (default: fold, as gensim)."),
             cosmul: bool = typer.Option(False, "--cosmul", help="Analogies by 3CosMul."),
             sections: bool = typer.Option(False, "--sections", help="Show each analogy section."),
             json_path: Optional[Path] = typer.Option(None, "--json", help="Also write the scores as JSON."),
             limit: Optional[int] = typer.Option(None, "--limit", help="Read only the first N words."),
             lang: Optional[str] = typer.Option(
                 None, "--lang", help="ja: add the bundled Japanese Word Similarity Dataset "
                                      "(nouns, verbs, adjectives, adverbs)."),
             quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
             allow_nonfinite: bool = ALLOW_NONFINITE) -> None:
    """Evaluate vectors on analogy and word-similarity data sets."""
    if lang is not None:
        if lang != "ja":
            raise ConfigError(f"--lang: only 'ja' has bundled evaluation data, got {lang!r}")
        from zero2vec.datasets.bundled import JWSD_PARTS, bundled_path
        pairs = [*(pairs or []), *(bundled_path("jwsd") / f"score_{p}.csv" for p in JWSD_PARTS)]
    if not analogies and not pairs:
        raise ConfigError("give --analogies FILE and/or --pairs FILE "
                          "(e.g. questions-words.txt, wordsim353.tsv)")
    for f in [*(analogies or []), *(pairs or [])]:
        check_input_file(f, "evaluation file")
    check_outputs({"the scores (--json)": json_path},
                  {"the vectors": vectors, **{f"the evaluation file {f}": f
                                              for f in [*(analogies or []), *(pairs or [])]}})
    wv = load_vectors(vectors, quiet, limit=limit, allow_nonfinite=allow_nonfinite)
    results: list[dict[str, Any]] = []
    table = Table(title=f"{vectors}  ({len(wv):,} words x {wv.vector_size})", title_justify="left")
    table.caption = "score: accuracy (analogy) or Spearman's rho (similarity)"
    for col, just in [("data set", "left"), ("task", "left"), ("score", "right"),
                      ("pearson", "right"), ("OOV %", "right"), ("n", "right")]:
        table.add_column(col, justify=just)  # type: ignore[arg-type]

    for f in analogies or []:
        results.append(_analogies(wv, f, table, restrict_vocab, not case_sensitive, cosmul,
                                  sections, quiet))
    for f in pairs or []:
        results.append(_word_pairs(wv, f, table, restrict_vocab, not case_sensitive))
    out.print(table)
    if json_path is not None:
        with atomic_file(json_path) as tmp:
            tmp.write_text(json.dumps({"vectors": str(vectors), "results": results}, indent=1,
                                      ensure_ascii=False), encoding="utf8")


def _analogies(wv, f: Path, table: Table, restrict_vocab: int, case_insensitive: bool,
               cosmul: bool, sections: bool, quiet: bool) -> dict[str, Any]:
    """Score one analogy file: a table row (and one per section), and its JSON record."""
    with counting(f"analogies {f.name}", unit="q", enabled=False if quiet else None) as update:
        score, secs = wv.evaluate_word_analogies(
            f, restrict_vocab=restrict_vocab, case_insensitive=case_insensitive,
            similarity_function="most_similar_cosmul" if cosmul else "most_similar",
            progress=update)
    total = secs[-1]
    n = len(total["correct"]) + len(total["incorrect"])
    table.add_row(f.name, "analogy", f"{score:.4f}", "", f"{total['oov_ratio']:.1f}", str(n))
    if sections:
        for s in secs[:-1]:
            m = len(s["correct"]) + len(s["incorrect"])
            if m:
                table.add_row(f"  {s['section']}", "", f"{_acc(s):.4f}", "", "", str(m), style="dim")
    return {"file": str(f), "task": "analogy", "accuracy": score, "questions": n,
            "oov_ratio": total["oov_ratio"], "sections": {s["section"]: _acc(s) for s in secs[:-1]}}


def _word_pairs(wv, f: Path, table: Table, restrict_vocab: int,
                case_insensitive: bool) -> dict[str, Any]:
    """Score one word-pair file: a table row and its JSON record."""
    from zero2vec.vectors.evaluate import read_word_pairs, word_pairs_report

    try:
        r = word_pairs_report(wv, f, restrict_vocab=restrict_vocab, case_insensitive=case_insensitive)
    except CorpusError:
        if not read_word_pairs(f):
            raise  # no pairs at all: a layout problem worth stopping for
        # pairs exist but (almost) none is in the vocabulary: report it, go on
        table.add_row(f.name, "similarity", "-", "-", "100.0", "0")
        return {"file": str(f), "task": "similarity", "spearman": None, "pearson": None,
                "pairs": 0, "oov_ratio": 100.0}
    sp, pe = float(r["spearman"][0]), float(r["pearson"][0])
    table.add_row(f.name, "similarity", f"{sp:.4f}", f"{pe:.4f}", f"{r['oov_ratio']:.1f}",
                  str(r["pairs"]))
    return {"file": str(f), "task": "similarity", "spearman": sp, "pearson": pe,
            "pairs": r["pairs"], "oov_ratio": r["oov_ratio"]}


def _acc(section: dict) -> float:
    n = len(section["correct"]) + len(section["incorrect"])
    return len(section["correct"]) / n if n else 0.0
