"""Same seed => same vectors, whatever PYTHONHASHSEED (layered path)."""
import os
import subprocess
import sys

import numpy as np

SCRIPT = """
import sys, numpy as np
from zero2vec.trainer import train_layers
res = train_layers(sys.argv[1], vector_size=8, window=2, min_count=1, epochs=2, batch_size=16,
                   seed=3, progress=False)
np.save(sys.argv[2], res.wv.vectors)
open(sys.argv[2] + ".vocab", "w").write("\\n".join(res.wv.index_to_key))
"""


def test_vectors_do_not_depend_on_pythonhashseed(tmp_path):
    corpus = tmp_path / "c.txt"
    words = [f"w{i}" for i in range(30)]
    rng = np.random.default_rng(0)
    corpus.write_text("\n".join(" ".join(rng.choice(words, 12)) for _ in range(60)))
    outs = []
    for hs in ("1", "2"):
        out = tmp_path / f"v{hs}.npy"
        env = {**os.environ, "PYTHONHASHSEED": hs}
        subprocess.run([sys.executable, "-c", SCRIPT, str(corpus), str(out)], check=True, env=env,
                       timeout=300)
        outs.append((np.load(out), (tmp_path / f"v{hs}.npy.vocab").read_text()))
    np.testing.assert_array_equal(outs[0][0], outs[1][0])
    assert outs[0][1] == outs[1][1]
