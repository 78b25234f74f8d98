"""The settings of a native-engine model, validated once, frozen.

:class:`Settings` holds every ``zero2vec.Word2Vec`` keyword that describes the model
and its training (gensim's names and defaults, word2vec.c's learning rates), checked
when it is made. ``Word2Vec`` reads them as attributes (``model.window``); setting one
(``model.epochs = 10``) makes a new, checked ``Settings``. Checkpoints store them as a
dict and :meth:`Settings.from_dict` refuses keys it does not know.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

import numpy as np

from zero2vec._checks import check_count, check_flag, check_number, check_positive_int, check_seed
from zero2vec.corpus.store import DEFAULT_MAX_RAM_ITEMS
from zero2vec.errors import ConfigError


def default_workers() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _optional_positive(name: str, value: object) -> int | None:
    return None if value is None else check_positive_int(name, value)


@dataclass(frozen=True)
class Settings:
    """What a ``Word2Vec`` model is and how it trains (see ``Word2Vec`` for each one).

    ``alpha=None`` becomes word2vec.c's default for the architecture (0.05 CBOW, 0.025
    skip-gram) and ``workers=None`` the CPUs available, so a stored ``Settings`` says
    what actually ran.
    """

    vector_size: int = 100
    window: int = 5
    min_count: int = 5
    sg: bool = False
    hs: bool = False
    negative: int = 5
    ns_exponent: float = 0.75
    cbow_mean: bool = True
    sample: float = 1e-3
    alpha: float | None = None
    min_alpha: float = 0.0001
    epochs: int = 5
    workers: int | None = None
    seed: int = 1
    max_vocab_size: int | None = None
    max_final_vocab: int | None = None
    shared_negatives: bool = True
    max_sentence_length: int = 10000
    max_ram_tokens: int = DEFAULT_MAX_RAM_ITEMS
    encoding: str = "utf-8"
    errors: str = "strict"
    shrink_windows: bool = True
    sorted_vocab: bool = True
    null_word: bool = False

    def __post_init__(self) -> None:
        checked = {
            "vector_size": check_positive_int("vector_size", self.vector_size, 100_000),
            "window": check_positive_int("window", self.window, 10_000),
            "min_count": check_count("min_count", self.min_count),
            "sg": check_flag("sg", self.sg), "hs": check_flag("hs", self.hs),
            "cbow_mean": check_flag("cbow_mean", self.cbow_mean),
            "negative": self._negative(),
            "ns_exponent": check_number("ns_exponent", self.ns_exponent, -10.0, 10.0),
            "sample": check_number("sample", self.sample, 0.0, 1.0),
            "epochs": check_positive_int("epochs", self.epochs, 100_000),
            "workers": check_positive_int("workers", default_workers() if self.workers is None
                                          else self.workers, 1024),
            "seed": check_seed(self.seed),
            "max_vocab_size": _optional_positive("max_vocab_size", self.max_vocab_size),
            "max_final_vocab": _optional_positive("max_final_vocab", self.max_final_vocab),
            "shared_negatives": check_flag("shared_negatives", self.shared_negatives),
            "max_sentence_length": check_positive_int("max_sentence_length", self.max_sentence_length),
            "max_ram_tokens": check_positive_int("max_ram_tokens", self.max_ram_tokens),
            "shrink_windows": check_flag("shrink_windows", self.shrink_windows),
            "sorted_vocab": check_flag("sorted_vocab", self.sorted_vocab),
            "null_word": check_flag("null_word", self.null_word),
        }
        alpha = self.alpha if self.alpha is not None else (0.025 if checked["sg"] else 0.05)
        checked["alpha"] = check_number("alpha", alpha, 0.0, 10.0, low_open=True)
        checked["min_alpha"] = check_number("min_alpha", self.min_alpha, 0.0, checked["alpha"])
        if not checked["hs"] and checked["negative"] == 0:
            raise ConfigError("nothing to train: set negative > 0 or hs=1")
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def _negative(self) -> int:
        n = self.negative
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 0 <= n <= 1000:
            raise ConfigError(f"negative must be an integer in 0..1000, got {n!r}")
        return int(n)

    def replace(self, **changes: object) -> Settings:
        """A checked copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict:
        """The settings as plain values (what a checkpoint stores)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: object, where: str = "settings") -> Settings:
        """``Settings(**values)``, refusing what is not a dict of known keys.

        Raises
        ------
        ConfigError
            Naming the unknown keys (``where`` says whose they are).
        """
        if not isinstance(values, dict):
            raise ConfigError(f"{where} must be a mapping of settings, got {type(values).__name__}")
        unknown = sorted(set(values) - {f.name for f in dataclasses.fields(cls)})
        if unknown:
            raise ConfigError(f"{where} holds unknown settings: {', '.join(map(str, unknown))}")
        return cls(**values)


FIELDS = tuple(f.name for f in dataclasses.fields(Settings))


def call_settings(settings: Settings, start_alpha: float | None, end_alpha: float | None,
                  word_count: int, queue_factor: int, checkpoint_path: object) -> Settings:
    """The settings of one ``train()`` call: gensim's per-call learning rates."""
    if isinstance(word_count, bool) or word_count != 0:
        raise ConfigError(f"word_count={word_count!r}: only 0 is supported (train on all the "
                          "corpus; the learning rate follows its position)")
    check_positive_int("queue_factor", queue_factor, 1000)
    if start_alpha is None and end_alpha is None:
        return settings
    if checkpoint_path is not None:  # a resume would not know this call's rates
        raise ConfigError("start_alpha/end_alpha cannot be combined with checkpoint_path; "
                          "set the model's alpha/min_alpha instead")
    return settings.replace(alpha=settings.alpha if start_alpha is None else start_alpha,
                            min_alpha=settings.min_alpha if end_alpha is None else end_alpha)
