"""The ``zero2vec`` command: one typer app, one module per command group.

Errors caused by input (``Zero2VecError``) print one line on stderr and exit 1;
``--debug`` shows the traceback instead.
"""
from __future__ import annotations

import sys

import typer

from zero2vec.errors import Zero2VecError

app = typer.Typer(
    name="zero2vec",
    help="word2vec from zero: train, query, evaluate, convert and plot word vectors.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each module adds its commands to ``app``; importing them here keeps main.py small.
    from zero2vec.cli import demo, inspect_cmd  # noqa: F401


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    if debug:
        argv.remove("--debug")
    _register()
    try:
        app(args=argv, standalone_mode=False)
    except Zero2VecError as e:
        if debug:
            raise
        print(f"zero2vec: error: {e}", file=sys.stderr)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        print("zero2vec: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    except typer.Exit as e:
        raise SystemExit(e.exit_code) from None
    except Exception as e:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(e, click.exceptions.ClickException):
            e.show()
            raise SystemExit(e.exit_code) from None
        if isinstance(e, click.exceptions.Abort):
            raise SystemExit(1) from None
        raise


if __name__ == "__main__":
    main()
