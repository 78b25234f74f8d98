"""Tokenise a corpus once, in parallel, into an encoded corpus cached on disk.

Morphological analysis is the slow part of training on raw Japanese text: MeCab
runs at a few hundred thousand tokens per second, a training epoch far faster. So
:func:`tokenize_corpus` splits the file into blocks of lines, tokenises them in
worker processes (order preserved), and stores the result as int32 token ids plus
sentence offsets. Every later epoch, and every later run with the same file and
tokenizer settings, reads the arrays instead of re-tokenising.

Cache layout: ``<cache_dir>/<file stem>-<key>/`` holding ``meta.json``,
``vocab.json`` (tokens in first-seen order), ``counts.int64``, ``ids.int32`` and
``offsets.int64`` (raw little-endian arrays; ``ids`` is memory-mapped). The key
hashes the file's identity (resolved path, size, mtime) and the tokenizer's
settings, so editing the file or changing an option makes a new entry. Entries are
written to a temporary folder and renamed into place, so a crash or a concurrent
run never leaves a half-written entry. ``cache_dir`` defaults to
``$ZERO2VEC_CACHE_DIR`` or ``~/.cache/zero2vec/tokenized``.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

from zero2vec._progress import make_progress
from zero2vec.corpus.reader import iter_lines
from zero2vec.corpus.tokenizers import Tokenizer, get_tokenizer
from zero2vec.corpus.vocab import Vocabulary
from zero2vec.errors import ConfigError, CorpusError

FORMAT_VERSION = 1
BLOCK_LINES = 2000  # lines per work item: big enough to amortise IPC, small enough to balance
_SAFE_CUTS = " \t\r\u3000。、！？!?，．,"


def default_cache_dir() -> Path:
    """``$ZERO2VEC_CACHE_DIR``, else ``$XDG_CACHE_HOME/zero2vec/tokenized`` (``~/.cache/...``)."""
    env = os.environ.get("ZERO2VEC_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zero2vec" / "tokenized"


class TokenizedCorpus:
    """A tokenised corpus held as arrays; iterates as token lists, once per epoch.

    Attributes
    ----------
    index_to_key : list of str
        Every distinct token, in first-seen order (``ids`` index into it).
    counts : np.ndarray of int64
        ``counts[i]``: occurrences of ``index_to_key[i]``.
    ids : np.ndarray of int32
        All tokens of all sentences, concatenated (memory-mapped when loaded from the cache).
    offsets : np.ndarray of int64
        Sentence ``s`` is ``ids[offsets[s]:offsets[s + 1]]``; empty lines are skipped.
    path : Path or None
        The cache entry, when stored.
    meta : dict
        Source file, tokenizer settings, counts and timings.
    """

    def __init__(self, index_to_key: list[str], counts: np.ndarray, ids: np.ndarray,
                 offsets: np.ndarray, meta: dict | None = None, path: Path | None = None,
                 max_sentence_length: int = 10000) -> None:
        self.index_to_key = index_to_key
        self.counts = counts
        self.ids = ids
        self.offsets = offsets
        self.meta = meta or {}
        self.path = path
        self.max_sentence_length = max_sentence_length

    def __len__(self) -> int:
        """Number of sentences (non-empty lines)."""
        return len(self.offsets) - 1

    @property
    def n_tokens(self) -> int:
        return int(len(self.ids))

    def __iter__(self) -> Iterator[list[str]]:
        keys, n = self.index_to_key, self.max_sentence_length
        ids, off = self.ids, self.offsets
        for s in range(len(off) - 1):
            row = ids[off[s]:off[s + 1]].tolist()
            for start in range(0, len(row), n):  # long lines as chunks, never truncated
                yield [keys[i] for i in row[start:start + n]]

    def vocabulary(self, min_count: int = 5, max_size: int | None = None) -> Vocabulary:
        """The training vocabulary, from the stored counts (no pass over the corpus).

        Equal to ``Vocabulary.build(self, min_count, max_size)``: ties keep first-seen order.
        """
        return Vocabulary.from_counts(dict(zip(self.index_to_key, self.counts.tolist())),
                                      min_count=min_count, max_size=max_size)

    def __repr__(self) -> str:
        return (f"TokenizedCorpus({len(self):,} sentences, {self.n_tokens:,} tokens, "
                f"{len(self.index_to_key):,} distinct)")


# -- cache keys ---------------------------------------------------------------------------
def cache_key(path: str | os.PathLike, tokenizer: Tokenizer, *, encoding: str = "utf-8",
              errors: str = "strict", limit: int | None = None) -> str:
    """Hex digest identifying the file (path, size, mtime) and the tokenizer settings."""
    p = Path(path).resolve()
    st = p.stat()
    ident = {"format": FORMAT_VERSION, "path": str(p), "size": st.st_size,
             "mtime_ns": st.st_mtime_ns, "tokenizer": tokenizer.settings(),
             "encoding": encoding, "errors": errors, "limit": limit}
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
        if not end:  # a >16 MB line: cut where no word can continue (space or 。、!?)
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


def _encode_block(pieces: list[str], tokenize: Callable[[str], list[str]] | None = None
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
            yield _encode_block(pieces, tokenizer), ends
        return
    # Linux: fork starts workers at once, sharing the loaded modules (the workers only run
    # the tokenizer, no threads). Elsewhere fork is unsafe (macOS) or absent: spawn.
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(tokenizer,)) as pool:
        pending: deque = deque()
        for pieces, ends in blocks:
            pending.append((pool.apply_async(_encode_block, (pieces,)), ends))
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
                    max_sentence_length: int = 10000, **tokenizer_options) -> TokenizedCorpus:
    """Tokenise ``path`` once (in parallel) and cache the encoded result.

    Parameters
    ----------
    path : str or PathLike
        A UTF-8 text file (``.gz`` accepted), one sentence per line, raw or segmented.
    tokenizer : str or Tokenizer
        A name for :func:`~zero2vec.corpus.tokenizers.get_tokenizer` (with
        ``**tokenizer_options``) or a Tokenizer. A plain callable works too, but is
        not cached (its settings are unknown) and must be picklable for ``workers > 1``.
    cache_dir : str or PathLike, optional
        Where entries live (default :func:`default_cache_dir`).
    use_cache : bool
        False: tokenise in memory, read and write nothing.
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
    TokenizedCorpus
        Iterates as token lists; pass it as ``sentences=`` to training.
    """
    path = Path(path)
    if not path.is_file():
        iter_lines(path).__next__()  # raises the reader's CorpusError (missing, directory...)
    tok = get_tokenizer(tokenizer, **tokenizer_options)
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if workers < 1 or block_lines < 1:
        raise ConfigError(f"workers and block_lines must be >= 1, got {workers} and {block_lines}")
    if limit is not None and limit < 1:
        raise ConfigError(f"limit must be >= 1, got {limit}")
    cacheable = use_cache and isinstance(tok, Tokenizer)
    entry = None
    if cacheable:
        key = cache_key(path, tok, encoding=encoding, errors=errors, limit=limit)
        cdir = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
        entry = _entry_dir(cdir, path.resolve(), key)
        if entry.is_dir() and not refresh:
            loaded = load_tokenized(entry, max_sentence_length)
            if loaded is not None:
                return loaded
    corpus = _tokenize(path, tok, workers, block_lines, progress, encoding, errors, limit)
    corpus.max_sentence_length = max_sentence_length
    corpus.meta.update({"format": FORMAT_VERSION, "source": str(path.resolve()),
                        "tokenizer": tok.settings() if isinstance(tok, Tokenizer) else repr(tok),
                        "encoding": encoding, "errors": errors, "limit": limit, "workers": workers})
    if entry is not None:
        corpus.path = _store(corpus, entry)
    return corpus


def _tokenize(path: Path, tok, workers: int, block_lines: int, progress: bool | None,
              encoding: str, errors: str, limit: int | None) -> TokenizedCorpus:
    key_to_index: dict[str, int] = {}
    id_chunks: list[np.ndarray] = []
    ends_at: list[int] = []  # token count at the end of each non-empty line
    total = pending = lines = 0
    t0 = time.perf_counter()
    with make_progress("lines", unit="tokens", enabled=progress) as bar:
        task = bar.add_task(f"tokenising {path.name}", total=None, lines=0)
        blocks = _blocks(path, encoding, errors, limit, block_lines)
        for (uniq, raw_ids, raw_lengths), ends in _ordered_results(blocks, tok, workers):
            # map the block's local ids to corpus-wide ids (first-seen order)
            remap = np.fromiter((key_to_index.setdefault(w, len(key_to_index)) for w in uniq),
                                dtype=np.int32, count=len(uniq))
            local = np.frombuffer(raw_ids, dtype=np.int32)
            id_chunks.append(remap[local] if len(local) else local)
            for n, end in zip(np.frombuffer(raw_lengths, dtype=np.int64).tolist(), ends):
                pending += n
                if end:
                    lines += 1
                    if pending:
                        total += pending
                        ends_at.append(total)
                        pending = 0
            bar.update(task, completed=total, lines=f"{lines:,}")
    if not total:
        raise CorpusError(f"{path}: holds no tokens (the file is empty, or the tokenizer dropped "
                          "every token)")
    ids = np.concatenate(id_chunks).astype(np.int32, copy=False)
    counts = np.bincount(ids, minlength=len(key_to_index)).astype(np.int64)
    offsets = np.zeros(len(ends_at) + 1, dtype=np.int64)
    offsets[1:] = ends_at
    secs = time.perf_counter() - t0
    meta = {"lines": lines, "sentences": len(ends_at), "tokens": total,
            "distinct": len(key_to_index), "seconds": secs,
            "tokens_per_sec": total / secs if secs > 0 else None}
    return TokenizedCorpus(list(key_to_index), counts, ids, offsets, meta)


# -- the store ---------------------------------------------------------------------------------
def _store(corpus: TokenizedCorpus, entry: Path) -> Path | None:
    """Write ``corpus`` to ``entry`` atomically (temp folder + rename); None if impossible."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=entry.parent))
    except OSError:
        return None  # an unwritable cache must not stop training
    try:
        (tmp / "vocab.json").write_text(json.dumps(corpus.index_to_key, ensure_ascii=False),
                                        encoding="utf-8")
        corpus.counts.astype("<i8").tofile(tmp / "counts.int64")
        np.asarray(corpus.ids).astype("<i4", copy=False).tofile(tmp / "ids.int32")
        corpus.offsets.astype("<i8").tofile(tmp / "offsets.int64")
        (tmp / "meta.json").write_text(json.dumps(corpus.meta, indent=1, ensure_ascii=False),
                                       encoding="utf-8")  # last: its presence marks a whole entry
        if entry.exists():  # refresh: move the old one aside first
            shutil.rmtree(entry, ignore_errors=True)
        os.rename(tmp, entry)
        return entry
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return entry if (entry / "meta.json").exists() else None  # another run won the race


def load_tokenized(entry: str | os.PathLike, max_sentence_length: int = 10000
                   ) -> TokenizedCorpus | None:
    """Open a cache entry (ids memory-mapped); None when it is missing or inconsistent."""
    entry = Path(entry)
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            return None
        keys = json.loads((entry / "vocab.json").read_text(encoding="utf-8"))
        counts = np.fromfile(entry / "counts.int64", dtype="<i8")
        offsets = np.fromfile(entry / "offsets.int64", dtype="<i8")
        ids = np.memmap(entry / "ids.int32", dtype="<i4", mode="r")
    except (OSError, ValueError):
        return None
    if len(keys) != len(counts) or len(ids) != meta.get("tokens") or offsets[-1] != len(ids):
        return None
    return TokenizedCorpus(keys, counts, ids, offsets, meta, entry, max_sentence_length)


def clear_cache(cache_dir: str | os.PathLike | None = None) -> int:
    """Delete every entry under ``cache_dir``; returns how many were removed."""
    cdir = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    n = 0
    if cdir.is_dir():
        for p in cdir.iterdir():
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
                n += not p.name.startswith(".tmp-")
    return n
