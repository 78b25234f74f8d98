"""Applying a phrase model: the kernels' edits turned into token lists, or into a file.

A model hands over what its kernels need (:class:`Scorer`); :func:`edits` runs
:func:`~zero2vec.phrases.kernels.decide` over a batch of spans, and the batch's
sentences come back as lists (a token that is no phrase is the caller's own ``str``
object) or, for a file, as text written by :func:`~zero2vec.phrases.kernels.render`.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from zero2vec._atomic import atomic_file, check_outputs
from zero2vec.corpus.sentences import LineSentence
from zero2vec.corpus.wordhash import WordTable
from zero2vec.phrases import kernels as K
from zero2vec.phrases.counting import Spans, iter_spans


@dataclass
class Scorer:
    """What :func:`~zero2vec.phrases.kernels.decide` reads of a model."""

    table: WordTable
    scores: np.ndarray
    frozen: bool
    code: int
    threshold: float
    min_count: float
    corpus_word_count: int
    connectors: WordTable
    delimiter: str
    parts: WordTable | None = None  # a frozen model's phrase parts (see kernels._candidate)

    @property
    def delim(self) -> np.ndarray:
        return np.frombuffer(self.delimiter.encode("utf-8"), dtype=np.uint8)


@dataclass
class Edits:
    """A batch's edits (see :func:`~zero2vec.phrases.kernels.decide`)."""

    kind: np.ndarray
    first: np.ndarray
    last: np.ndarray
    score: np.ndarray
    per_sentence: np.ndarray


def edits(spans: Spans, sc: Scorer) -> Edits:
    n = len(spans.tlen)
    kind = np.empty(n, dtype=np.int8)
    first = np.empty(n, dtype=np.int64)
    last = np.empty(n, dtype=np.int64)
    score = np.empty(n, dtype=np.float64)
    per = np.empty(len(spans.slen), dtype=np.int64)
    delim = sc.delim
    scratch = np.empty(int(spans.tlen.sum()) + len(delim) * n + 1, dtype=np.uint8)
    t = sc.table
    f = sc.parts if sc.parts is not None else sc.connectors  # (unread unless frozen)
    ne = K.decide(spans.data, spans.tstart, spans.tlen, spans.thash, spans.slen,
                  sc.connectors.slots, sc.connectors.words, sc.connectors.pool, delim, scratch,
                  t.slots, t.words, t.pool, sc.scores, f.slots, f.words, f.pool, sc.frozen,
                  sc.code, sc.threshold, len(t), sc.min_count, sc.corpus_word_count, kind,
                  first, last, score, per)
    return Edits(kind[:ne], first[:ne], last[:ne], score[:ne], per)


def _edited(sentences: list, ed: Edits, delimiter: str) -> list[list[str]]:
    """The sentences with their edits applied (tokens that change not are the same objects)."""
    if len(ed.kind) == 0:
        return [list(s) for s in sentences]
    kinds, firsts, lasts = ed.kind.tolist(), ed.first.tolist(), ed.last.tolist()
    per = ed.per_sentence.tolist()
    out = []
    k = base = 0
    for s, sent in enumerate(sentences):
        end = per[s]
        if k == end:
            out.append(list(sent))
        else:
            res: list = []
            prev = 0
            while k < end:
                a, b = firsts[k] - base, lasts[k] - base
                res.extend(sent[prev:a])
                if kinds[k] == K.JOIN:
                    res.append(delimiter.join(sent[a:b + 1]))
                prev = b + 1
                k += 1
            res.extend(sent[prev:])
            out.append(res)
        base += len(sent)
    return out


def _rendered(spans: Spans, ed: Edits, sc: Scorer) -> bytes:
    n = len(spans.tlen)
    out = np.empty(int(spans.tlen.sum()) + max(1, len(sc.delim)) * n + len(spans.slen) + 1,
                   dtype=np.uint8)
    m = K.render(spans.data, spans.tstart, spans.tlen, spans.slen, spans.sline, ed.kind,
                 ed.first, ed.last, sc.delim, out)
    return out[:m].tobytes()


def _splits_back(delimiter: str) -> bool:
    """Whether text written with ``delimiter`` splits back into the same tokens."""
    return not any(c.isspace() for c in delimiter)


def apply_corpus(sc: Scorer, corpus: Iterable) -> Iterator[list[str]]:
    """The sentences of ``corpus`` with their phrases joined, one list each."""
    # a file's phrased text is split back into lists at C speed (no Python loop per
    # token), unless a delimiter with whitespace in it would split phrases too
    for spans in iter_spans(corpus, as_lists=not _splits_back(sc.delimiter)):
        ed = edits(spans, sc)
        if spans.sentences is not None:
            yield from _edited(spans.sentences, ed, sc.delimiter)
        else:
            spans.sline = np.ones(len(spans.slen), dtype=np.bool_)
            text = _rendered(spans, ed, sc).decode("utf-8")
            for line in text.split("\n")[:-1]:
                yield line.split(" ")


def find_phrases(sc: Scorer, sentences: Iterable) -> dict[str, float]:
    """gensim's ``find_phrases``: each phrase the model finds in ``sentences``, with its score."""
    result: dict[str, float] = {}
    for spans in iter_spans(sentences):
        ed = edits(spans, sc)
        joins = np.flatnonzero(ed.kind == K.JOIN)
        if not len(joins):
            continue
        firsts, lasts, scores = (a[joins].tolist() for a in (ed.first, ed.last, ed.score))
        if spans.sentences is not None:
            flat = [t for s in spans.sentences for t in s]
            for a, b, v in zip(firsts, lasts, scores):
                result[sc.delimiter.join(flat[a:b + 1])] = v
        else:
            data = spans.data
            d = sc.delimiter
            for a, b, v in zip(firsts, lasts, scores):
                words = [data[spans.tstart[t]:spans.tstart[t] + spans.tlen[t]].tobytes()
                         .decode("utf-8") for t in range(a, b + 1)]
                result[d.join(words)] = v
    return result


def transform_file(sc: Scorer, corpus: LineSentence, output: str | os.PathLike,
                   inputs: dict | None = None) -> tuple[int, int]:
    """Write ``corpus`` with its phrases joined to ``output`` (atomically), a line for each
    of its lines; returns the tokens written and how many of them are phrases."""
    check_outputs({"the phrased corpus": output}, {"the corpus": corpus.path, **(inputs or {})})
    n = joined = 0
    with atomic_file(output) as tmp, open(tmp, "wb") as f:
        for spans in iter_spans(corpus, keep_empty=True):
            ed = edits(spans, sc)
            f.write(_rendered(spans, ed, sc))
            joins = ed.kind == K.JOIN
            n += len(spans.tlen) - int((ed.last - ed.first)[joins].sum())
            joined += int(joins.sum())
    return n, joined


def phrase_parts(phrases: list[str], delimiter: str) -> WordTable:
    """Every part of ``phrases`` before or after an occurrence of ``delimiter`` (the first
    and last words of any candidate that can be one of them are there)."""
    parts: dict[str, None] = {}
    d = len(delimiter)
    for p in phrases:
        j = p.find(delimiter)
        while j >= 0:
            parts[p[:j]] = parts[p[j + d:]] = None
            j = p.find(delimiter, j + 1)
    table = WordTable(max(1, len(parts)), 1 << 10)
    table.add_words(list(parts))
    return table
