"""``zero2vec demo``: the book's CBOW trained on the bundled Brown corpus, then queried.

Runs in about a minute on 2 cores: reads 1.16M tokens, keeps words seen 5+ times
(~14k), trains CBOW (window 5, 100 dims, 5 negatives, batch 100, Adam) with the
book's layered framework, prints neighbours and analogies, and writes to ``output``:
``vectors.txt`` (word2vec text format), ``cbow_params.pkl`` (the book's pickle),
``loss.png`` and ``summary.json``.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from rich.console import Console

from zero2vec.datasets import bundled_path
from zero2vec.train import train_layers
from zero2vec.vectors import analogy, most_similar

QUERIES = ["man", "day", "said", "good"]
# Checked on 『こころ』 (fugashi, 20 epochs): 父 → 母 兄 病気, 東京 → 国 町 宅, 心 → 胸 頭.
# 奥さん and お嬢さん are split by UniDic (奥 / さん), so they are not single words here.
QUERIES_JA = ["先生", "父", "東京", "心", "家"]
ANALOGIES = [("he", "she", "his", "her"), ("man", "men", "woman", "women")]


def run_demo(output: str | os.PathLike = "zero2vec-demo", epochs: int | None = None, seed: int = 1,
             quiet: bool = False, lang: str = "en", tokenizer: str = "ja",
             cache_dir: str | os.PathLike | None = None) -> dict:
    """Train, query and save; returns the run summary (also written as summary.json).

    ``lang="en"`` (default) trains on Brown (4 epochs by default); ``lang="ja"`` on
    the raw text of 『こころ』, tokenised by ``tokenizer`` (default ``"ja"``: fugashi,
    else janome) once and cached in ``cache_dir`` (20 epochs by default).
    """
    if lang == "ja":
        return run_demo_ja(output, epochs=20 if epochs is None else epochs, seed=seed,
                           quiet=quiet, tokenizer=tokenizer, cache_dir=cache_dir)
    if lang != "en":
        from zero2vec.errors import ConfigError

        raise ConfigError(f"lang must be 'en' or 'ja', got {lang!r}")
    epochs = 4 if epochs is None else epochs
    from zero2vec.vectors.io_export import save_book_pickle

    console = Console(quiet=quiet)
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    corpus = bundled_path("brown")
    console.print(f"[bold]zero2vec demo[/]: the book's CBOW on the Brown corpus ({corpus.name})")
    t0 = time.perf_counter()
    res = train_layers(corpus, sg=0, vector_size=100, window=5, negative=5, min_count=5,
                       epochs=epochs, batch_size=100, optimizer="adam", lr=0.001, seed=seed,
                       progress=not quiet)
    train_s = time.perf_counter() - t0
    wv = res.wv
    w2i, i2w = wv.key_to_index, dict(enumerate(wv.index_to_key))
    console.print(f"vocabulary {len(wv):,} words; {epochs} epochs in {train_s:.0f} s "
                  f"({res.trainer.words_per_sec:,.0f} words/s)")

    neighbours = {q: most_similar(q, w2i, i2w, wv.vectors, top=5, verbose=not quiet)
                  for q in QUERIES}
    analogies = {f"{a}:{b} = {c}:?": analogy(a, b, c, w2i, i2w, wv.vectors, top=3, answer=d,
                                             verbose=not quiet)
                 for a, b, c, d in ANALOGIES}

    wv.save_word2vec_format(out / "vectors.txt")
    save_book_pickle(wv, out / "cbow_params.pkl")
    res.trainer.plot(out / "loss.png")
    summary = {
        "corpus": str(corpus), "vocab_size": len(wv), "epochs": epochs, "train_seconds": train_s,
        "words_per_sec": res.trainer.words_per_sec, "epoch_losses": res.trainer.epoch_losses,
        "neighbours": {q: [w for w, _ in n] for q, n in neighbours.items()},
        "analogies": {k: [w for w, _ in v] for k, v in analogies.items()},
    }
    tmp = out / "summary.json.tmp"
    tmp.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out / "summary.json")
    console.print(f"\nwrote {out}/vectors.txt, cbow_params.pkl, loss.png, summary.json")
    return summary


def run_demo_ja(output: str | os.PathLike = "zero2vec-demo-ja", epochs: int = 20, seed: int = 1,
                quiet: bool = False, tokenizer: str = "ja",
                cache_dir: str | os.PathLike | None = None) -> dict:
    """The book's CBOW on raw 『こころ』: tokenise once (cached), train, show neighbours.

    About 100k tokens after dropping punctuation, 2.3k words seen 3+ times; 20 epochs
    take about 30 s on 2 busy cores. Writes the same files as the English demo.
    """
    from zero2vec.corpus.cache import tokenize_corpus
    from zero2vec.corpus.tokenizers import get_tokenizer
    from zero2vec.vectors.io_export import save_book_pickle

    console = Console(quiet=quiet)
    out = Path(output)
    tok = get_tokenizer(tokenizer)  # fails here, naming the pip command, if none is installed
    out.mkdir(parents=True, exist_ok=True)
    source = bundled_path("kokoro")
    console.print(f"[bold]zero2vec demo --lang ja[/]: 夏目漱石『こころ』 ({source.name}, raw text), "
                  f"tokenizer {tok.name}")
    t0 = time.perf_counter()
    corpus = tokenize_corpus(source, tok, cache_dir=cache_dir, progress=not quiet)
    tok_s = time.perf_counter() - t0
    console.print(f"{len(corpus):,} sentences, {corpus.n_tokens:,} tokens "
                  f"({'from the cache' if corpus.meta.get('seconds', 0) > tok_s else 'tokenised'} "
                  f"in {tok_s:.1f} s; cache: {corpus.path})")
    t0 = time.perf_counter()
    res = train_layers(sentences=corpus, sg=0, vector_size=100, window=5, negative=5, min_count=3,
                       epochs=epochs, batch_size=100, optimizer="adam", lr=0.001, seed=seed,
                       progress=not quiet)
    train_s = time.perf_counter() - t0
    wv = res.wv
    w2i, i2w = wv.key_to_index, dict(enumerate(wv.index_to_key))
    console.print(f"vocabulary {len(wv):,} words; {epochs} epochs in {train_s:.0f} s "
                  f"({res.trainer.words_per_sec:,.0f} words/s)")
    neighbours = {q: most_similar(q, w2i, i2w, wv.vectors, top=5, verbose=not quiet)
                  for q in QUERIES_JA if q in w2i}

    wv.save_word2vec_format(out / "vectors.txt")
    save_book_pickle(wv, out / "cbow_params.pkl")
    res.trainer.plot(out / "loss.png")
    summary = {
        "corpus": str(source), "lang": "ja", "tokenizer": tok.settings(),
        "tokens": corpus.n_tokens, "tokenize_seconds": tok_s, "vocab_size": len(wv),
        "epochs": epochs, "train_seconds": train_s, "words_per_sec": res.trainer.words_per_sec,
        "epoch_losses": res.trainer.epoch_losses,
        "neighbours": {q: [w for w, _ in n] for q, n in neighbours.items()},
    }
    tmp = out / "summary.json.tmp"
    tmp.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out / "summary.json")
    console.print(f"\nwrote {out}/vectors.txt, cbow_params.pkl, loss.png, summary.json")
    return summary
