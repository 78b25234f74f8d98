"""Every script of the book's ch02, ch03 and ch04, run as the book ships it and with its
imports changed to zero2vec.book: the same printout (needs the book's repository; PTB
scripts need ../shared/data; skipped with the reason otherwise).

Each pair runs in-process under the same ``np.random.seed``. Scripts whose randomness is
numpy's (weights, shuffles, randomized SVD) then print the same to the last digit; ch04's
training draws its negatives another way than the book, so there the first reported loss
is compared exactly and the rest for form. The PTB and ch04-training pairs are marked slow
(``pytest -m slow tests/book``).
"""
from __future__ import annotations

import pickle
import re
import sys
import warnings

import pytest

TIME = re.compile(r"time \d+\[s\]")
EXACT = ["ch02/similarity.py", "ch02/most_similar.py", "ch02/ppmi.py", "ch02/count_method_small.py",
         "ch03/cbow_predict.py", "ch03/train.py", "ch04/eval.py"]


@pytest.fixture(autouse=True)
def _quiet_show():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*non-interactive.*")  # plt.show() on Agg
        yield


@pytest.mark.parametrize("script", EXACT)
@pytest.mark.parametrize("kind", ["common", "all"])
def test_script_prints_what_the_books_prints(book_trees, run_script, script, kind):
    want = run_script(book_trees["book"], script)
    got = run_script(book_trees[kind], script)
    assert want.strip() and TIME.sub("", got) == TIME.sub("", want)


@pytest.mark.parametrize("script", ["ch03/simple_cbow.py", "ch03/simple_skip_gram.py",
                                    "ch04/cbow.py", "ch04/skip_gram.py",
                                    "ch04/negative_sampling_layer.py"])
def test_chapter_modules_run_with_their_imports_changed(book_trees, run_script, script):
    assert run_script(book_trees["common"], script) == ""


@pytest.mark.slow  # ~10 s: the book's PPMI double loop, twice
@pytest.mark.parametrize("hide_sklearn", [False, True], ids=["sklearn", "np.linalg.svd"])
def test_ptb_scripts_print_what_the_books_print(book_trees, small_ptb, run_script, monkeypatch,
                                                hide_sklearn):
    if hide_sklearn:  # the book's fallback: a full SVD of the dense PPMI matrix
        monkeypatch.setitem(sys.modules, "sklearn", None)
    for script in ("ch02/show_ptb.py", "ch02/count_method_big.py"):
        want = run_script(book_trees["book"], script)
        assert run_script(book_trees["common"], script) == want


def _one_epoch(src: str) -> str:
    """One epoch, and a pickle of its own (the shipped cbow_params.pkl stays for eval.py)."""
    assert "max_epoch = 10\n" in src and "pkl_file = 'cbow_params.pkl'" in src
    return (src.replace("max_epoch = 10\n", "max_epoch = 1\n")
            .replace("pkl_file = 'cbow_params.pkl'", "pkl_file = 'small_params.pkl'"))


@pytest.mark.slow  # ~6 s: four short trainings
@pytest.mark.parametrize("kind", ["common", "all"])
def test_ch04_train_runs_and_writes_the_books_pickle(book_trees, small_ptb, run_script, kind):
    want = run_script(book_trees["book"], "ch04/train.py", edit=_one_epoch).splitlines()
    got = run_script(book_trees[kind], "ch04/train.py", edit=_one_epoch).splitlines()
    form = re.compile(r"\| epoch 1 \|  iter \d+ / \d+ \| time \d+\[s\] \| loss \d+\.\d\d$")
    assert len(got) == len(want) and all(form.match(line) for line in got)
    assert TIME.sub("", got[0]) == TIME.sub("", want[0])  # the first loss: the same weights and data
    with open(book_trees[kind] / "ch04" / "small_params.pkl", "rb") as f:
        params = pickle.load(f)
    assert params["word_vecs"].dtype.name == "float16"
    assert params["word_vecs"].shape == (len(params["id_to_word"]), 100)
    from zero2vec.book.util import most_similar
    assert len(most_similar("the", params["word_to_id"], params["id_to_word"],
                            params["word_vecs"])) == 5
