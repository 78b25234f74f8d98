"""evaluate_word_analogies / evaluate_word_pairs: same numbers as gensim, more layouts."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.errors import CorpusError
from zero2vec.vectors import WordVectors
from zero2vec.vectors.evaluate import read_word_pairs


def strip_sections(sections):
    return [(s["section"], s["correct"], s["incorrect"]) for s in sections]


@pytest.mark.parametrize("kwargs", [
    {}, {"restrict_vocab": 100}, {"case_insensitive": False}, {"dummy4unknown": True},
])
def test_analogies_match_gensim(wv, kv, analogy_file, kwargs):
    ours = wv.evaluate_word_analogies(analogy_file, **kwargs)
    theirs = kv.evaluate_word_analogies(str(analogy_file), **kwargs)
    assert ours[0] == pytest.approx(theirs[0], abs=1e-12)
    assert strip_sections(ours[1]) == strip_sections(theirs[1])


@pytest.mark.filterwarnings("ignore:Call to deprecated `init_sims`")  # inside gensim
def test_analogies_cosmul_uses_3cosmul(wv, kv, analogy_file):
    """gensim 4.4 ignores similarity_function; here it selects 3CosMul, checked against
    gensim's own most_similar_cosmul question by question."""
    _, sections = wv.evaluate_word_analogies(analogy_file, case_insensitive=False,
                                             similarity_function="most_similar_cosmul")
    for sec in sections[:-1]:
        for outcome in ("correct", "incorrect"):
            for a, b, c, d in sec[outcome]:
                best = kv.most_similar_cosmul(positive=[b, c], negative=[a], topn=1)[0][0]
                assert (best == d) == (outcome == "correct")


def test_analogy_total_reports_oov(wv, analogy_file):
    score, sections = wv.evaluate_word_analogies(analogy_file)
    total = sections[-1]
    assert total["section"] == "Total accuracy" and total["oov"] == 1  # Berlin/Germany
    assert 0 < total["oov_ratio"] < 100


def test_analogy_solves_a_planted_analogy():
    rng = np.random.default_rng(0)
    base = rng.standard_normal((4, 8)).astype(np.float32)
    gender = rng.standard_normal(8).astype(np.float32)
    vecs = np.vstack([base[0], base[0] + gender, base[1], base[1] + gender, rng.standard_normal((20, 8))])
    words = ["man", "woman", "king", "queen"] + [f"x{i}" for i in range(20)]
    wv = WordVectors(vecs.astype(np.float32), words)

    def run(tmp):
        tmp.write_text(": family\nman woman king queen\n")
        return wv.evaluate_word_analogies(tmp)[0]
    import tempfile, pathlib
    with tempfile.TemporaryDirectory() as d:
        assert run(pathlib.Path(d) / "q.txt") == 1.0


def test_analogy_errors(wv, tmp_path):
    p = tmp_path / "q.txt"
    p.write_text("a b c d\n")
    with pytest.raises(CorpusError, match="line 1.*section"):
        wv.evaluate_word_analogies(p)
    p.write_text("")
    with pytest.raises(CorpusError, match="empty"):
        wv.evaluate_word_analogies(p)
    with pytest.raises(CorpusError, match="no such file"):
        wv.evaluate_word_analogies(tmp_path / "missing.txt")
    p.write_bytes(b": s\nw1 w2 w3 \xff\n")
    with pytest.raises(CorpusError, match="line 2"):
        wv.evaluate_word_analogies(p)


def pairs_file(tmp_path, sep="\t", crlf=False, final_newline=True, header=None):
    rows = [("king", "queen", 8.5), ("w1", "w2", 1.0), ("KING", "man", 5.0), ("w3", "w10", 2.0),
            ("w4", "nope", 3.0), ("東京", "日本", 9.0), ("w5", "w6", 4.5), ("Paris", "France", 7.0)]
    lines = ["# a comment", "# another"] + ([header] if header else [])
    lines += [f"{a}{sep}{b}{sep}{s}" for a, b, s in rows]
    nl = "\r\n" if crlf else "\n"
    text = nl.join(lines) + (nl if final_newline else "")
    p = tmp_path / "pairs.txt"
    p.write_bytes(text.encode("utf8"))
    return p


@pytest.mark.parametrize("kwargs", [{}, {"case_insensitive": False}, {"dummy4unknown": True},
                                    {"restrict_vocab": 150}])
@pytest.mark.parametrize("crlf,final", [(False, True), (True, False)])
def test_pairs_match_gensim(wv, kv, tmp_path, kwargs, crlf, final):
    p = pairs_file(tmp_path, crlf=crlf, final_newline=final)
    ours, theirs = wv.evaluate_word_pairs(p, **kwargs), kv.evaluate_word_pairs(str(p), **kwargs)
    for o, t in zip(ours[:2], theirs[:2]):
        assert o[0] == pytest.approx(t[0], abs=1e-5) and o[1] == pytest.approx(t[1], abs=1e-5)
    assert ours[2] == pytest.approx(theirs[2])


def test_pairs_other_layouts_give_same_scores(wv, tmp_path):
    ref = wv.evaluate_word_pairs(pairs_file(tmp_path))
    for sep, header in [(",", "word1,word2,mean(remove_extreme_annotator),ano1"), (" ", None)]:
        d = tmp_path / repr(sep)
        d.mkdir()
        got = wv.evaluate_word_pairs(pairs_file(d, sep=sep, header=header))
        assert got[0][0] == pytest.approx(ref[0][0]) and got[2] == ref[2]


def test_pairs_jwsd_style_extra_columns(tmp_path):
    p = tmp_path / "score_noun.csv"
    p.write_text("word1,word2,mean(remove_extreme_annotator),ano1,mean\n"
                 "文献,書籍,6,6,5.8\n要旨,大要,7.6,7,7.8\n要因,原因,6.6,8,6.5\n", encoding="utf8")
    rows = read_word_pairs(p)
    assert [(a, b, s) for _, a, b, s in rows] == [("文献", "書籍", 6.0), ("要旨", "大要", 7.6),
                                                  ("要因", "原因", 6.6)]
    assert read_word_pairs(p, score_column=4)[0][3] == 5.8


def test_pairs_errors(wv, tmp_path):
    p = tmp_path / "p.tsv"
    p.write_text("a\tb\t1\nc\td\t2\n")
    with pytest.raises(CorpusError, match="no usable word pairs"):
        wv.evaluate_word_pairs(p)


def test_real_sets_match_gensim(shared_data, kv, table):
    """questions-words, WordSim-353 and CRLF/no-final-newline sets from ../shared/data."""
    import gensim

    files = [shared_data / "eval" / n for n in ("wordsim353.tsv", "simlex999.txt")]
    files += sorted((shared_data / "eval" / "word-sim").glob("EN-*.txt"))[:6]
    words = set()
    for f in files:
        for _, a, b, _ in read_word_pairs(f):
            words |= {a.lower(), b.lower()}
    qw = shared_data / "eval" / "questions-words.txt"
    for line in qw.read_text().splitlines()[:3000]:
        if not line.startswith(":"):
            words |= {w.lower() for w in line.split()}
    words = sorted(words)
    vecs = np.random.default_rng(1).standard_normal((len(words), 20)).astype(np.float32)
    wv = WordVectors(vecs, words)
    k = gensim.models.KeyedVectors(20)
    k.add_vectors(words, vecs.copy())
    for f in files:
        o, t = wv.evaluate_word_pairs(f), k.evaluate_word_pairs(str(f))
        assert o[0][0] == pytest.approx(t[0][0], abs=1e-5), f
        assert o[1][0] == pytest.approx(t[1][0], abs=1e-5), f
        assert o[2] == pytest.approx(t[2]), f
    ours = wv.evaluate_word_analogies(qw, restrict_vocab=len(words))
    theirs = k.evaluate_word_analogies(str(qw), restrict_vocab=len(words))
    assert ours[0] == theirs[0]
    assert strip_sections(ours[1]) == strip_sections(theirs[1])
