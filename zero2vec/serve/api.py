"""The HTTP API under ``/api/``: JSON in query strings (or a small JSON body), JSON out.

Every input is bounded (:data:`LIMITS`) and checked before any work; a bad one is a
4xx answer ``{"error": "one line"}``: 400 for a bad value, 404 for an unknown word
or model, 413 for a body that is too large. The models are the ones given on the
command line; the client chooses among them by name and never names a file. The
routes are documented in ``docs/serve.md``.
"""
from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from zero2vec.errors import ConfigError, UnknownWordError, Zero2VecError
from zero2vec.serve.index import ServedModel
from zero2vec.serve.live import LiveRun

LIMITS = {"word_chars": 100, "topn": 1000, "analogy_terms": 10, "words": 50, "map_words": 200,
          "complete": 50, "body_bytes": 64 * 1024}


class NotFound(Zero2VecError, LookupError):
    """A model name the server does not serve (answered with 404)."""


class BodyTooLarge(ConfigError):
    """A request body over ``LIMITS["body_bytes"]`` (answered with 413)."""


@dataclass(frozen=True)
class EvalSet:
    """An evaluation file named on the command line: ``kind`` is ``pairs`` or ``analogies``."""

    kind: str
    path: Path


class Api:
    """The routes' state: the served models, the live run, the evaluation files."""

    def __init__(self, models: Sequence[ServedModel], live: LiveRun | None,
                 evaluations: Sequence[EvalSet]) -> None:
        self.models = {m.name: m for m in models}
        self.live, self.evaluations = live, list(evaluations)
        self._eval_cache: list | None = None
        self._eval_lock = threading.Lock()

    def routes(self) -> list[Route]:
        return [Route("/api/models", self.list_models), Route("/api/complete", self.complete),
                Route("/api/neighbours", self.neighbours), Route("/api/analogy", self.analogy),
                Route("/api/doesnt_match", self.doesnt_match),
                Route("/api/map", self.map, methods=["GET", "POST"]),
                Route("/api/evaluation", self.evaluation), Route("/api/live", self.live_state),
                Route("/api/live/stream", self.live_stream),
                Route("/api/live/watch", self.live_watch, methods=["POST"])]

    # -- choosing models ----------------------------------------------------------------
    def _chosen(self, request: Request) -> list[ServedModel]:
        names = request.query_params.getlist("model")
        if not self.models:
            raise NotFound("this server serves no model to query (it watches a training run)")
        if not names:
            return list(self.models.values())
        unknown = [n for n in names if n not in self.models]
        if unknown:
            raise NotFound(f"no model named {unknown[0][:LIMITS['word_chars']]!r}; see /api/models")
        return [self.models[n] for n in dict.fromkeys(names)]

    def _each(self, models: list[ServedModel], ask) -> JSONResponse:
        """``ask(model)`` for each model; an unknown word is that model's error, and a 404
        only when no chosen model knows it."""
        results, missing = [], None
        for m in models:
            try:
                results.append({"model": m.name, "answers": ask(m)})
            except UnknownWordError as e:
                missing = e
                results.append({"model": m.name, "error": str(e)})
        if missing is not None and all("error" in r for r in results):
            raise missing
        return JSONResponse({"results": results})

    # -- routes -------------------------------------------------------------------------
    def list_models(self, request: Request) -> JSONResponse:
        from zero2vec.vectors.plot import projections

        return JSONResponse({"models": [m.info() for m in self.models.values()],
                             "live": self.live is not None, "map_methods": projections(),
                             "evaluations": [{"kind": e.kind, "name": e.path.name}
                                             for e in self.evaluations],
                             "limits": LIMITS})

    def complete(self, request: Request) -> JSONResponse:
        prefix = text(request.query_params.get("prefix", ""), "prefix", allow_empty=True)
        limit = number(request, "limit", 10, 1, LIMITS["complete"])
        found: dict[str, None] = {}  # the first model's frequency order, then the others'
        for m in self._chosen(request) if prefix else []:
            found.update(dict.fromkeys(m.complete(prefix, limit)))
        ranked = list(found)[:limit]
        return JSONResponse({"prefix": prefix, "words": ranked})

    def neighbours(self, request: Request) -> JSONResponse:
        word = text(request.query_params.get("word"), "word")
        topn = number(request, "topn", 10, 1, LIMITS["topn"])
        return self._each(self._chosen(request), lambda m: m.neighbours(word, topn))

    def analogy(self, request: Request) -> JSONResponse:
        positive = words_param(request, "positive", LIMITS["analogy_terms"], least=1)
        negative = words_param(request, "negative", LIMITS["analogy_terms"], least=0)
        topn = number(request, "topn", 10, 1, LIMITS["topn"])
        method = request.query_params.get("method", "3cosadd").lower()
        if method not in ("3cosadd", "3cosmul"):
            raise ConfigError(f"method must be 3cosadd or 3cosmul, got {method[:20]!r}")
        return self._each(self._chosen(request),
                          lambda m: m.analogy(positive, negative, topn, method))

    def doesnt_match(self, request: Request) -> JSONResponse:
        words = words_param(request, "word", LIMITS["words"], least=2)
        return self._each(self._chosen(request), lambda m: m.doesnt_match(words))

    async def map(self, request: Request) -> JSONResponse:
        """A word's neighbourhood (``word``, ``topn``) or a word list, in 2-D (``method``)."""
        body = await json_body(request) if request.method == "POST" else {}
        params = request.query_params
        method = str(body.get("method", params.get("method", "pca"))).lower()[:20]
        models = self._chosen(request)[:1]
        if "words" in body:
            words = checked_list(body["words"], "words", LIMITS["map_words"], least=2)
            centre = None
        else:
            centre = text(params.get("word"), "word")
            topn = number(request, "topn", 30, 1, LIMITS["map_words"] - 1)
            words = [centre] + [a["word"] for a in models[0].neighbours(centre, topn)]
        known = [w for w in words if w in models[0].wv.key_to_index]
        if len(known) < 2:
            raise UnknownWordError(next((w for w in words if w not in known), words[0]))
        points = await asyncio.to_thread(models[0].project, known, method)  # t-SNE takes a while
        return JSONResponse({"model": models[0].name, "method": method, "centre": centre,
                             "points": points, "unknown": [w for w in words if w not in known]})

    def evaluation(self, request: Request) -> JSONResponse:
        """The evaluation files of the command line, on every model (computed once)."""
        with self._eval_lock:
            if self._eval_cache is None:
                self._eval_cache = [evaluate(m, e) for e in self.evaluations
                                    for m in self.models.values()]
        return JSONResponse({"results": self._eval_cache})

    def _live(self) -> LiveRun:
        if self.live is None:
            raise NotFound("no training run is being watched (start one with zero2vec train --serve)")
        return self.live

    def live_state(self, request: Request) -> JSONResponse:
        version, state = self._live().snapshot()
        return JSONResponse({"version": version, **state})

    async def live_stream(self, request: Request) -> StreamingResponse:
        """Server-Sent Events: one ``data:`` line (the snapshot) per new version."""
        live = self._live()

        async def events():
            last, quiet = -1, 0.0
            while True:
                version, state = live.snapshot()
                if version != last:
                    last, quiet = version, 0.0
                    yield f"id: {version}\ndata: {json.dumps({'version': version, **state})}\n\n"
                    if state["status"] in ("finished", "failed"):
                        return
                elif quiet >= 15:
                    quiet = 0.0
                    yield ": keep-alive\n\n"
                await asyncio.sleep(0.25)
                quiet += 0.25

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    async def live_watch(self, request: Request) -> JSONResponse:
        body = await json_body(request)
        from zero2vec.serve.live import MAX_WATCH

        words = checked_list(body.get("words"), "words", MAX_WATCH, least=1)
        return JSONResponse({"watch": self._live().set_watch(words)})


# -- checking inputs -----------------------------------------------------------------------
def text(value: object, name: str, allow_empty: bool = False) -> str:
    """A word-like parameter: a string of at most ``LIMITS["word_chars"]`` characters."""
    if value is None or (value == "" and not allow_empty):
        raise ConfigError(f"give {name}")
    if not isinstance(value, str):
        raise ConfigError(f"{name} must be a string")
    if len(value) > LIMITS["word_chars"]:
        raise ConfigError(f"{name} is longer than {LIMITS['word_chars']} characters")
    return value


def number(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw[:20]!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")
    return value


def checked_list(values: object, name: str, most: int, least: int) -> list[str]:
    if not isinstance(values, list):
        raise ConfigError(f"{name} must be a list of words")
    if not least <= len(values) <= most:
        raise ConfigError(f"give {least} to {most} {name}, got {len(values)}")
    return list(dict.fromkeys(text(v, name) for v in values))


def words_param(request: Request, name: str, most: int, least: int) -> list[str]:
    """A repeated query parameter (``?word=a&word=b``)."""
    return checked_list(request.query_params.getlist(name), name, most, least)


async def json_body(request: Request) -> dict:
    """The request's JSON object, refused past ``LIMITS["body_bytes"]`` before it is read."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > LIMITS["body_bytes"]:
        raise BodyTooLarge(f"the body is larger than {LIMITS['body_bytes']} bytes")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > LIMITS["body_bytes"]:
            raise BodyTooLarge(f"the body is larger than {LIMITS['body_bytes']} bytes")
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise ConfigError("the body is not JSON") from None
    if not isinstance(body, dict):
        raise ConfigError("the body must be a JSON object")
    return body


def evaluate(model: ServedModel, ev: EvalSet) -> dict:
    """One evaluation file on one model, as the page's table row."""
    from zero2vec.vectors.evaluate import evaluate_word_analogies, word_pairs_report

    row = {"model": model.name, "kind": ev.kind, "name": ev.path.name}
    try:
        if ev.kind == "pairs":
            r = word_pairs_report(model.wv, ev.path)
            row.update(spearman=float(r["spearman"][0]), pearson=float(r["pearson"][0]),
                       pairs=r["pairs"], oov_ratio=r["oov_ratio"])
        else:
            score, sections = evaluate_word_analogies(model.wv, ev.path)
            row.update(accuracy=float(score), questions=_asked(sections[-1]), sections=[
                {"section": s["section"], "correct": len(s["correct"]), "total": _asked(s)}
                for s in sections[:-1]])  # (the last is the total)
    except Zero2VecError as e:
        row["error"] = str(e)
    return row


def _asked(section: dict) -> int:
    return len(section["correct"]) + len(section["incorrect"])
