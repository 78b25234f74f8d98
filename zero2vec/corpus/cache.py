"""Tokenise a corpus once, in parallel, into an encoded corpus cached on disk.

Morphological analysis is the slow part of training on raw Japanese text: MeCab
runs at a few hundred thousand tokens per second, a training epoch far faster. So
:func:`tokenize_corpus` splits the file into blocks of lines, tokenises them in
worker processes (order preserved), and stores the result as an
:class:`~zero2vec.corpus.encoded.EncodedCorpus`: int32 token ids plus sentence ends.
Every later epoch, and every later run with the same file and tokenizer settings,
reads the arrays instead of re-tokenising, and every trainer reads them as ids.

Cache layout: ``<cache_dir>/<file stem>-<key>/`` holding ``meta.json``,
``vocab.json`` (tokens in first-seen order), ``counts.int64``, ``ids.int32`` and
``ends.int64`` (raw little-endian arrays, read in place: nothing is loaded). The key
hashes the file's content (blake2b of its bytes as stored, a ``.gz`` not
decompressed: ~0.4 GB/s, 0.04 s for Aozora's 16 MB ``aozora.txt.gz``, which the
regex tokenizer takes 18 s to tokenise on two cores) and the tokenizer's settings,
so an edit that keeps the size and the mtime still makes a new entry, while a touch
or a move finds the old one. The file is hashed again after tokenising; an edit
during the run stores nothing. Entries are written through
:func:`~zero2vec._atomic.atomic_dir`, so a crash or a concurrent run never leaves a
half-written entry, and a refreshed one replaces the old at once. ``cache_dir``
defaults to ``$ZERO2VEC_CACHE_DIR`` or ``~/.cache/zero2vec/tokenized``.

An entry is checked whole when it is opened (one pass over its arrays and its words:
0.15 s for Aozora's 6.6M ids and 587k words): ``meta.json`` is this key's; the token
list is distinct strings; the sentence ends increase and stop at the last id; every
id is in range, and the counts are the ids' counts. A damaged or tampered entry is a
CorpusError from :func:`load_tokenized`; :func:`tokenize_corpus` warns and tokenises
again (replacing it), so it never trains on ids that the entry's own words do not
explain. An edit that keeps an entry self-consistent (two ids swapped) is not
detected: the cache is trusted that far, like any file under ``~/.cache``. A stream
(a pipe, ``-``) has no key until it is read, so it is tokenised without an entry.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import shutil
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

from zero2vec._atomic import atomic_dir
from zero2vec._checks import check_positive_int, input_kind
from zero2vec._progress import is_shown, make_progress
from zero2vec.corpus.encoded import EncodedCorpus
from zero2vec.corpus.reader import WHITESPACE, count_lines, file_digest, iter_lines
from zero2vec.corpus.scan import FirstSeenIds, chunked_bincount
from zero2vec.corpus.store import DEFAULT_MAX_RAM_ITEMS, ArrayStore
from zero2vec.corpus.tokenizers import Tokenizer, get_tokenizer
from zero2vec.errors import CorpusError, Zero2VecError

FORMAT_VERSION = 2  # 2: an EncodedCorpus (sentence ends, not offsets)
BLOCK_LINES = 2000  # lines per work item: big enough to amortise IPC, small enough to balance
_SAFE_CUTS = WHITESPACE + "。、！？!?，．,"  # where no word can continue


def default_cache_dir() -> Path:
    """``$ZERO2VEC_CACHE_DIR``, else ``$XDG_CACHE_HOME/zero2vec/tokenized`` (``~/.cache/...``)."""
    env = os.environ.get("ZERO2VEC_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zero2vec" / "tokenized"


# -- cache keys ---------------------------------------------------------------------------
def cache_key(path: str | os.PathLike, tokenizer: Tokenizer, *, encoding: str = "utf-8",
              errors: str = "strict", limit: int | None = None) -> str:
    """Hex digest identifying the file's content (its bytes' blake2b) and the tokenizer
    settings: an edit shows whatever it keeps (size, mtime), a touch or a move does not."""
    ident = {"format": FORMAT_VERSION, "content": file_digest(path),
             "tokenizer": tokenizer.settings(), "encoding": encoding, "errors": errors,
             "limit": limit}
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:20]


def _entry_dir(cache_dir: Path, path: Path, key: str) -> Path:
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in path.name)[:60]
    return cache_dir / f"{stem}-{key}"


# -- reading the source -------------------------------------------------------------------
def _blocks(path: Path, encoding: str, errors: str, limit: int | None,
            block_lines: int) -> Iterator[tuple[list[str], list[bool]]]:
    """Blocks of ``(pieces, ends_line)``: a piece without a newline continues the line."""
    pieces: list[str] = []
    ends: list[bool] = []
    lines = 0
    tail = ""  # the end of a cut piece, after its last safe cut, carried to the next one
    for piece in iter_lines(path, encoding, errors):
        piece, tail = tail + piece, ""
        end = piece.endswith("\n")
        if not end:  # a >16 MB line: cut where no word can continue (whitespace or 。、!?)
            cut = max(piece.rfind(c) for c in _SAFE_CUTS) + 1
            if cut > 0:
                piece, tail = piece[:cut], piece[cut:]
        pieces.append(piece)
        ends.append(end)
        lines += end
        if limit is not None and lines >= limit:
            break
        if len(pieces) >= block_lines:
            yield pieces, ends
            pieces, ends = [], []
    if tail:
        pieces.append(tail)
        ends.append(True)
    if pieces:
        ends[-1] = True  # the file's last line needs no newline
        yield pieces, ends


# -- the workers ----------------------------------------------------------------------------
_WORKER_TOKENIZER: Callable[[str], list[str]] | None = None


def _init_worker(tokenizer: Callable[[str], list[str]]) -> None:
    global _WORKER_TOKENIZER
    _WORKER_TOKENIZER = tokenizer


def _tokenize_block(pieces: list[str], tokenize: Callable[[str], list[str]] | None = None
                    ) -> tuple[list[str], bytes, bytes]:
    """Tokenise a block; return its own small vocabulary, local ids and tokens per piece.

    Sending each distinct token once per block (not every token) keeps the
    inter-process traffic to about a tenth of the text.
    """
    tokenize = tokenize or _WORKER_TOKENIZER
    tokens: list[str] = []
    lengths: list[int] = []
    for piece in pieces:
        toks = tokenize(piece)
        tokens += toks
        lengths.append(len(toks))
    uniq = list(dict.fromkeys(tokens))  # first-seen order; C loops, not a Python one per token
    index = {w: i for i, w in enumerate(uniq)}
    ids = np.fromiter(map(index.__getitem__, tokens), dtype=np.int32, count=len(tokens))
    return uniq, ids.tobytes(), np.asarray(lengths, dtype=np.int64).tobytes()


def _ordered_results(blocks: Iterable[tuple[list[str], list[bool]]], tokenizer, workers: int
                     ) -> Iterator[tuple[tuple[list[str], bytes, bytes], list[bool]]]:
    """Encoded blocks in file order; at most ``2 * workers`` blocks in flight (bounded memory)."""
    if workers <= 1:
        for pieces, ends in blocks:
            yield _tokenize_block(pieces, tokenizer), ends
        return
    # Linux: fork starts workers at once, sharing the loaded modules (the workers only run
    # the tokenizer, no threads). Elsewhere fork is unsafe (macOS) or absent: spawn.
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(tokenizer,)) as pool:
        pending: deque = deque()
        for pieces, ends in blocks:
            pending.append((pool.apply_async(_tokenize_block, (pieces,)), ends))
            if len(pending) >= 2 * workers:
                res, e = pending.popleft()
                yield res.get(), e
        while pending:
            res, e = pending.popleft()
            yield res.get(), e


# -- the public entry point -------------------------------------------------------------------
def tokenize_corpus(path: str | os.PathLike, tokenizer: Tokenizer | str | None = "whitespace", *,
                    cache_dir: str | os.PathLike | None = None, use_cache: bool = True,
                    refresh: bool = False, workers: int | None = None,
                    block_lines: int = BLOCK_LINES, progress: bool | None = None,
                    encoding: str = "utf-8", errors: str = "strict", limit: int | None = None,
                    max_sentence_length: int = 10000, **tokenizer_options) -> EncodedCorpus:
    """Tokenise ``path`` once (in parallel) and cache the encoded result.

    Parameters
    ----------
    path : str or PathLike
        A UTF-8 text file (``.gz``/``.bz2`` accepted), one sentence per line, raw or segmented.
    tokenizer : str or Tokenizer
        A name for :func:`~zero2vec.corpus.tokenizers.get_tokenizer` (with
        ``**tokenizer_options``) or a Tokenizer. A plain callable works too, but is
        not cached (its settings are unknown) and must be picklable for ``workers > 1``.
    cache_dir : str or PathLike, optional
        Where entries live (default :func:`default_cache_dir`).
    use_cache : bool
        False: tokenise in memory (a temporary file past 1M tokens), write no entry.
    refresh : bool
        Re-tokenise even when an entry exists (and replace it).
    workers : int, optional
        Processes (default: the CPUs this process may use). 1 tokenises in this process.
    block_lines : int
        Lines per work item.
    progress : bool, optional
        Rich progress bar with tokens/s (default: when stderr is a terminal).
    encoding, errors : str
        Decoding policy, as for :class:`~zero2vec.corpus.reader.LineSentence`.
    limit : int, optional
        Read only the first ``limit`` lines.
    max_sentence_length : int
        Sentences are iterated in chunks of at most this many tokens.

    Returns
    -------
    EncodedCorpus
        One sentence a non-empty line, with ``words``, ``counts``, ``meta`` and (when
        stored) ``path``. Pass it as ``sentences=`` to any trainer, which reads its ids
        as they are; iterated, it gives token lists.
    """
    path = Path(path)
    stream = input_kind(path) == "stream"  # (the reader's rule: missing, a directory... raise)
    tok = get_tokenizer(tokenizer, **tokenizer_options)
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = check_positive_int("workers", workers)
    block_lines = check_positive_int("block_lines", block_lines)
    limit = None if limit is None else check_positive_int("limit", limit)
    max_sentence_length = check_positive_int("max_sentence_length", max_sentence_length)
    entry = key = None
    if use_cache and isinstance(tok, Tokenizer) and not stream:  # (a stream has no key before)
        key = cache_key(path, tok, encoding=encoding, errors=errors, limit=limit)
        cdir = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
        entry = _entry_dir(cdir, path.resolve(), key)
        loaded = None if refresh else _cached(entry, key, max_sentence_length)
        if loaded is not None:
            return loaded
    corpus = _tokenize(path, tok, workers, block_lines, progress, encoding, errors, limit)
    corpus.max_sentence_length = max_sentence_length
    corpus.meta.update({"format": FORMAT_VERSION, "source": str(path if stream else path.resolve()),
                        "tokenizer": tok.settings() if isinstance(tok, Tokenizer) else repr(tok),
                        "encoding": encoding, "errors": errors, "limit": limit, "workers": workers,
                        "key": key})
    if entry is not None and cache_key(path, tok, encoding=encoding, errors=errors,
                                       limit=limit) != key:
        entry = None  # the file changed while it was read: its tokens belong to no key
    stored = None if entry is None else _store(corpus, entry)
    if stored is None:
        return corpus
    corpus.close()  # (the stored copy is read in place from now on)
    return stored


def _cached(entry: Path, key: str, max_sentence_length: int) -> EncodedCorpus | None:
    """The entry for ``key``, if there is a sound one; a damaged one is reported and redone."""
    try:
        return load_tokenized(entry, max_sentence_length, key=key)
    except CorpusError as e:
        warnings.warn(f"{e}; tokenising the corpus again", stacklevel=3)
        return None


def _tokenize(path: Path, tok, workers: int, block_lines: int, progress: bool | None,
              encoding: str, errors: str, limit: int | None) -> EncodedCorpus:
    first_seen = FirstSeenIds()
    ids = ArrayStore(DEFAULT_MAX_RAM_ITEMS)
    lengths = ArrayStore(DEFAULT_MAX_RAM_ITEMS, dtype=np.int64, spill_with=ids)
    total = pending = lines = 0
    t0 = time.perf_counter()
    shown = is_shown(progress)  # a total (and so an ETA) from a fast count of the lines
    n_lines = count_lines(path) if shown and path.is_file() else None
    with make_progress("tokens", unit="lines", enabled=shown) as bar:
        task = bar.add_task(f"tokenising {path.name}", tokens=0,
                            total=None if n_lines is None else min(n_lines, limit or n_lines))
        blocks = _blocks(path, encoding, errors, limit, block_lines)
        for (uniq, raw_ids, raw_lengths), ends in _ordered_results(blocks, tok, workers):
            # the block's local ids to corpus-wide ids (first-seen order)
            remap = np.fromiter(map(first_seen.__getitem__, uniq), dtype=np.int32, count=len(uniq))
            local = np.frombuffer(raw_ids, dtype=np.int32)
            ids.extend_array(remap[local] if len(local) else local)
            line_lengths = []  # tokens of each non-empty line that ends in this block
            for n, end in zip(np.frombuffer(raw_lengths, dtype=np.int64).tolist(), ends):
                pending += n
                if end:
                    lines += 1
                    if pending:
                        line_lengths.append(pending)
                        total += pending
                        pending = 0
            lengths.extend_array(np.array(line_lengths, dtype=np.int64))
            bar.update(task, completed=lines, tokens=f"{total:,}")
    if not total:
        raise CorpusError(f"{path}: holds no tokens (the file is empty, or the tokenizer dropped "
                          "every token)")
    corpus = EncodedCorpus.from_lengths(ids, lengths, total)
    corpus.words = list(first_seen)
    corpus.counts = chunked_bincount(ids, len(first_seen))
    secs = time.perf_counter() - t0
    corpus.meta = {"lines": lines, "sentences": corpus.n_sentences, "tokens": total,
                   "distinct": len(first_seen), "longest": corpus.longest, "seconds": secs,
                   "tokens_per_sec": total / secs if secs > 0 else None}
    return corpus


# -- the store ---------------------------------------------------------------------------------
_FILES = {"ids": ("ids.int32", "<i4"), "ends": ("ends.int64", "<i8")}


def _store(corpus: EncodedCorpus, entry: Path) -> EncodedCorpus | None:
    """Write ``corpus`` to ``entry`` atomically and open it there; None if impossible."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with atomic_dir(entry) as tmp:
            (tmp / "vocab.json").write_text(json.dumps(list(corpus.words), ensure_ascii=False),
                                            encoding="utf-8")
            np.asarray(corpus.counts).astype("<i8").tofile(tmp / "counts.int64")
            corpus.ids.tofile(tmp / _FILES["ids"][0])
            corpus.ends.tofile(tmp / _FILES["ends"][0])
            (tmp / "meta.json").write_text(json.dumps(corpus.meta, indent=1, ensure_ascii=False),
                                           encoding="utf-8")
    except OSError:
        pass  # an unwritable cache must not stop training (another run's entry may be there)
    try:
        return load_tokenized(entry, corpus.max_sentence_length, key=corpus.meta.get("key"))
    except CorpusError:
        return None  # (a concurrent run's entry, damaged: the corpus in hand is as good)


def load_tokenized(entry: str | os.PathLike, max_sentence_length: int = 10000,
                   key: str | None = None) -> EncodedCorpus | None:
    """Open a cache entry (its arrays are read in place), checked whole first.

    Returns None when there is no entry of this format. Raises CorpusError naming the
    entry and the problem when one is there but does not hold together (see the
    module docstring), or (``key``) was made for other content or settings.
    """
    entry = Path(entry)
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise CorpusError(f"{entry}: a damaged cache entry (meta.json: {e})") from None
    if isinstance(meta, dict) and meta.get("format") != FORMAT_VERSION:
        return None  # another version's entry: made again, not an error
    stores: list[ArrayStore] = []
    try:
        words = json.loads((entry / "vocab.json").read_text(encoding="utf-8"))
        counts = ArrayStore.open(entry / "counts.int64", "<i8")
        stores.append(counts)
        for name, dtype in _FILES.values():
            stores.append(ArrayStore.open(entry / name, dtype))
        corpus = EncodedCorpus(*stores[1:], raw_words=len(stores[1]), words=words,
                               counts=np.array(counts.array), max_sentence_length=max_sentence_length,
                               path=entry, meta=meta)
        counts.close()
        problem = _entry_problem(corpus, meta, key)
    except (OSError, ValueError, Zero2VecError) as e:
        problem = str(e)
    if problem is not None:
        for store in stores:
            store.close()
        raise CorpusError(f"{entry}: a damaged cache entry ({problem})")
    return corpus


def _entry_problem(corpus: EncodedCorpus, meta, key: str | None) -> str | None:
    """What makes an opened entry unusable, or None: every part is read and checked
    against the others (sets ``corpus.longest`` from the sentence ends, not from meta)."""
    words, counts, n = corpus.words, corpus.counts, corpus.n_sentences
    if not isinstance(meta, dict) or (key is not None and meta.get("key") != key):
        return "meta.json is not this corpus's: made for other content or settings"
    if not isinstance(words, list) or not set(map(type, words)) <= {str} \
            or len(set(words)) != len(words):
        return "vocab.json is not a list of distinct tokens"
    if len(counts) != len(words) or (len(counts) and counts.min() < 1):
        return f"counts.int64 holds {len(counts)} counts for {len(words)} tokens"
    if n == 0 or n != meta.get("sentences") or corpus.n_words != meta.get("tokens"):
        return (f"{n} sentences and {corpus.n_words} ids, but meta.json says "
                f"{meta.get('sentences')} and {meta.get('tokens')}")
    prev = 0
    for s in range(0, n, 1 << 20):
        ends = corpus.ends.read(s, s + (1 << 20))
        lengths = np.diff(ends, prepend=prev)
        if lengths.min() < 1:
            return f"ends.int64 is not increasing (near sentence {s + int(lengths.argmin())})"
        corpus.longest, prev = max(corpus.longest, int(lengths.max())), int(ends[-1])
    if prev != corpus.n_words:
        return f"the sentences end at id {prev}, but there are {corpus.n_words} ids"
    try:
        seen = chunked_bincount(corpus.ids, len(words))
    except ValueError:  # (a negative id, or one past the end)
        return f"ids.int32 holds ids outside [0, {len(words)})"
    if not np.array_equal(seen, counts):
        return "counts.int64 does not count the ids"
    return None


def clear_cache(cache_dir: str | os.PathLike | None = None) -> int:
    """Delete every entry under ``cache_dir``; returns how many were removed."""
    cdir = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    n = 0
    if cdir.is_dir():
        for p in cdir.iterdir():
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
                n += not p.name.startswith(".")  # (atomic_dir's temporaries are hidden)
    return n
