"""``zero2vec similar`` and ``zero2vec analogy``: query a vector file."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from zero2vec.cli._common import ALLOW_NONFINITE, load_vectors, out
from zero2vec.cli.app import app
from zero2vec.errors import ConfigError

VECTORS = typer.Argument(..., help="Vector file or folder (any format zero2vec reads).",
                         show_default=False)
LIMIT = typer.Option(None, "--limit", help="Read only the first N words of a word2vec file.")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress output.")


def _table(title: str, rows: list[tuple[str, float]]) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column("#", justify="right", style="dim")
    t.add_column("word")
    t.add_column("similarity", justify="right")
    for i, (w, s) in enumerate(rows, 1):
        t.add_row(str(i), w, f"{s:.4f}")
    return t


@app.command(epilog="Examples:\n\n  zero2vec similar vectors.bin king queen\n\n"
                    "  zero2vec similar vectors.bin king --negative man --together --topn 5")
def similar(vectors: Path = VECTORS,
            words: list[str] = typer.Argument(..., help="Query words.", show_default=False),
            topn: int = typer.Option(10, "--topn", "-n", help="How many neighbours."),
            negative: Optional[list[str]] = typer.Option(None, "--negative",
                                                         help="Subtract this word (repeatable)."),
            together: bool = typer.Option(False, "--together",
                                          help="One query: the sum of all words (and --negative)."),
            restrict_vocab: Optional[int] = typer.Option(None, "--restrict-vocab",
                                                         help="Answer only from the N most frequent words."),
            limit: Optional[int] = LIMIT, quiet: bool = QUIET,
            allow_nonfinite: bool = ALLOW_NONFINITE) -> None:
    """Nearest words by cosine similarity (one table per word)."""
    if topn < 1:
        raise ConfigError(f"--topn must be at least 1, got {topn}")
    wv = load_vectors(vectors, quiet, limit=limit, allow_nonfinite=allow_nonfinite)
    if together or negative:
        title = " + ".join(words) + "".join(f" - {w}" for w in negative or [])
        out.print(_table(title, wv.most_similar(positive=words, negative=negative or None,
                                                topn=topn, restrict_vocab=restrict_vocab)))
        return
    for w in words:
        wv.get_index(w)  # fail before printing anything if any word is unknown
    for w in words:
        out.print(_table(w, wv.most_similar(w, topn=topn, restrict_vocab=restrict_vocab)))


@app.command(epilog="Example:\n\n  zero2vec analogy vectors.bin man king woman   # man:king = woman:?")
def analogy(vectors: Path = VECTORS,
            a: str = typer.Argument(..., show_default=False),
            b: str = typer.Argument(..., show_default=False),
            c: str = typer.Argument(..., show_default=False),
            topn: int = typer.Option(5, "--topn", "-n", help="How many answers."),
            cosmul: bool = typer.Option(False, "--cosmul", help="3CosMul instead of 3CosAdd."),
            restrict_vocab: Optional[int] = typer.Option(None, "--restrict-vocab"),
            limit: Optional[int] = LIMIT, quiet: bool = QUIET,
            allow_nonfinite: bool = ALLOW_NONFINITE) -> None:
    """Solve A:B = C:? (b - a + c, the closest words by cosine)."""
    if topn < 1:
        raise ConfigError(f"--topn must be at least 1, got {topn}")
    wv = load_vectors(vectors, quiet, limit=limit, allow_nonfinite=allow_nonfinite)
    fn = wv.most_similar_cosmul if cosmul else wv.most_similar
    rows = fn(positive=[b, c], negative=[a], topn=topn, restrict_vocab=restrict_vocab)
    out.print(_table(f"{a} : {b} = {c} : ?", rows))
