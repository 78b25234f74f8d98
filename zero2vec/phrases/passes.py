"""Phrasing a corpus file in one or more passes (bigrams, then trigrams and longer).

Each pass learns a :class:`~zero2vec.phrases.Phrases` model on what the pass before
wrote and writes the corpus again with its phrases joined; the last pass writes the
output (atomically), earlier ones a temporary file beside it. The CLI's ``phrases``
command and ``train --phrases N`` both come here.
"""
from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from zero2vec._atomic import atomic_file, check_outputs
from zero2vec._checks import check_positive_int
from zero2vec.corpus.sentences import LineSentence
from zero2vec.corpus.scan import is_plain_file
from zero2vec.phrases.model import Phrases

logger = logging.getLogger("zero2vec.phrases")


def phrase_corpus(corpus: LineSentence | Iterable, output: str | os.PathLike, passes: int = 1,
                  note: Callable[[str], None] | None = None, **settings) -> list[Phrases]:
    """Write ``corpus`` with its phrases joined to ``output``, after ``passes`` passes.

    ``settings`` are :class:`~zero2vec.phrases.Phrases`'s (``min_count``, ``threshold``,
    ``scoring``, ``delimiter``, ``connector_words``, ``max_vocab_size``). Each pass
    applies its :class:`~zero2vec.phrases.Phrases` model itself, not the frozen one:
    gensim's ``export_phrases`` scores a key by its outer words (``new_york_city`` as
    ``new`` ... ``city``), so a frozen later pass would drop phrases of phrases that the
    model scores by its tokens. Returns each pass's model; ``note`` hears how many
    phrases each pass joined.
    """
    passes = check_positive_int("passes", passes)
    output = Path(output)
    inputs = {"the corpus": corpus.path} if isinstance(corpus, LineSentence) else {}
    check_outputs({"the phrased corpus (--output)": output}, inputs)
    Phrases(**settings)  # (checks every setting before any reading)
    models = []
    with tempfile.TemporaryDirectory(prefix=f".{output.name}.", dir=output.parent) as tmp:
        source = corpus
        for k in range(1, passes + 1):
            model = Phrases(source, **settings)
            dest = output if k == passes else Path(tmp) / f"pass{k}.txt"
            if is_plain_file(source) and not model._callable:
                joined = model.transform_file(source, dest)[1]
            else:
                joined = _write_sentences(model[source], dest, model.delimiter)
            if note is not None:
                note(f"pass {k}: joined {joined:,} phrases")
            models.append(model)
            source = LineSentence(dest)
    return models


def _write_sentences(sentences: Iterable[list[str]], path: Path, delimiter: str) -> int:
    """Write ``sentences`` a line each; returns the tokens that hold ``delimiter``."""
    joined = 0
    with atomic_file(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        for sentence in sentences:
            joined += sum(delimiter in t for t in sentence)
            f.write(" ".join(sentence))
            f.write("\n")
    return joined
