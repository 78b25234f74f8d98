"""gensim 4's own ``test_word2vec.py``, run against ``zero2vec.Word2Vec``.

Collected by ``conftest.py`` (the harness): gensim's file, unmodified, with its gensim
imports bound to what ``BINDINGS`` says. ``Word2Vec``, ``KeyedVectors`` and the corpus
readers are zero2vec's; the rest are the test file's utilities (its toy corpora, writing a
corpus file, a temporary file), written here from what gensim's do, no part of the API
under test.
"""
from __future__ import annotations

import bz2
import contextlib
import gzip
import itertools
import os
import re
import subprocess
import tempfile

import zero2vec.corpus
from zero2vec import Word2Vec
from zero2vec.corpus.vocab import RULE_DEFAULT, RULE_DISCARD, RULE_KEEP
from zero2vec.vectors import WordVectors


def datapath(fname: str) -> str:
    """gensim's test data (the harness binds the same for the test file itself)."""
    import importlib.util

    spec = importlib.util.find_spec("gensim")
    return os.path.join(list(spec.submodule_search_locations)[0], "test", "test_data", fname)

GENSIM_TEST = "test_word2vec.py"

COMMON_TEXTS = [  # gensim.test.utils.common_texts (the toy corpus of gensim's tutorials)
    ["human", "interface", "computer"],
    ["survey", "user", "computer", "system", "response", "time"],
    ["eps", "user", "interface", "system"],
    ["system", "human", "system", "eps"],
    ["user", "response", "time"],
    ["trees"],
    ["graph", "trees"],
    ["graph", "minors", "trees"],
    ["graph", "minors", "survey"],
]

_WORD = re.compile(r"(?:(?!\d)\w)+")  # runs of letters (word characters but digits)


def simple_preprocess(line: str) -> list[str]:
    """gensim's ``simple_preprocess``: lower-cased runs of letters, 2 to 15 long, not
    starting with ``_``."""
    return [t for t in _WORD.findall(line.lower()) if 2 <= len(t) <= 15 and not t.startswith("_")]


class LeeCorpus:
    """gensim's ``LeeCorpus``: its test file ``lee_background.cor``, one document a line."""

    def __iter__(self):
        with open(datapath("lee_background.cor"), encoding="utf8") as f:
            for line in f:
                yield simple_preprocess(line)


@contextlib.contextmanager
def temporary_file(name: str = ""):
    """gensim's ``temporary_file``: a path in a fresh folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="zero2vec-compat-") as folder:
        yield os.path.join(folder, os.path.basename(name))


def save_as_line_sentence(corpus, filename: str) -> None:
    """gensim's ``save_as_line_sentence``: one sentence a line, words joined by spaces."""
    with open(filename, "w", encoding="utf8") as f:
        for sentence in corpus:
            f.write(" ".join(sentence) + "\n")


class RepeatCorpus:
    """gensim's ``RepeatCorpus``: the corpus cycled until ``reps`` documents are given."""

    def __init__(self, corpus, reps: int) -> None:
        self.corpus, self.reps = corpus, reps

    def __iter__(self):
        return itertools.islice(itertools.chain.from_iterable(itertools.repeat(self.corpus)),
                                self.reps)


def smart_open(path, mode: str = "r", **kwargs):
    """gensim's ``utils.open`` (smart_open) on local files: ``.gz``/``.bz2`` by their name."""
    opener = {".gz": gzip.open, ".bz2": bz2.open}.get(os.path.splitext(str(path))[1].lower())
    if opener is None:
        return open(path, mode, **kwargs)
    return opener(path, mode + "t" if mode in ("r", "w", "a") else mode, **kwargs)


def to_unicode(text, encoding: str = "utf8", errors: str = "strict") -> str:
    """gensim's ``to_unicode``."""
    return text if isinstance(text, str) else str(text, encoding, errors=errors)


BINDINGS = {
    "gensim.models.word2vec.Word2Vec": Word2Vec,
    "gensim.models.word2vec.LineSentence": zero2vec.corpus.LineSentence,
    **{f"gensim.models.word2vec.{name}": getattr(zero2vec.corpus, name)
       for name in ("PathLineSentences", "Text8Corpus", "BrownCorpus")},
    "gensim.models.keyedvectors.KeyedVectors": WordVectors,
    "gensim.utils.RULE_DEFAULT": RULE_DEFAULT, "gensim.utils.RULE_DISCARD": RULE_DISCARD,
    "gensim.utils.RULE_KEEP": RULE_KEEP,
    "gensim.utils.open": smart_open,  # reads test files
    "gensim.utils.save_as_line_sentence": save_as_line_sentence,
    "gensim.utils.to_unicode": to_unicode, "gensim.utils.RepeatCorpus": RepeatCorpus,
    "gensim.utils.check_output": subprocess.check_output,
    "gensim.test.utils.temporary_file": temporary_file,
    "gensim.test.utils.common_texts": COMMON_TEXTS,
    "gensim.test.utils.LeeCorpus": LeeCorpus,
    "gensim.test.utils.lee_corpus_list": list(LeeCorpus()),
}

_M = "TestWord2VecModel::"
# Tests of gensim itself, not of its API, each with the reason it is left out: its
# internals, its log messages, its old pickles, and the few places where zero2vec is
# stricter or knows more than gensim on purpose.
EXCLUDED = {
    **{_M + t: "loads a pickle written by gensim 0.x-3.x (not read)" for t in (
        "test_load_old_model", "test_load_old_model_separates", "test_load_old_models_1_x",
        "test_load_old_models_2_x", "test_load_old_models_3_x")},
    **{_M + t: "checks the text of a gensim log message" for t in (
        "test_train_warning", "test_train_hs_and_neg")},
    _M + "test_build_vocab_warning": "gensim logs a warning for sentences that are strings; "
                                     "zero2vec refuses them with a CorpusError",
    _M + "test_file_should_not_be_compressed": "gensim's Cython reader refuses a compressed "
                                               "corpus_file; zero2vec reads .gz/.bz2",
    _M + "test_train_with_explicit_param": "gensim requires total_examples/epochs in train(); "
                                           "zero2vec encodes the corpus first, so knows both",
    _M + "test_vocab": "reads the Huffman code gensim keeps per word (a 'code' vector "
                       "attribute, an internal of its hierarchical softmax)",
    "TestWord2VecSentenceIterators::test_cython_line_sentence_works_with_filename":
        "gensim's Cython CythonLineSentence",
    "TestWord2VecScripts::test_word2vec_stand_alone_script": "runs gensim's own command-line "
                                                             "script (gensim, not zero2vec)",
    _M + "test_persistence_backwards_compatible": "loads a pickle written by gensim 3.8 (not read)",
    **{_M + t: "checks syn1's shape: gensim allocates a row per word, zero2vec one per inner "
               "node of the Huffman tree (V-1)" for t in (
        "test_training", "test_training_cbow", "test_training_from_file")},
}

# 20 epochs of a 500-line corpus, twice, and 33 repetitions of the Lee corpus: the slow group
SLOW = [_M + "test_evaluate_word_pairs", _M + "test_evaluate_word_pairs_from_file",
        _M + "test_parallel"]
