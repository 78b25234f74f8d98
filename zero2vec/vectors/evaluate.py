"""Intrinsic evaluation: analogy accuracy and word-pair similarity correlation.

Both follow gensim's ``KeyedVectors.evaluate_word_analogies`` / ``evaluate_word_pairs``
to the letter (case folding with ``str.upper``, the most frequent spelling winning,
OOV questions skipped and counted, at most five candidates checked), so on the same
vectors the scores equal gensim's. Two deliberate extensions:

* analogies are scored in batches (one matrix product per batch instead of one per
  question), which is much faster and gives the same answers;
* word-pair files may be tab, comma or space separated and have more than three
  columns (SimLex-999's full layout, the Japanese Word Similarity Dataset's CSV);
  the score is read from ``score_column``. A header (the first line whose score is
  not a number) is skipped; any later score that is not a finite number (``nan``,
  ``inf``, a word) is refused with ``file:line``, where gensim skips the line or lets
  a NaN through to the correlation.

The formulas (unit rows, 3CosAdd, 3CosMul, top-k in gensim's tie order) are
``_math``'s, the same that ``WordVectors``' queries use. ``WordVectors`` is known here
only as a type hint: keyed.py imports this module, never the other way round.
"""
from __future__ import annotations

import math
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from zero2vec.errors import ConfigError, CorpusError
from zero2vec.vectors._math import cosines, cosmul, mean_direction, safe_norms, top_k, unit_rows

if TYPE_CHECKING:
    from zero2vec.vectors.keyed import WordVectors

Progress = Callable[[int, int], None]
_BATCH_CELLS = 1 << 24  # scores held at once: batch x restrict_vocab (64 MB of float32)


def read_text_lines(path: str | os.PathLike, encoding: str = "utf8", what: str = "file") -> list[str]:
    """Decode a whole (optionally gzipped) evaluation file into lines, without line ends.

    Raises CorpusError for a missing, empty or undecodable file (naming the line).
    """
    from zero2vec.corpus.reader import open_binary

    p = Path(path)
    with open_binary(p) as f:
        try:
            data = f.read()
        except CorpusError:  # (the opener's own, already naming the offset)
            raise
        except (OSError, EOFError, zlib.error) as e:  # zlib.error: corrupt .gz data
            raise CorpusError(f"{p}: corrupt or truncated file ({e})") from None
    if not data.strip():
        raise CorpusError(f"{p}: {what} is empty")
    try:
        text = data.decode(encoding)
    except LookupError:
        raise ConfigError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise CorpusError(f"{p}: line {line} is not valid {encoding} (byte {e.start})") from None
    # universal newlines, as gensim's text-mode open: \r\n and \r end lines too
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _ok_vocab(wv: WordVectors, restrict_vocab: int, case_insensitive: bool) -> dict[str, int]:
    """Key -> row for the first ``restrict_vocab`` words; the most frequent spelling wins."""
    ok: dict[str, int] = {}
    keys = wv.index_to_key[:restrict_vocab]
    for i in range(len(keys) - 1, -1, -1):
        ok[keys[i].upper() if case_insensitive else keys[i]] = i
    return ok


def _accuracy(section: dict) -> float:
    n = len(section["correct"]) + len(section["incorrect"])
    return len(section["correct"]) / n if n else 0.0


def evaluate_word_analogies(wv: WordVectors, analogies: str | os.PathLike,
                            restrict_vocab: int = 300000, case_insensitive: bool = True,
                            dummy4unknown: bool = False, similarity_function: str = "most_similar",
                            progress: Progress | None = None) -> tuple[float, list[dict[str, Any]]]:
    """Accuracy on ``a b c d`` analogy questions grouped by ``: section`` lines.

    Parameters
    ----------
    wv : WordVectors
    analogies : path
        questions-words.txt layout: ``: section`` headers, then four words a line.
    restrict_vocab : int
        Only the first (most frequent) words are used, as questions and as answers.
    case_insensitive : bool
        Fold words with ``str.upper``; the most frequent spelling stands for all.
    dummy4unknown : bool
        Count questions with out-of-vocabulary words as wrong instead of skipping them.
    similarity_function : {"most_similar", "most_similar_cosmul"}
        3CosAdd or 3CosMul (gensim 4.4 accepts this argument but always uses 3CosAdd).
    progress : callable(done, total), optional
        Called after each batch of questions.

    Returns
    -------
    score : float
        Overall accuracy.
    sections : list of dict
        One dict per section (``section``, ``correct``, ``incorrect`` lists of
        question tuples), then ``"Total accuracy"`` with ``oov`` (questions skipped)
        and ``oov_ratio`` (percent) added.
    """
    if similarity_function not in ("most_similar", "most_similar_cosmul"):
        raise ConfigError(f"similarity_function must be 'most_similar' or 'most_similar_cosmul', "
                          f"got {similarity_function!r}")
    ok_vocab = _ok_vocab(wv, restrict_vocab, case_insensitive)
    sections: list[dict[str, Any]] = []
    section: dict[str, Any] | None = None
    # (section, question, rows or None for an OOV question kept as wrong), in file order
    todo: list[tuple[dict, tuple[str, ...], tuple[int, int, int] | None]] = []
    oov = quadruplets = 0
    for line_no, line in enumerate(read_text_lines(analogies, what="analogy file")):
        if line.startswith(": "):
            section = {"section": line.lstrip(": ").strip(), "correct": [], "incorrect": []}
            sections.append(section)
            continue
        if section is None:
            if not line.strip():
                continue
            raise CorpusError(f"{analogies}: line {line_no + 1}: a question before any "
                              f"': section' header (is this an analogy file?)")
        words = line.split()
        if len(words) != 4:
            continue  # gensim skips malformed lines too
        if case_insensitive:
            words = [w.upper() for w in words]
        quadruplets += 1
        if any(w not in ok_vocab for w in words):
            oov += 1
            if dummy4unknown:
                todo.append((section, tuple(words), None))
            continue
        ia, ib, ic = (ok_vocab[w] for w in words[:3])
        todo.append((section, tuple(words), (ia, ib, ic)))
    if quadruplets == 0:
        raise CorpusError(f"{analogies}: no analogy questions found")

    answers = iter(_solve(wv, [t[2] for t in todo if t[2] is not None], restrict_vocab,
                          similarity_function, progress))
    for sec, quad, rows in todo:
        if rows is None:
            sec["incorrect"].append(quad)
            continue
        sims = next(answers)
        ignore = set(quad[:3])
        predicted = None
        for word in sims:
            predicted = word.upper() if case_insensitive else word
            if predicted in ok_vocab and predicted not in ignore:
                break
        sec["correct" if predicted == quad[3] else "incorrect"].append(quad)

    total = {
        "section": "Total accuracy",
        "correct": [q for s in sections for q in s["correct"]],
        "incorrect": [q for s in sections for q in s["incorrect"]],
        "oov": oov,
        "oov_ratio": 100.0 * oov / quadruplets,
    }
    return _accuracy(total), sections + [total]


def _solve(wv: WordVectors, questions: list[tuple[int, int, int]], restrict_vocab: int,
           similarity_function: str, progress: Progress | None) -> list[list[str]]:
    """Top-5 candidate words (inputs excluded) for each ``a:b = c:?`` given as rows."""
    if not questions:
        return []
    work = wv._work()
    norms = wv.norms  # once for the whole evaluation
    hi = min(restrict_vocab, len(wv))
    cand, cand_norms = work[:hi], norms[:hi]
    safe = safe_norms(cand_norms)  # once, not three times a question
    batch = max(1, _BATCH_CELLS // max(hi, 1))
    out: list[list[str]] = []
    for start in range(0, len(questions), batch):
        chunk = questions[start:start + batch]
        # b + c - a, in the order gensim's most_similar(positive=[b, c], negative=[a]) adds them
        terms = [unit_rows(work[[ib, ic, ia]], norms[[ib, ic, ia]]) for ia, ib, ic in chunk]
        if similarity_function == "most_similar":
            means = np.stack([mean_direction(t, (1.0, 1.0, -1.0), work.dtype) for t in terms])
            scores = cosines(cand, cand_norms, means, safe=safe)
        else:
            scores = np.stack([cosmul([cosines(cand, cand_norms, t[0], safe=safe),
                                       cosines(cand, cand_norms, t[1], safe=safe)],
                                      [cosines(cand, cand_norms, t[2], safe=safe)]) for t in terms])
        for j, (ia, ib, ic) in enumerate(chunk):
            # the words gensim's most_similar skips: a list; most_similar_cosmul's: a set
            exclude = [ib, ic, ia] if similarity_function == "most_similar" else {ia, ib, ic}
            best = top_k(scores[j], 5, exclude)
            out.append([wv.index_to_key[i] for i in best])
        if progress is not None:
            progress(min(start + batch, len(questions)), len(questions))
    return out


def read_word_pairs(path: str | os.PathLike, delimiter: str | None = None, encoding: str = "utf8",
                    score_column: int = 2) -> list[tuple[int, str, str, float]]:
    """Parse a word-similarity file into ``(line_no, word1, word2, score)`` rows.

    ``delimiter=None`` picks tab, comma or whitespace from the first data line.
    ``#`` comments, blank lines, lines with too few columns and a header (the first
    line, if its score is not a number) are skipped. Raises CorpusError naming
    ``file:line`` for any other score that is not a finite number.
    """
    lines = read_text_lines(path, encoding, what="word-pair file")
    if delimiter is None:
        first = next((ln for ln in lines if ln.strip() and not ln.startswith("#")), "")
        delimiter = "\t" if "\t" in first else ("," if "," in first else None)
    if score_column < 2:
        raise ConfigError(f"score_column must be 2 or more (0 and 1 are the words), got {score_column}")
    rows = []
    first = True
    for line_no, line in enumerate(lines):
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(delimiter)]
        if len(fields) <= score_column:
            continue
        header, first = first, False
        try:
            score = float(fields[score_column])
        except ValueError:
            if header:
                continue
            score = math.nan
        if not math.isfinite(score):
            raise CorpusError(f"{path}:{line_no + 1}: the score {fields[score_column][:30]!r} is not "
                              f"a finite number")
        rows.append((line_no, fields[0], fields[1], score))
    return rows


def word_pairs_report(wv: WordVectors, pairs: str | os.PathLike, delimiter: str | None = None,
                      encoding: str = "utf8", restrict_vocab: int = 300000,
                      case_insensitive: bool = True, dummy4unknown: bool = False,
                      score_column: int = 2) -> dict[str, Any]:
    """Like :func:`evaluate_word_pairs`, as a dict that also has the pair counts."""
    from scipy import stats

    ok_vocab = _ok_vocab(wv, restrict_vocab, case_insensitive)
    work = wv._work()
    gold: list[float] = []
    model: list[Any] = []
    oov = 0
    for _, a, b, sim in read_word_pairs(pairs, delimiter, encoding, score_column):
        if case_insensitive:
            a, b = a.upper(), b.upper()
        if a not in ok_vocab or b not in ok_vocab:
            oov += 1
            if dummy4unknown:
                model.append(0.0)
                gold.append(sim)
            continue
        gold.append(sim)
        model.append(np.dot(unit_rows(work[ok_vocab[a]]), unit_rows(work[ok_vocab[b]])))
    if not gold:
        raise CorpusError(f"{pairs}: no usable word pairs (wrong layout, or every pair "
                          f"is out of the vocabulary of {wv!r})")
    if len(gold) < 2:
        raise CorpusError(f"{pairs}: only one pair in the vocabulary; a correlation needs two")
    pearson = stats.pearsonr(gold, model)
    spearman = stats.spearmanr(gold, model)
    n_used = len(gold) - (oov if dummy4unknown else 0)
    ratio = 100.0 * oov / (len(gold) if dummy4unknown else len(gold) + oov)
    return {"pearson": pearson, "spearman": spearman, "oov_ratio": ratio,
            "pairs": n_used, "oov": oov}


def evaluate_word_pairs(wv: WordVectors, pairs: str | os.PathLike, delimiter: str | None = None,
                        encoding: str = "utf8", restrict_vocab: int = 300000,
                        case_insensitive: bool = True, dummy4unknown: bool = False,
                        score_column: int = 2):
    """Correlation between cosine similarities and human scores of word pairs.

    Parameters
    ----------
    wv : WordVectors
    pairs : path
        WordSim-353, SimLex-999, MEN, RW (tab or space) or JWSD (CSV with header).
    delimiter : str, optional
        Column separator; ``None`` detects tab, comma or whitespace.
    restrict_vocab, case_insensitive : as in :func:`evaluate_word_analogies`
    dummy4unknown : bool
        Score out-of-vocabulary pairs as 0 instead of skipping them.
    score_column : int
        0-based column of the human score (2 in every standard set).

    Returns
    -------
    pearson : scipy PearsonRResult, ``(statistic, pvalue)``
    spearman : scipy SignificanceResult, ``(statistic, pvalue)``
    oov_ratio : float
        Percent of pairs with a word outside the vocabulary.
    """
    r = word_pairs_report(wv, pairs, delimiter, encoding, restrict_vocab, case_insensitive,
                          dummy4unknown, score_column)
    return r["pearson"], r["spearman"], r["oov_ratio"]
