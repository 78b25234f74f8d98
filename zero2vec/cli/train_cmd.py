"""``zero2vec train``: corpus file in, vector file + loss plot + JSON run summary out.

word2vec.c's own command line works unchanged (see :mod:`zero2vec.cli._argv`)::

    zero2vec -train text8 -output vec.bin -cbow 1 -size 200 -window 8 -negative 25 \\
        -hs 0 -sample 1e-4 -threads 2 -binary 1 -iter 15
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Optional

import typer

import zero2vec
from zero2vec._progress import spinner
from zero2vec.cli._common import check_input_file, err, save_with_progress
from zero2vec.cli.main import app
from zero2vec.errors import ConfigError
from zero2vec._atomic import atomic_file
from zero2vec.vectors.io import FORMATS, detect_format

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


def output_format(output: Path, fmt: str | None, binary: int | None) -> str:
    """--format wins; then word2vec.c's -binary 0/1; then the name; else word2vec text."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ConfigError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        return fmt
    if binary is not None:
        return "word2vec-bin" if _flag("--binary", binary) else "word2vec-text"
    try:
        return detect_format(output, for_writing=True)
    except ConfigError:
        return "word2vec-text"  # word2vec.c's default


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
          quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output.")) -> None:
    """Train word vectors on a corpus and save them."""
    check_input_file(corpus, "corpus file")
    if engine not in ("native", "layers"):
        raise ConfigError(f"--engine must be 'native' or 'layers', got {engine!r}")
    if method not in ("word2vec", "ppmi-svd"):
        raise ConfigError(f"--method must be 'word2vec' or 'ppmi-svd', got {method!r}")
    _flag("--hs", hs)
    _flag("--cbow", cbow)
    fmt = output_format(output, fmt, binary)
    for p in [output, save_vocab]:
        if p is not None and not (p.parent if str(p.parent) else Path(".")).is_dir():
            raise ConfigError(f"cannot write {p}: folder {p.parent} does not exist")
    show = False if quiet else None  # bars: only on a terminal (zero2vec._progress.is_shown)
    params: dict[str, Any] = {"size": size, "window": window, "min_count": min_count, "seed": seed,
                              "tokenizer": tokenizer}
    sentences = None
    if tokenizer != "whitespace" or ja_form or ja_pos_filter:
        # tokenise once (both cores), cached; every epoch then reads the token ids
        from zero2vec.corpus import tokenize_corpus
        from zero2vec.corpus.tokenizers import get_tokenizer

        tok = get_tokenizer(tokenizer, form=ja_form, pos_filter=ja_pos_filter)
        sentences = tokenize_corpus(corpus, tok, workers=threads, progress=show,
                                    encoding=encoding, errors=errors)
    if method != "word2vec":
        for name, value in (("--checkpoint", checkpoint), ("--checkpoint-every", checkpoint_every),
                            ("--checkpoint-minutes", checkpoint_minutes), ("--resume", resume)):
            if value is not None:
                raise ConfigError(f"{name} applies to word2vec training, not --method {method}")
    # training is always checkpointed, so Ctrl-C/SIGTERM saves the run; the default file
    # is removed once the run has finished
    default_ckpt = output.with_name(output.name + ".ckpt")

    t0 = time.perf_counter()
    loss: list[float] = []
    if method == "ppmi-svd":
        from zero2vec.count import train_ppmi_svd
        wv = train_ppmi_svd(corpus if sentences is None else sentences, vector_size=size,
                            window=window, min_count=min_count, seed=seed, progress=show,
                            encoding=encoding, errors=errors)
    elif engine == "layers":
        if hs:
            raise ConfigError("--hs 1 needs --engine native (the book's layers use negative sampling)")
        from zero2vec.trainer import train_layers
        for name, value, default in (("--sample", sample, 1e-3), ("--alpha", alpha, None),
                                     ("--threads", threads, None)):
            if value != default:
                err.print(f"zero2vec: note: {name} is not used by --engine layers "
                          "(the book's model: no subsampling, one thread; its rate is --lr)")
        params.update(cbow=cbow, negative=negative, iter=iter_, batch_size=batch_size,
                      optimizer=optimizer, lr=lr)
        result = train_layers(corpus, sentences=sentences, sg=1 - cbow, vector_size=size,
                              window=window, negative=negative, min_count=min_count, epochs=iter_,
                              batch_size=batch_size, optimizer=optimizer, lr=lr, seed=seed,
                              progress=show, encoding=encoding, errors=errors,
                              checkpoint_path=checkpoint or default_ckpt,
                              checkpoint_every=checkpoint_every,
                              checkpoint_minutes=checkpoint_minutes, resume_from=resume)
        wv, loss = result.wv, list(result.loss_history)
        if checkpoint is None:
            default_ckpt.unlink(missing_ok=True)
    else:
        from zero2vec.engine.word2vec import Word2Vec
        params.update(cbow=cbow, negative=negative, hs=hs, sample=sample, iter=iter_,
                      threads=threads, alpha=alpha)
        ckpt_kw = dict(checkpoint_path=checkpoint or default_ckpt, checkpoint_every=checkpoint_every,
                       checkpoint_minutes=checkpoint_minutes)
        if resume is not None:  # settings come from the checkpoint; the corpus is read again
            model = Word2Vec.load_checkpoint(resume, sentences=sentences,
                                             corpus_file=corpus if sentences is None else None)
            model.progress = show
            model.train(**ckpt_kw)
        else:
            model = Word2Vec(vector_size=size, window=window, min_count=min_count, sg=1 - cbow, hs=hs,
                             negative=negative, sample=sample, alpha=alpha, epochs=iter_,
                             workers=threads, seed=seed, progress=show, encoding=encoding,
                             errors=errors)
            model.build_vocab(sentences=sentences, corpus_file=corpus if sentences is None else None)
            model.train(**ckpt_kw)
        wv, loss = model.wv, list(model.loss_history)
        if checkpoint is None:
            default_ckpt.unlink(missing_ok=True)
    train_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    extra = {"metadata": {"corpus": str(corpus), "engine": engine, "method": method, **params}} \
        if fmt == "native" else {}
    save_with_progress(wv, output, fmt, quiet, **extra)
    if save_vocab is not None:
        with atomic_file(save_vocab) as tmp:
            counts = wv.counts.tolist() if wv.counts is not None else [0] * len(wv)
            tmp.write_text("".join(f"{w} {c}\n" for w, c in zip(wv.index_to_key, counts)),
                           encoding="utf8")
    save_s = time.perf_counter() - t1

    plot_path = None
    if loss and not no_plot:
        from zero2vec.vectors.plot import plot_loss
        plot_path = output.with_name(output.name + ".loss.png")
        with spinner(f"plotting {plot_path}", enabled=False if quiet else None):
            plot_loss(loss, plot_path, title=f"{corpus.name}: {method} ({engine})",
                      xlabel="epoch" if engine == "native" else "evaluation interval")
    summary = {
        "zero2vec": zero2vec.__version__, "command": ["zero2vec", *sys.argv[1:]],
        "corpus": str(corpus), "output": str(output), "format": fmt, "engine": engine,
        "method": method, "params": params, "vocab_size": len(wv), "vector_size": wv.vector_size,
        "loss_history": loss, "loss_plot": str(plot_path) if plot_path else None,
        "train_seconds": round(train_s, 3), "save_seconds": round(save_s, 3),
    }
    summary_path = output.with_name(output.name + ".json")
    with atomic_file(summary_path) as tmp:
        tmp.write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf8")
    if not quiet:
        err.print(f"trained {len(wv):,} words x {wv.vector_size} in {train_s:.1f} s; "
                  f"wrote {output} ({fmt}), {summary_path.name}"
                  + (f", {plot_path.name}" if plot_path else ""))
