"""``FastText``: subword vectors (Bojanowski et al. 2017) with gensim's API.

Everything but the input layer is the word-level engine's: ``Word2Vec``'s
vocabulary pass, encoded corpus, job scheduler, learning-rate schedule, callbacks
and output layers. What differs is the input matrix (words, then ``bucket`` n-gram
rows), the loop that trains it (:mod:`zero2vec.subword.kernels`) and ``.wv``, a
:class:`~zero2vec.subword.keyed.FastTextKeyedVectors` that gives a vector to any
string. ``save`` writes Facebook fastText's ``.bin``; ``load`` reads one.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

from zero2vec._memory import check_memory, human_bytes, release_compiler_memory
from zero2vec.corpus.vocab import Vocabulary
from zero2vec.engine.job_kernel import Weights, make_tables
from zero2vec.engine.word2vec import Word2Vec
from zero2vec.errors import ConfigError, VocabularyError
from zero2vec.subword.job_kernel import SubwordKernel
from zero2vec.subword.keyed import FastTextKeyedVectors
from zero2vec.subword.ngrams import subword_table
from zero2vec.subword.settings import SUBWORD_FIELDS, FastTextSettings


def bucket_bytes(bucket: int, vector_size: int) -> int:
    """Bytes of the n-gram table: ``bucket x vector_size`` float32."""
    return int(bucket) * int(vector_size) * 4


class FastText(Word2Vec):
    """fastText's unsupervised model (CBOW or skip-gram on character n-grams).

    gensim's ``FastText`` arguments: every :class:`~zero2vec.engine.Word2Vec` one, and

    Parameters
    ----------
    min_n, max_n : int
        Character n-gram lengths, in code points, of ``<word>`` (fastText's ``-minn``
        ``-maxn``); ``max_n=0`` trains whole words only.
    bucket : int
        Rows of the n-gram table (fastText's ``-bucket``); n-grams share rows by their
        hash. The table is ``bucket x vector_size`` float32: 800 MB at the default
        2,000,000 x 100, checked against free memory before it is allocated. A corpus
        of V distinct words has roughly 5-10 x V distinct n-grams of length 3-6, so a
        bucket of about that many keeps collisions rare at a fraction of the memory.
    word_ngrams : int
        Only 1 (as in gensim).

    Attributes
    ----------
    wv : FastTextKeyedVectors
        ``wv.matrix is W_in``: the word rows, then the n-gram rows. ``wv.vectors`` (the
        composed vectors of the vocabulary) is recomputed at the end of ``train()``.

    Examples
    --------
    >>> model = FastText(sentences, vector_size=50, min_count=1)  # doctest: +SKIP
    >>> model.wv["unseenword"]  # from its n-grams  # doctest: +SKIP
    """

    def __init__(self, sentences: Any = None, corpus_file: str | os.PathLike | None = None, *,
                 min_n: int = 3, max_n: int = 6, bucket: int = 2_000_000, word_ngrams: int = 1,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not self.settings.shrink_windows:  # (the subword kernels always shrink, as fastText)
            raise ConfigError("shrink_windows=False is not supported by FastText yet")
        self.settings = FastTextSettings(**self.settings.as_dict(), min_n=min_n, max_n=max_n,
                                         bucket=bucket, word_ngrams=word_ngrams)
        self._subwords: tuple[np.ndarray, np.ndarray] | None = None
        if sentences is not None or corpus_file is not None:
            self.build_vocab(sentences, corpus_file)
            self.train()

    def _reset_weights(self) -> None:
        """fastText's initial weights: inputs uniform in ``[-1/H, 1/H)``, outputs zero."""
        V, H, B = len(self.vocab), self.vector_size, self.bucket
        if self.hs and V < 2:
            raise VocabularyError("hierarchical softmax needs at least 2 words in the vocabulary")
        n_out = bool(self.negative) + bool(self.hs)
        # the input matrix, the outputs, and wv.vectors (the composed word vectors)
        check_memory(bucket_bytes(V + B, H) + bucket_bytes(V, H) * (n_out + 1),
                     f"the model ({V:,} words + {B:,} n-gram buckets x {H} float32: "
                     f"{human_bytes(bucket_bytes(B, H))} of n-grams)",
                     "lower bucket (about 5-10 x the vocabulary is enough), min_count or "
                     "vector_size")
        self._subwords = subword_table(self.vocab.index_to_key, self.min_n, self.max_n, B)
        rng = np.random.default_rng(self.seed)
        self.W_in = rng.random((V + B, H), dtype=np.float32)
        self.W_in -= np.float32(0.5)
        self.W_in *= np.float32(2.0 / H)
        self.W_out = np.zeros((V, H), dtype=np.float32) if self.negative else None
        self.W_out_hs = np.zeros((V - 1, H), dtype=np.float32) if self.hs else None
        self._tables = make_tables(self.vocab.counts, self.settings)
        self.wv = FastTextKeyedVectors(self.W_in, self.vocab.index_to_key, self.min_n, self.max_n,
                                       B, counts=self.vocab.counts,
                                       key_to_index=self.vocab.key_to_index,
                                       subwords=self._subwords)
        self.loss_history = []

    def _kernel(self, max_len: int, settings: FastTextSettings | None = None) -> SubwordKernel:
        return SubwordKernel(settings or self.settings, Weights(self.W_in, self.W_out, self.W_out_hs),
                             self._tables, *self._subwords, max_len)

    def _load_kernels(self) -> None:
        """Load the compiled loop on the main thread before anything big exists
        (see ``Word2Vec._load_kernels``)."""
        from zero2vec.corpus import filescan
        from zero2vec.engine.rng import job_seed

        release_compiler_memory()
        filescan.warm_up()
        release_compiler_memory()
        probe = FastText(**self.settings.replace(workers=1, bucket=max(1, min(self.bucket, 4)))
                         .as_dict())
        probe.vocab = Vocabulary(["a", "b"], [2, 1])
        probe._reset_weights()
        probe._kernel(1)(np.zeros(0, dtype=np.int32), np.zeros(1, dtype=np.int64), 0.0, 1.0,
                         job_seed(0, 0, 0))
        release_compiler_memory()

    def train(self, *args: Any, checkpoint_path: str | os.PathLike | None = None,
              **kwargs: Any) -> FastText:
        """Train as :meth:`Word2Vec.train` (gensim's signature); then recompose ``wv.vectors``.

        Checkpoints (``checkpoint_path``) are not supported for FastText yet.
        """
        if checkpoint_path is not None:
            raise ConfigError("FastText does not write checkpoints yet (checkpoint_path); "
                              "train without it, or use Word2Vec")
        if self.vocab is not None and (self.lockf() != 1).any():  # (the kernels take no factors)
            raise ConfigError("wv.vectors_lockf is not supported by FastText yet: every factor "
                              "must be 1")
        super().train(*args, **kwargs)
        self.wv.adjust_vectors()
        return self

    def build_vocab(self, corpus_iterable: Any = None, corpus_file: Any = None,
                    update: bool = False, *args: Any, **kwargs: Any):
        """As :meth:`Word2Vec.build_vocab`; online growth (``update=True``) is not supported
        for FastText yet (its n-gram table is cut for the first vocabulary)."""
        if update:
            raise ConfigError("build_vocab(update=True) is not supported by FastText yet")
        return super().build_vocab(corpus_iterable, corpus_file, False, *args, **kwargs)

    def build_vocab_from_freq(self, *args: Any, update: bool = False, **kwargs: Any):
        """As :meth:`Word2Vec.build_vocab_from_freq`, without ``update=True`` (not yet)."""
        if update or len(args) >= 4 and args[3]:
            raise ConfigError("build_vocab_from_freq(update=True) is not supported by FastText yet")
        return super().build_vocab_from_freq(*args, **kwargs)

    @classmethod
    def load_checkpoint(cls, *args: Any, **kwargs: Any) -> FastText:
        raise ConfigError("FastText does not write checkpoints yet: there is none to load")

    # -- files --------------------------------------------------------------------------
    def save(self, path: str | os.PathLike) -> None:
        """Write the model as Facebook fastText's ``.bin`` (loads in ``fasttext`` and gensim)."""
        from zero2vec.subword.io_fasttext import write_facebook

        write_facebook(path, self.to_facebook())

    save_facebook_model = save

    def to_facebook(self):
        """The model as a :class:`~zero2vec.subword.io_fasttext.FacebookModel`."""
        from zero2vec.subword.io_fasttext import LOSSES, MODELS, FacebookModel

        if self.vocab is None:
            raise VocabularyError("call build_vocab() before saving")
        out = self.W_out if self.negative else np.vstack([self.W_out_hs, np.zeros(
            (1, self.vector_size), np.float32)])  # fastText's hs output has a row per word
        args = {"dim": self.vector_size, "ws": self.window, "epoch": self.epochs,
                "minCount": self.min_count, "neg": self.negative, "wordNgrams": self.word_ngrams,
                "loss": LOSSES["ns" if self.negative else "hs"],
                "model": MODELS["sg" if self.sg else "cbow"], "bucket": self.bucket,
                "minn": self.min_n, "maxn": self.max_n, "lrUpdateRate": 100, "t": self.sample}
        return FacebookModel(args, list(self.vocab.index_to_key), self.vocab.counts,
                             self.corpus_total_words, self.W_in, out)

    @classmethod
    def load(cls, path: str | os.PathLike, **kwargs: Any) -> FastText:
        """Read a fastText ``.bin`` (Facebook's or zero2vec's) as a model (gensim's
        ``load_facebook_model``); ``kwargs`` override its settings (e.g. ``workers``)."""
        from zero2vec.subword.io_fasttext import read_facebook

        return cls.from_facebook(read_facebook(path), **kwargs)

    @classmethod
    def from_facebook(cls, fb, **kwargs: Any) -> FastText:
        """A model holding the arrays of a :class:`FacebookModel` (ready to train more)."""
        from zero2vec.subword.io_fasttext import LOSSES, MODELS

        a = fb.args
        if a["model"] == MODELS["sup"]:
            raise ConfigError("a supervised fastText model: load_facebook_vectors reads its "
                              "word vectors; FastText trains unsupervised models only")
        hs = a["loss"] == LOSSES["hs"]
        sample = a["t"] if 0 <= a["t"] <= 1 else 1e-3
        settings = dict(vector_size=a["dim"], window=a["ws"], epochs=a["epoch"],
                        min_count=max(1, a["minCount"]), sg=int(a["model"] == MODELS["sg"]),
                        hs=int(hs), negative=0 if hs else a["neg"], sample=sample,
                        min_n=a["minn"], max_n=a["maxn"], bucket=a["bucket"])
        settings.update(kwargs)
        model = cls(**settings)
        model.vocab = Vocabulary(fb.words, np.maximum(fb.counts, 1))
        model._reset_weights()
        model.W_in[...] = fb.input
        if model.W_out is not None:
            model.W_out[...] = fb.output[:len(fb.words)]
        if model.W_out_hs is not None:
            model.W_out_hs[...] = fb.output[:len(fb.words) - 1]
        model.wv.adjust_vectors()
        return model

    def __repr__(self) -> str:
        arch = "skip-gram" if self.sg else "CBOW"
        size = len(self.vocab) if self.vocab is not None else 0
        return (f"FastText({arch}, {size} words + {self.bucket:,} buckets x {self.vector_size} "
                f"dims, n-grams {self.min_n}..{self.max_n})")


def _setting(name: str) -> property:
    def get(self: FastText):
        return getattr(self.settings, name)

    def put(self: FastText, value: object) -> None:
        self.settings = self.settings.replace(**{name: value})
    return property(get, put, doc=f"The ``{name}`` setting (:class:`FastTextSettings`).")


for _name in SUBWORD_FIELDS:
    setattr(FastText, _name, _setting(_name))


def load_facebook_model(path: str | os.PathLike, encoding: str = "utf-8") -> FastText:
    """gensim's ``load_facebook_model``: a fastText ``.bin`` as a :class:`FastText` model."""
    from zero2vec.subword.io_fasttext import read_facebook

    return FastText.from_facebook(read_facebook(path, encoding))


def load_facebook_vectors(path: str | os.PathLike, encoding: str = "utf-8") -> FastTextKeyedVectors:
    """gensim's ``load_facebook_vectors``: only the vectors of a fastText ``.bin``
    (supervised models too: their word vectors)."""
    return FastTextKeyedVectors.load(path, encoding)


def save_facebook_model(model: FastText, path: str | os.PathLike, encoding: str = "utf-8") -> None:
    """gensim's ``save_facebook_model``."""
    from zero2vec.subword.io_fasttext import write_facebook

    write_facebook(path, model.to_facebook(), encoding)
