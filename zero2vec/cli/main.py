"""The ``zero2vec`` command's entry point: every command module, then the app.

Errors caused by input (``Zero2VecError``) print one line on stderr and exit 1;
``--debug`` shows the traceback instead. word2vec.c command lines
(``zero2vec -train text8 -output vec.bin -size 200 ...``) are translated before
typer sees them (see :mod:`zero2vec.cli._argv`).
"""
from __future__ import annotations

import sys

import typer

# every command module registers its commands on ``app`` when imported
from zero2vec.cli import (convert_cmd, demo_cmd, evaluate_cmd, fasttext_cmd,  # noqa: F401
                          inspect_cmd, phrases_cmd, plot_cmd, query_cmd, serve_cmd, train_cmd)
from zero2vec.cli.app import app
from zero2vec.errors import TrainingInterrupted, Zero2VecError


def resume_hint(checkpoint: object) -> str:
    """The exact command that continues an interrupted run ('' without a checkpoint)."""
    import shlex
    from pathlib import Path

    from zero2vec._jobrecord import record_path

    if not checkpoint or not record_path(Path(str(checkpoint))).exists():
        return ""
    return f"resume with: zero2vec train --resume {shlex.quote(str(checkpoint))}"


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    from zero2vec.cli._argv import translate_argv

    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    if debug:
        argv.remove("--debug")
    try:
        argv = translate_argv(argv)
        rc = app(args=argv, prog_name="zero2vec", standalone_mode=False)
        if isinstance(rc, int) and rc:  # typer returns exit codes (e.g. 130 on Ctrl-C) here
            if rc == 130:  # Ctrl-C before anything was saved: say so, as below
                print("zero2vec: interrupted", file=sys.stderr)
            raise SystemExit(rc)
    except TrainingInterrupted as e:  # a checkpoint was written; exit as the signal would
        print(f"zero2vec: {e}", file=sys.stderr)
        hint = resume_hint(e.checkpoint_path)
        if hint:
            print(f"zero2vec: {hint}", file=sys.stderr)
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
    except typer.Abort as e:
        cause = e.__cause__  # click turns any EOFError into Abort (Ctrl-D), ours included:
        if isinstance(cause, Zero2VecError):  # a truncated input, which gets its one line
            if debug:
                raise cause from None
            print(f"zero2vec: error: {cause}", file=sys.stderr)
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
