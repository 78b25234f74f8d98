"""Nothing depends on Python's string hashing: PYTHONHASHSEED does not change a run."""
from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import hashlib, gzip
from zero2vec.engine import Word2Vec
from zero2vec.datasets.bundled import bundled_path
with gzip.open(bundled_path("brown"), "rt", encoding="utf-8") as f:
    lines = [next(f).split() for _ in range(400)]
m = Word2Vec(lines, vector_size=16, min_count=2, epochs=1, workers=1, seed=4, progress=False)
print(hashlib.sha256(m.W_in.tobytes() + m.W_out.tobytes()).hexdigest(), m.wv.index_to_key[:5])
"""


def test_vectors_do_not_depend_on_pythonhashseed():
    outs = []
    for hs in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hs}
        proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                              env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        outs.append(proc.stdout.strip())
    assert outs[0] == outs[1]
