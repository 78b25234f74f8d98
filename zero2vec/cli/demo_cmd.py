"""``zero2vec demo``."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from zero2vec.cli.app import app


@app.command()
def demo(
    output: Optional[Path] = typer.Option(None, "--output", "-o", show_default=False,
                                          help="Folder for the results (default: zero2vec-demo, "
                                               "zero2vec-demo-ja for --lang ja)."),
    epochs: Optional[int] = typer.Option(None, "--epochs", "--iter",
                                         help="Training epochs (default: 4 for en, 20 for ja)."),
    seed: int = typer.Option(1, help="Random seed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing."),
    lang: str = typer.Option("en", "--lang", help="en: Brown corpus; ja: 夏目漱石『こころ』 (raw text)."),
) -> None:
    """Train the book's CBOW on a bundled corpus, show neighbours (and analogies for en).

    --lang en (default) trains on the Brown corpus; --lang ja tokenises the raw text of 『こころ』 with fugashi (or janome; pip install 'zero2vec\\[ja]') and trains on it.

    Writes vectors.txt (word2vec text), cbow_params.pkl (the book's pickle), loss.png and summary.json to OUTPUT (each language to its own folder).

    Example: zero2vec demo --output demo-out;  zero2vec demo --lang ja
    """
    from zero2vec.demo import default_output, run_demo

    if lang not in ("en", "ja"):
        raise typer.BadParameter(f"must be en or ja, got {lang!r}", param_hint="--lang")
    run_demo(output or default_output(lang), epochs=epochs, seed=seed, quiet=quiet, lang=lang)
