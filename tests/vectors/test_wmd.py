"""wmdistance: gensim's Word Mover's Distance on the same vectors; a clear error without POT."""
from __future__ import annotations

import sys

import pytest

from zero2vec.errors import MissingDependencyError

DOCS = [
    (["king", "queen", "man"], ["woman", "king"]),
    (["w1", "w2", "w2", "w3", "nope"], ["w4", "w1", "東京"]),
    (["king"], ["king", "king"]),  # one same word: 0
    (["w5", "w6"], ["nope"]),      # a document with no known word: inf
    (["Paris", "France"], ["France", "Paris"]),
]


@pytest.mark.parametrize("norm", [True, False])
@pytest.mark.parametrize("docs", DOCS)
@pytest.mark.filterwarnings("ignore:wmdistance")
def test_wmdistance_matches_gensim(wv, kv, docs, norm):
    pytest.importorskip("ot", reason="POT (the pot extra) is needed for wmdistance")
    assert wv.wmdistance(*docs, norm=norm) == pytest.approx(kv.wmdistance(*docs, norm=norm), rel=1e-9)


def test_no_known_word_warns_and_gives_inf(wv):
    pytest.importorskip("ot", reason="POT (the pot extra) is needed for wmdistance")
    with pytest.warns(UserWarning, match="no word in the vocabulary"):
        assert wv.wmdistance(["nope"], ["king"]) == float("inf")


def test_without_pot_the_error_says_what_to_install(wv, monkeypatch):
    monkeypatch.setitem(sys.modules, "ot", None)  # import ot -> ImportError
    with pytest.raises(ImportError, match=r"pip install 'zero2vec\[pot\]'") as e:
        wv.wmdistance(["king"], ["queen"])
    assert isinstance(e.value, MissingDependencyError)
