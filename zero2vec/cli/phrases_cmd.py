"""``zero2vec phrases`` (gensim's Phrases on a file) and ``zero2vec word2phrase``
(word2vec.c's tool, its command line unchanged: see :mod:`zero2vec.cli._argv`)::

    zero2vec phrases corpus.txt --output phrased.txt --passes 2 --connector-words english
    zero2vec word2phrase -train text8 -output text8-phrase -threshold 500 -debug 2
"""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from zero2vec.cli._common import err
from zero2vec.cli.app import app
from zero2vec.errors import ConfigError

CONNECTORS = ("none", "english")


def check_file_delimiter(delimiter: str) -> str:
    """A delimiter for text written one sentence a line, tokens between whitespace: one
    holding whitespace would split its phrases again when the file is read."""
    if any(c.isspace() for c in delimiter):
        raise ConfigError(f"--delimiter {delimiter!r} holds whitespace, which would split "
                          "phrases apart in the output file; use e.g. '_'")
    return delimiter


def connector_words(name: str) -> frozenset[str]:
    """``--connector-words``: none, or gensim's ENGLISH_CONNECTOR_WORDS."""
    from zero2vec.phrases import ENGLISH_CONNECTOR_WORDS

    if name not in CONNECTORS:
        raise ConfigError(f"--connector-words must be one of {', '.join(CONNECTORS)}, got {name!r}")
    return ENGLISH_CONNECTOR_WORDS if name == "english" else frozenset()


@app.command()
def phrases(corpus: Path = typer.Argument(..., help="Text file, one sentence per line (.gz ok).",
                                          show_default=False),
            output: Path = typer.Option(..., "--output", "-o", help="Where to write the phrased text.",
                                        show_default=False),
            min_count: int = typer.Option(5, "--min-count", help="Ignore words and pairs seen fewer times."),
            threshold: float = typer.Option(10.0, "--threshold",
                                            help="Score a phrase must pass (npmi: from -1 to 1)."),
            scoring: str = typer.Option("default", "--scoring", help="default or npmi."),
            delimiter: str = typer.Option("_", "--delimiter", help="Joins the words of a phrase."),
            passes: int = typer.Option(1, "--passes", help="2: phrases of phrases (trigrams...), etc."),
            connectors: str = typer.Option("none", "--connector-words",
                                           help="none, or english (a, of, the... may sit inside phrases)."),
            max_vocab_size: int = typer.Option(40_000_000, "--max-vocab-size",
                                               help="Keys held while counting (rarer ones pruned)."),
            quiet: bool = typer.Option(False, "--quiet", "-q", help="No notes.")) -> None:
    """Join frequent word pairs into phrases (gensim's Phrases), e.g. new york -> new_york."""
    from zero2vec._checks import check_input_file
    from zero2vec.corpus.sentences import LineSentence
    from zero2vec.phrases.passes import phrase_corpus

    settings = dict(min_count=min_count, threshold=threshold, scoring=scoring,
                    delimiter=check_file_delimiter(delimiter),
                    connector_words=connector_words(connectors), max_vocab_size=max_vocab_size)
    check_input_file(corpus, "corpus file")
    note = None if quiet else (lambda m: err.print(f"zero2vec: {m}", markup=False))
    phrase_corpus(LineSentence(corpus), output, passes, note=note, **settings)
    if not quiet:
        err.print(f"wrote {output}", markup=False)


@app.command()
def word2phrase(train: Path = typer.Argument(..., help="Text file (word2phrase.c's -train).",
                                             show_default=False),
                output: Path = typer.Option(..., "--output", help="Where to write the phrased text.",
                                            show_default=False),
                min_count: int = typer.Option(5, "--min-count", help="Forget words and pairs seen fewer times."),
                threshold: float = typer.Option(100.0, "--threshold", help="Higher: fewer phrases."),
                debug: int = typer.Option(2, "--debug", help="0 quiet, 1 totals, 2 progress.")) -> None:
    """word2vec.c's word2phrase: the same phrases and the same output bytes."""
    from zero2vec.phrases.word2phrase import word2phrase as run

    run(train, output, min_count=min_count, threshold=threshold, debug=debug, log=sys.stdout)
