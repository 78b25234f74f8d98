"""How long a newcomer waits: ``zero2vec demo`` (en, ja) and the default test suite.

The README and README.ja quote these times, and the Japanese demo's neighbours; the numbers
come from this script's result file (``tests/test_doc_numbers.py`` checks that they agree).
Each step runs in a fresh subprocess, as a newcomer runs it; run it on a quiet machine (the
load average at start is recorded), twice if the first run compiles numba's cache:

    python benchmarks/demo_time.py                  # demo en, demo ja, test suite (minutes)
    python benchmarks/demo_time.py --skip-suite     # only the demos
    python benchmarks/demo_time.py --epochs 1 --skip-suite --out /tmp/t.json   # smoke run

Prints a table and writes benchmarks/results/demo_time.json.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, ROOT, machine_info, print_table, write_json  # noqa: E402


def timed(cmd: list[str], env: dict, cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def demo(lang: str, epochs: int | None, work: Path, env: dict) -> dict:
    out = work / f"demo-{lang}"
    cmd = [sys.executable, "-m", "zero2vec", "demo", "--lang", lang, "--output", str(out), "--quiet"]
    if epochs is not None:
        cmd += ["--epochs", str(epochs)]
    seconds = timed(cmd, env, work)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {"step": f"zero2vec demo --lang {lang}", "seconds": seconds,
            "epochs": summary["epochs"], "train_seconds": summary["train_seconds"],
            "neighbours": summary["neighbours"], "analogies": summary.get("analogies", {})}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=None, help="demo epochs (default: the demo's)")
    ap.add_argument("--skip-suite", action="store_true", help="do not time the test suite")
    ap.add_argument("--skip-ja", action="store_true", help="do not run demo --lang ja")
    ap.add_argument("--out", type=Path, default=RESULTS / "demo_time.json")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # a cold tokenising cache, as on a fresh machine
        env = {**os.environ, "ZERO2VEC_CACHE_DIR": str(work / "cache"),
               "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        rows.append(demo("en", args.epochs, work, env))
        if not args.skip_ja:
            rows.append(demo("ja", args.epochs, work, env))
        if not args.skip_suite:
            cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
            rows.append({"step": "pytest -q (the default suite)", "seconds": timed(cmd, env, ROOT)})
    print_table(rows, ["step", "seconds"])
    write_json(args.out, {"machine": machine_info(), "epochs": args.epochs,
                          "steps": {r["step"]: r for r in rows}})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
