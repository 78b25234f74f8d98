"""``zero2vec serve``: a local web page to explore one or more vector files side by side.

The options every server shares (address, port, token) are here too, and
``zero2vec train --serve`` uses them through :func:`start_live`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from zero2vec._checks import check_input_file
from zero2vec.cli._common import ALLOW_NONFINITE, err, load_vectors
from zero2vec.cli.app import app
from zero2vec.errors import ConfigError

EPILOG = """Examples:

  zero2vec serve vectors.bin                       # then open http://127.0.0.1:8765/

  zero2vec serve cbow.bin sg.bin --pairs wordsim353.tsv --analogies questions-words.txt

  zero2vec serve ja.txt --lang ja --port 9000

  zero2vec serve vectors.bin --host 0.0.0.0 --token s3cret   # other machines: token needed

  zero2vec train corpus.txt -o vec.bin --serve --watch king --watch paris

The server binds 127.0.0.1 unless --host says otherwise; another address needs --token (checked on every request) or --insecure-public. The API is in docs/serve.md."""

HOST = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only).")
PORT = typer.Option(8765, "--port", help="Port (0: any free one).")
TOKEN = typer.Option(None, "--token", help="Require this token on every request (needed off loopback).")
INSECURE = typer.Option(False, "--insecure-public", help="Allow a public address without a token.")


@app.command(epilog=EPILOG)
def serve(vectors: list[Path] = typer.Argument(..., help="Vector files or folders (any format), "
                                               "shown side by side.", show_default=False),
          host: str = HOST, port: int = PORT, token: Optional[str] = TOKEN,
          insecure_public: bool = INSECURE,
          pairs: Optional[list[Path]] = typer.Option(None, "--pairs", "-p",
                                                     help="Word-similarity file for the Evaluation tab (repeatable)."),
          analogies: Optional[list[Path]] = typer.Option(None, "--analogies", "-a",
                                                         help="Analogy file for the Evaluation tab (repeatable)."),
          lang: Optional[str] = typer.Option(None, "--lang", help="ja: add the bundled JWSD to the Evaluation tab."),
          limit: Optional[int] = typer.Option(None, "--limit", help="Read only the first N words of each file."),
          quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
          allow_nonfinite: bool = ALLOW_NONFINITE) -> None:
    """Explore vectors in the browser: neighbours, analogies, maps, evaluations."""
    from zero2vec.serve.api import EvalSet
    from zero2vec.serve.app import create_app, need_starlette, open_server
    from zero2vec.serve.index import ServedModel, unique_names

    need_starlette()
    evaluations = [EvalSet("pairs", p) for p in _pair_files(pairs, lang)]
    evaluations += [EvalSet("analogies", a) for a in analogies or []]
    for ev in evaluations:
        check_input_file(ev.path, "evaluation file")
    if limit is not None and limit < 1:
        raise ConfigError(f"--limit must be at least 1, got {limit}")
    models = [ServedModel(name, load_vectors(path, quiet, limit=limit, allow_nonfinite=allow_nonfinite))
              for name, path in zip(unique_names([str(v) for v in vectors]), vectors)]
    server = open_server(create_app(models, token=token, evaluations=evaluations), host, port,
                         token, insecure_public)
    from zero2vec.serve.app import url_of

    err.print(f"serving {', '.join(m.name for m in models)} at {url_of(server.sock, token)} "
              "(Ctrl-C to stop)", markup=False, soft_wrap=True)
    server.run()


def _pair_files(pairs: Optional[list[Path]], lang: Optional[str]) -> list[Path]:
    if lang is None:
        return list(pairs or [])
    if lang != "ja":
        raise ConfigError(f"--lang: only 'ja' has bundled evaluation data, got {lang!r}")
    from zero2vec.datasets.bundled import JWSD_PARTS, bundled_path

    return [*(pairs or []), *(bundled_path("jwsd") / f"score_{p}.csv" for p in JWSD_PARTS)]


def start_live(host: str, port: int, token: Optional[str], insecure_public: bool,
               watch: Optional[list[str]], quiet: bool):
    """The live page of ``train --serve``: a started server and the observer to train with."""
    from zero2vec.serve.app import create_app, need_starlette, open_server, url_of
    from zero2vec.serve.live import LiveRun

    need_starlette()
    live = LiveRun(watch=watch)
    server = open_server(create_app(live=live, token=token), host, port, token, insecure_public)
    server.start()
    if not quiet:
        err.print(f"watch the training at {url_of(server.sock, token)}", markup=False, soft_wrap=True)
    return server, live
