"""The settings of a ``FastText`` model: the word-level ones plus the n-gram table's."""
from __future__ import annotations

from dataclasses import dataclass, fields

from zero2vec.engine.settings import Settings
from zero2vec.errors import ConfigError
from zero2vec.subword.ngrams import check_ngram_range


@dataclass(frozen=True)
class FastTextSettings(Settings):
    """:class:`~zero2vec.engine.settings.Settings` and fastText's subword sizes.

    ``min_n``/``max_n`` are n-gram lengths in code points (``max_n=0``: words only),
    ``bucket`` the n-gram rows; ``word_ngrams`` is gensim's, and as in gensim only 1
    (fastText uses word n-grams only for supervised models).
    """

    min_n: int = 3
    max_n: int = 6
    bucket: int = 2_000_000
    word_ngrams: int = 1

    def __post_init__(self) -> None:
        super().__post_init__()
        min_n, max_n, bucket = check_ngram_range(self.min_n, self.max_n, self.bucket)
        if self.word_ngrams != 1 or isinstance(self.word_ngrams, bool):
            raise ConfigError(f"word_ngrams={self.word_ngrams!r}: only 1 is supported (as in "
                              "gensim: fastText uses word n-grams only in supervised models)")
        for name, value in (("min_n", min_n), ("max_n", max_n), ("bucket", bucket)):
            object.__setattr__(self, name, value)


SUBWORD_FIELDS = tuple(f.name for f in fields(FastTextSettings) if f.name not in
                       {g.name for g in fields(Settings)})
