"""``zero2vec train``: corpus file in, vector file + loss plot + JSON run summary out.

word2vec.c's own command line works unchanged (see :mod:`zero2vec.cli._argv`)::

    zero2vec -train text8 -output vec.bin -cbow 1 -size 200 -window 8 -negative 25 \\
        -hs 0 -sample 1e-4 -threads 2 -binary 1 -iter 15
"""
from __future__ import annotations

import sys
import time
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

  zero2vec train shards/*.txt --output vec.bin --ray --workers 4

Besides the vectors, writes OUTPUT.loss.png (loss per epoch) and OUTPUT.json \
(settings, vocabulary size, losses, timings)."""


def _flag(name: str, value: int) -> int:
    if value not in (0, 1):
        raise ConfigError(f"{name} must be 0 or 1, got {value}")
    return value


@app.command(epilog=EPILOG)
def train(ctx: typer.Context,
          corpus: Optional[list[Path]] = typer.Argument(None, show_default=False,
                                                        help="Text file, one sentence per line (.gz ok); "
                                                             "with --ray: files, a folder or a glob; "
                                                             "with --resume: the checkpoint's."),
          output: Optional[Path] = typer.Option(None, "--output", "-o", show_default=False,
                                                help="Where to write the vectors (required; with "
                                                     "--resume: the checkpoint's)."),
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
          model: str = typer.Option("word2vec", "--model",
                                    help="word2vec (whole words) or fasttext (character n-grams too)."),
          minn: int = typer.Option(3, "--minn", help="fasttext: shortest n-gram (code points)."),
          maxn: int = typer.Option(6, "--maxn", help="fasttext: longest n-gram (0: none)."),
          bucket: int = typer.Option(2_000_000, "--bucket",
                                     help="fasttext: n-gram rows (bucket x size floats; see docs/subword.md)."),
          vec: Optional[Path] = typer.Option(None, "--vec",
                                             help="Also write the word vectors as text (fastText's .vec)."),
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
                                                help="Continue an interrupted run from its checkpoint: corpus, outputs and settings are the run's (a different setting is an error; --threads may change)."),
          serve: bool = typer.Option(False, "--serve", help="Watch the training live in the browser."),
          serve_host: str = typer.Option("127.0.0.1", "--serve-host", help="--serve: address to listen on."),
          serve_port: int = typer.Option(8765, "--serve-port", help="--serve: port (0: any free one)."),
          serve_token: Optional[str] = typer.Option(None, "--serve-token",
                                                    help="--serve: require this token (needed off loopback)."),
          serve_insecure_public: bool = typer.Option(False, "--serve-insecure-public",
                                                     help="--serve: allow a public address without a token."),
          watch: Optional[list[str]] = typer.Option(None, "--watch",
                                                    help="--serve: a word whose neighbours to follow (repeatable)."),
          serve_wait: bool = typer.Option(False, "--serve-wait",
                                          help="--serve: after training, keep serving (and explore the vectors) until Ctrl-C."),
          ray: Optional[str] = typer.Option(None, "--ray",
                                            help="Train on Ray workers: --ray alone starts a local Ray; "
                                                 "--ray auto or HOST:PORT or ray://HOST:PORT joins a cluster."),
          ray_workers: Optional[int] = typer.Option(None, "--workers",
                                                    help="--ray: Ray workers (default 2; without --ray, "
                                                         "gensim's --workers means --threads)."),
          threads_per_worker: int = typer.Option(1, "--threads-per-worker",
                                                 help="--ray: threads in each worker (1: bit-identical runs)."),
          phrases: int = typer.Option(0, "--phrases",
                                      help="Train on the corpus phrased in N passes (gensim's Phrases: new_york...)."),
          quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output.")) -> None:
    """Train word vectors on a corpus and save them."""
    fmt = _format(binary, fmt)
    fields = dict(corpus=corpus[0] if corpus else None, more_corpus=tuple(corpus[1:] if corpus else ()),
                  output=output, format=fmt, method=method, engine=engine,
                  sg=1 - _flag("--cbow", cbow), vector_size=size, window=window, negative=negative,
                  hs=_flag("--hs", hs), sample=sample, min_count=min_count, epochs=iter_,
                  workers=threads, alpha=alpha, seed=seed, batch_size=batch_size,
                  optimizer=optimizer, lr=lr, tokenizer=tokenizer, ja_form=ja_form,
                  ja_pos_filter=ja_pos_filter, encoding=encoding, errors=errors,
                  save_vocab=save_vocab, plot=not no_plot, checkpoint=checkpoint,
                  checkpoint_every=checkpoint_every, checkpoint_minutes=checkpoint_minutes,
                  phrases=phrases, model=model, min_n=minn, max_n=maxn, bucket=bucket,
                  vec_output=vec, ray=ray, ray_workers=ray_workers,
                  threads_per_worker=threads_per_worker)
    progress = False if quiet else None  # None: on a terminal
    if resume is not None:  # only what this command line says; the rest is the run's own
        job = TrainJob.resuming(resume, progress=progress, **_given(ctx, fields))
    else:
        if corpus is None or output is None:
            raise ConfigError("give a corpus file and --output (or --resume CHECKPOINT)")
        job = TrainJob(**fields, progress=progress)
    note = lambda message: print(f"zero2vec: note: {message}", file=sys.stderr)  # noqa: E731
    _check_name(job, note)
    if not serve and (watch or serve_wait):
        raise ConfigError("--watch and --serve-wait need --serve")
    if not serve:
        result = run(job, note=note)
    else:
        result = _run_served(job, note, serve_host, serve_port, serve_token, serve_insecure_public,
                             watch, serve_wait, quiet)
    if not quiet:
        names = ", ".join(p.name for p in result.written[1:])
        err.print(f"trained {len(result.wv):,} words x {result.wv.vector_size} in "
                  f"{result.train_seconds:.1f} s; wrote {job.output} ({job.resolved_format}), {names}")


# each TrainJob field and the options that set it (to tell which ones a command line gave)
_SOURCES = {"sg": ("cbow",), "vector_size": ("size",), "epochs": ("iter_",), "workers": ("threads",),
            "format": ("binary", "fmt"), "plot": ("no_plot",), "min_n": ("minn",),
            "max_n": ("maxn",), "vec_output": ("vec",), "more_corpus": ("corpus",)}


def _given(ctx: typer.Context, fields: dict) -> dict:
    """The fields whose options the command line gave (not their defaults)."""
    def given(param: str) -> bool:  # (click's ParameterSource, by name: typer vendors click)
        source = ctx.get_parameter_source(param)
        return source is not None and source.name != "DEFAULT"
    return {k: v for k, v in fields.items() if any(given(p) for p in _SOURCES.get(k, (k,)))}


def _format(binary: Optional[int], fmt: Optional[str]) -> Optional[str]:
    """word2vec.c's -binary 0/1 as a format; one that contradicts --format is an error."""
    if binary is None:
        return fmt
    implied = "word2vec-bin" if _flag("--binary", binary) else "word2vec-text"
    if fmt is not None and fmt != implied:
        raise ConfigError(f"--binary {binary} means --format {implied}, but --format {fmt} was "
                          "given: drop one of them")
    return implied


def _check_name(job: TrainJob, note) -> None:
    """Say so when the output's name suggests another format than the one written."""
    from zero2vec.vectors.io import detect_format

    try:
        named = detect_format(job.output, for_writing=True)
    except ConfigError:
        return
    if job.format is not None and named != job.format and named.startswith("word2vec") \
            and job.format.startswith("word2vec"):
        note(f"writing {job.format} to {job.output.name}, whose name says {named}")


def _run_served(job: TrainJob, note, host: str, port: int, token: Optional[str],
                insecure_public: bool, watch: Optional[list[str]], wait: bool, quiet: bool):
    """``run(job)`` with the live page up (bound before training starts), then down."""
    from zero2vec.cli.serve_cmd import start_live

    if job.method != "word2vec":
        raise ConfigError("--serve watches word2vec training (not --method ppmi-svd)")
    if job.ray is not None:
        raise ConfigError("--serve does not watch distributed training (--ray) yet")
    server, live = start_live(host, port, token, insecure_public, watch, quiet)
    try:
        result = run(job, note=note, observer=live)
        time.sleep(0.5)  # the page's stream polls 4 times a second: let it get the last state
        if wait:
            from zero2vec.serve.index import ServedModel

            server.app.api.models[job.output.name] = ServedModel(job.output.name, result.wv)
            err.print("training done; still serving (reload the page to explore the vectors); "
                      "Ctrl-C to stop", markup=False)
            server.wait()
        return result
    finally:
        server.stop()
