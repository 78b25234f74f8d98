"""The HTTP API in-process (Starlette's test client): answers, bounds, errors, safety headers."""
from __future__ import annotations

import re
import warnings

import pytest

pytest.importorskip("starlette", reason="zero2vec[serve] (starlette, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="zero2vec[serve] (starlette, uvicorn) is not installed")

from zero2vec.serve.api import LIMITS, EvalSet
from zero2vec.serve.app import CSP, create_app
from zero2vec.serve.index import ServedModel
from zero2vec.serve.live import LiveRun

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # (starlette's note about httpx versions)
    from starlette.testclient import TestClient


@pytest.fixture
def client(wv, wv2):
    return TestClient(create_app([ServedModel("a", wv), ServedModel("b", wv2)]))


def test_models_lists_both_with_their_sizes(client):
    r = client.get("/api/models").json()
    assert [(m["name"], m["vocab_size"], m["vector_size"]) for m in r["models"]] == [
        ("a", 316, 16), ("b", 315, 8)]
    assert "pca" in r["map_methods"] and r["live"] is False and r["limits"]["topn"] == 1000


def test_neighbours_side_by_side_and_one_model(client, wv, wv2):
    r = client.get("/api/neighbours", params={"word": "king", "topn": 3}).json()["results"]
    assert [x["model"] for x in r] == ["a", "b"]
    assert [a["word"] for a in r[0]["answers"]] == [w for w, _ in wv.most_similar("king", topn=3)]
    assert [a["word"] for a in r[1]["answers"]] == [w for w, _ in wv2.most_similar("king", topn=3)]
    one = client.get("/api/neighbours", params={"word": "king", "model": "b"}).json()["results"]
    assert [x["model"] for x in one] == ["b"] and len(one[0]["answers"]) == 10


def test_a_word_one_model_lacks_is_that_models_error(client):
    r = client.get("/api/neighbours", params={"word": "kingdom"})
    assert r.status_code == 200
    a, b = r.json()["results"]
    assert "answers" in a and "not in the vocabulary" in b["error"]


def test_analogy_methods_and_doesnt_match(client, wv):
    q = {"positive": ["king", "woman"], "negative": ["man"], "topn": 4, "model": "a"}
    add = client.get("/api/analogy", params=q).json()["results"][0]["answers"]
    mul = client.get("/api/analogy", params={**q, "method": "3cosmul"}).json()["results"][0]["answers"]
    assert [a["word"] for a in add] == [w for w, _ in wv.most_similar(positive=["king", "woman"],
                                                                       negative=["man"], topn=4)]
    assert [a["word"] for a in mul] == [w for w, _ in wv.most_similar_cosmul(
        positive=["king", "woman"], negative=["man"], topn=4)]
    odd = client.get("/api/doesnt_match", params={"word": ["apple", "banana", "cherry", "tokyo"],
                                                   "model": "a"}).json()["results"][0]["answers"]
    assert odd["odd_one_out"] == wv.doesnt_match(["apple", "banana", "cherry", "tokyo"])


def test_complete_and_map(client):
    assert client.get("/api/complete", params={"prefix": "kin"}).json()["words"] == [
        "king", "kingdom", "kings"]
    m = client.get("/api/map", params={"word": "king", "topn": 5, "model": "a"}).json()
    assert m["centre"] == "king" and len(m["points"]) == 6 and m["method"] == "pca"
    posted = client.post("/api/map", json={"words": ["東京", "日本", "king", "nope"]}).json()
    assert [p["word"] for p in posted["points"]] == ["東京", "日本", "king"]
    assert posted["unknown"] == ["nope"]


@pytest.mark.parametrize("path, params, status, message", [
    ("/api/neighbours", {"word": "nope"}, 404, "'nope' is not in the vocabulary"),
    ("/api/neighbours", {}, 400, "give word"),
    ("/api/neighbours", {"word": "x" * (LIMITS["word_chars"] + 1)}, 400, "longer than"),
    ("/api/neighbours", {"word": "king", "topn": 1001}, 400, "between 1 and 1000"),
    ("/api/neighbours", {"word": "king", "topn": "ten"}, 400, "whole number"),
    ("/api/neighbours", {"word": "king", "model": "c"}, 404, "no model named 'c'"),
    ("/api/analogy", {"positive": ["a"] * 11}, 400, "give 1 to 10 positive"),
    ("/api/analogy", {"positive": "king", "method": "cos"}, 400, "3cosadd or 3cosmul"),
    ("/api/doesnt_match", {"word": "king"}, 400, "give 2 to 50 word"),
    ("/api/complete", {"prefix": "k", "limit": 51}, 400, "between 1 and 50"),
    ("/api/live", {}, 404, "no training run"),
    ("/api/nothing", {}, 404, "Not Found"),
])
def test_bad_inputs_are_one_line_4xx(client, path, params, status, message):
    r = client.get(path, params=params)
    assert r.status_code == status
    assert message in r.json()["error"] and "\n" not in r.json()["error"]


def test_bodies_are_bounded_and_checked(client):
    big = client.post("/api/map", content=b"{" + b" " * LIMITS["body_bytes"] + b"}",
                      headers={"content-type": "application/json"})
    assert big.status_code == 413
    assert client.post("/api/map", content=b"[1,").status_code == 400
    assert "list of words" in client.post("/api/map", json={"words": "king"}).json()["error"]
    r = client.post("/api/map", json={"words": ["w%d" % i for i in range(LIMITS["map_words"] + 1)]})
    assert r.status_code == 400


def test_every_response_has_the_csp_and_the_page_has_no_inline_script(client):
    for path in ("/", "/static/app.js", "/api/models", "/api/neighbours?word=nope"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CSP and headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    page = client.get("/").text
    assert '<script src="/static/app.js"' in page and "<script>" not in page
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers either
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js


def test_html_in_words_is_data(client):
    """A word that looks like markup comes back as JSON text (the page sets textContent)."""
    r = client.get("/api/complete", params={"prefix": "<b"})
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["words"] == ["<b>bold</b>"]


def test_the_token_is_checked_on_every_request(wv):
    c = TestClient(create_app([ServedModel("a", wv)], token="s3cret"))
    assert c.get("/api/models").status_code == 401
    assert c.get("/").status_code == 401
    assert c.get("/api/models", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/api/models", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert c.get("/?token=s3cret").status_code == 200
    assert c.get("/api/models", params={"token": "s3cre"}).status_code == 401
    assert c.get("/api/models").headers["content-security-policy"] == CSP


def test_evaluation_runs_the_command_lines_files(wv, tmp_path):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("king\tqueen\t8.5\nman\twoman\t8.3\napple\ttokyo\t0.5\nparis\tfrance\t7.0\n")
    questions = tmp_path / "q.txt"
    questions.write_text(": capital\nparis france tokyo japan\ntokyo japan paris france\n")
    c = TestClient(create_app([ServedModel("a", wv)], evaluations=[EvalSet("pairs", pairs),
                                                                    EvalSet("analogies", questions)]))
    assert [e["name"] for e in c.get("/api/models").json()["evaluations"]] == ["pairs.tsv", "q.txt"]
    rows = c.get("/api/evaluation").json()["results"]
    by_kind = {r["kind"]: r for r in rows}
    expected = wv.evaluate_word_pairs(pairs)[1][0]
    assert by_kind["pairs"]["spearman"] == pytest.approx(expected) and by_kind["pairs"]["pairs"] == 4
    assert by_kind["analogies"]["questions"] == 2
    assert by_kind["analogies"]["accuracy"] == pytest.approx(wv.evaluate_word_analogies(questions)[0])


def test_the_live_routes(wv):
    live = LiveRun(watch=["king"], interval=0)
    c = TestClient(create_app(live=live))
    assert c.get("/api/live").json()["status"] == "starting"
    assert "not started" in c.post("/api/live/watch", json={"words": ["queen"]}).json()["error"]
    live.begin(wv, None, "native", 2)
    live.progress(100, 2.5, 1000.0, 0.025, 1, 0.5)
    assert c.post("/api/live/watch", json={"words": ["queen", "paris"]}).json()["watch"] == ["queen", "paris"]
    assert "not in the vocabulary" in c.post("/api/live/watch", json={"words": ["nope"]}).json()["error"]
    live.epoch_end(1, 3.0)
    live.end()
    state = c.get("/api/live").json()
    assert state["status"] == "finished" and state["steps"] == [[100, 2.5]]
    assert sorted(state["neighbours"]) == ["paris", "queen"]
    with c.stream("GET", "/api/live/stream") as r:  # a finished run's stream ends after one event
        assert r.headers["content-type"].startswith("text/event-stream")
        body = "".join(r.iter_text())
    assert body.startswith("id: ") and '"status": "finished"' in body
    assert c.get("/api/neighbours", params={"word": "king"}).status_code == 404  # nothing to explore
