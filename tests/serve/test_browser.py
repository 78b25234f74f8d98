"""The page in a real headless Chromium (Debian's ``chromium``, driven by Playwright's Python
API with the system browser): neighbours, an analogy, the map, and the live page during a
short training. Each test saves a screenshot under its pytest ``tmp_path`` (``*.png``)."""
from __future__ import annotations

import shutil
import threading

import pytest

pytest.importorskip("starlette", reason="zero2vec[serve] (starlette, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="zero2vec[serve] (starlette, uvicorn) is not installed")

from zero2vec.job import TrainJob, run
from zero2vec.serve.api import EvalSet
from zero2vec.serve.app import create_app, open_server, url_of
from zero2vec.serve.index import ServedModel
from zero2vec.serve.live import LiveRun

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (pip) is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no system Chromium (apt-get install -y "
                                "chromium chromium-driver); browser tests skipped")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    pg = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    pg.close()
    assert not errors, errors  # no script error, no CSP violation


def until(check, timeout: float = 30.0):
    """Poll ``check()`` (a Python function reading the page) until it is true. Playwright's
    wait_for_function evaluates a string, which the page's CSP forbids, rightly."""
    import time

    end = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {check.__doc__ or check}")
        time.sleep(0.1)
    return value


def serving(app):
    return open_server(app, "127.0.0.1", 0).start()


def test_neighbours_analogy_map_and_evaluation(page, wv, wv2, tmp_path):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("king\tqueen\t8.5\nman\twoman\t8.3\napple\ttokyo\t0.5\nparis\tfrance\t7.0\n")
    server = serving(create_app([ServedModel("a", wv), ServedModel("b", wv2)],
                                evaluations=[EvalSet("pairs", pairs)]))
    try:
        page.goto(url_of(server.sock, None))
        page.wait_for_selector("body[data-ready='1']")
        page.fill("#word", "king")
        page.fill("#topn", "5")
        page.click("#neighbours-go")
        page.wait_for_selector("#results .result:nth-child(2) td.word")
        first = page.locator("#results .result").first.locator("td.word").all_inner_texts()
        assert first == [w for w, _ in wv.most_similar("king", topn=5)]
        assert page.locator("#results h3").all_inner_texts() == ["a: neighbours of king",
                                                                "b: neighbours of king"]
        page.screenshot(path=str(tmp_path / "neighbours.png"), full_page=True)

        page.fill("#positive", "king woman")
        page.fill("#negative", "man")
        page.click("#analogy-go")
        page.wait_for_selector("#results h3:has-text('3CosAdd')")
        got = page.locator("#results .result").first.locator("td.word").all_inner_texts()
        assert got == [w for w, _ in wv.most_similar(positive=["king", "woman"], negative=["man"], topn=5)]
        page.screenshot(path=str(tmp_path / "analogy.png"), full_page=True)

        page.click("#tab-map")
        page.fill("#map-words", "東京 日本 king queen <b>bold</b>")
        page.click("#map-go")
        page.wait_for_selector("#map-svg circle")
        assert page.locator("#map-svg circle").count() == 5
        labels = page.locator("#map-svg text.label").all_text_contents()
        assert labels == ["東京", "日本", "king", "queen", "<b>bold</b>"]  # markup stays text
        page.locator("#map-svg circle").first.hover()
        assert page.locator("#map-svg text.tip").text_content().startswith("東京")
        page.screenshot(path=str(tmp_path / "map.png"), full_page=True)
        page.mouse.wheel(0, -300)  # zoom
        assert "scale(1.2)" in (page.locator("#map-svg g").get_attribute("transform") or "")

        page.click("#tab-evaluation")
        page.wait_for_selector("#evaluation-view table.eval td")
        rows = page.locator("#evaluation-view table.eval tr").all_inner_texts()[1:]
        assert [r.split("\t")[:2] for r in rows] == [["a", "pairs.tsv"], ["b", "pairs.tsv"]]
        assert page.locator("#evaluation-view svg rect").count() == 2  # the bars
        page.screenshot(path=str(tmp_path / "evaluation.png"), full_page=True)
    finally:
        server.stop()
    assert (tmp_path / "map.png").stat().st_size > 0


def test_the_live_page_follows_a_training_run(page, corpus, tmp_path):
    live = LiveRun(watch=["king", "queen"], interval=0.3)
    server = serving(create_app(live=live))
    job = TrainJob(corpus=corpus, output=tmp_path / "v.txt", engine="layers", epochs=12, min_count=1,
                   vector_size=16, plot=False, progress=False)
    done: dict = {}
    trainer = threading.Thread(target=lambda: done.update(result=run(job, observer=live)))
    try:
        page.goto(url_of(server.sock, None))
        page.wait_for_selector("body[data-ready='1']")
        trainer.start()
        def points() -> int:
            """loss points drawn"""
            chart = page.locator("#loss-steps")
            return int(chart.get_attribute("data-points") or 0) if chart.count() else 0

        before = until(lambda: points() >= 2 and points())
        until(lambda: points() > before)
        assert page.locator("#watch-view h3").all_inner_texts() == ["king", "queen"]
        page.fill("#watch-words", "paris tokyo")
        page.click("#watch-go")
        until(lambda: page.locator("#watch-view h3").all_text_contents() == ["paris", "tokyo"])
        assert page.locator("#sharing-view").inner_text().count("Embedding") >= 1
        assert "rows touched" in page.locator("#sharing-view").inner_text()
        page.screenshot(path=str(tmp_path / "live.png"), full_page=True)
        trainer.join(60)
        page.wait_for_selector("#live-status:has-text('finished')")
        assert page.locator("#watch-view .result").first.locator("td.word").count() == 8
        page.screenshot(path=str(tmp_path / "live-finished.png"), full_page=True)
    finally:
        trainer.join(60)
        server.stop()
    assert "result" in done
