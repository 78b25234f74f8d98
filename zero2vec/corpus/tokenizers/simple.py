"""Tokenizers without a dictionary: ``whitespace`` (the default) and ``regex``."""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from zero2vec.corpus.tokenizers.base import Tokenizer
from zero2vec.errors import ConfigError

_KANJI = r"\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF々〆ヵヶ"
_HIRA = r"\u3041-\u309F"
_KATA = r"\u30A0-\u30FF\u31F0-\u31FFー"
# Runs of one script: a crude but dictionary-free split of Japanese (漢字 / ひらがな /
# カタカナ runs), words for Latin and other scripts, numbers, then any other character.
JA_SCRIPT_PATTERN = (
    rf"[{_KANJI}]+|[{_HIRA}]+|[{_KATA}]+"
    rf"|(?:(?![{_KANJI}{_HIRA}{_KATA}])[^\W\d_])+(?:['’-](?:(?![{_KANJI}{_HIRA}{_KATA}])[^\W\d_])+)*"
    r"|\d+(?:[.,]\d+)*|\S"
)


class WhitespaceTokenizer(Tokenizer):
    """Split on whitespace, like ``str.split``: for text already segmented (分かち書き).

    Defaults keep tokens exactly as ``str.split`` gives them (no NFKC, punctuation
    kept), so English corpora such as Brown read as before.
    """

    name = "whitespace"

    def __init__(self, *, form: str = "surface", normalize: bool = False, drop_punct: bool = False,
                 pos_filter: Sequence[str] | str | None = None) -> None:
        super().__init__(form=form, normalize=normalize, drop_punct=drop_punct, pos_filter=pos_filter)

    def __call__(self, text: str) -> list[str]:
        if not self.normalize and not self.drop_punct:
            return text.split()  # the hot path of the default tokenizer
        return super().__call__(text)

    def _analyze(self, text: str) -> Iterator[tuple[str, str, str]]:
        for tok in text.split():
            yield tok, tok, ""


class RegexTokenizer(Tokenizer):
    """Tokens are the matches of a regular expression.

    The default pattern splits Japanese at script changes (漢字, ひらがな, カタカナ),
    so ``私はその人を`` gives ``私 / はその / 人 / を``: no dictionary needed, but far
    cruder than a morphological analyser. Give ``pattern`` for other rules
    (e.g. ``r"\\w+"``).
    """

    name = "regex"

    def __init__(self, pattern: str | None = None, *, form: str = "surface", normalize: bool = True,
                 drop_punct: bool = True, pos_filter: Sequence[str] | str | None = None) -> None:
        super().__init__(form=form, normalize=normalize, drop_punct=drop_punct, pos_filter=pos_filter)
        self.pattern = JA_SCRIPT_PATTERN if pattern is None else pattern
        try:
            self._re = re.compile(self.pattern)
        except re.error as e:
            raise ConfigError(f"bad tokenizer pattern {self.pattern!r}: {e}") from None
        if self._re.groups:  # findall would return groups, not whole matches
            raise ConfigError(f"tokenizer pattern {self.pattern!r} must not have capturing groups; "
                              "use (?:...)")

    def _analyze(self, text: str) -> Iterator[tuple[str, str, str]]:
        for tok in self._re.findall(text):
            yield tok, tok, ""

    def _backend_settings(self) -> dict:
        return {"pattern": self.pattern}
