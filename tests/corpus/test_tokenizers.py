"""Tokenizers: whitespace and regex always; fugashi, sudachi, janome when installed."""
from __future__ import annotations

import pickle
import sys

import pytest

from zero2vec.corpus import LineSentence
from zero2vec.corpus.tokenizers import (
    RegexTokenizer, Tokenizer, TokenizerNotInstalledError, WhitespaceTokenizer,
    default_japanese_tokenizer, get_tokenizer, is_punct, register_tokenizer, tokenizer_names,
)
from zero2vec.errors import ConfigError, Zero2VecError

TEXT = "私はその人を常に先生と呼んでいた。ＡＢＣ１２３！「先生」"


# -- whitespace and regex: no optional package --------------------------------------------------
def test_whitespace_default_is_str_split():
    tok = get_tokenizer()
    assert isinstance(tok, WhitespaceTokenizer)
    for s in ["a b  c\n", "  ", "ｆｕｌｌ , width .", "私 は 猫 。"]:
        assert tok(s) == s.split()


def test_whitespace_options():
    tok = get_tokenizer("whitespace", normalize=True, drop_punct=True)
    assert tok("私 は 猫 。 「 ＡＢＣ 」 ,") == ["私", "は", "猫", "ABC"]


def test_regex_splits_japanese_by_script():
    tok = get_tokenizer("regex")
    assert tok(TEXT) == ["私", "はその", "人", "を", "常", "に", "先生", "と", "呼", "んでいた",
                         "ABC", "123", "先生"]
    assert tok("コンピューターでword2vecを") == ["コンピューター", "で", "word", "2", "vec", "を"]
    assert tok("don't stop, 3.14!") == ["don't", "stop", "3.14"]


def test_regex_custom_pattern_and_errors():
    assert get_tokenizer("regex", pattern=r"\w+", drop_punct=False)("a,b c") == ["a", "b", "c"]
    with pytest.raises(ConfigError, match="bad tokenizer pattern"):
        get_tokenizer("regex", pattern="(")
    with pytest.raises(ConfigError, match="capturing groups"):
        RegexTokenizer(r"(\w)+")


def test_dictionary_options_need_a_dictionary():
    with pytest.raises(ConfigError, match="no dictionary"):
        get_tokenizer("whitespace", form="lemma")
    with pytest.raises(ConfigError, match="no dictionary"):
        get_tokenizer("regex", pos_filter=["助詞"])


def test_bad_names_and_options():
    with pytest.raises(ConfigError, match="unknown tokenizer 'nope'.*fugashi"):
        get_tokenizer("nope")
    with pytest.raises(ConfigError, match="form must be"):
        get_tokenizer("regex", form="base")
    with pytest.raises(ConfigError, match="regex"):
        get_tokenizer("regex", mode="A")  # an option regex does not take
    with pytest.raises(ConfigError, match="sudachi mode"):
        get_tokenizer("sudachi", mode="D")  # checked before the package is imported


def test_callables_pass_through():
    f = str.split
    assert get_tokenizer(f) is f
    tok = WhitespaceTokenizer()
    assert get_tokenizer(tok) is tok
    with pytest.raises(ConfigError, match="options apply"):
        get_tokenizer(tok, form="lemma")
    with pytest.raises(ConfigError, match="name or a callable"):
        get_tokenizer(3)


def test_is_punct():
    assert is_punct("。") and is_punct("「」") and is_punct("!?") and is_punct("＊")
    assert not is_punct("猫") and not is_punct("a.") and not is_punct("123")


def test_pickle_and_settings():
    tok = get_tokenizer("regex", pattern=r"\w+")
    back = pickle.loads(pickle.dumps(tok))
    assert back("a b") == ["a", "b"] and back.settings() == tok.settings()
    assert tok.settings()["name"] == "regex" and "pattern" in tok.settings()
    assert get_tokenizer("regex", drop_punct=False).settings() != tok.settings()
    assert "RegexTokenizer(" in repr(tok)


def test_register_plugin():
    class Upper(Tokenizer):
        name = "upper-test"

        def _analyze(self, text):
            for t in text.split():
                yield t.upper(), t, ""

    register_tokenizer("upper-test", Upper)
    try:
        assert get_tokenizer("upper-test")("a b ,") == ["A", "B"]
        assert "upper-test" in tokenizer_names()
        with pytest.raises(ConfigError, match="exists"):
            register_tokenizer("upper-test", Upper)
    finally:
        from zero2vec.corpus.tokenizers import registry
        registry._REGISTRY.pop("upper-test", None)


def test_linesentence_takes_a_tokenizer(tmp_path):
    p = tmp_path / "c.txt"
    p.write_text("私はその人を常に先生と呼んでいた。\n\nだから\n", encoding="utf-8")
    assert list(LineSentence(p, tokenizer=get_tokenizer("regex"))) == [
        ["私", "はその", "人", "を", "常", "に", "先生", "と", "呼", "んでいた"], ["だから"]]


# -- a missing package names the pip command (tested without uninstalling anything) ------------
@pytest.mark.parametrize("name, package, command", [
    ("fugashi", "fugashi", "pip install 'zero2vec[ja]'"),
    ("mecab", "fugashi", "pip install 'zero2vec[ja]'"),
    ("sudachi", "sudachipy", "pip install sudachipy sudachidict_core"),
    ("sudachi:A", "sudachipy", "pip install sudachipy sudachidict_core"),
    ("janome", "janome.tokenizer", "pip install janome"),
])
def test_missing_package_message(monkeypatch, name, package, command):
    monkeypatch.setitem(sys.modules, package, None)  # makes `import package` raise ImportError
    with pytest.raises(TokenizerNotInstalledError) as info:
        get_tokenizer(name)
    assert command in str(info.value)
    assert isinstance(info.value, ConfigError) and isinstance(info.value, Zero2VecError)
    several = name.startswith(("fugashi", "mecab", "sudachi"))  # two packages each
    grammar = "which are not installed; install them with" if several else \
        "which is not installed; install it with"
    assert grammar in str(info.value), str(info.value)


def test_no_japanese_analyser_at_all(monkeypatch):
    monkeypatch.setitem(sys.modules, "fugashi", None)
    monkeypatch.setitem(sys.modules, "janome.tokenizer", None)
    with pytest.raises(TokenizerNotInstalledError, match=r"pip install 'zero2vec\[ja\]'"):
        default_japanese_tokenizer()
    with pytest.raises(TokenizerNotInstalledError, match="pip install janome"):
        get_tokenizer("ja")


# -- the analysers, when installed --------------------------------------------------------------
ANALYSERS = ["fugashi", "sudachi", "janome"]
MODULE = {"fugashi": "fugashi", "sudachi": "sudachipy", "janome": "janome"}


def _analyser(name: str, **kw) -> Tokenizer:
    pytest.importorskip(MODULE[name.partition(":")[0]])
    try:
        return get_tokenizer(name, **kw)
    except TokenizerNotInstalledError as e:  # e.g. fugashi without unidic-lite
        pytest.skip(str(e))


@pytest.mark.parametrize("name", ANALYSERS)
def test_analyser_surface(name):
    toks = _analyser(name)(TEXT)
    assert toks[:5] == ["私", "は", "その", "人", "を"]
    assert "先生" in toks and "呼ん" in toks
    assert "ABC" in toks and ("123" in toks or "1" in toks)  # NFKC: full-width became ASCII
    assert not any(is_punct(t) for t in toks)  # 。！「」 dropped


@pytest.mark.parametrize("name", ANALYSERS)
def test_analyser_lemma_and_pos_filter(name):
    toks = _analyser(name, form="lemma", pos_filter="particle,auxiliary")(TEXT)
    assert "呼ぶ" in toks and "呼ん" not in toks
    assert "は" not in toks and "を" not in toks and "た" not in toks
    keep = _analyser(name, pos_filter=["助詞-格助詞"])(TEXT)
    assert "を" not in keep and "は" in keep  # only case particles dropped


@pytest.mark.parametrize("name", ANALYSERS)
def test_analyser_keeps_punct_when_asked_and_pickles(name):
    tok = _analyser(name, drop_punct=False, normalize=False)
    toks = tok(TEXT)
    assert "。" in toks and "「" in toks and "ＡＢＣ" in toks
    back = pickle.loads(pickle.dumps(tok))
    assert back(TEXT) == toks
    assert back.settings() == tok.settings()


def test_sudachi_modes():
    a = _analyser("sudachi", mode="A")("国家公務員になる")
    c = _analyser("sudachi:C")("国家公務員になる")
    assert a[:3] == ["国家", "公務", "員"] and c[0] == "国家公務員"


def test_sudachi_long_input_is_chunked():
    tok = _analyser("sudachi")
    toks = tok("先生と私。" * 6000)  # 30,000 chars, > Sudachi's 49,149-byte limit
    assert toks.count("先生") == 6000


def test_ja_prefers_fugashi():
    pytest.importorskip("fugashi")
    tok = _analyser("fugashi")
    assert type(get_tokenizer("ja")) is type(tok)


def test_linesentence_takes_a_tokenizer_name(tmp_path):
    p = tmp_path / "c.txt"
    p.write_text("私はその人を\na b\n", encoding="utf-8")
    assert list(LineSentence(p, tokenizer="regex")) == [["私", "はその", "人", "を"], ["a", "b"]]
    assert list(LineSentence(p, tokenizer="whitespace")) == [["私はその人を"], ["a", "b"]]
    with pytest.raises(ConfigError, match="unknown tokenizer"):
        LineSentence(p, tokenizer="nope")


def test_fugashi_fast_path_equals_generic_path():
    tok = _analyser("fugashi")
    for s in [TEXT, "おまけに海も暗くなったし、流紋玻璃にも出っ会わさない。", "価値に於てＡさん★　と※"]:
        for t in (tok, _analyser("fugashi", normalize=False), _analyser("fugashi", drop_punct=False)):
            assert t(s) == Tokenizer.__call__(t, s)
    toks = tok("価値に於てＡさん★　と※")
    assert "於" in toks and "A" in toks and "★" not in toks and "※" not in toks  # 記号: by character
