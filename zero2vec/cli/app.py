"""The ``zero2vec`` typer application that every command module adds its commands to.

The wiring is explicit and one-way: ``app`` is made here, each ``*_cmd`` module imports
it and decorates its functions, and :mod:`zero2vec.cli.main` imports every command
module (so ``python -m zero2vec.cli.main --help`` lists them all) and runs ``app``.

Help texts are rich markup: a literal ``[`` is written ``\\[`` (``pip install
'zero2vec\\[ja]'``), and each paragraph of a docstring or epilog is one source line
(rich keeps a single line break where it is, which cuts sentences in the middle).
"""
from __future__ import annotations

from typing import Optional

import typer
from typer.core import TyperOption

import zero2vec

_display_type_rich = TyperOption.display_type_rich


def _switch_shows_no_type(self: TyperOption, ctx) -> str | None:
    # typer shows every option's type, so a switch reads "--no-plot <bool>" and users
    # type "--no-plot 1" (an error): a switch takes no value, so it shows none
    return None if self.is_flag else _display_type_rich(self, ctx)


TyperOption.display_type_rich = _switch_shows_no_type

app = typer.Typer(
    name="zero2vec",
    help="word2vec from zero: train, query, evaluate, convert and plot word vectors.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _print_version(value: bool) -> None:
    if value:
        print(f"zero2vec {zero2vec.__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Optional[bool] = typer.Option(  # noqa: UP007 - typer reads the annotation
        None, "--version", callback=_print_version, is_eager=True,
        help="Print the version and exit.")) -> None:
    """word2vec from zero: train, query, evaluate, convert and plot word vectors."""
