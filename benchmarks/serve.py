"""zero2vec serve under load, and what --serve costs a training run.

1. Latency: a server process serves a ``--words`` x ``--dims`` model (random unit-ish
   vectors, seeded; 100k x 300 by default) on 127.0.0.1; ``--clients`` threads (8) send
   ``--requests`` neighbours requests and as many 3CosAdd analogy requests in total,
   each on its own keep-alive connection, after a warm-up of the same shape (untimed).
   Reported: p50 / p99 / max in ms per kind (target p99 <= 50 ms), and, as the peer,
   gensim's in-process ``most_similar`` on the same matrix (no HTTP) per query, with
   the ratio.
2. Training: the native engine trains the same corpus with and without ``--serve``
   (the live page up, an SSE client reading it from another process, as a browser
   would, a watch-word snapshot every 2 s), alternating, best of ``--repeat`` each,
   after one untimed run of each (numba's cache, the first snapshot's compile). The
   ratio compares the training loops' words/s (the vocabulary scan before it, the
   same in both, is left out; the end-to-end ratio is reported too) and the CPU
   seconds the process spent per million words (less sensitive to other load).

Prints a table and writes ``benchmarks/results/serve.json`` (``--quick``: a small model,
few requests, one short training each: ``serve_quick.json``, to prove the script works).

    .venv/bin/python benchmarks/serve.py [--quick] [--words 100000] [--dims 300] [--clients 8]
                                         [--requests 2000] [--corpus FILE] [--epochs 2] [--repeat 3]
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import RESULTS, SHARED_DATA, machine_info, print_table, write_json  # noqa: E402


def random_vectors(words: int, dims: int, seed: int = 0):
    from zero2vec.vectors import WordVectors

    rng = np.random.default_rng(seed)
    return WordVectors(rng.standard_normal((words, dims), dtype=np.float32),
                       [f"w{i}" for i in range(words)])


def _serve_child(words: int, dims: int, conn) -> None:
    """The server process: build the model, bind a free port, report it, serve."""
    from zero2vec.serve.app import create_app, open_server
    from zero2vec.serve.index import ServedModel

    server = open_server(create_app([ServedModel("bench", random_vectors(words, dims))]), "127.0.0.1", 0)
    conn.send(server.sock.getsockname()[1])
    server.run()


def _client(port: int, paths: list[str], out: list[float], errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in paths:
        t0 = time.perf_counter()
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        out.append((time.perf_counter() - t0) * 1000)
        if r.status != 200:
            errors.append(f"{r.status} {body[:100]!r}")
    conn.close()


def _concurrently(port: int, paths: list[str], clients: int) -> tuple[list[float], list[str], float]:
    """``paths`` shared round-robin by ``clients`` threads: latencies (ms), errors, wall seconds."""
    times: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    threads = [threading.Thread(target=_client, args=(port, paths[i::clients], times[i], errors))
               for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for t in times for x in t], errors, time.perf_counter() - t0


def latency(words: int, dims: int, clients: int, requests: int, seed: int = 1) -> list[dict]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_serve_child, args=(words, dims, child), daemon=True)
    proc.start()
    try:
        port = parent.recv()
        rng = np.random.default_rng(seed)
        kinds = {
            "neighbours": lambda: f"/api/neighbours?word=w{rng.integers(words)}&topn=10",
            "analogy": lambda: "/api/analogy?" + "&".join(
                [f"positive=w{rng.integers(words)}", f"positive=w{rng.integers(words)}",
                 f"negative=w{rng.integers(words)}", "topn=10"]),
        }
        rows = []
        for kind, make in kinds.items():  # warm up (the server's threads, the first passes)
            _concurrently(port, [make() for _ in range(min(10 * clients, requests))], clients)
            ms, errors, wall = _concurrently(port, [make() for _ in range(requests)], clients)
            ms = np.asarray(ms)
            rows.append({"kind": kind, "requests": len(ms), "clients": clients, "errors": len(errors),
                         "p50_ms": round(float(np.percentile(ms, 50)), 2),
                         "p99_ms": round(float(np.percentile(ms, 99)), 2),
                         "max_ms": round(float(ms.max()), 2),
                         "requests_per_s": round(len(ms) / wall, 1)})
        return rows
    finally:
        proc.terminate()
        proc.join(10)


def gensim_reference(words: int, dims: int, queries: int = 200, seed: int = 1) -> dict:
    """gensim's most_similar on the same matrix, in-process (the peer; no HTTP)."""
    try:
        from gensim.models import KeyedVectors
    except ImportError:
        return {}
    wv = random_vectors(words, dims)
    kv = KeyedVectors(dims)
    kv.add_vectors(wv.index_to_key, wv.vectors)
    kv.fill_norms()
    rng = np.random.default_rng(seed)
    out = {}
    for kind, ask in (("neighbours", lambda: kv.most_similar(f"w{rng.integers(words)}", topn=10)),
                      ("analogy", lambda: kv.most_similar(positive=[f"w{rng.integers(words)}",
                                                                    f"w{rng.integers(words)}"],
                                                          negative=[f"w{rng.integers(words)}"], topn=10))):
        ask()
        ms = []
        for _ in range(queries):
            t0 = time.perf_counter()
            ask()
            ms.append((time.perf_counter() - t0) * 1000)
        out[kind] = round(float(np.percentile(ms, 50)), 3)
    return out


def _sse_reader(url: str) -> None:
    """A browser's share of the work, in a process of its own: read the live stream
    until training ends (the stream closes after ``finished``)."""
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            while r.readline():
                pass
    except OSError:
        pass


def train_once(corpus: Path, epochs: int, served: bool, out_dir: Path) -> dict:
    """One native training run (``served``: with the live page and a reader): words/s of
    the training loop and of the whole run, and CPU seconds per million words."""
    from zero2vec.job import TrainJob, run

    job = TrainJob(corpus=corpus, output=out_dir / f"v{int(served)}.bin", epochs=epochs, plot=False,
                   progress=False, min_count=5)
    cpu0 = time.process_time()
    if not served:
        result = run(job)
    else:
        from zero2vec.serve.app import create_app, open_server, url_of
        from zero2vec.serve.live import LiveRun

        live = LiveRun()
        server = open_server(create_app(live=live), "127.0.0.1", 0).start()
        reader = mp.get_context("spawn").Process(
            target=_sse_reader, args=(url_of(server.sock, None) + "api/live/stream",), daemon=True)
        reader.start()
        try:
            result = run(job, observer=live)
        finally:
            reader.join(10)
            server.stop()
    report = result.model.last_report
    return {"loop": report.words / report.seconds, "run": report.words / result.train_seconds,
            "cpu_s_per_mword": (time.process_time() - cpu0) / report.words * 1e6}


def throughput(corpus: Path, epochs: int, repeat: int, warm_corpus: Path) -> dict:
    best = {False: {"loop": 0.0, "run": 0.0, "cpu_s_per_mword": np.inf}, True: None}
    best[True] = dict(best[False])
    with tempfile.TemporaryDirectory() as tmp:
        for served in (False, True):  # untimed: numba's cache, the snapshot kernel's compile
            train_once(warm_corpus, 1, served, Path(tmp))
        for _ in range(repeat):
            for served in (False, True):  # alternating: drift in the machine's load hits both
                got = train_once(corpus, epochs, served, Path(tmp))
                b = best[served]
                b.update(loop=max(b["loop"], got["loop"]), run=max(b["run"], got["run"]),
                         cpu_s_per_mword=min(b["cpu_s_per_mword"], got["cpu_s_per_mword"]))
    plain, serve = best[False], best[True]
    return {"corpus": str(corpus), "epochs": epochs, "repeat": repeat,
            "words_per_s_plain": round(plain["loop"]), "words_per_s_serve": round(serve["loop"]),
            "ratio": round(serve["loop"] / plain["loop"], 4),
            "ratio_whole_run": round(serve["run"] / plain["run"], 4),
            "cpu_s_per_mword_plain": round(plain["cpu_s_per_mword"], 4),
            "cpu_s_per_mword_serve": round(serve["cpu_s_per_mword"], 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes: proves the script works")
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=2000, help="per kind, over all clients")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="training corpus (default: ../shared/data text8-like Gutenberg part 1, else Brown)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if args.quick:
        args.words, args.dims, args.requests, args.epochs, args.repeat = 5000, 50, 80, 1, 1
    corpus = args.corpus or _default_corpus(args.quick)
    machine = machine_info()  # (its loadavg: before the first measurement)
    rows = latency(args.words, args.dims, args.clients, args.requests)
    peer = gensim_reference(args.words, args.dims, queries=20 if args.quick else 200)
    for r in rows:
        r["gensim_in_process_p50_ms"] = peer.get(r["kind"])
        r["p50_over_gensim"] = round(r["p50_ms"] / peer[r["kind"]], 2) if peer.get(r["kind"]) else None
    print(f"latency: {args.clients} clients, {args.words:,} x {args.dims} model (target p99 <= 50 ms)")
    print_table(rows, ["kind", "requests", "errors", "p50_ms", "p99_ms", "max_ms", "requests_per_s",
                       "gensim_in_process_p50_ms", "p50_over_gensim"])
    train = throughput(corpus, args.epochs, args.repeat, _default_corpus(quick=True))
    print(f"\ntraining {corpus.name}, {args.epochs} epochs, best of {args.repeat} "
          "(target --serve / plain >= 0.95)")
    print_table([train], ["words_per_s_plain", "words_per_s_serve", "ratio", "ratio_whole_run",
                          "cpu_s_per_mword_plain", "cpu_s_per_mword_serve"])
    name = "serve_quick.json" if args.quick else "serve.json"
    path = write_json(RESULTS / name, {"machine": machine, "args": {k: str(v) for k, v in vars(args).items()},
                                       "latency": rows, "training": train,
                                       "loadavg_at_end": list(os.getloadavg())})
    print(f"\nwrote {path}")


def _default_corpus(quick: bool) -> Path:
    from zero2vec.datasets.bundled import bundled_path

    big = SHARED_DATA / "corpora" / "gutenberg" / "gutenberg_en_01.txt.gz"
    return bundled_path("brown") if quick or not big.exists() else big


if __name__ == "__main__":
    main()
