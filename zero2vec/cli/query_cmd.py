"""``zero2vec similar`` and ``zero2vec analogy``: query a vector file."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from zero2vec._checks import check_choice, check_positive_int
from zero2vec.cli._common import ALLOW_NONFINITE, load_vectors, out
from zero2vec.cli.app import app
from zero2vec.errors import ConfigError
from zero2vec.vectors._math import book_analogy

RANKINGS = ("cosine", "book")

VECTORS = typer.Argument(..., help="Vector file or folder (any format zero2vec reads).",
                         show_default=False)
LIMIT = typer.Option(None, "--limit", help="Read only the first N words of a word2vec file.")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress output.")
CASE = typer.Option(False, "--case-insensitive",
                    help="Match words whatever their case (the most frequent spelling) and list "
                         "each answer once, as evaluate does by default.")


class _Folded:
    """Case-insensitive queries: each word as the vocabulary's most frequent spelling of it,
    answers merged across spellings (``King``, ``king``, ``KING`` count once)."""

    def __init__(self, wv, on: bool) -> None:
        self.on, self._spelling = on, {}
        if on:
            for w in reversed(wv.index_to_key):  # most frequent first in the end
                self._spelling[w.casefold()] = w
        self._keys = wv.index_to_key

    def word(self, w: str) -> str:
        from zero2vec.errors import UnknownWordError

        if not self.on:
            return w
        try:
            return self._spelling[w.casefold()]
        except KeyError:
            raise UnknownWordError(w, self._keys) from None

    def topn(self, topn: int) -> int:  # ask for more, since merged spellings drop out
        return topn * 3 + 10 if self.on else topn

    def answers(self, rows, queries, topn: int):
        if not self.on:
            return rows
        seen, out = {q.casefold() for q in queries}, []
        for w, score in rows:
            if w.casefold() not in seen:
                seen.add(w.casefold())
                out.append((w, score))
        return out[:topn]


def _table(title: str, rows: list[tuple[str, float]], score: str = "similarity") -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column("#", justify="right", style="dim")
    t.add_column("word")
    t.add_column(score, justify="right")
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
            limit: Optional[int] = LIMIT, case_insensitive: bool = CASE, quiet: bool = QUIET,
            allow_nonfinite: bool = ALLOW_NONFINITE) -> None:
    """Nearest words by cosine similarity (one table per word)."""
    if topn < 1:
        raise ConfigError(f"--topn must be at least 1, got {topn}")
    wv = load_vectors(vectors, quiet, limit=limit, allow_nonfinite=allow_nonfinite)
    fold = _Folded(wv, case_insensitive)
    words, negative = [fold.word(w) for w in words], [fold.word(w) for w in negative or []]
    if together or negative:
        title = " + ".join(words) + "".join(f" - {w}" for w in negative)
        rows = wv.most_similar(positive=words, negative=negative or None, topn=fold.topn(topn),
                               restrict_vocab=restrict_vocab)
        out.print(_table(title, fold.answers(rows, words + negative, topn)))
        return
    for w in words:
        wv.get_vector(w)  # fail before printing if a word has no vector (fastText: OOV ok)
    for w in words:
        rows = wv.most_similar(w, topn=fold.topn(topn), restrict_vocab=restrict_vocab)
        out.print(_table(w, fold.answers(rows, [w], topn)))


@app.command(epilog="Examples:\n\n  zero2vec analogy vectors.bin man king woman   # man:king = woman:?\n\n"
                    "  zero2vec analogy cbow_params.pkl king man queen --ranking book")
def analogy(vectors: Path = VECTORS,
            a: str = typer.Argument(..., show_default=False),
            b: str = typer.Argument(..., show_default=False),
            c: str = typer.Argument(..., show_default=False),
            topn: int = typer.Option(5, "--topn", "-n", help="How many answers."),
            cosmul: bool = typer.Option(False, "--cosmul", help="3CosMul instead of 3CosAdd."),
            ranking: str = typer.Option("cosine", "--ranking",
                                        help="cosine (gensim's 3CosAdd), or book: the book's "
                                             "ch04 analogy, the raw dot product of each vector "
                                             "with the unit b - a + c (its printed scores)."),
            restrict_vocab: Optional[int] = typer.Option(None, "--restrict-vocab"),
            limit: Optional[int] = LIMIT, case_insensitive: bool = CASE, quiet: bool = QUIET,
            allow_nonfinite: bool = ALLOW_NONFINITE) -> None:
    """Solve A:B = C:? (b - a + c, the closest words by cosine; --ranking book: the book's)."""
    if topn < 1:
        raise ConfigError(f"--topn must be at least 1, got {topn}")
    check_choice("--ranking", ranking, RANKINGS)
    if ranking == "book" and cosmul:
        raise ConfigError("--cosmul is a cosine ranking; it does not combine with --ranking book")
    wv = load_vectors(vectors, quiet, limit=limit, allow_nonfinite=allow_nonfinite)
    fold = _Folded(wv, case_insensitive)
    a, b, c = fold.word(a), fold.word(b), fold.word(c)
    if ranking == "book":
        restrict = None if restrict_vocab is None else check_positive_int("--restrict-vocab",
                                                                          restrict_vocab)
        rows = book_analogy(wv.vectors, [wv.get_index(w) for w in (a, b, c)], topn, restrict)
        out.print(_table(f"{a} : {b} = {c} : ?", [(wv.index_to_key[i], s) for i, s in rows],
                         score="dot product"))
        return
    fn = wv.most_similar_cosmul if cosmul else wv.most_similar
    rows = fold.answers(fn(positive=[b, c], negative=[a], topn=fold.topn(topn),
                           restrict_vocab=restrict_vocab), [a, b, c], topn)
    out.print(_table(f"{a} : {b} = {c} : ?", rows))
