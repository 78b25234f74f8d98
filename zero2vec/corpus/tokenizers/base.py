"""The ``Tokenizer`` base class: one raw line in, a list of tokens out.

Every tokenizer shares the same post-processing, so the options mean the same thing
whichever analyser is behind them:

* ``normalize``: NFKC-normalise the text first (full-width ``ＡＢＣ１２３`` becomes
  ``ABC123``, half-width katakana becomes full-width), as most Japanese pipelines do;
* ``form``: ``"surface"`` keeps the text as written (``呼ん``), ``"lemma"`` the
  dictionary form (``呼ぶ``), which merges inflected forms of a verb or adjective;
* ``drop_punct``: drop punctuation and symbol tokens (``、。「」`` ...);
* ``pos_filter``: parts of speech to drop, e.g. ``["助詞", "助動詞"]`` (particles
  and auxiliary verbs). An entry matches a POS and everything below it:
  ``"助詞"`` drops every particle, ``"助詞-格助詞"`` only case particles.

Tokenizers are picklable (the analyser is re-created lazily in each process), so
:func:`zero2vec.corpus.cache.tokenize_corpus` can run them in worker processes.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from zero2vec.errors import ConfigError

FORMS = ("surface", "lemma")
# POS of punctuation and spaces in UniDic (fugashi, sudachi). Not 記号 ("symbol"): UniDic
# files letters (記号-文字: the A of "Aさん") and kanji such as 於 under it, so symbol
# tokens are dropped by their characters instead (is_punct), as for IPADIC (janome).
PUNCT_POS = ("補助記号", "空白")
# English aliases accepted in pos_filter, so `--ja-pos-filter particle` works too.
POS_ALIASES = {
    "particle": "助詞", "auxiliary": "助動詞", "aux": "助動詞",
    "punct": "補助記号", "punctuation": "補助記号", "symbol": "記号",
    "conjunction": "接続詞", "interjection": "感動詞", "prefix": "接頭辞", "suffix": "接尾辞",
}


class TokenizerNotInstalledError(ConfigError, ImportError):
    """A tokenizer's package (or its dictionary) is not installed; the message names the pip command."""


def missing(name: str, packages: str, command: str) -> TokenizerNotInstalledError:
    """The error for a tokenizer whose ``packages`` are missing."""
    # "needs the sudachipy and sudachidict_core packages, which are not installed; install
    # them with: ..." — the verb and pronoun agree with one package or several
    several = " and " in packages or packages.endswith("packages")
    return TokenizerNotInstalledError(
        f"the {name!r} tokenizer needs {packages}, which {'are' if several else 'is'} not "
        f"installed; install {'them' if several else 'it'} with: {command}")


# kana, CJK ideographs, Hangul, full-width forms: text that needs a CJK font or a tokenizer
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")


def unsegmented_hint(words: Sequence[str]) -> str:
    """Advice when ``words`` look like Japanese or Chinese text never split into words
    (whole lines became "words", so no word repeats); empty otherwise."""
    sample = [w for w in words[:200] if isinstance(w, str)]
    cjk = [w for w in sample if CJK.search(w)]
    if not cjk or len(cjk) * 2 < len(sample) or sorted(map(len, cjk))[len(cjk) // 2] < 8:
        return ""
    return ("the corpus looks like Japanese or Chinese text without spaces between words, so "
            "whole lines became words; tokenise it: --tokenizer ja (Japanese; pip install "
            "'zero2vec[ja]'), or tokenizer=get_tokenizer('ja') in Python")


_NON_WORD = re.compile(r"[\W_]+")  # no letter, digit or mark: punctuation, symbols, spaces


def is_punct(token: str) -> bool:
    """True when the token has no letter or digit: only punctuation, symbols or whitespace."""
    return _NON_WORD.fullmatch(token) is not None


def _check_pos_filter(pos_filter: Iterable[str] | str | None) -> tuple[str, ...]:
    if pos_filter is None:
        return ()
    if isinstance(pos_filter, str):  # "助詞,助動詞" from a command line
        pos_filter = [p for p in pos_filter.split(",")]
    out = []
    for p in pos_filter:
        p = str(p).strip()
        if p:
            out.append(POS_ALIASES.get(p.lower(), p))
    return tuple(out)


class Tokenizer:
    """Base class: split a line into tokens. Subclasses implement :meth:`_analyze`.

    Parameters
    ----------
    form : {"surface", "lemma"}
        Token as written, or its dictionary form (analysers with a dictionary only).
    normalize : bool
        NFKC-normalise the text before splitting it.
    drop_punct : bool
        Drop punctuation and symbol tokens.
    pos_filter : list of str or str, optional
        Parts of speech to drop (a comma-separated string is accepted too).
    """

    name = "base"
    has_pos = False  # whether _analyze gives a part of speech and a lemma

    def __init__(self, *, form: str = "surface", normalize: bool = True, drop_punct: bool = True,
                 pos_filter: Sequence[str] | str | None = None) -> None:
        if form not in FORMS:
            raise ConfigError(f"form must be one of {FORMS}, got {form!r}")
        self.form = form
        self.normalize = bool(normalize)
        self.drop_punct = bool(drop_punct)
        self.pos_filter = _check_pos_filter(pos_filter)
        if not self.has_pos and (form == "lemma" or self.pos_filter):
            raise ConfigError(
                f"the {self.name!r} tokenizer has no dictionary, so no lemma form or part-of-speech "
                "filter; use a Japanese analyser: fugashi, sudachi or janome")
        self._backend = None

    # -- the analyser, created lazily so that tokenizers pickle cheaply ---------------
    def _load(self):  # pragma: no cover - overridden where there is a backend
        return None

    @property
    def backend(self):
        if self._backend is None:
            self._backend = self._load()
        return self._backend

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_backend"] = None  # C analysers do not pickle; each process makes its own
        return state

    def _analyze(self, text: str) -> Iterator[tuple[str, str, str]]:
        """Yield ``(surface, lemma, pos)``; ``pos`` is "a-b-c" ("" when unknown)."""
        raise NotImplementedError

    # -- the public interface ---------------------------------------------------------
    def __call__(self, text: str) -> list[str]:
        """Tokens of one line (or of any text)."""
        if self.normalize:
            text = unicodedata.normalize("NFKC", text)
        lemma = self.form == "lemma"
        drop, pos_filter = self.drop_punct, self.pos_filter
        out = []
        for surface, base, pos in self._analyze(text):
            if drop and (pos.partition("-")[0] in PUNCT_POS or is_punct(surface)):
                continue  # the POS misses some: janome calls ASCII "!「" an unknown noun
            if pos_filter and pos and any(pos == p or pos.startswith(p + "-") for p in pos_filter):
                continue
            tok = base if lemma and base else surface
            if tok and not tok.isspace():
                out.append(tok)
        return out

    def tokenize_many(self, lines: Iterable[str]) -> list[list[str]]:
        """Tokens of each line, in order."""
        return [self(line) for line in lines]

    def settings(self) -> dict:
        """Everything that changes the output: part of the tokenised-corpus cache key."""
        return {"name": self.name, "form": self.form, "normalize": self.normalize,
                "drop_punct": self.drop_punct, "pos_filter": list(self.pos_filter),
                **self._backend_settings()}

    def _backend_settings(self) -> dict:
        return {}

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.settings().items() if k != "name")
        return f"{type(self).__name__}({opts})"
