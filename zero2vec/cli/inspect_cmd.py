"""``zero2vec inspect``: which layers hold which parameters (the sharing contract)."""
from __future__ import annotations

import typer

from zero2vec.cli.app import app

MODELS = ("cbow", "skipgram", "simplecbow", "simpleskipgram")


@app.command("inspect")
def inspect_cmd(
    model: str = typer.Option("cbow", "--model", "-m", help=f"One of: {', '.join(MODELS)}."),
    vocab_size: int = typer.Option(10000, "--vocab-size", help="Rows of W_in / W_out."),
    hidden: int = typer.Option(100, "--hidden", "--size", help="Hidden size (vector dimensions)."),
    window: int = typer.Option(5, "--window", help="Context words on each side."),
    negative: int = typer.Option(5, "--negative", help="Negative samples per target."),
) -> None:
    """Show which layers of a book model share which parameter arrays.

    Every distinct array: its shape, the layers that hold it, how often it appears in \
    model.params, and whether model.word_vecs is that array.

    Example: zero2vec inspect --model cbow --window 5
    """
    import numpy as np

    from zero2vec.errors import ConfigError
    from zero2vec.inspect import describe_params
    from zero2vec.models import CBOW, SimpleCBOW, SimpleSkipGram, SkipGram

    name = model.lower().replace("-", "").replace("_", "")
    if name not in MODELS:
        raise ConfigError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    corpus = np.arange(vocab_size)  # the sampler only needs ids; uniform counts will do here
    if name == "cbow":
        m = CBOW(vocab_size, hidden, window, corpus, sample_size=negative)
    elif name == "skipgram":
        m = SkipGram(vocab_size, hidden, window, corpus, sample_size=negative)
    elif name == "simplecbow":
        m = SimpleCBOW(vocab_size, hidden)
    else:
        m = SimpleSkipGram(vocab_size, hidden)
    describe_params(m)
