"""The ``zero2vec`` command: one typer app, one module per command group.

Errors caused by input (``Zero2VecError``) print one line on stderr and exit 1;
``--debug`` shows the traceback instead. word2vec.c command lines
(``zero2vec -train text8 -output vec.bin -size 200 ...``) are translated before
typer sees them (see :mod:`zero2vec.cli._argv`).
"""
from __future__ import annotations

import importlib
import sys

import typer

from zero2vec.errors import TrainingInterrupted, Zero2VecError

app = typer.Typer(
    name="zero2vec",
    help="word2vec from zero: train, query, evaluate, convert and plot word vectors.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Command modules; each adds its commands to ``app`` when imported.
_MODULES = ("train_cmd", "query_cmd", "evaluate_cmd", "convert_cmd", "plot_cmd",
            "demo", "inspect_cmd")
_registered = False


def _register() -> None:
    global _registered
    if _registered:
        return
    for name in _MODULES:
        try:
            importlib.import_module(f"zero2vec.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"zero2vec.cli.{name}":  # a real missing dependency: report it
                raise
    _registered = True


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    from zero2vec.cli._argv import translate_argv

    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    if debug:
        argv.remove("--debug")
    _register()
    try:
        argv = translate_argv(argv)
        rc = app(args=argv, prog_name="zero2vec", standalone_mode=False)
        if isinstance(rc, int) and rc:  # typer returns exit codes (e.g. 130 on Ctrl-C) here
            raise SystemExit(rc)
    except TrainingInterrupted as e:  # a checkpoint was written; exit as the signal would
        print(f"zero2vec: {e}", file=sys.stderr)
        raise SystemExit(e.exit_code) from None
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
    except typer.Abort:
        raise SystemExit(1) from None
    except typer.exceptions.TyperException as e:  # usage errors (click's, vendored by typer)
        if hasattr(e, "show"):
            e.show()
        else:
            print(f"zero2vec: error: {e.format_message()}", file=sys.stderr)
        raise SystemExit(e.exit_code) from None
    except OSError as e:  # e.g. disk full while saving: still one line, not a traceback
        if debug:
            raise
        print(f"zero2vec: error: {e}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
