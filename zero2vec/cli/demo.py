"""``zero2vec demo``."""
from __future__ import annotations

from pathlib import Path

import typer

from zero2vec.cli.main import app


@app.command()
def demo(
    output: Path = typer.Option(Path("zero2vec-demo"), "--output", "-o", help="Folder for the results."),
    epochs: int = typer.Option(4, "--epochs", "--iter", help="Training epochs."),
    seed: int = typer.Option(1, help="Random seed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing."),
) -> None:
    """Train the book's CBOW on the bundled Brown corpus, show neighbours and analogies.

    Writes vectors.txt (word2vec text), cbow_params.pkl (the book's pickle), loss.png and
    summary.json to OUTPUT. About a minute on 2 cores.

    Example: zero2vec demo --output demo-out
    """
    from zero2vec.demo import run_demo

    run_demo(output, epochs=epochs, seed=seed, quiet=quiet)
