"""Train the book's CBOW / SkipGram on a text file: read, count, encode, fit."""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from zero2vec._atomic import check_outputs
from zero2vec.corpus import LineSentence, Vocabulary, create_contexts_target
from zero2vec.corpus.vocab import scan_and_encode
from zero2vec.errors import ConfigError
from zero2vec.models import CBOW, SkipGram
from zero2vec.optim import get_optimizer
from zero2vec.trainer.trainer import Trainer
from zero2vec.vectors import WordVectors


@dataclass
class LayeredResult:
    """What :func:`train_layers` returns."""

    model: CBOW | SkipGram
    wv: WordVectors
    vocab: Vocabulary
    trainer: Trainer
    loss_history: list[float] = field(default_factory=list)


def train_layers(corpus_file: str | os.PathLike | None = None, *,
                 sentences: Iterable[list[str]] | None = None, sg: int = 0,
                 vector_size: int = 100, window: int = 5, negative: int = 5, min_count: int = 5,
                 epochs: int = 10, batch_size: int = 100, optimizer: str = "adam",
                 lr: float = 0.001, seed: int = 1, max_vocab_size: int | None = None,
                 max_final_vocab: int | None = None, encoding: str = "utf-8",
                 errors: str = "strict", progress: bool | None = None,
                 tokenizer=None, checkpoint_path: str | os.PathLike | None = None,
                 checkpoint_every: int | None = None, checkpoint_minutes: float | None = None,
                 resume_from: str | os.PathLike | None = None, observer=None) -> LayeredResult:
    """Train the book's model on a corpus (one sentence per line, tokens separated by spaces).

    As in the book, the corpus is one stream of word ids and windows run across line
    ends. ``sg=0`` trains CBOW, ``sg=1`` SkipGram. The vocabulary is built as for every
    trainer (:func:`zero2vec.corpus.vocab.scan_and_encode`); ``max_final_vocab`` has
    gensim's meaning (``min_count`` is raised until at most that many words remain).

    ``observer`` watches the run (see :func:`zero2vec.job.run`): ``begin`` is called
    with ``.wv`` (the live ``W_in``) before the first step, then the Trainer reports to it.

    Returns
    -------
    LayeredResult
        ``.wv`` holds ``model.word_vecs`` (the same array) with the vocabulary.
    """
    check_outputs({"the checkpoint": checkpoint_path}, {"the corpus file": corpus_file})
    if sentences is None:
        if corpus_file is None:
            raise ConfigError("give corpus_file or sentences")
        sentences = LineSentence(corpus_file, encoding=encoding, errors=errors, tokenizer=tokenizer)
    # the one vocabulary pass; the sentences' ids back to back are the book's PTB-style stream
    vocab, encoded = scan_and_encode(sentences, min_count, None, max_vocab_size, max_final_vocab)
    corpus = np.array(encoded.tokens)
    encoded.close()
    contexts, target = create_contexts_target(corpus, window)
    cls = SkipGram if sg else CBOW
    model = cls(len(vocab), vector_size, window, corpus, sample_size=negative, seed=seed)
    trainer = Trainer(model, get_optimizer(optimizer, lr=lr), seed=seed, progress=progress)
    if resume_from is not None:
        trainer.load_checkpoint(resume_from)
    wv = WordVectors(model.word_vecs, vocab.index_to_key, vocab.counts,
                     key_to_index=vocab.key_to_index)  # the same array: trained in place
    if observer is not None:
        observer.begin(wv, model, "layers", epochs)
    trainer.fit(contexts, target, max_epoch=epochs, batch_size=batch_size,
                checkpoint_path=checkpoint_path, checkpoint_every=checkpoint_every,
                checkpoint_minutes=checkpoint_minutes, observer=observer)
    return LayeredResult(model, wv, vocab, trainer, trainer.loss_list)
