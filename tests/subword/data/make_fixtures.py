"""Make the committed fastText fixtures (run once, with the `fasttext` package installed).

    python tests/subword/data/make_fixtures.py

Writes, next to this script:

* ``ngrams_fasttext.json``: for words in many scripts, the subword strings and input-matrix
  rows that Facebook fastText's ``get_subwords`` gives (bucket 2,000,000, minn 3..6 and 1..3);
* ``tiny.bin``: a skip-gram model Facebook fastText trained (dim 8, bucket 300), and
  ``tiny_vectors.json``: its ``get_word_vector`` for in-vocabulary and unseen words.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import fasttext

HERE = Path(__file__).parent
WORDS = ["hello", "a", "ab", "naïve", "日本語", "東京都", "Straße", "😀ok", "ÿé", "</s>",
         "x" * 9, "über-cool", "ß", "ǅ", "\u0301e", "ا لعربية", "тест"]
CORPUS = ("the quick brown fox jumps over the lazy dog . " * 3
          + "東京 は 日本 の 首都 です 。 naïve café au lait . ") * 40


def _model(tmp: Path, **kw) -> fasttext.FastText._FastText:
    path = tmp / "corpus.txt"
    path.write_text(CORPUS.replace(" . ", " .\n"), encoding="utf-8")
    return fasttext.train_unsupervised(str(path), thread=1, verbose=0, **kw)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for minn, maxn in ((3, 6), (1, 3)):
            m = _model(Path(tmp), dim=1, epoch=1, minCount=1, bucket=2_000_000, minn=minn, maxn=maxn)
            nwords = len(m.words)
            for w in WORDS:
                subs, rows = m.get_subwords(w)
                known = w in m.words
                cases.append({"word": w, "minn": minn, "maxn": maxn, "in_vocab": known,
                              "ngrams": [s for s in subs[1 if known else 0:]],
                              "buckets": [int(r) - nwords for r in rows[1 if known else 0:]]})
        (HERE / "ngrams_fasttext.json").write_text(
            json.dumps({"bucket": 2_000_000, "cases": cases}, ensure_ascii=False, indent=0),
            encoding="utf-8")
        m = _model(Path(tmp), model="skipgram", dim=8, epoch=3, minCount=2, bucket=300,
                   minn=2, maxn=4)
        m.save_model(str(HERE / "tiny.bin"))
        probe = list(m.words) + ["foxes", "東京都", "zzz", "caféine"]
        vectors = {w: [float(x) for x in m.get_word_vector(w)] for w in probe}
        (HERE / "tiny_vectors.json").write_text(json.dumps(vectors, ensure_ascii=False),
                                                encoding="utf-8")


if __name__ == "__main__":
    main()
