"""Japanese morphological analysers: ``fugashi`` (MeCab + UniDic), ``sudachi``, ``janome``.

Each is an optional package; a missing one raises
:class:`~zero2vec.corpus.tokenizers.base.TokenizerNotInstalledError` whose message
names the pip command. The analyser is loaded when the tokenizer is made (so a
missing dictionary fails at once) and re-loaded lazily after pickling.
"""
from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version

from zero2vec.corpus.tokenizers.base import PUNCT_POS, Tokenizer, is_punct, missing
from zero2vec.errors import ConfigError

JA_EXTRA = "pip install 'zero2vec[ja]'"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def _pos(fields: Sequence[str]) -> str:
    """"名詞-普通名詞-一般" from the first four POS fields, without the "*" blanks."""
    return "-".join(f for f in fields[:4] if f and f != "*")


class FugashiTokenizer(Tokenizer):
    """MeCab through fugashi with the UniDic dictionary (unidic-lite by default).

    ``form="lemma"`` gives UniDic's written base form (書字形基本形 ``orthBase``:
    呼ん → 呼ぶ, い → いる), not its lexeme (``lemma``: 居る), which rewrites kana as kanji.
    """

    name = "fugashi"
    has_pos = True

    def __init__(self, *, form: str = "surface", normalize: bool = True, drop_punct: bool = True,
                 pos_filter: Sequence[str] | str | None = None, args: str = "") -> None:
        super().__init__(form=form, normalize=normalize, drop_punct=drop_punct, pos_filter=pos_filter)
        self.args = args
        self.backend  # fail now if fugashi or its dictionary is missing

    def _load(self):
        try:
            import fugashi
        except ImportError:
            raise missing(self.name, "the fugashi and unidic-lite packages", JA_EXTRA) from None
        try:
            return fugashi.Tagger(self.args)
        except RuntimeError:
            raise missing(self.name, "a UniDic dictionary for MeCab (unidic-lite)",
                          f"{JA_EXTRA}   (or: pip install unidic-lite)") from None

    def _analyze(self, text: str) -> Iterator[tuple[str, str, str]]:
        # Hot loop: one C string per node (cheaper than fugashi's namedtuple), split only
        # as far as orthBase (field 10), the full POS joined only when a filter needs it.
        full_pos = bool(self.pos_filter)
        lemma = self.form == "lemma"
        for node in self.backend(text):
            raw = node.feature_raw
            fields = raw.split(",", 11)
            if '"' in raw and '"' in ",".join(fields[:11]):  # a quoted comma before field 11:
                fields = next(csv.reader([raw]))  # rare (accent fields after it often are)
            base = fields[10] if lemma and len(fields) > 10 and fields[10] != "*" else ""
            yield node.surface, base, _pos(fields) if full_pos else fields[0]

    def __call__(self, text: str) -> list[str]:
        # Same result as Tokenizer.__call__ over _analyze, inlined: MeCab itself runs at
        # ~300k tokens/s, so per-token Python work decides the speed. POS 1 is read
        # without splitting the 26 fields; they are split only for a lemma or a POS filter.
        if self.form == "lemma" or self.pos_filter:
            return super().__call__(text)
        if self.normalize:
            text = unicodedata.normalize("NFKC", text)
        nodes = self.backend(text)
        if not self.drop_punct:
            return [s for s in (n.surface for n in nodes) if not s.isspace()]
        out = []
        for node in nodes:
            surface = node.surface
            if not surface:
                continue
            c = surface[0]
            # A token starting with a kanji, or kana and longer than one character, is a word:
            # skip reading its features. (UniDic tags a lone っ, ぁ, ッ... as 補助記号.)
            if not ("\u4e00" <= c <= "\u9fff" or len(surface) > 1 and (
                    "\u3041" <= c <= "\u3096" or "\u30a1" <= c <= "\u30fa")):
                raw = node.feature_raw
                if raw[:raw.find(",")] in PUNCT_POS or is_punct(surface):
                    continue
            out.append(surface)
        return out

    def _backend_settings(self) -> dict:
        return {"args": self.args, "fugashi": _version("fugashi"),
                "unidic_lite": _version("unidic-lite"), "unidic": _version("unidic")}


class SudachiTokenizer(Tokenizer):
    """SudachiPy with a system dictionary (``core`` by default) and split mode A, B or C.

    Mode A gives the shortest units (国家 / 公務 / 員), C the longest (国家公務員), B between.
    ``form="lemma"`` gives Sudachi's dictionary form (``dictionary_form()``).
    """

    name = "sudachi"
    has_pos = True
    MAX_CHARS = 10_000  # Sudachi refuses inputs over 49,149 bytes; 10k chars is < 40 kB

    def __init__(self, *, form: str = "surface", normalize: bool = True, drop_punct: bool = True,
                 pos_filter: Sequence[str] | str | None = None, mode: str = "C",
                 dict: str = "core") -> None:  # noqa: A002 - SudachiPy's own name
        super().__init__(form=form, normalize=normalize, drop_punct=drop_punct, pos_filter=pos_filter)
        mode = str(mode).upper()
        if mode not in ("A", "B", "C"):
            raise ConfigError(f"sudachi mode must be A, B or C, got {mode!r}")
        self.mode = mode
        self.dict = dict
        self.backend

    def _load(self):
        cmd = f"pip install sudachipy sudachidict_{self.dict}"
        try:
            from sudachipy import Dictionary
        except ImportError:
            raise missing(self.name, f"the sudachipy and sudachidict_{self.dict} packages", cmd) from None
        try:
            return Dictionary(dict=self.dict).tokenizer(mode=self.mode)
        except Exception as e:  # SudachiError / ModuleNotFoundError for a missing dictionary
            raise missing(self.name, f"the sudachidict_{self.dict} dictionary ({e})", cmd) from None

    def _chunks(self, text: str) -> Iterator[str]:
        """Pieces short enough for Sudachi, cut after 。 where possible."""
        while len(text) > self.MAX_CHARS:
            cut = text.rfind("。", 0, self.MAX_CHARS) + 1 or self.MAX_CHARS
            yield text[:cut]
            text = text[cut:]
        yield text

    def _analyze(self, text: str) -> Iterator[tuple[str, str, str]]:
        for chunk in self._chunks(text):
            for m in self.backend.tokenize(chunk):
                yield m.surface(), m.dictionary_form(), _pos(m.part_of_speech())

    def _backend_settings(self) -> dict:
        return {"mode": self.mode, "dict": self.dict, "sudachipy": _version("sudachipy"),
                "sudachidict": _version(f"sudachidict_{self.dict}")}


class JanomeTokenizer(Tokenizer):
    """Janome: pure Python with IPADIC built in (no compiler, slower than MeCab)."""

    name = "janome"
    has_pos = True

    def __init__(self, *, form: str = "surface", normalize: bool = True, drop_punct: bool = True,
                 pos_filter: Sequence[str] | str | None = None) -> None:
        super().__init__(form=form, normalize=normalize, drop_punct=drop_punct, pos_filter=pos_filter)
        self.backend

    def _load(self):
        try:
            from janome.tokenizer import Tokenizer as Janome
        except ImportError:
            raise missing(self.name, "the janome package", "pip install janome") from None
        return Janome()

    def _analyze(self, text: str) -> Iterator[tuple[str, str, str]]:
        for t in self.backend.tokenize(text):
            base = t.base_form if t.base_form != "*" else ""
            yield t.surface, base, _pos(t.part_of_speech.split(","))

    def _backend_settings(self) -> dict:
        return {"janome": _version("janome")}
