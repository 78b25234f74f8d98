"""``Word2Vec``: the user-facing model of the native engine (gensim's API)."""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence

import numpy as np

from zero2vec._atomic import check_outputs
from zero2vec._checks import check_number, check_positive_int
from zero2vec._memory import check_memory, release_compiler_memory
from zero2vec.corpus.encoded import EncodedCorpus
from zero2vec.corpus import LineSentence
from zero2vec.corpus.scan import encode
from zero2vec.corpus.store import DEFAULT_MAX_RAM_ITEMS
from zero2vec.corpus.vocab import Vocabulary, scan_and_encode
from zero2vec.engine.job_kernel import JobKernel, Tables, Weights, make_tables
from zero2vec.engine.scheduler import DEFAULT_JOB_WORDS, TrainReport, run_training
from zero2vec.engine.settings import FIELDS, Settings
from zero2vec.errors import ConfigError, VocabularyError
from zero2vec.vectors.keyed import WordVectors


def _return_free_memory() -> None:
    """Ask glibc to return freed heap pages to the OS (no-op elsewhere).

    The vocabulary pass allocates millions of small strings; after it, glibc keeps
    their pages (~20 MB on 5M tokens) in the process, where training never reuses them.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class Word2Vec:
    """word2vec (CBOW or skip-gram) trained by compiled, multi-threaded kernels.

    Mirrors ``gensim.models.Word2Vec``: give ``sentences`` or ``corpus_file`` and the
    vocabulary is built and the model trained in the constructor; or call
    :meth:`build_vocab` and :meth:`train` yourself.

    Parameters
    ----------
    sentences : iterable of list of str, optional
        The corpus. May be a one-shot iterator (it is read once and encoded).
    corpus_file : str or PathLike, optional
        A text file (optionally ``.gz``), one sentence per line.
    vector_size : int
        Dimensions ``H`` of the word vectors.
    window : int
        Maximum distance between a center and a context word. The effective window
        of each center word is drawn uniformly from ``1..window`` (word2vec.c).
    min_count : int
        Words seen fewer times are ignored.
    sg : {0, 1}
        1 for skip-gram, 0 for CBOW.
    hs : {0, 1}
        1 to train with hierarchical softmax (a Huffman tree).
    negative : int
        Negative samples per prediction (0: none; then ``hs`` must be 1).
    ns_exponent : float
        Negatives are drawn in proportion to ``count ** ns_exponent``.
    cbow_mean : {0, 1}
        CBOW: average (1) or sum (0) the context vectors.
    sample : float
        Subsampling threshold for frequent words (word2vec.c's formula; 0 disables).
    alpha : float, optional
        Initial learning rate. Default: 0.05 for CBOW, 0.025 for skip-gram, word2vec.c's
        defaults; on Gutenberg gensim's CBOW at 0.05 beats 0.025 on SimLex (+0.05),
        MEN (+0.10) and analogies (+6 points) at equal WS353.
    min_alpha : float
        Final learning rate; the rate falls linearly over all epochs' words.
    epochs : int
    workers : int, optional
        Training threads (default: the CPUs this process may use).
    seed : int
        Seeds every random draw (initial vectors, windows, subsampling, negatives).
        With ``workers=1`` two runs give bit-identical vectors.
    max_vocab_size : int, optional
        Bound on distinct words held while counting (rare words are pruned).
    max_final_vocab : int, optional
        Keep at most this many words (raises the effective ``min_count``).
    callbacks : sequence
        Objects with any of ``on_train_begin``, ``on_epoch_begin``, ``on_epoch_end``,
        ``on_train_end`` (called with the model) and ``on_progress`` (called with the
        model and a dict of statistics, at most every ``report_delay`` s of ``train()``), all
        on the main thread. gensim's ``CallbackAny2Vec`` objects work.
    progress : bool, optional
        Show a progress bar (default: only when stderr is a terminal).
    shared_negatives : bool
        Skip-gram only: share one set of negatives across each window (Ji et al.
        2016), about twice as fast at equal quality; ``False`` is word2vec.c's update.
    max_sentence_length : int
        Longer sentences are split into chunks of this many tokens (never truncated).
    max_ram_tokens : int
        Encoded corpora of more ids than this (default 1M) live in an unnamed temporary
        file (``$TMPDIR``, 4 bytes an id) that each training job reads its part of, so
        memory does not grow with the corpus.
    encoding, errors : str
        How ``corpus_file`` is decoded (see :class:`zero2vec.corpus.LineSentence`);
        ``errors="strict"`` stops at a bad byte, naming its offset.

    Attributes
    ----------
    wv : WordVectors
        The word vectors; ``wv.vectors is W_in``.
    W_in, W_out, W_out_hs : np.ndarray
        Input vectors (V x H), negative-sampling output vectors (word2vec.c's syn1neg;
        ``None`` if ``negative=0``) and hierarchical-softmax node vectors (syn1,
        V-1 x H; ``None`` if ``hs=0``).
    loss_history : list of float
        Training loss of every epoch: the sum over all predictions of
        ``-log sigmoid(+-score)``, the same quantity whatever ``workers`` is.
    """

    def __init__(self, sentences: Iterable | None = None, corpus_file: str | os.PathLike | None = None,
                 vector_size: int = 100, window: int = 5, min_count: int = 5, sg: int = 0,
                 hs: int = 0, negative: int = 5, ns_exponent: float = 0.75, cbow_mean: int = 1,
                 sample: float = 1e-3, alpha: float | None = None, min_alpha: float = 0.0001,
                 epochs: int = 5, workers: int | None = None, seed: int = 1,
                 max_vocab_size: int | None = None, max_final_vocab: int | None = None,
                 callbacks: Sequence = (), progress: bool | None = None,
                 shared_negatives: bool = True, max_sentence_length: int = 10000,
                 max_ram_tokens: int = DEFAULT_MAX_RAM_ITEMS, encoding: str = "utf-8",
                 errors: str = "strict") -> None:
        self.settings = Settings(
            vector_size=vector_size, window=window, min_count=min_count, sg=sg, hs=hs,
            negative=negative, ns_exponent=ns_exponent, cbow_mean=cbow_mean, sample=sample,
            alpha=alpha, min_alpha=min_alpha, epochs=epochs, workers=workers, seed=seed,
            max_vocab_size=max_vocab_size, max_final_vocab=max_final_vocab,
            shared_negatives=shared_negatives, max_sentence_length=max_sentence_length,
            max_ram_tokens=max_ram_tokens, encoding=encoding, errors=errors)
        self.callbacks = tuple(callbacks)
        self.progress = progress
        self.job_words = DEFAULT_JOB_WORDS
        self.vocab: Vocabulary | None = None
        self.wv: WordVectors | None = None
        self.W_in: np.ndarray | None = None
        self.W_out: np.ndarray | None = None
        self.W_out_hs: np.ndarray | None = None
        self._tables: Tables | None = None
        self.loss_history: list[float] = []
        self.vocab_seconds = 0.0
        self.train_seconds = 0.0
        self.last_report: TrainReport | None = None
        self._corpus: EncodedCorpus | None = None
        self._corpus_source: object = None
        self._corpus_file: str | None = None  # recorded in checkpoints, to re-read on resume
        self._resume = None  # a Position, after load_checkpoint
        if sentences is not None or corpus_file is not None:
            self.build_vocab(sentences, corpus_file)
            self.train()

    # -- vocabulary -------------------------------------------------------------------
    def _source(self, sentences, corpus_file, max_sentence_length: int):
        if sentences is not None and corpus_file is not None:
            raise ConfigError("give sentences or corpus_file, not both")
        if sentences is None and corpus_file is None:
            raise ConfigError("give sentences or corpus_file")
        if corpus_file is not None:
            return (LineSentence(corpus_file, max_sentence_length, encoding=self.encoding,
                                 errors=self.errors),
                    ("file", os.fspath(corpus_file)))
        if isinstance(sentences, (str, bytes, os.PathLike)):
            raise ConfigError("sentences must be an iterable of token lists; "
                              "for a file use corpus_file=")
        return sentences, ("obj", sentences)

    def build_vocab(self, corpus_iterable: Iterable | None = None,
                    corpus_file: str | os.PathLike | None = None, update: bool = False,
                    progress_per: int = 10000, keep_raw_vocab: bool = False,
                    trim_rule: object = None, *, sentences: Iterable | None = None) -> Word2Vec:
        """Count words, build the vocabulary, encode the corpus and reset the weights.

        gensim's signature. ``progress_per`` is accepted (progress is a bar here);
        ``update=True`` (online vocabulary growth), ``keep_raw_vocab=True`` and a
        ``trim_rule`` are not supported yet and say so rather than being ignored.
        ``sentences`` is gensim 3's name for ``corpus_iterable``.
        """
        for name, value, default in (("update", update, False), ("keep_raw_vocab", keep_raw_vocab, False),
                                     ("trim_rule", trim_rule, None)):
            if value is not default and value != default:
                raise ConfigError(f"build_vocab({name}={value!r}) is not supported yet "
                                  "(zero2vec builds the vocabulary once, with min_count / "
                                  "max_final_vocab / max_vocab_size)")
        if sentences is not None and corpus_iterable is not None:
            raise ConfigError("give corpus_iterable or sentences (its old name), not both")
        sentences = corpus_iterable if corpus_iterable is not None else sentences
        check_positive_int("progress_per", progress_per)
        t0 = time.perf_counter()
        source, key = self._source(sentences, corpus_file, self.max_sentence_length)
        self._load_kernels()
        self.vocab, self._corpus = scan_and_encode(
            source, self.min_count, self.max_sentence_length, self.max_vocab_size,
            self.max_final_vocab, self.max_ram_tokens)
        self._corpus_source = key
        self._corpus_file = key[1] if key[0] == "file" else None
        _return_free_memory()  # the counting pass's strings are gone; give their pages back
        self.vocab_seconds = time.perf_counter() - t0
        self._reset_weights()
        return self

    @property
    def corpus_count(self) -> int:
        """Sentences (chunks) in the encoded corpus."""
        return 0 if self._corpus is None else self._corpus.n_sentences

    @property
    def corpus_total_words(self) -> int:
        """Tokens read by the vocabulary pass, including out-of-vocabulary ones."""
        return 0 if self._corpus is None else self._corpus.raw_words

    def _reset_weights(self) -> None:
        V, H = len(self.vocab), self.vector_size
        if self.hs and V < 2:
            raise VocabularyError("hierarchical softmax needs at least 2 words in the vocabulary")
        n_matrices = 1 + bool(self.negative) + bool(self.hs)
        check_memory(V * H * 4 * (n_matrices + 1), f"the model ({n_matrices} x {V:,} x {H} float32)",
                     "raise min_count, set max_final_vocab, or use fewer dimensions")
        rng = np.random.default_rng(self.seed)
        # word2vec.c's initialisation: uniform in [-0.5, 0.5) / H (in place: no temporaries);
        # outputs start at 0
        self.W_in = rng.random((V, H), dtype=np.float32)
        self.W_in -= np.float32(0.5)
        self.W_in /= np.float32(H)
        self.W_out = np.zeros((V, H), dtype=np.float32) if self.negative else None
        self.W_out_hs = np.zeros((V - 1, H), dtype=np.float32) if self.hs else None
        self._tables = make_tables(self.vocab.counts, self.settings)
        self.wv = WordVectors(self.W_in, self.vocab.index_to_key, self.vocab.counts,
                              key_to_index=self.vocab.key_to_index)
        self.loss_history = []

    # -- training ---------------------------------------------------------------------
    def train(self, corpus_iterable: Iterable | None = None,
              corpus_file: str | os.PathLike | None = None, total_examples: int | None = None,
              total_words: int | None = None, epochs: int | None = None,
              start_alpha: float | None = None, end_alpha: float | None = None,
              word_count: int = 0, queue_factor: int = 2, report_delay: float = 1.0,
              compute_loss: bool = True, callbacks: Sequence | None = None, *,
              sentences: Iterable | None = None, progress: bool | None = None,
              checkpoint_path: str | os.PathLike | None = None, checkpoint_every: int | None = None,
              checkpoint_minutes: float | None = None) -> Word2Vec:
        """Train on ``corpus_iterable``/``corpus_file`` (default: the build_vocab corpus).

        gensim's signature, in gensim's order. ``start_alpha``/``end_alpha`` set this
        call's learning rates (default: the model's ``alpha``/``min_alpha``);
        ``report_delay`` is the seconds between ``on_progress`` callbacks. Accepted for
        gensim's sake and not needed here: ``total_examples``/``total_words`` (the corpus
        is encoded before training, so its size is known), ``queue_factor`` (2 jobs per
        thread are in flight), ``compute_loss`` (the loss is always computed:
        ``loss_history``). ``sentences`` is gensim 3's name for ``corpus_iterable``.

        With ``checkpoint_path``, a checkpoint is written every ``checkpoint_every`` jobs
        (~65k words each) and/or ``checkpoint_minutes`` minutes, at the end, and on
        SIGINT/SIGTERM, after which :class:`~zero2vec.errors.TrainingInterrupted` is
        raised. :meth:`load_checkpoint` then ``train()`` continues the run.
        """
        if self.vocab is None:
            raise VocabularyError("call build_vocab() before train()")
        if sentences is not None and corpus_iterable is not None:
            raise ConfigError("give corpus_iterable or sentences (its old name), not both")
        corpus_iterable = corpus_iterable if corpus_iterable is not None else sentences
        epochs = self.epochs if epochs is None else self.settings.replace(epochs=epochs).epochs
        settings = self._call_settings(start_alpha, end_alpha, word_count, queue_factor,
                                       checkpoint_path)
        progress_interval = check_number("report_delay", report_delay, 0.0)
        corpus = self._corpus
        if corpus_iterable is not None or corpus_file is not None:
            source, key = self._source(corpus_iterable, corpus_file, self.max_sentence_length)
            src = self._corpus_source
            same = src is not None and src[0] == key[0] and (
                src[1] == key[1] if key[0] == "file" else src[1] is key[1])
            if not same or corpus is None:
                corpus = encode(source, self.vocab, self.max_sentence_length, self.max_ram_tokens)
        if corpus is None or corpus.n_words == 0:
            raise VocabularyError("no word of the corpus is in the vocabulary")
        self._load_kernels()  # (already loaded after build_vocab: then this is quick)
        kernel = self._kernel(corpus.longest + 1, settings)
        from zero2vec._runcontrol import RunControl
        from zero2vec.engine import state

        trained_file = self._corpus_file  # what a resume reads again (None: sentences in memory)
        if corpus_iterable is not None or corpus_file is not None:
            trained_file = None if corpus_file is None else os.fspath(corpus_file)
        if checkpoint_path is not None:
            check_outputs({"the checkpoint": checkpoint_path},
                          {"the corpus file": trained_file})
        start, self._resume = self._resume, None
        fingerprint = None if checkpoint_path is None else corpus.fingerprint()  # once, not per checkpoint
        control = RunControl(checkpoint_path, checkpoint_every, checkpoint_minutes,
                             write=lambda path, pos: state.save(path, self, pos, corpus.n_words,
                                                                trained_file, fingerprint))
        with control:
            report = run_training(
                self, kernel, corpus, epochs,
                callbacks=self.callbacks if callbacks is None else tuple(callbacks),
                progress=self.progress if progress is None else progress,
                progress_interval=progress_interval, job_words=self.job_words,
                start=start, control=control, epoch_done=self.loss_history.append)
        self.train_seconds = report.seconds
        self.last_report = report
        if self._corpus_source is not None and self._corpus_source[0] == "obj":
            # the corpus is encoded; do not keep the caller's token lists alive
            self._corpus_source = None
        return self

    @classmethod
    def load_checkpoint(cls, path: str | os.PathLike, sentences: Iterable | None = None,
                        corpus_file: str | os.PathLike | None = None) -> Word2Vec:
        """Rebuild a model from a checkpoint; ``train()`` then continues where it stopped.

        The checkpoint is checked field by field first (:func:`zero2vec.engine.state.read`).
        The corpus is read again (``corpus_file`` defaults to the one recorded in the
        checkpoint; for a ``sentences`` corpus pass the same sentences) and must be the
        one trained: the same in-vocabulary words in the same order (its fingerprint).
        """
        from zero2vec.engine import state

        settings, header, arrays = state.read(path)
        model = cls(**settings.as_dict())
        model._load_kernels()
        if sentences is None and corpus_file is None:
            corpus_file = state.corpus_file(path, header)
        model.vocab, model.job_words = state.vocabulary(header, arrays), header["job_words"]
        model._reset_weights()
        position = state.restore(model, header, arrays)
        source, key = model._source(sentences, corpus_file, model.max_sentence_length)
        model._corpus = encode(source, model.vocab, model.max_sentence_length, model.max_ram_tokens)
        state.check_corpus(path, header, model._corpus)
        model._corpus_source = key
        model._corpus_file = key[1] if key[0] == "file" else None
        model._resume = position
        return model

    def _kernel(self, max_len: int, settings: Settings | None = None) -> JobKernel:
        """The training loop of this model's architecture, bound to its arrays."""
        return JobKernel(settings or self.settings, Weights(self.W_in, self.W_out, self.W_out_hs),
                         self._tables, max_len)

    def _call_settings(self, start_alpha, end_alpha, word_count, queue_factor,
                       checkpoint_path) -> Settings:
        """The settings of one ``train()`` call: gensim's per-call learning rates."""
        if isinstance(word_count, bool) or word_count != 0:
            raise ConfigError(f"word_count={word_count!r}: only 0 is supported (train on all the "
                              "corpus; the learning rate follows its position)")
        check_positive_int("queue_factor", queue_factor, 1000)
        if start_alpha is None and end_alpha is None:
            return self.settings
        if checkpoint_path is not None:  # a resume would not know this call's rates
            raise ConfigError("start_alpha/end_alpha cannot be combined with checkpoint_path; "
                              "set the model's alpha/min_alpha instead")
        return self.settings.replace(alpha=self.alpha if start_alpha is None else start_alpha,
                                     min_alpha=self.min_alpha if end_alpha is None else end_alpha)

    def _load_kernels(self) -> None:
        """Load the compiled code this model runs, then give LLVM's pages back.

        Loading numba's cached kernels links them with LLVM (~60 MB of its library
        resident, on top of ~35 MB that importing it touched). Doing it before the
        corpus and the weights exist keeps that out of the peak, giving pages back
        before and between the loads lowers it further, and afterwards training never
        runs LLVM again. It runs on the main thread: LLVM initialised inside a worker would make
        glibc give that thread a malloc arena of its own, which keeps ~10 MB resident
        for the life of the process.
        """
        from zero2vec.corpus import filescan
        from zero2vec.engine.rng import job_seed

        release_compiler_memory()
        filescan.warm_up()  # (the first load: most of LLVM's pages)
        release_compiler_memory()
        probe = Word2Vec(**self.settings.replace(workers=1).as_dict())  # same argument types
        probe.vocab = Vocabulary(["a", "b"], [2, 1])  # nothing big
        probe._reset_weights()
        probe._kernel(1)(np.zeros(0, dtype=np.int32), np.zeros(1, dtype=np.int64), 0.0, 1.0,
                         job_seed(0, 0, 0))
        release_compiler_memory()

    def get_latest_training_loss(self) -> float:
        """Loss of the last completed epoch (0.0 before training)."""
        return self.loss_history[-1] if self.loss_history else 0.0

    # -- inspection -------------------------------------------------------------------
    @property
    def word_vecs(self) -> np.ndarray:
        """The book's name for the word vectors (``W_in``)."""
        return self.W_in

    @property
    def params(self) -> list[np.ndarray]:
        """The distinct trained arrays: ``W_in``, then ``W_out`` and/or ``W_out_hs``."""
        return [p for p in (self.W_in, self.W_out, self.W_out_hs) if p is not None]

    def __repr__(self) -> str:
        arch = "skip-gram" if self.sg else "CBOW"
        size = len(self.vocab) if self.vocab is not None else 0
        return f"Word2Vec({arch}, {size} words x {self.vector_size} dims)"



def _setting(name: str) -> property:
    def get(self: Word2Vec):
        return getattr(self.settings, name)

    def put(self: Word2Vec, value: object) -> None:
        self.settings = self.settings.replace(**{name: value})  # checked again
    return property(get, put, doc=f"The ``{name}`` setting (:class:`~zero2vec.engine.settings.Settings`).")


for _name in FIELDS:  # model.window, model.epochs = 10, ...: read from / checked into settings
    setattr(Word2Vec, _name, _setting(_name))
