"""The compiled loops of phrase detection: counting, deciding, writing, exporting.

Every loop sees a corpus the same way, as *token spans*: ``data`` (UTF-8 bytes) and,
for each token, where it starts in ``data``, its length and its hash (the word
table's FNV-1a, :func:`zero2vec.corpus.wordhash.fnv1a`), with the sentence lengths.
A file block gives spans of its own bytes (:func:`tokenize`); Python token lists give
spans into a pool of their distinct words (:mod:`zero2vec.phrases.counting`).

Counts live in one :class:`~zero2vec.corpus.wordhash.WordTable` keyed by bytes, as
gensim keys one dict by str: a unigram by its word, a candidate by its words joined
with the delimiter (connector words included), so ``new_york`` read as one token and
``new`` + ``york`` are one key, as in gensim. A kernel that must insert asks for its
room first and returns GROW (nothing of the token done) when it is short.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from zero2vec.corpus.wordhash import (CLASS, COUNT, LENGTH, MAYBE_SPACE, N_WORDS, NEED, NEWLINE, POOL,
                                      SPACE, START, find, fnv1a, insert, token_end,
                                      unicode_space_len)
from zero2vec.phrases.scoring import score

_OPTS = dict(cache=True, nogil=True)
# why a kernel returned
DONE, GROW, PRUNE = range(3)
# learn's state vector (kept between calls): next token, next sentence, end of the
# sentence being read (-1: none), the candidate's first token (-1: none), tokens seen
TOK, SENT, SEND, FIRST, TOTAL, NEED_SCRATCH = range(6)
# what an edit does to the tokens it covers
JOIN, DROP = 0, 1


@njit(**_OPTS)
def tokenize(data, tstart, tlen, thash, slen, sline, max_len: int, max_lines: int,
             keep_empty: bool):
    """Split ``data`` at whitespace into token spans and sentences (lines, cut every
    ``max_len`` tokens), LineSentence's way; stop after ``max_lines`` lines (-1: all).

    ``sline[s]`` says whether sentence ``s`` ends its line; ``keep_empty`` also makes
    a sentence of an empty line. Returns ``(n_tokens, n_sentences, open_from, lines)``:
    the tokens after the last closed sentence start at byte ``open_from`` (the block
    ended inside a line; ``len(data)`` if none).
    """
    n = len(data)
    p = 0
    nt = 0
    ns = 0
    k = 0  # tokens in the open sentence
    chunked = False  # the last sentence was closed by max_len, and no newline came since
    lines = 0
    open_from = n
    while p < n:
        c = CLASS[data[p]]
        if c == SPACE:
            p += 1
            continue
        if c == MAYBE_SPACE:
            m = unicode_space_len(data, p, n)
            if m:
                p += m
                continue
        if c == NEWLINE:
            p += 1
            lines += 1
            if k == 0 and chunked:  # the line ended with a full chunk
                sline[ns - 1] = True
            elif k > 0 or keep_empty:
                slen[ns] = k
                sline[ns] = True
                ns += 1
            k = 0
            chunked = False
            open_from = n
            if lines == max_lines:
                break
            continue
        q, h = token_end(data, p, n)
        if k == 0:
            open_from = p
        tstart[nt] = p
        tlen[nt] = q - p
        thash[nt] = h
        nt += 1
        k += 1
        p = q
        chunked = False
        if k == max_len:
            slen[ns] = k
            sline[ns] = False
            ns += 1
            k = 0
            open_from = n
            chunked = True
    if k == 0:
        open_from = n
    return nt, ns, open_from, lines


@njit(inline="always", **_OPTS)
def _joined_length(tlen, first: int, last: int, dlen: int) -> int:
    n = dlen * (last - first)
    for t in range(first, last + 1):
        n += tlen[t]
    return n


@njit(inline="always", **_OPTS)
def _join(data, tstart, tlen, first: int, last: int, delim, out) -> int:
    """Write tokens ``first..last`` joined by ``delim`` to ``out``; return the length."""
    m = 0
    for t in range(first, last + 1):
        if t > first:
            for d in delim:
                out[m] = d
                m += 1
        s = tstart[t]
        for j in range(tlen[t]):
            out[m] = data[s + j]
            m += 1
    return m


@njit(inline="always", **_OPTS)
def _bump(data, p: int, q: int, h, st, slots, words, whash, pool) -> None:
    """Count ``data[p:q]`` once (room for it was asked for)."""
    w = find(data, p, q, h, slots, words, pool)
    if w >= 0:
        words[w, COUNT] += 1
    else:
        insert(data, p, q, h, -1 - w, st, slots, words, whash, pool)
        words[st[N_WORDS] - 1, COUNT] = 1


@njit(**_OPTS)
def learn(data, tstart, tlen, thash, slen, ps, st, slots, words, whash, pool,
          cslots, cwords, cpool, delim, scratch, max_vocab_size: int) -> int:
    """Count unigrams and candidates of the spans, gensim's ``_learn_vocab`` way.

    A word that is not a connector counts once, and with the last such word of its
    sentence (connectors between them included) as one joined key. After each
    sentence, PRUNE when the table holds more than ``max_vocab_size`` keys. GROW:
    room for the next token is short (``st[NEED]`` bytes, ``ps[NEED_SCRATCH]`` for
    the joined key); call again once it is made.
    """
    i = ps[TOK]
    s = ps[SENT]
    e = ps[SEND]
    first = ps[FIRST]
    total = ps[TOTAL]
    dlen = len(delim)
    why = DONE
    while True:
        if e < 0:
            if s == len(slen):
                break
            e = i + slen[s]
            first = -1
        while i < e:
            p = tstart[i]
            q = p + tlen[i]
            if find(data, p, q, thash[i], cslots, cwords, cpool) < 0:
                jl = _joined_length(tlen, first, i, dlen) if first >= 0 else 0
                nw = st[N_WORDS]
                if nw + 2 > len(words) or 2 * (nw + 2) > len(slots) \
                        or st[POOL] + tlen[i] + jl > len(pool) or jl > len(scratch):
                    st[NEED] = tlen[i] + jl
                    ps[NEED_SCRATCH] = jl
                    why = GROW
                    break
                _bump(data, p, q, thash[i], st, slots, words, whash, pool)
                if first >= 0:
                    m = _join(data, tstart, tlen, first, i, delim, scratch)
                    _bump(scratch, 0, m, fnv1a(scratch, 0, m), st, slots, words, whash, pool)
                first = i
            total += 1
            i += 1
        if why == GROW:
            break
        s += 1
        e = -1
        if st[N_WORDS] > max_vocab_size:
            why = PRUNE
            break
    ps[TOK] = i
    ps[SENT] = s
    ps[SEND] = e
    ps[FIRST] = first
    ps[TOTAL] = total
    return why


@njit(inline="always", **_OPTS)
def _lookup(data, p: int, q: int, h, slots, words, pool) -> int:
    """The table row of ``data[p:q]``, or -1."""
    w = find(data, p, q, h, slots, words, pool)
    return w if w >= 0 else -1


@njit(inline="always", **_OPTS)
def _candidate(data, tstart, tlen, thash, first: int, last: int, delim, scratch, slots, words,
               pool, scores, fslots, fwords, fpool, frozen: bool, code: int, threshold: float,
               len_vocab: int, min_count: float, corpus_word_count: int) -> float:
    """The score of tokens ``first..last`` as a phrase, or NaN if they are not one
    (gensim's ``score_candidate`` of Phrases, or of FrozenPhrases when ``frozen``).

    The cheap tests come first: the end words' own keys (hashed already), or for a
    frozen model the table ``f*`` of every phrase's parts before and after a delimiter
    (a phrase's first and last words are among them), before the joined key is made.
    """
    pa, pb = tstart[first], tstart[last]
    if frozen:
        if _lookup(data, pa, pa + tlen[first], thash[first], fslots, fwords, fpool) < 0 \
                or _lookup(data, pb, pb + tlen[last], thash[last], fslots, fwords, fpool) < 0:
            return np.nan
    else:
        a = _lookup(data, pa, pa + tlen[first], thash[first], slots, words, pool)
        if a < 0:
            return np.nan
        b = _lookup(data, pb, pb + tlen[last], thash[last], slots, words, pool)
        if b < 0:
            return np.nan
    m = _join(data, tstart, tlen, first, last, delim, scratch)
    w = _lookup(scratch, 0, m, fnv1a(scratch, 0, m), slots, words, pool)
    if w < 0:
        return np.nan
    if frozen:
        return scores[w] if scores[w] > threshold else np.nan
    v = score(code, words[a, COUNT], words[b, COUNT], words[w, COUNT], len_vocab, min_count,
              corpus_word_count)
    return v if v > threshold else np.nan


@njit(**_OPTS)
def decide(data, tstart, tlen, thash, slen, cslots, cwords, cpool, delim, scratch, slots,
           words, pool, scores, fslots, fwords, fpool, frozen: bool, code: int,
           threshold: float, len_vocab: int, min_count: float, corpus_word_count: int, e_kind,
           e_first, e_last, e_score, e_per_sent) -> int:
    """gensim's ``analyze_sentence`` over every sentence of the spans, as edits.

    An edit JOINs tokens ``e_first..e_last`` into one phrase (``e_score``), or DROPs
    an empty token that starts no phrase (gensim tests a candidate's first word for
    truth, so ``""`` never comes out). ``e_per_sent[s]``: edits of sentences ``< s+1``.
    ``scratch`` holds the longest joined key. Returns the number of edits.
    """
    ne = 0
    i = 0
    for s in range(len(slen)):
        e = i + slen[s]
        first = -1
        while i < e:
            p = tstart[i]
            if find(data, p, p + tlen[i], thash[i], cslots, cwords, cpool) >= 0:
                i += 1  # a connector: inside a candidate, or passed on as it is
                continue
            if first >= 0 and tlen[first] > 0:
                v = _candidate(data, tstart, tlen, thash, first, i, delim, scratch, slots,
                               words, pool, scores, fslots, fwords, fpool, frozen, code,
                               threshold, len_vocab, min_count, corpus_word_count)
                if not np.isnan(v):
                    e_kind[ne] = JOIN
                    e_first[ne] = first
                    e_last[ne] = i
                    e_score[ne] = v
                    ne += 1
                    first = -1
                    i += 1
                    continue
            elif first >= 0:  # an empty first word is dropped
                e_kind[ne] = DROP
                e_first[ne] = first
                e_last[ne] = first
                e_score[ne] = np.nan
                ne += 1
            first = i
            i += 1
        if first >= 0 and tlen[first] == 0:
            e_kind[ne] = DROP
            e_first[ne] = first
            e_last[ne] = first
            e_score[ne] = np.nan
            ne += 1
        e_per_sent[s] = ne
    return ne


@njit(**_OPTS)
def render(data, tstart, tlen, slen, sline, e_kind, e_first, e_last, delim, out) -> int:
    """Write the sentences with their edits applied to ``out``: tokens separated by a
    space, a sentence that ends its line by a newline. Returns the bytes written."""
    m = 0
    i = 0
    k = 0
    ne = len(e_kind)
    for s in range(len(slen)):
        e = i + slen[s]
        sep = False
        while i < e:
            if k < ne and e_first[k] == i:
                if e_kind[k] == DROP:
                    i += 1
                    k += 1
                    continue
                if sep:
                    out[m] = 32
                    m += 1
                m += _join(data, tstart, tlen, i, e_last[k], delim, out[m:])
                i = e_last[k] + 1
                k += 1
                sep = True
                continue
            if sep:
                out[m] = 32
                m += 1
            for j in range(tlen[i]):
                out[m] = data[tstart[i] + j]
                m += 1
            i += 1
            sep = True
        out[m] = 10 if sline[s] else 32
        m += 1
    return m


@njit(**_OPTS)
def export_candidates(st, slots, words, pool, delim, rows, ca, cb) -> int:
    """The keys that hold ``delim``, split as Python's ``str.split`` would (left to right,
    no overlaps): ``rows`` their rows, ``ca``/``cb`` the counts of the part before the
    first delimiter and after the last (0: no such key). Returns how many."""
    dlen = len(delim)
    n = 0
    for w in range(st[N_WORDS]):
        s = words[w, START]
        length = words[w, LENGTH]
        a_end = -1
        b_start = -1
        j = 0
        while j + dlen <= length:
            same = True
            for t in range(dlen):
                if pool[s + j + t] != delim[t]:
                    same = False
                    break
            if same:
                if a_end < 0:
                    a_end = j
                b_start = j + dlen
                j += dlen
            else:
                j += 1
        if a_end < 0:
            continue
        a = _lookup(pool, s, s + a_end, fnv1a(pool, s, s + a_end), slots, words, pool)
        b = _lookup(pool, s + b_start, s + length, fnv1a(pool, s + b_start, s + length),
                    slots, words, pool)
        rows[n] = w
        ca[n] = words[a, COUNT] if a >= 0 else 0
        cb[n] = words[b, COUNT] if b >= 0 else 0
        n += 1
    return n


@njit(**_OPTS)
def score_all(code: int, ca, cb, cab, len_vocab: int, min_count: float,
              corpus_word_count: int, out) -> None:
    """``out[i]``: the built-in score of candidate ``i`` (-inf when a part is unknown,
    as gensim's early outs)."""
    for i in range(len(ca)):
        if ca[i] <= 0 or cb[i] <= 0 or cab[i] <= 0:
            out[i] = -np.inf
        else:
            out[i] = score(code, ca[i], cb[i], cab[i], len_vocab, min_count, corpus_word_count)


@njit(**_OPTS)
def merge(st, slots, words, whash, pool, bst, bwords, bwhash, bpool) -> None:
    """Add table B's counts to table A, B's new keys after A's in B's order (room for
    all of B was made)."""
    for w in range(bst[N_WORDS]):
        s = bwords[w, START]
        q = s + bwords[w, LENGTH]
        x = find(bpool, s, q, bwhash[w], slots, words, pool)
        if x >= 0:
            words[x, COUNT] += bwords[w, COUNT]
        else:
            insert(bpool, s, q, bwhash[w], -1 - x, st, slots, words, whash, pool)
            words[st[N_WORDS] - 1, COUNT] = bwords[w, COUNT]


@njit(**_OPTS)
def hash_spans(data, starts, lens, out) -> None:
    """``out[i]``: the table hash of ``data[starts[i]:starts[i] + lens[i]]``."""
    for i in range(len(starts)):
        out[i] = fnv1a(data, starts[i], starts[i] + lens[i])


@njit(**_OPTS)
def copy_rows(words, whash, pool, rows, st, slots, dwords, dwhash, dpool) -> None:
    """Insert the keys at ``rows`` of one table into another (room for them was made)."""
    for r in rows:
        s = words[r, START]
        q = s + words[r, LENGTH]
        x = find(pool, s, q, whash[r], slots, dwords, dpool)
        if x < 0:
            insert(pool, s, q, whash[r], -1 - x, st, slots, dwords, dwhash, dpool)
