"""The ``zero2vec`` typer application that every command module adds its commands to.

The wiring is explicit and one-way: ``app`` is made here, each ``*_cmd`` module imports
it and decorates its functions, and :mod:`zero2vec.cli.main` imports every command
module (so ``python -m zero2vec.cli.main --help`` lists them all) and runs ``app``.
"""
from __future__ import annotations

import typer

app = typer.Typer(
    name="zero2vec",
    help="word2vec from zero: train, query, evaluate, convert and plot word vectors.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
