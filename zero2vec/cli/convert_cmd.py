"""``zero2vec convert``: between word2vec text/binary, native, TensorBoard and the book's pickle."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from zero2vec.cli._common import ALLOW_NONFINITE, err, load_vectors
from zero2vec.cli.app import app
from zero2vec._atomic import check_outputs
from zero2vec.errors import ConfigError
from zero2vec.job import save_vectors
from zero2vec.vectors.io import FORMATS, detect_format

EPILOG = f"""Formats: {', '.join(FORMATS)}. Detected from the input's content and the output's \
name (.bin .txt .vec .z2v .pkl); TensorBoard needs --to tensorboard.

Examples:

  zero2vec convert GoogleNews-vectors-negative300.bin.gz news.z2v --limit 200000

  zero2vec convert vectors.bin vectors.txt

  zero2vec convert cbow_params.pkl projector/ --to tensorboard"""


@app.command(epilog=EPILOG)
def convert(source: Path = typer.Argument(..., help="Input vectors.", show_default=False),
            target: Path = typer.Argument(..., help="Output path (file or folder).", show_default=False),
            from_format: Optional[str] = typer.Option(None, "--from", help="Input format (default: detect)."),
            to_format: Optional[str] = typer.Option(None, "--to", help="Output format (default: from the name)."),
            limit: Optional[int] = typer.Option(None, "--limit", help="Keep only the first N words."),
            encoding: str = typer.Option("utf8", "--encoding", help="Encoding of words in word2vec files."),
            unicode_errors: str = typer.Option("strict", "--unicode-errors",
                                               help="strict, replace or ignore (word2vec input)."),
            quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
            allow_nonfinite: bool = ALLOW_NONFINITE) -> None:
    """Convert word vectors from one format to another."""
    for name, fmt in (("--from", from_format), ("--to", to_format)):
        if fmt is not None and fmt not in FORMATS:
            raise ConfigError(f"{name} must be one of {', '.join(FORMATS)}, got {fmt!r}")
    to_format = to_format or detect_format(target, for_writing=True)  # fail before loading
    check_outputs({"the converted vectors": target}, {"the input vectors": source})
    wv = load_vectors(source, quiet, fmt=from_format, limit=limit, encoding=encoding,
                      unicode_errors=unicode_errors, allow_nonfinite=allow_nonfinite)
    save_vectors(wv, target, to_format, progress=False if quiet else None)
    if not quiet:
        err.print(f"wrote {len(wv):,} x {wv.vector_size} vectors to {target} ({to_format})")

