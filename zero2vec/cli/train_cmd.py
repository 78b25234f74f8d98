"""``zero2vec train``: corpus file in, vector file + loss plot + JSON run summary out.

word2vec.c's own command line works unchanged (see :mod:`zero2vec.cli._argv`)::

    zero2vec -train text8 -output vec.bin -cbow 1 -size 200 -window 8 -negative 25 \\
        -hs 0 -sample 1e-4 -threads 2 -binary 1 -iter 15
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from zero2vec.cli._common import err
from zero2vec.cli.app import app
from zero2vec.errors import ConfigError
from zero2vec.job import TrainJob, run
from zero2vec.vectors.io import FORMATS

EPILOG = """Examples:

  zero2vec train corpus.txt --output vectors.bin --size 200 --window 8 --iter 10

  zero2vec -train text8 -output vec.bin -cbow 0 -size 300 -negative 10 -binary 1 -iter 5

  zero2vec train ptb.train.txt --output ptb.z2v --engine layers --cbow 1 --iter 10

  zero2vec train ptb.train.txt --output ppmi.txt --method ppmi-svd --window 2

Besides the vectors, writes OUTPUT.loss.png (loss per epoch) and OUTPUT.json
(settings, vocabulary size, losses, timings)."""


def _flag(name: str, value: int) -> int:
    if value not in (0, 1):
        raise ConfigError(f"{name} must be 0 or 1, got {value}")
    return value


@app.command(epilog=EPILOG)
def train(corpus: Path = typer.Argument(..., help="Text file, one sentence per line (.gz ok).",
                                        show_default=False),
          output: Path = typer.Option(..., "--output", "-o", help="Where to write the vectors.",
                                      show_default=False),
          size: int = typer.Option(100, "--size", help="Vector dimensions."),
          window: int = typer.Option(5, "--window", help="Max context distance."),
          negative: int = typer.Option(5, "--negative", help="Negative samples (0: none)."),
          hs: int = typer.Option(0, "--hs", help="1: hierarchical softmax."),
          sample: float = typer.Option(1e-3, "--sample", help="Subsampling threshold (0: off)."),
          min_count: int = typer.Option(5, "--min-count", help="Drop rarer words."),
          iter_: int = typer.Option(5, "--iter", help="Epochs."),
          threads: Optional[int] = typer.Option(None, "--threads", help="Worker threads (default: all cores)."),
          cbow: int = typer.Option(1, "--cbow", help="1: CBOW, 0: skip-gram (word2vec.c's default is 1)."),
          alpha: Optional[float] = typer.Option(None, "--alpha",
                                                help="Start learning rate (default 0.05 CBOW, 0.025 SG)."),
          binary: Optional[int] = typer.Option(None, "--binary", help="1: word2vec binary, 0: text."),
          fmt: Optional[str] = typer.Option(None, "--format", help=f"One of {', '.join(FORMATS)}."),
          engine: str = typer.Option("native", "--engine", help="native (compiled) or layers (the book's)."),
          method: str = typer.Option("word2vec", "--method", help="word2vec or ppmi-svd (count-based)."),
          seed: int = typer.Option(1, "--seed", help="Random seed."),
          batch_size: int = typer.Option(100, "--batch-size", help="layers engine: mini-batch size."),
          optimizer: str = typer.Option("adam", "--optimizer", help="layers engine: sgd, momentum, adagrad, adam."),
          lr: float = typer.Option(0.001, "--lr", help="layers engine: learning rate."),
          save_vocab: Optional[Path] = typer.Option(None, "--save-vocab", help="Also write 'word count' lines."),
          no_plot: bool = typer.Option(False, "--no-plot", help="Do not write the loss plot."),
          tokenizer: str = typer.Option("whitespace", "--tokenizer",
                                        help="whitespace, regex, fugashi, sudachi[:A|B|C], janome, ja."),
          ja_form: Optional[str] = typer.Option(None, "--ja-form", help="Japanese: surface or lemma."),
          ja_pos_filter: Optional[str] = typer.Option(None, "--ja-pos-filter",
                                                      help="Japanese: parts of speech to drop, e.g. 助詞,助動詞."),
          encoding: str = typer.Option("utf-8", "--encoding", help="Corpus encoding."),
          errors: str = typer.Option("strict", "--errors", help="Undecodable bytes: strict, replace or ignore."),
          checkpoint: Optional[Path] = typer.Option(None, "--checkpoint",
                                                    help="Checkpoint file (default OUTPUT.ckpt, removed after a finished run)."),
          checkpoint_every: Optional[int] = typer.Option(None, "--checkpoint-every",
                                                         help="Checkpoint every N steps (layers: batches; native: jobs of ~65k words)."),
          checkpoint_minutes: Optional[float] = typer.Option(None, "--checkpoint-minutes",
                                                             help="Checkpoint every M minutes."),
          resume: Optional[Path] = typer.Option(None, "--resume",
                                                help="Continue an interrupted run from its checkpoint (same corpus; layers: same settings)."),
          phrases: int = typer.Option(0, "--phrases",
                                      help="Train on the corpus phrased in N passes (gensim's Phrases: new_york...)."),
          quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output.")) -> None:
    """Train word vectors on a corpus and save them."""
    if binary is not None and fmt is None:  # word2vec.c's -binary 0/1; --format wins
        fmt = "word2vec-bin" if _flag("--binary", binary) else "word2vec-text"
    job = TrainJob(corpus=corpus, output=output, format=fmt, method=method, engine=engine,
                   sg=1 - _flag("--cbow", cbow), vector_size=size, window=window, negative=negative,
                   hs=_flag("--hs", hs), sample=sample, min_count=min_count, epochs=iter_,
                   workers=threads, alpha=alpha, seed=seed, batch_size=batch_size,
                   optimizer=optimizer, lr=lr, tokenizer=tokenizer, ja_form=ja_form,
                   ja_pos_filter=ja_pos_filter, encoding=encoding, errors=errors,
                   save_vocab=save_vocab, plot=not no_plot, checkpoint=checkpoint,
                   checkpoint_every=checkpoint_every, checkpoint_minutes=checkpoint_minutes,
                   resume=resume, phrases=phrases,
                   progress=False if quiet else None)  # None: on a terminal
    result = run(job, note=lambda message: print(f"zero2vec: note: {message}", file=sys.stderr))
    if not quiet:
        names = ", ".join(p.name for p in result.written[1:])
        err.print(f"trained {len(result.wv):,} words x {result.wv.vector_size} in "
                  f"{result.train_seconds:.1f} s; wrote {output} ({job.resolved_format}), {names}")
