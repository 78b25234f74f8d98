"""Tokenizers by name: ``get_tokenizer("fugashi", form="lemma")``, and plugins."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from zero2vec.corpus.tokenizers.base import Tokenizer, TokenizerNotInstalledError
from zero2vec.corpus.tokenizers.japanese import (
    JA_EXTRA, FugashiTokenizer, JanomeTokenizer, SudachiTokenizer,
)
from zero2vec.corpus.tokenizers.simple import RegexTokenizer, WhitespaceTokenizer
from zero2vec.errors import ConfigError

TokenizerLike = Tokenizer | Callable[[str], list[str]] | str | None

_REGISTRY: dict[str, Callable[..., Tokenizer]] = {
    "whitespace": WhitespaceTokenizer,
    "regex": RegexTokenizer,
    "fugashi": FugashiTokenizer,
    "sudachi": SudachiTokenizer,
    "janome": JanomeTokenizer,
}
_ALIASES = {"space": "whitespace", "mecab": "fugashi"}
JAPANESE_DEFAULTS = ("fugashi", "janome")  # tried in this order by name "ja"


def register_tokenizer(name: str, factory: Callable[..., Tokenizer], *, overwrite: bool = False) -> None:
    """Make ``get_tokenizer(name, **options)`` call ``factory(**options)``.

    ``factory`` is usually a :class:`Tokenizer` subclass; it must be importable from
    worker processes (a module-level name) for parallel tokenising.
    """
    key = name.lower()
    if not overwrite and (key in _REGISTRY or key in _ALIASES or key == "ja"):
        raise ConfigError(f"a tokenizer named {name!r} exists; pass overwrite=True to replace it")
    _REGISTRY[key] = factory


def tokenizer_names() -> list[str]:
    """Registered names (plus ``ja``: the first installed of fugashi, janome)."""
    return [*_REGISTRY, "ja"]


def get_tokenizer(name: TokenizerLike = "whitespace", *, form: str | None = None,
                  normalize: bool | None = None, drop_punct: bool | None = None,
                  pos_filter: Sequence[str] | str | None = None, **options) -> Tokenizer | Callable:
    """A tokenizer by name, with its options.

    Parameters
    ----------
    name : str, Tokenizer or callable
        ``whitespace`` (default), ``regex``, ``fugashi`` (alias ``mecab``), ``sudachi``
        (``sudachi:A`` / ``sudachi:B`` / ``sudachi:C`` pick the split mode), ``janome``,
        ``ja`` (fugashi if installed, else janome), or a registered plugin. A Tokenizer
        or any ``str -> list[str]`` callable is returned unchanged (options must then be unset).
    form : {"surface", "lemma"}, optional
        Default ``"surface"``.
    normalize, drop_punct : bool, optional
        NFKC normalisation, dropping punctuation. ``None``: the tokenizer's default
        (off for ``whitespace``, which then equals ``str.split``; on for the others).
    pos_filter : list of str or comma-separated str, optional
        Parts of speech to drop, e.g. ``["助詞", "助動詞"]`` or ``"particle,auxiliary"``.
    **options
        Tokenizer-specific: ``pattern`` (regex), ``mode``/``dict`` (sudachi), ``args`` (fugashi).

    Raises
    ------
    ConfigError
        Unknown name or bad option; :class:`TokenizerNotInstalledError` (a ConfigError)
        when the package is missing, naming the pip command.
    """
    opts = {k: v for k, v in (("form", form), ("normalize", normalize), ("drop_punct", drop_punct),
                              ("pos_filter", pos_filter)) if v is not None}
    opts.update(options)
    if name is None:
        name = "whitespace"
    if not isinstance(name, str):
        if not callable(name):
            raise ConfigError(f"tokenizer must be a name or a callable, got {name!r}")
        if opts:
            raise ConfigError("tokenizer options apply to a tokenizer name, not to a ready tokenizer")
        return name
    key = name.strip().lower()
    if key.startswith("sudachi") and len(key) == 9 and key[7] in ":-_":  # sudachi:A
        opts.setdefault("mode", key[8].upper())
        key = "sudachi"
    key = _ALIASES.get(key, key)
    if key == "ja":
        return default_japanese_tokenizer(**opts)
    try:
        factory = _REGISTRY[key]
    except KeyError:
        raise ConfigError(f"unknown tokenizer {name!r}; choose one of "
                          f"{', '.join(tokenizer_names())}") from None
    try:
        return factory(**opts)
    except TypeError as e:  # an option this tokenizer does not take
        raise ConfigError(f"tokenizer {key!r}: {e}") from None


def default_japanese_tokenizer(**options) -> Tokenizer:
    """fugashi (MeCab + unidic-lite) if installed, else janome; else an error naming the pip command."""
    for key in JAPANESE_DEFAULTS:
        try:
            return _REGISTRY[key](**options)
        except TokenizerNotInstalledError:
            continue
    raise TokenizerNotInstalledError(
        "Japanese text needs a morphological analyser and none is installed; install one with: "
        f"{JA_EXTRA}   (fugashi + unidic-lite; or the pure-Python fallback: pip install janome)")
