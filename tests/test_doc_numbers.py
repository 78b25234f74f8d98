"""Numbers in the docs that drift come from benchmark result files, and agree with them.

The demo's and the test suite's times may be quoted only from
``benchmarks/results/demo_time.json`` (``benchmarks/demo_time.py``), and then must match
it; the Japanese speed claims of README.ja and docs/japanese.md must match
``benchmarks/results/ja.json`` (``benchmarks/ja.py``). (The demo's Japanese neighbours that
README.ja quotes are checked against the demo itself in tests/test_demo_ja.py.)
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DOCS = [ROOT / "README.md", ROOT / "README.ja.md", *sorted((ROOT / "docs").glob("*.md"))]

# a time ("about 35 s", "約1分", "30秒ほど", "about a minute") said of the demo or the suite
TIME = re.compile(r"about (\d+(?:\.\d+)?) ?(?:s|seconds|minutes?)\b|about an? (?:minute|hour)|"
                  r"約(\d+(?:\.\d+)?) ?(?:秒|分)|(\d+(?:\.\d+)?) ?(?:秒|分)ほど|[一二三]分ほど")
SUBJECT = re.compile(r"demo|test suite|pytest|デモ|テスト|1行目|2行目")


def _paragraphs(path: Path) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", path.read_text(encoding="utf8")) if p.strip()]


def _time_claims() -> list[tuple[str, str, float | None]]:
    """(file, claim, seconds or None for a vague one) for each time said of a demo or the suite."""
    out = []
    for doc in DOCS:
        for para in _paragraphs(doc):
            if "```" in para or not SUBJECT.search(para):
                continue
            for m in TIME.finditer(para):
                number = next((g for g in m.groups() if g), None)
                unit = 60 if number and ("分" in m.group(0) or "minute" in m.group(0)) else 1
                out.append((doc.name, m.group(0), float(number) * unit if number else None))
    return out


def test_demo_and_suite_times_come_from_the_result_file():
    claims = _time_claims()
    path = RESULTS / "demo_time.json"
    if not path.exists():
        assert not claims, (f"the docs quote times {claims} but there is no {path.name}: run "
                            "benchmarks/demo_time.py on a quiet machine, or drop the numbers")
        return
    measured = [step["seconds"] for step in json.loads(path.read_text())["steps"].values()]
    for doc, claim, seconds in claims:
        assert seconds is not None, f"{doc}: {claim!r} is vague; quote {path.name}'s number"
        assert any(abs(seconds - m) <= max(1.0, 0.1 * m) for m in measured), \
            f"{doc}: {claim!r} matches none of {path.name}'s times {measured}"


def _ja() -> dict:
    data = json.loads((RESULTS / "ja.json").read_text())
    tok = {row["step"]: row for row in data["tokenise"]}
    train = {(row["arch"], row["tool"]): row for row in data["train"]}
    return {"plain_s": tok["tokenise: plain fugashi loop (1 process)"]["seconds"],
            "zero2vec_s": tok["tokenise: zero2vec tokenize_corpus (2 workers, cold cache)"]["seconds"],
            "cached_s": tok["tokenise: zero2vec, cached (2nd run)"]["seconds"],
            "end_to_end": {k: v["end_to_end_s"] for k, v in train.items()},
            "train": {k: v["train_s"] for k, v in train.items()}}


def test_readme_ja_speed_claims_match_ja_json():
    ja, text = _ja(), (ROOT / "README.ja.md").read_text(encoding="utf8")
    m = re.search(r"CBOW (\d+)秒 対 (\d+)秒、skip-gram (\d+)秒 対 (\d+)秒", text)
    assert m, "README.ja no longer quotes the end-to-end times: update this test"
    e2e = ja["end_to_end"]
    assert [int(g) for g in m.groups()] == [round(e2e[("cbow", "zero2vec.Word2Vec")]),
                                            round(e2e[("cbow", "gensim")]),
                                            round(e2e[("sg", "zero2vec.Word2Vec")]),
                                            round(e2e[("sg", "gensim")])]
    ratio = ja["plain_s"] / ja["zero2vec_s"]  # > 1: zero2vec's tokenising is faster
    for claim in re.findall(r"形態素解析[^。]*?(\d+(?:\.\d+)?)\s?倍速", text):
        assert float(claim) <= ratio * 1.05, \
            f"README.ja says tokenising is {claim}x faster; ja.json measured {ratio:.2f}x"
    m = re.search(r"形態素解析[^。]*?(\d+\.\d)秒 対 (\d+\.\d)秒", text)
    assert m and [float(g) for g in m.groups()] == [round(ja["zero2vec_s"], 1), round(ja["plain_s"], 1)]
    if ratio < 1:
        assert "遅" in text[m.start() - 200:m.end()], "README.ja must say tokenising was slower"


def test_docs_japanese_table_matches_ja_json():
    ja, text = _ja(), (ROOT / "docs" / "japanese.md").read_text(encoding="utf8")
    row = re.search(r"\| tokenise \(wall / CPU s\) \| ([\d.]+) / [\d.]+ .*?\| ([\d.]+) / [\d.]+", text)
    assert row and [float(g) for g in row.groups()] == [round(ja["zero2vec_s"], 1), round(ja["plain_s"], 1)]
    for arch, label in (("cbow", "CBOW"), ("sg", "skip-gram")):
        row = re.search(rf"\| {label} train / end to end \(s\) \| ([\d.]+) / ([\d.]+) \| ([\d.]+) / ([\d.]+)", text)
        assert row, f"docs/japanese.md has no {label} row"
        z, g = ("zero2vec.Word2Vec", "gensim")
        assert [float(v) for v in row.groups()] == [
            round(ja["train"][(arch, z)], 1), round(ja["end_to_end"][(arch, z)], 1),
            round(ja["train"][(arch, g)], 1), round(ja["end_to_end"][(arch, g)], 1)]


@pytest.mark.parametrize("text, n", [("(about 35 s on 2 cores)", 1), ("2コアで約1分", 1),
                                     ("demo ... 2コアで30秒ほどです", 1), ("about a minute", 1)])
def test_the_time_finder_sees_the_old_claims(text, n):
    assert len(list(TIME.finditer(text))) == n
