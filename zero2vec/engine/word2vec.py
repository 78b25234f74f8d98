"""``Word2Vec``: the user-facing model of the native engine (gensim's API)."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from zero2vec._atomic import check_outputs
from zero2vec._checks import check_flag, check_number, check_positive_int
from zero2vec._memory import check_memory
from zero2vec.corpus.encoded import EncodedCorpus
from zero2vec.corpus import LineSentence
from zero2vec.corpus.scan import encode
from zero2vec.corpus.store import DEFAULT_MAX_RAM_ITEMS
from zero2vec.corpus.vocab import Vocabulary
from zero2vec.engine.job_kernel import JobKernel, Tables, Weights, initial_vectors, make_tables
from zero2vec.engine.scheduler import DEFAULT_JOB_WORDS, TrainReport, check_writable, run_training
from zero2vec.engine.online_vocab import VocabBuilding
from zero2vec.engine.model_io import Persistence, load_on_instance
from zero2vec.engine.scoring import Scoring
from zero2vec.engine.settings import FIELDS, Settings, call_settings
from zero2vec.engine.warmup import load_kernels
from zero2vec.errors import ConfigError, VocabularyError
from zero2vec.vectors.keyed import WordVectors


class Word2Vec(VocabBuilding, Scoring, Persistence):
    """word2vec (CBOW or skip-gram) trained by compiled, multi-threaded kernels.

    Mirrors ``gensim.models.Word2Vec``, with its keywords in its order: give ``sentences``
    or ``corpus_file`` and the vocabulary is built and the model trained in the
    constructor; or call :meth:`build_vocab` and :meth:`train` yourself.

    Parameters
    ----------
    sentences : iterable of list of str, optional
        The corpus. May be a one-shot iterator (it is read once and encoded).
    corpus_file : str or PathLike, optional
        A text file (optionally ``.gz``/``.bz2``), one sentence per line.
    vector_size : int
        Dimensions ``H`` of the word vectors.
    alpha : float, optional
        Initial learning rate. Default: 0.05 for CBOW, 0.025 for skip-gram, word2vec.c's
        defaults; on Gutenberg gensim's CBOW at 0.05 beats 0.025 on SimLex (+0.05),
        MEN (+0.10) and analogies (+6 points) at equal WS353.
    window : int
        Maximum distance between a center and a context word.
    min_count : int
        Words seen fewer times are ignored (0, as in gensim: keep every word).
    max_vocab_size : int, optional
        Bound on distinct words held while counting: the words seen fewer than
        ``min_reduce`` times are pruned, ``min_reduce`` = 1, 2, ... (gensim's rule).
    sample : float
        Subsampling threshold for frequent words (word2vec.c's formula; 0 disables).
    seed : int
        Seeds every random draw (initial vectors, windows, subsampling, negatives).
        With ``workers=1`` two runs give bit-identical vectors.
    workers : int, optional
        Training threads (default: the CPUs this process may use).
    min_alpha : float
        Final learning rate; the rate falls linearly over all epochs' words.
    sg, hs : {0, 1}
        1 for skip-gram (0: CBOW); 1 to train with hierarchical softmax (a Huffman tree).
    negative : int
        Negative samples per prediction (0: none; then ``hs`` must be 1).
    ns_exponent : float
        Negatives are drawn in proportion to ``count ** ns_exponent``.
    cbow_mean : {0, 1}
        CBOW: average (1) or sum (0) the context vectors.
    hashfxn : callable
        Accepted for gensim's sake (it must be callable) and not used: gensim hashes each
        word to seed its initial vector; zero2vec draws them all from ``seed``.
    epochs : int
    null_word : {0, 1}
        1 appends gensim's padding word ``"\\0"`` (count 1) to the vocabulary.
    trim_rule : callable, optional
        gensim's ``trim_rule(word, count, min_count)`` returning ``RULE_DISCARD``,
        ``RULE_KEEP`` or ``RULE_DEFAULT`` (:mod:`zero2vec.corpus.vocab`); not stored.
    sorted_vocab : {0, 1}
        1: most frequent word first; 0: words in the order first seen.
    batch_words : int, optional
        Words per training job (default 65,536, about gensim's 10,000 times 6: fewer
        hand-offs between threads). Sentences are never cut at it (see
        ``max_sentence_length``).
    compute_loss : bool
        Keep the running loss :meth:`get_latest_training_loss` returns (gensim's
        meaning); ``loss_history`` has every epoch's loss whatever this is.
    callbacks : sequence
        Objects with any of ``on_train_begin``, ``on_epoch_begin``, ``on_epoch_end``,
        ``on_train_end`` (called with the model) and ``on_progress`` (called with the
        model and a dict of statistics, at most every ``report_delay`` s of ``train()``), all
        on the main thread. gensim's ``CallbackAny2Vec`` objects work.
    comment : str, optional
        Kept with the model (and saved), as gensim does.
    max_final_vocab : int, optional
        Keep at most this many words (raises the effective ``min_count``).
    shrink_windows : bool
        True: each center word's window is drawn from ``1..window`` (word2vec.c);
        False: always ``window``.
    progress : bool, optional
        Show a progress bar (default: only when stderr is a terminal).
    shared_negatives : bool
        Skip-gram only: share one set of negatives across each window (Ji et al.
        2016), about twice as fast at equal quality; ``False`` is word2vec.c's update.
    max_sentence_length : int
        Longer sentences are split into chunks of this many tokens (never truncated).
    max_ram_tokens : int
        Encoded corpora of more ids than this (default 1M) live in an unnamed temporary
        file (``$TMPDIR``, 4 bytes an id) that each training job reads its part of.
    encoding, errors : str
        How ``corpus_file`` is decoded (see :class:`zero2vec.corpus.LineSentence`).

    Attributes
    ----------
    wv : WordVectors
        The word vectors; ``wv.vectors is W_in``. ``wv.vectors_lockf`` (gensim's lock
        factors, one per word or one for all) scales every update of ``W_in``'s rows.
    W_in, W_out, W_out_hs : np.ndarray
        Input vectors (V x H), negative-sampling output vectors (word2vec.c's syn1neg;
        ``None`` if ``negative=0``) and hierarchical-softmax node vectors (syn1,
        V-1 x H; ``None`` if ``hs=0``).
    loss_history : list of float
        Training loss of every epoch: the sum over all predictions of
        ``-log sigmoid(+-score)``, the same quantity whatever ``workers`` is.
    raw_vocab : defaultdict(int) or None
        Every word counted by the last :meth:`build_vocab` with ``keep_raw_vocab=True``,
        with its count, in gensim's order; empty after one without it, ``None`` before
        any (gensim's values). Not saved by :meth:`save` (a loaded model's is empty; one
        loaded from a gensim file has the file's).
    """

    def __init__(self, sentences: Iterable | None = None, corpus_file: str | os.PathLike | None = None,
                 vector_size: int = 100, alpha: float | None = None, window: int = 5,
                 min_count: int = 5, max_vocab_size: int | None = None, sample: float = 1e-3,
                 seed: int = 1, workers: int | None = None, min_alpha: float = 0.0001,
                 sg: int = 0, hs: int = 0, negative: int = 5, ns_exponent: float = 0.75,
                 cbow_mean: int = 1, hashfxn: Callable = hash, epochs: int = 5,
                 null_word: int = 0, trim_rule: Callable | None = None, sorted_vocab: int = 1,
                 batch_words: int | None = None, compute_loss: bool = False,
                 callbacks: Sequence = (), comment: str | None = None,
                 max_final_vocab: int | None = None, shrink_windows: bool = True, *,
                 progress: bool | None = None, shared_negatives: bool = True,
                 max_sentence_length: int = 10000, max_ram_tokens: int = DEFAULT_MAX_RAM_ITEMS,
                 encoding: str = "utf-8", errors: str = "strict") -> None:
        self.settings = Settings(
            vector_size=vector_size, window=window, min_count=min_count, sg=sg, hs=hs,
            negative=negative, ns_exponent=ns_exponent, cbow_mean=cbow_mean, sample=sample,
            alpha=alpha, min_alpha=min_alpha, epochs=epochs, workers=workers, seed=seed,
            max_vocab_size=max_vocab_size, max_final_vocab=max_final_vocab,
            shared_negatives=shared_negatives, max_sentence_length=max_sentence_length,
            max_ram_tokens=max_ram_tokens, encoding=encoding, errors=errors,
            shrink_windows=shrink_windows, sorted_vocab=sorted_vocab, null_word=null_word)
        if not callable(hashfxn):
            raise ConfigError(f"hashfxn must be callable, got {hashfxn!r}")
        if trim_rule is not None and not callable(trim_rule):
            raise ConfigError(f"trim_rule must be callable or None, got {trim_rule!r}")
        if comment is not None and not isinstance(comment, str):
            raise ConfigError(f"comment must be a string or None, got {comment!r}")
        self.hashfxn, self.trim_rule, self.comment = hashfxn, trim_rule, comment
        self.compute_loss = check_flag("compute_loss", compute_loss)
        self.callbacks = tuple(callbacks)
        self.progress = progress
        self.job_words = DEFAULT_JOB_WORDS if batch_words is None else \
            check_positive_int("batch_words", batch_words)
        self.vocab: Vocabulary | None = None
        self.wv: WordVectors | None = None
        self.W_in: np.ndarray | None = None
        self.W_out: np.ndarray | None = None
        self.W_out_hs: np.ndarray | None = None
        self._tables: Tables | None = None
        self.loss_history: list[float] = []
        self.running_training_loss = 0.0
        self.train_count = self.epochs_trained = 0
        self.corpus_count = self.corpus_total_words = 0
        self.raw_vocab: dict | None = None  # (gensim's, until a vocabulary is built)
        self.vocab_seconds = self.train_seconds = 0.0
        self.last_report: TrainReport | None = None
        self._corpus: EncodedCorpus | None = None
        self._corpus_source: object = None
        self._corpus_file: str | None = None  # recorded in checkpoints, to re-read on resume
        self._resume = None  # a Position, after load_checkpoint
        self.load = load_on_instance  # (gensim's guard: load is a class method)
        if sentences is not None or corpus_file is not None:
            self.build_vocab(sentences, corpus_file, trim_rule=trim_rule)
            self.train(compute_loss=self.compute_loss)

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

    def _reset_weights(self) -> None:
        V, H = len(self.vocab), self.vector_size
        n_matrices = 1 + bool(self.negative) + bool(self.hs)
        check_memory(V * H * 4 * (n_matrices + 1), f"the model ({n_matrices} x {V:,} x {H} float32)",
                     "raise min_count, set max_final_vocab, or use fewer dimensions")
        W_in = initial_vectors(np.random.default_rng(self.seed), V, H)
        self._attach(W_in, np.zeros((V, H), dtype=np.float32) if self.negative else None,
                     np.zeros((max(V - 1, 0), H), dtype=np.float32) if self.hs else None)
        self.loss_history = []

    def _attach(self, W_in: np.ndarray, W_out: np.ndarray | None, W_out_hs: np.ndarray | None,
                lockf: np.ndarray | None = None) -> None:
        """Make these the model's weights (for ``self.vocab``): its tables, ``wv``, lock factors."""
        V, H = len(self.vocab), self.vector_size
        if self.hs and V < 2:
            raise VocabularyError("hierarchical softmax needs at least 2 words in the vocabulary")
        for name, a, shape in (("W_in", W_in, (V, H)), ("W_out", W_out, (V, H) if self.negative else None),
                               ("W_out_hs", W_out_hs, (V - 1, H) if self.hs else None)):
            if (a is None) != (shape is None) or a is not None and a.shape != shape:
                raise ConfigError(f"{name} must be {'None' if shape is None else shape} for "
                                  f"these settings, got {None if a is None else a.shape}")
        self.W_in, self.W_out, self.W_out_hs = W_in, W_out, W_out_hs
        self._tables = make_tables(self.vocab.counts, self.settings)
        self.wv = WordVectors(self.W_in, self.vocab.index_to_key, self.vocab.counts,
                              key_to_index=self.vocab.key_to_index)
        self.wv.vectors_lockf = np.ones(1, dtype=np.float32) if lockf is None else np.asarray(lockf)

    def lockf(self) -> np.ndarray:
        """``wv.vectors_lockf``, checked: float32, one factor per word or one for all."""
        lf = np.ascontiguousarray(getattr(self.wv, "vectors_lockf", np.ones(1)), dtype=np.float32)
        if lf.ndim != 1 or len(lf) not in (1, len(self.vocab)) or not np.isfinite(lf).all():
            raise ConfigError(f"wv.vectors_lockf must hold 1 or {len(self.vocab)} finite numbers "
                              f"(one per word), got shape {lf.shape}")
        return lf

    # -- training ---------------------------------------------------------------------
    def train(self, corpus_iterable: Iterable | None = None,
              corpus_file: str | os.PathLike | None = None, total_examples: int | None = None,
              total_words: int | None = None, epochs: int | None = None,
              start_alpha: float | None = None, end_alpha: float | None = None,
              word_count: int = 0, queue_factor: int = 2, report_delay: float = 1.0,
              compute_loss: bool = False, callbacks: Sequence | None = None, *,
              sentences: Iterable | None = None, progress: bool | None = None,
              checkpoint_path: str | os.PathLike | None = None, checkpoint_every: int | None = None,
              checkpoint_minutes: float | None = None) -> Word2Vec:
        """Train on ``corpus_iterable``/``corpus_file`` (default: the build_vocab corpus).

        gensim's signature, in gensim's order. ``start_alpha``/``end_alpha`` set this
        call's learning rates (default: the model's ``alpha``/``min_alpha``);
        ``report_delay`` is the seconds between ``on_progress`` callbacks;
        ``compute_loss`` (gensim's default False) sets :attr:`compute_loss`: whether
        :meth:`get_latest_training_loss` adds up this call's loss (``loss_history``
        gets every epoch's loss either way). Accepted for gensim's sake and not needed
        here: ``total_examples``/``total_words`` (the corpus is encoded before
        training, so its size is known), ``queue_factor`` (2 jobs per thread are in
        flight). ``sentences`` is gensim 3's name for ``corpus_iterable``.

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
        settings = call_settings(self.settings, start_alpha, end_alpha, word_count, queue_factor,
                                 checkpoint_path)
        progress_interval = check_number("report_delay", report_delay, 0.0)
        self.compute_loss = check_flag("compute_loss", compute_loss)
        corpus = self._training_corpus(corpus_iterable, corpus_file)
        check_writable(self.params)
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
        self.running_training_loss = 0.0  # gensim's: the total since this train() began
        self.train_count += 1
        with control:
            report = run_training(
                self, kernel, corpus, epochs,
                callbacks=self.callbacks if callbacks is None else tuple(callbacks),
                progress=self.progress if progress is None else progress,
                progress_interval=progress_interval, job_words=self.job_words,
                start=start, control=control, epoch_done=self._epoch_done)
        self.train_seconds = report.seconds
        self.last_report = report
        if self._corpus_source is not None and self._corpus_source[0] == "obj":
            # the corpus is encoded; do not keep the caller's token lists alive
            self._corpus_source = None
        return self

    def _training_corpus(self, corpus_iterable, corpus_file) -> EncodedCorpus:
        """The corpus a ``train()`` call trains: the one build_vocab encoded if it is the
        same, else this one encoded with the vocabulary."""
        corpus = self._corpus
        if corpus_iterable is not None or corpus_file is not None:
            source, key = self._source(corpus_iterable, corpus_file, self.max_sentence_length)
            src = self._corpus_source
            same = src is not None and src[0] == key[0] and (
                src[1] == key[1] if key[0] == "file" else src[1] is key[1])
            if not same or corpus is None:
                corpus = encode(source, self.vocab, self.max_sentence_length, self.max_ram_tokens)
        elif corpus is None:
            raise ConfigError("train() needs the corpus: this model holds none (it was loaded, "
                              "or built from frequencies); pass corpus_iterable= or corpus_file=")
        if corpus.n_words == 0:
            raise VocabularyError("no word of the corpus is in the vocabulary")
        return corpus

    def _epoch_done(self, loss: float) -> None:
        """An epoch ended (before the callbacks' ``on_epoch_end``): its loss is recorded."""
        self.loss_history.append(loss)
        self.epochs_trained += 1
        if self.compute_loss:
            self.running_training_loss += loss

    def _kernel(self, max_len: int, settings: Settings | None = None) -> JobKernel:
        """The training loop of this model's architecture, bound to its arrays."""
        return JobKernel(settings or self.settings,
                         Weights(self.W_in, self.W_out, self.W_out_hs, self.lockf()),
                         self._tables, max_len)

    def _load_kernels(self) -> None:
        """Load the compiled code this model runs (:func:`~zero2vec.engine.warmup.load_kernels`)."""
        load_kernels(self)

    def get_latest_training_loss(self) -> float:
        """gensim's running loss: the sum of every epoch's loss since the last ``train()``
        began (0.0 unless ``compute_loss``); ``loss_history`` has each epoch's own."""
        return self.running_training_loss

    # -- inspection -------------------------------------------------------------------
    @property
    def word_vecs(self) -> np.ndarray:
        """The book's name for the word vectors (``W_in``)."""
        return self.W_in

    @property
    def syn1neg(self) -> np.ndarray | None:
        """gensim's (and word2vec.c's) name for ``W_out``."""
        return self.W_out

    @property
    def syn1(self) -> np.ndarray | None:
        """gensim's name for ``W_out_hs`` (here V-1 rows, one per inner node of the tree)."""
        return self.W_out_hs

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
