"""What :func:`zero2vec.job.run` calls to train: the job's corpus made ready (tokenised,
phrased), then the trainer its settings name (PPMI-SVD, the book's layers, the native
engine, whose callbacks are told to an observer, or the native engine on Ray workers:
:mod:`zero2vec.distributed`)."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zero2vec._progress import spinner

if TYPE_CHECKING:
    from zero2vec.job import TrainJob


def train(job: TrainJob, observer: Any = None):
    """The vectors, the trained model and the loss history of ``job``'s trainer."""
    if job.ray is not None:
        return _train_distributed(job, observer)
    sentences = job.sentences if job.sentences is not None else _tokenized(job)
    with contextlib.ExitStack() as stack:  # (the phrased corpus lives for the run)
        if job.phrases:
            sentences = _phrased(job, sentences, stack)
        if job.method == "ppmi-svd":
            return _train_ppmi_svd(job, sentences)
        if job.engine == "layers":
            return _train_layers(job, sentences, observer)
        return _train_native(job, sentences, observer)


def _tokenized(job: TrainJob):
    """The corpus tokenised once (all cores) and cached, when a tokenizer is asked for."""
    if job.tokenizer == "whitespace" and not job.ja_form and not job.ja_pos_filter:
        return None
    from zero2vec.corpus import tokenize_corpus
    from zero2vec.corpus.tokenizers import get_tokenizer

    tok = get_tokenizer(job.tokenizer, form=job.ja_form, pos_filter=job.ja_pos_filter)
    return tokenize_corpus(job.corpus, tok, workers=job.workers, progress=job.progress,
                           encoding=job.encoding, errors=job.errors)


def _phrased(job: TrainJob, sentences, stack: contextlib.ExitStack):
    """The corpus phrased in ``job.phrases`` passes, as a file that lives for the run."""
    import tempfile

    from zero2vec.corpus import LineSentence
    from zero2vec.phrases.passes import phrase_corpus

    source = sentences if sentences is not None else LineSentence(job.corpus, encoding=job.encoding,
                                                                  errors=job.errors)
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f".{job.output.name}.",
                                                               dir=job.output.parent)))
    with spinner(f"phrasing {job.corpus.name} ({job.phrases} passes)", enabled=job.progress):
        phrase_corpus(source, tmp / "phrased.txt", job.phrases)
    return LineSentence(tmp / "phrased.txt")


def _train_ppmi_svd(job: TrainJob, sentences):
    from zero2vec.count import train_ppmi_svd

    wv = train_ppmi_svd(job.corpus if sentences is None else sentences, vector_size=job.vector_size,
                        window=job.window, min_count=job.min_count, seed=job.seed,
                        progress=job.progress, encoding=job.encoding, errors=job.errors)
    return wv, None, []


def _train_layers(job: TrainJob, sentences, observer: Any = None):
    from zero2vec.trainer import train_layers

    result = train_layers(job.corpus, sentences=sentences, sg=job.sg, vector_size=job.vector_size,
                          window=job.window, negative=job.negative, min_count=job.min_count,
                          epochs=job.epochs, batch_size=job.batch_size, optimizer=job.optimizer,
                          lr=job.lr, seed=job.seed, progress=job.progress, encoding=job.encoding,
                          errors=job.errors, checkpoint_path=job.checkpoint_path,
                          checkpoint_every=job.checkpoint_every,
                          checkpoint_minutes=job.checkpoint_minutes, resume_from=job.resume,
                          observer=observer)
    return result.wv, result, list(result.trainer.epoch_losses)  # per word (the batch mean)


def _train_native(job: TrainJob, sentences, observer: Any = None):
    from zero2vec.engine.word2vec import Word2Vec

    kind, extra = Word2Vec, {}
    if job.model == "fasttext":
        from zero2vec.subword.model import FastText

        kind, extra = FastText, {"min_n": job.min_n, "max_n": job.max_n, "bucket": job.bucket}
    corpus = {"sentences": sentences, "corpus_file": job.corpus if sentences is None else None}
    if job.resume is not None:  # settings come from the checkpoint; the corpus is read again
        model = Word2Vec.load_checkpoint(job.resume, **corpus)
        model.progress = job.progress
        if job.workers is not None:  # safe to change: the jobs and their seeds stay the same
            model.workers = job.workers
    else:
        model = kind(vector_size=job.vector_size, window=job.window, min_count=job.min_count,
                     sg=job.sg, hs=job.hs, negative=job.negative, sample=job.sample,
                     alpha=job.alpha, epochs=job.epochs, workers=job.workers, seed=job.seed,
                     progress=job.progress, encoding=job.encoding, errors=job.errors, **extra)
        model.build_vocab(**corpus)
    words = max(1, int(model.wv.counts.sum()))  # in-vocabulary words an epoch, as the bar counts
    callbacks = None if observer is None else (*model.callbacks, _NativeObserver(observer, words))
    model.train(checkpoint_path=job.checkpoint_path, checkpoint_every=job.checkpoint_every,
                checkpoint_minutes=job.checkpoint_minutes, callbacks=callbacks,
                report_delay=0.5 if observer is not None else 1.0)
    return model.wv, model, [s / words for s in model.loss_history]


class _NativeObserver:
    """The native engine's callbacks (run on its collecting thread) told to an observer,
    with the epoch's loss per word, as the bar, plot and summary show it."""

    def __init__(self, observer: Any, words: int) -> None:
        self.observer, self.words = observer, words

    def on_train_begin(self, model) -> None:
        self.observer.begin(model.wv, model, "native", model.epochs)

    def on_progress(self, model, info: dict) -> None:
        self.observer.progress(info["words_done"], info["loss_per_word"], info["words_per_s"],
                               info["alpha"], info["epoch"] + 1,
                               info["words_done"] / max(info["words_total"], 1))

    def on_epoch_end(self, model) -> None:
        self.observer.epoch_end(len(model.loss_history), model.loss_history[-1] / self.words)


# -- distributed training (``--ray``) ---------------------------------------------------
def check_ray(job: TrainJob) -> None:
    """A distributed job's options: together, compatible with what it trains, Ray installed."""
    from zero2vec._checks import check_positive_int
    from zero2vec.errors import ConfigError, MissingDependencyError

    if job.ray is None:
        if job.ray_workers is not None:
            raise ConfigError("ray_workers (--workers with --ray) needs --ray")
        if job.threads_per_worker != 1:
            raise ConfigError("--threads-per-worker needs --ray (on one machine: --threads)")
        if job.more_corpus:
            raise ConfigError("several corpus files need --ray (distributed training); "
                              "join them into one file to train on one machine")
        return
    check_positive_int("threads_per_worker", job.threads_per_worker, 1024)
    if job.ray_workers is not None:
        check_positive_int("ray_workers", job.ray_workers, 4096)
    conflicts = [("--method " + job.method, job.method != "word2vec"),
                 ("--engine " + job.engine, job.engine != "native"),
                 ("--model " + job.model, job.model != "word2vec"),
                 ("--tokenizer " + job.tokenizer, job.tokenizer != "whitespace"),
                 ("--ja-form/--ja-pos-filter", bool(job.ja_form or job.ja_pos_filter)),
                 ("--phrases", bool(job.phrases)),
                 ("--threads (use --threads-per-worker)", job.workers is not None)]
    given = [name for name, bad in conflicts if bad]
    if given:
        raise ConfigError("--ray trains word2vec with the native engine on whitespace-split "
                          f"files; it does not take {', '.join(given)}")
    import importlib.util

    if importlib.util.find_spec("ray") is None:
        raise MissingDependencyError("--ray needs Ray: pip install 'zero2vec[ray]'")


def distributed_files(job: TrainJob) -> list[Path]:
    """A distributed job's corpus files, in corpus order (a folder's or a glob's, by name)."""
    from zero2vec.distributed.shards import corpus_files

    spec = [job.corpus, *job.more_corpus] if job.more_corpus else job.corpus
    return [Path(f) for f in corpus_files(spec)]


def _train_distributed(job: TrainJob, observer: Any = None):
    from zero2vec import distributed
    from zero2vec.errors import ConfigError

    if observer is not None:
        raise ConfigError("watching a distributed run live (--serve) is not supported yet")
    run = dict(threads_per_worker=job.threads_per_worker,
               address=None if job.ray == "local" else job.ray,
               checkpoint_path=job.checkpoint_path, checkpoint_every=job.checkpoint_every,
               checkpoint_minutes=job.checkpoint_minutes)
    if job.resume is not None:  # settings, files and workers come from the checkpoint
        model = distributed.Word2Vec(resume_from=job.resume, **run)
    else:
        model = distributed.Word2Vec(
            [str(f) for f in distributed_files(job)], num_workers=job.ray_workers or 2,
            vector_size=job.vector_size, window=job.window, min_count=job.min_count, sg=job.sg,
            hs=job.hs, negative=job.negative, sample=job.sample, alpha=job.alpha,
            epochs=job.epochs, seed=job.seed, encoding=job.encoding, errors=job.errors, **run)
    words = max(1, int(model.wv.counts.sum()))
    return model.wv, model, [s / words for s in model.loss_history]


def distributed_summary(job: TrainJob, model) -> dict[str, Any]:
    """What a distributed run's summary adds: its files, and what synchronising cost."""
    report = getattr(model, "sync_report", None)
    if job.ray is None or report is None:
        return {}
    return {"corpus_files": [str(f) for f in distributed_files(job)],
            "distributed": {"workers": report.num_workers, "nodes": report.nodes,
                            "rounds": report.rounds, "bytes_per_token": report.bytes_per_token,
                            "sync_share": report.sync_share, "restarts": report.restarts,
                            "worker_words": report.worker_words}}
