"""``zero2vec demo``: the book's CBOW trained on a bundled corpus, then queried.

English (default): the Brown corpus (1.16M tokens; ~14k words seen 5+ times), 4 epochs.
Japanese (``lang="ja"``): the raw text of 夏目漱石『こころ』, tokenised once (fugashi, else
janome) and cached, 20 epochs. (How long each takes: ``benchmarks/results/demo_time.json``.)
Both train CBOW (window 5, 100 dims, 5 negatives, batch 100, Adam) with the book's
layered framework, print neighbours (and analogies for English), and write to
``output`` (by default ``zero2vec-demo`` for English and ``zero2vec-demo-ja`` for
Japanese, so one never overwrites the other): ``vectors.txt`` (word2vec text format), ``cbow_params.pkl`` (the book's
pickle), ``loss.png`` and ``summary.json``.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from rich.console import Console

from zero2vec._atomic import atomic_file
from zero2vec.datasets import bundled_path
from zero2vec.errors import ConfigError
from zero2vec.job import TrainJob, run
from zero2vec.vectors import analogy, most_similar
from zero2vec.vectors.io_export import save_book_pickle

QUERIES = ["man", "day", "said", "good"]
ANALOGIES = [("he", "she", "his", "her"), ("man", "men", "woman", "women")]
# On 『こころ』 (fugashi, 20 epochs, seed 1) the top 5 hold 父 → 母 病気, 東京 → 国 宅 町, 心 → 胸 頭
# (README.ja quotes them; tests/test_demo_ja.py checks).
# 奥さん and お嬢さん are split by UniDic (奥 / さん), so they are not single words here.
QUERIES_JA = ["先生", "父", "東京", "心", "家"]


def default_output(lang: str) -> Path:
    """The demo's folder when none is given: one per language."""
    return Path("zero2vec-demo" if lang == "en" else f"zero2vec-demo-{lang}")


def run_demo(output: str | os.PathLike | None = None, epochs: int | None = None, seed: int = 1,
             quiet: bool = False, lang: str = "en", tokenizer: str = "ja",
             cache_dir: str | os.PathLike | None = None) -> dict:
    """Train, query and save; returns the run summary (also written as summary.json).

    Parameters
    ----------
    output : path, optional
        Folder for the results (created); default :func:`default_output`.
    epochs : int, optional
        Default 4 for English, 20 for Japanese.
    lang : {"en", "ja"}
    tokenizer : str
        Japanese only: ``"ja"`` (fugashi, else janome), ``"fugashi"``, ``"sudachi"``, ``"janome"``.
    cache_dir : path, optional
        Japanese only: where the tokenised corpus is cached.
    """
    console = Console(quiet=quiet)
    summary: dict = {"lang": lang}
    if lang == "en":
        epochs = 4 if epochs is None else epochs
        source = bundled_path("brown")
        console.print(f"[bold]zero2vec demo[/]: the book's CBOW on the Brown corpus ({source.name})")
        sentences, min_count, queries = None, 5, QUERIES
    elif lang == "ja":
        from zero2vec.corpus.cache import tokenize_corpus
        from zero2vec.corpus.tokenizers import get_tokenizer

        epochs = 20 if epochs is None else epochs
        tok = get_tokenizer(tokenizer)  # fails here, naming the pip command, if none is installed
        source = bundled_path("kokoro")
        console.print(f"[bold]zero2vec demo --lang ja[/]: 夏目漱石『こころ』 ({source.name}, raw text), "
                      f"tokenizer {tok.name}")
        t0 = time.perf_counter()
        sentences = tokenize_corpus(source, tok, cache_dir=cache_dir, progress=not quiet)
        summary.update(tokenizer=tok.settings(), tokens=sentences.n_words,
                       tokenize_seconds=time.perf_counter() - t0)
        console.print(f"{len(sentences):,} sentences, {sentences.n_words:,} tokens "
                      f"in {summary['tokenize_seconds']:.1f} s (cache: {sentences.path})")
        min_count, queries = 3, QUERIES_JA
    else:
        raise ConfigError(f"lang must be 'en' or 'ja', got {lang!r}")

    out = Path(output) if output is not None else default_output(lang)
    out.mkdir(parents=True, exist_ok=True)
    job = TrainJob(corpus=source, output=out / "vectors.txt", format="word2vec-text", engine="layers",
                   sg=0, vector_size=100, window=5, negative=5, min_count=min_count, epochs=epochs,
                   batch_size=100, optimizer="adam", lr=0.001, seed=seed, progress=False if quiet else None,
                   summary_file=out / "summary.json",
                   plot_file=out / "loss.png", sentences=sentences)
    result = run(job)
    trainer, wv = result.model.trainer, result.wv
    w2i, i2w = wv.key_to_index, dict(enumerate(wv.index_to_key))
    console.print(f"vocabulary {len(wv):,} words; {epochs} epochs in {result.train_seconds:.0f} s "
                  f"({trainer.words_per_sec:,.0f} words/s)")

    neighbours = {q: most_similar(q, w2i, i2w, wv.vectors, top=5, verbose=not quiet)
                  for q in queries if q in w2i}
    analogies = {}
    if lang == "en":
        analogies = {f"{a}:{b} = {c}:?": analogy(a, b, c, w2i, i2w, wv.vectors, top=3, answer=d,
                                                 verbose=not quiet)
                     for a, b, c, d in ANALOGIES}
    summary.update(corpus=str(source), vocab_size=len(wv), epochs=epochs,
                   train_seconds=result.train_seconds, words_per_sec=trainer.words_per_sec,
                   epoch_losses=trainer.epoch_losses, run=result.summary,
                   neighbours={q: [w for w, _ in n] for q, n in neighbours.items()},
                   analogies={k: [w for w, _ in v] for k, v in analogies.items()})
    save_book_pickle(wv, out / "cbow_params.pkl")
    with atomic_file(out / "summary.json") as tmp:  # the job's summary, with the queries added
        tmp.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    console.print(f"\nwrote {out}/vectors.txt, cbow_params.pkl, loss.png, summary.json")
    return summary
