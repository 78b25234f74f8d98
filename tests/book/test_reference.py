"""zero2vec.book against values the book's own code gave (fixtures/reference.json,
made by make_fixtures.py): the calls the chapter scripts make, on the same inputs.

float16 results and the ch02 toy corpus compare to the bit (numpy's own loops); float32 /
float64 ones, whose last bits depend on the BLAS kernel of the machine, to 1e-6.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from zero2vec.book import optimizer, trainer, util
from zero2vec.book.cbow import CBOW
from zero2vec.book.negative_sampling_layer import UnigramSampler
from zero2vec.book.simple_cbow import SimpleCBOW
from zero2vec.book.simple_skip_gram import SimpleSkipGram
from zero2vec.book.skip_gram import SkipGram

REF = json.loads((Path(__file__).parent / "fixtures" / "reference.json").read_text(encoding="utf-8"))
TEXT = "You say goodbye and I say hello."
NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]\d+)?")


def query_matrix(seed: int, shape: list[int], dtype: str) -> np.ndarray:
    """make_fixtures.py's recipe."""
    rng = np.random.default_rng(seed)
    return (np.round(rng.standard_normal(shape) * 4) / 4).astype(dtype)


def same_text(got: str, want: str, exact: bool) -> None:
    if exact:
        assert got == want
        return
    assert NUMBER.sub("#", got) == NUMBER.sub("#", want)  # the words, in the same order
    np.testing.assert_allclose([float(x) for x in NUMBER.findall(got)],
                               [float(x) for x in NUMBER.findall(want)], rtol=1e-6, atol=1e-12)


def test_ch02_dense_matrices_are_the_books(capsys):
    corpus, w2i, i2w = util.preprocess(TEXT)
    C = util.create_co_matrix(corpus, len(w2i), window_size=1)
    assert isinstance(C, np.ndarray) and C.dtype == np.int32
    assert C.tolist() == REF["ch02"]["C"]
    W = util.ppmi(C)
    assert isinstance(W, np.ndarray) and W.dtype == np.float32
    np.testing.assert_array_equal(W, np.array(REF["ch02"]["W"], dtype=np.float32))
    assert repr(float(util.cos_similarity(C[w2i["you"]], C[w2i["i"]]))) == REF["ch02"]["similarity"]
    util.most_similar("you", w2i, i2w, C, top=5)
    assert capsys.readouterr().out == REF["ch02"]["most_similar"]


def test_ppmi_of_a_random_corpus_to_the_bit_and_its_progress_lines(capsys):
    r = REF["ch02"]["random"]
    ids = np.random.default_rng(r["seed"]).integers(0, r["vocab_size"], r["n"])
    C = util.create_co_matrix(ids, r["vocab_size"], window_size=r["window"])
    assert C.tolist() == r["C"]
    np.testing.assert_array_equal(util.ppmi(C), np.array(r["W"], dtype=np.float32))
    corpus, w2i, _ = util.preprocess(TEXT)
    util.ppmi(util.create_co_matrix(corpus, len(w2i)), verbose=True)
    assert capsys.readouterr().out == REF["ch02"]["ppmi_verbose"]


@pytest.mark.parametrize("case", REF["queries"], ids=lambda c: f"{c['dtype']}-{c['seed']}")
def test_most_similar_and_analogy_print_the_books_lines(case, capsys):
    M = query_matrix(case["seed"], case["shape"], case["dtype"])
    i2w = {i: f"w{i}" for i in range(len(M))}
    w2i = {w: i for i, w in i2w.items()}
    util.most_similar("w3", w2i, i2w, M, top=6)
    util.most_similar("w0", w2i, i2w, M, top=4)
    util.analogy("w1", "w2", "w5", w2i, i2w, M, top=6)
    util.analogy("w7", "w4", "w9", w2i, i2w, M, top=3, answer="w11")
    assert util.analogy("w7", "nope", "w9", w2i, i2w, M) is None
    same_text(capsys.readouterr().out, case["out"], exact=case["dtype"] == "float16")


@pytest.mark.parametrize("name, cls", [("cbow", SimpleCBOW), ("skip_gram", SimpleSkipGram)])
def test_ch03_training_under_a_seed_is_the_books_run(name, cls, capsys):
    """np.random.seed, then the ch03 calls: the same weights, batches, lines and vectors."""
    run = REF["ch03"][name]
    corpus, w2i, _ = util.preprocess(TEXT)
    contexts, target = util.create_contexts_target(corpus, 1)
    target = util.convert_one_hot(target, len(w2i))
    contexts = util.convert_one_hot(contexts, len(w2i))
    np.random.seed(run["seed"])
    model = cls(len(w2i), run["hidden_size"])
    tr = trainer.Trainer(model, optimizer.Adam())
    tr.fit(contexts, target, run["max_epoch"], run["batch_size"])
    got = capsys.readouterr().out
    assert re.sub(r"time \d+\[s\]", "", got) == re.sub(r"time \d+\[s\]", "", run["out"])
    np.testing.assert_allclose(model.word_vecs, np.array(run["word_vecs"]), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(tr.loss_list, run["loss_list"], rtol=1e-6)


def test_ch04_sampler_distribution_is_the_books():
    corpus = np.array(REF["ch04"]["corpus"])
    np.testing.assert_allclose(UnigramSampler(corpus, 0.75, 5).word_p, REF["ch04"]["word_p"],
                               rtol=1e-15)


@pytest.mark.parametrize("name, cls", [("cbow", CBOW), ("skip_gram", SkipGram)])
def test_ch04_models_on_fixed_negatives_match_the_books_dense_adam(name, cls):
    """Same weights from np.random.seed, same negatives: the book's losses and, after three
    steps of the book's dense Adam (lazy=False), its weights."""
    ref, run = REF["ch04"], REF["ch04"]["runs"][name]
    corpus, contexts = np.array(ref["corpus"]), np.array(ref["contexts"])
    target, negatives = np.array(ref["target"]), np.array(ref["negatives"])
    np.random.seed(run["seed"])
    model = cls(30, 4, 2, corpus)
    for layer in getattr(model, "loss_layers", None) or [model.ns_loss]:
        layer.sampler.get_negative_sample = lambda t: negatives[:len(t)]
    opt, losses = optimizer.Adam(lazy=False), []
    for step in range(3):
        sl = slice(step * 10, step * 10 + 10)
        losses.append(model.forward(contexts[sl], target[sl]))
        model.backward()
        opt.update(*trainer.remove_duplicate(model.params, model.grads))
    np.testing.assert_allclose(losses, run["losses"], rtol=1e-6)
    # Adam divides by sqrt(v): where a row's summed gradient nearly cancels, float32 sums in
    # another order move it by up to ~1e-7 (the book's step is lr = 1e-3); a wrong update
    # (lazy Adam, a lost shared gradient) is off by 1e-4 and more
    np.testing.assert_allclose(model.word_vecs, np.array(run["W_in"]), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.params[-1], np.array(run["W_out"]), rtol=1e-5, atol=1e-6)
