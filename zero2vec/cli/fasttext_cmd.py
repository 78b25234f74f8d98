"""fastText's query commands: ``print-word-vectors`` and ``nn``, its output byte for byte.

``zero2vec print-word-vectors model.bin < words.txt`` prints ``word v1 ... vN `` (five
significant digits, a space after each, as fastText) for every word of stdin, unseen
ones from their n-grams; ``zero2vec nn model.bin [k]`` asks ``Query word?`` and prints
the ``k`` nearest words and their cosines. fastText's ``skipgram``/``cbow`` command
lines are training (:mod:`zero2vec.cli._argv` rewrites them for ``train``).
"""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from zero2vec._checks import check_positive_int
from zero2vec.cli._common import load_vectors
from zero2vec.cli.app import app
from zero2vec.errors import UnknownWordError

MODEL = typer.Argument(..., help="A fastText .bin (or any vector file zero2vec reads).",
                       show_default=False)


def _words(stream):
    """Whitespace-separated words of ``stream``, line by line (fastText reads words)."""
    for line in stream:
        yield from line.split()


@app.command("print-word-vectors")
def print_word_vectors(model: Path = MODEL) -> None:
    """Print the vector of each word read from stdin (fastText's print-word-vectors)."""
    wv = load_vectors(model, quiet=True)
    write = sys.stdout.write
    for word in _words(sys.stdin):
        try:
            v = wv.get_vector(word)
        except UnknownWordError:  # fastText prints the zero vector for a word it cannot build
            v = [0.0] * wv.vector_size
        write(word + " " + "".join(f"{float(x):.5g} " for x in v) + "\n")


@app.command("nn")
def nn(model: Path = MODEL,
       k: int = typer.Argument(10, help="How many neighbours.")) -> None:
    """Nearest neighbours of each query word from stdin (fastText's nn)."""
    k = check_positive_int("k", k)
    wv = load_vectors(model, quiet=True)
    prompt = sys.stdin.isatty()
    out = sys.stdout
    out.write("Query word? ")
    out.flush()
    for word in _words(sys.stdin):
        try:
            answers = wv.most_similar(word, topn=k)
        except UnknownWordError as e:
            answers = []
            print(f"zero2vec: {e}", file=sys.stderr)
        for other, score in answers:
            out.write(f"{other} {score:.5g}\n")
        out.write("Query word? ")
        out.flush()
    if prompt:
        out.write("\n")
