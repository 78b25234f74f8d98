"""Tokenizers: raw text to token lists, including Japanese morphological analysis.

>>> from zero2vec.corpus.tokenizers import get_tokenizer
>>> get_tokenizer("whitespace")("I  am a cat")
['I', 'am', 'a', 'cat']

``get_tokenizer("fugashi")`` (MeCab + unidic-lite, ``pip install 'zero2vec[ja]'``),
``"sudachi"`` (``sudachi:A``/``B``/``C``), ``"janome"`` and ``"regex"`` split raw
Japanese; see :func:`get_tokenizer` for the options shared by all of them.
"""
from zero2vec.corpus.tokenizers.base import (
    POS_ALIASES, Tokenizer, TokenizerNotInstalledError, is_punct,
)
from zero2vec.corpus.tokenizers.japanese import FugashiTokenizer, JanomeTokenizer, SudachiTokenizer
from zero2vec.corpus.tokenizers.registry import (
    default_japanese_tokenizer, get_tokenizer, register_tokenizer, tokenizer_names,
)
from zero2vec.corpus.tokenizers.simple import JA_SCRIPT_PATTERN, RegexTokenizer, WhitespaceTokenizer

__all__ = [
    "FugashiTokenizer", "JA_SCRIPT_PATTERN", "JanomeTokenizer", "POS_ALIASES", "RegexTokenizer",
    "SudachiTokenizer", "Tokenizer", "TokenizerNotInstalledError", "WhitespaceTokenizer",
    "default_japanese_tokenizer", "get_tokenizer", "is_punct", "register_tokenizer",
    "tokenizer_names",
]
