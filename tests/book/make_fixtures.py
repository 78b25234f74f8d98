"""Compute tests/book/fixtures/reference.json from the book's own code (run once, by hand).

    python tests/book/make_fixtures.py [BOOK_REPO]

BOOK_REPO is a checkout (or a bare git directory) of oreilly-japan/deep-learning-from-scratch-2;
default: $ZERO2VEC_BOOK_REPO. The book's ``common/`` and chapter modules are imported from a
temporary copy; every value below is what *its* functions return or print on inputs the tests
rebuild themselves (seeded recipes shared with test_reference.py through the JSON).
Nothing of the book's code is copied into zero2vec: only these outputs are stored.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "fixtures" / "reference.json"
TEXT = "You say goodbye and I say hello."


def extract(repo: Path, dest: Path) -> str:
    """Copy ch02-ch04, common and dataset of the book's repo into ``dest``; return its commit."""
    bare = not (repo / ".git").exists() and (repo / "HEAD").exists()
    git = ["git", f"--git-dir={repo}"] if bare else ["git", "-C", str(repo)]
    commit = subprocess.run(git + ["rev-parse", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    tar = subprocess.run(git + ["archive", "HEAD", "ch02", "ch03", "ch04", "common", "dataset"],
                         capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=tar, check=True)
    return commit


def printed(fn, *args, **kwargs) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn(*args, **kwargs)
    return buf.getvalue()


def query_matrix(seed: int, shape: list[int], dtype: str) -> np.ndarray:
    """The test's recipe: coarse values, so float16 scores tie and the tie order shows."""
    rng = np.random.default_rng(seed)
    return (np.round(rng.standard_normal(shape) * 4) / 4).astype(dtype)


def ch02(util) -> dict:
    corpus, w2i, i2w = util.preprocess(TEXT)
    C = util.create_co_matrix(corpus, len(w2i), window_size=1)
    W = util.ppmi(C)
    rng = np.random.default_rng(7)
    rc = rng.integers(0, 25, 400)
    RC = util.create_co_matrix(rc, 25, window_size=2)
    return {
        "C": C.tolist(), "W": W.astype(float).tolist(),
        "similarity": repr(float(util.cos_similarity(C[w2i["you"]], C[w2i["i"]]))),
        "most_similar": printed(util.most_similar, "you", w2i, i2w, C, top=5),
        "ppmi_verbose": printed(util.ppmi, C, verbose=True),
        "random": {"seed": 7, "vocab_size": 25, "n": 400, "window": 2,
                   "C": RC.tolist(), "W": util.ppmi(RC).astype(float).tolist()},
    }


def queries(util) -> list[dict]:
    out = []
    for seed, shape, dtype in ((1, [60, 6], "float16"), (2, [80, 8], "float16"),
                               (3, [50, 5], "float32"), (4, [40, 4], "float64")):
        M = query_matrix(seed, shape, dtype)
        i2w = {i: f"w{i}" for i in range(shape[0])}
        w2i = {w: i for i, w in i2w.items()}
        text = printed(util.most_similar, "w3", w2i, i2w, M, top=6)
        text += printed(util.most_similar, "w0", w2i, i2w, M, top=4)
        text += printed(util.analogy, "w1", "w2", "w5", w2i, i2w, M, top=6)
        text += printed(util.analogy, "w7", "w4", "w9", w2i, i2w, M, top=3, answer="w11")
        text += printed(util.analogy, "w7", "nope", "w9", w2i, i2w, M)
        out.append({"seed": seed, "shape": shape, "dtype": dtype, "out": text})
    return out


def ch03(util, trainer_mod, optimizer, simple_cbow, simple_skip_gram) -> dict:
    corpus, w2i, _ = util.preprocess(TEXT)
    contexts, target = util.create_contexts_target(corpus, 1)
    V = len(w2i)
    target1, contexts1 = util.convert_one_hot(target, V), util.convert_one_hot(contexts, V)
    runs = {}
    for name, cls in (("cbow", simple_cbow.SimpleCBOW), ("skip_gram", simple_skip_gram.SimpleSkipGram)):
        np.random.seed(0)
        model = cls(V, 5)
        tr = trainer_mod.Trainer(model, optimizer.Adam())
        text = printed(tr.fit, contexts1, target1, 30, 3)
        runs[name] = {"seed": 0, "max_epoch": 30, "batch_size": 3, "hidden_size": 5, "out": text,
                      "word_vecs": model.word_vecs.astype(float).tolist(),
                      "loss_list": tr.loss_list}
    return runs


def ch04(cbow_mod, nsl, optimizer, trainer_mod) -> dict:
    """The book's CBOW and SkipGram on fixed negatives: losses and weights after 3 dense Adam steps."""
    rng = np.random.default_rng(11)
    corpus = rng.integers(0, 30, 300)
    contexts = np.stack([corpus[i:i + 4] for i in range(0, 40)])
    target = rng.integers(0, 30, 40)
    negatives = rng.integers(0, 30, (40, 5))
    out = {"corpus": corpus.tolist(), "contexts": contexts.tolist(), "target": target.tolist(),
           "negatives": negatives.tolist(), "runs": {}}
    sampler = nsl.UnigramSampler(corpus, 0.75, 5)
    out["word_p"] = sampler.word_p.tolist()
    import skip_gram
    for name, cls in (("cbow", cbow_mod.CBOW), ("skip_gram", skip_gram.SkipGram)):
        np.random.seed(5)
        model = cls(30, 4, 2, corpus)
        for layer in getattr(model, "loss_layers", None) or [model.ns_loss]:
            if hasattr(layer, "sampler"):
                layer.sampler.get_negative_sample = lambda t: negatives[:len(t)]
        opt, losses = optimizer.Adam(), []
        for step in range(3):
            sl = slice(step * 10, step * 10 + 10)
            losses.append(float(model.forward(contexts[sl], target[sl])))
            model.backward()
            params, grads = trainer_mod.remove_duplicate(model.params, model.grads)
            opt.update(params, grads)
        out["runs"][name] = {"seed": 5, "losses": losses,
                             "W_in": model.word_vecs.astype(float).tolist(),
                             "W_out": model.params[-1].astype(float).tolist()}
    return out


def main() -> None:
    repo = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["ZERO2VEC_BOOK_REPO"])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        commit = extract(repo, root)
        sys.path[:0] = [str(root), str(root / "ch03"), str(root / "ch04")]
        from common import optimizer, trainer, util  # the book's modules
        import cbow
        import negative_sampling_layer
        import simple_cbow
        import simple_skip_gram

        ref = {"source": {"repo": "oreilly-japan/deep-learning-from-scratch-2", "commit": commit},
               "ch02": ch02(util), "queries": queries(util),
               "ch03": ch03(util, trainer, optimizer, simple_cbow, simple_skip_gram),
               "ch04": ch04(cbow, negative_sampling_layer, optimizer, trainer)}
        with open(root / "ch04" / "cbow_params.pkl", "rb") as f:
            params = pickle.load(f)
        ref["eval_pkl"] = printed(_eval, util, params)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(ref, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


def _eval(util, params) -> None:
    """The calls of the book's ch04/eval.py, on its shipped cbow_params.pkl."""
    w, w2i, i2w = params["word_vecs"], params["word_to_id"], params["id_to_word"]
    for q in ("you", "year", "car", "toyota"):
        util.most_similar(q, w2i, i2w, w, top=5)
    for a, b, c in (("king", "man", "queen"), ("take", "took", "go"), ("car", "cars", "child"),
                    ("good", "better", "bad")):
        util.analogy(a, b, c, w2i, i2w, w)


if __name__ == "__main__":
    main()
