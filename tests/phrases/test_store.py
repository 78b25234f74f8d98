"""save/load: round trips of both classes, a custom scorer by name, and damaged files."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec import _npzfile
from zero2vec.errors import CheckpointError, ConfigError
from zero2vec.phrases import ENGLISH_CONNECTOR_WORDS, FrozenPhrases, Phrases

KW = dict(min_count=3, threshold=5.0, connector_words=ENGLISH_CONNECTOR_WORDS, delimiter="+")


def scaled(worda_count, wordb_count, bigram_count, len_vocab, min_count, corpus_word_count):
    return (bigram_count - min_count) / (worda_count * wordb_count) * len_vocab / 3


@pytest.fixture(scope="module")
def model(brown_sentences):
    return Phrases(brown_sentences[:3000], **KW)


def test_phrases_round_trip(tmp_path, model, brown_sentences):
    model.save(tmp_path / "p.npz")
    back = Phrases.load(tmp_path / "p.npz")
    assert type(back) is Phrases
    assert list(back.vocab.items()) == list(model.vocab.items())
    for name in ("min_count", "threshold", "max_vocab_size", "delimiter", "connector_words",
                 "corpus_word_count", "min_reduce", "scoring", "progress_per"):
        assert getattr(back, name) == getattr(model, name), name
    assert back.export_phrases() == model.export_phrases()
    back.add_vocab(brown_sentences[3000:4000])  # still learns
    assert back.corpus_word_count > model.corpus_word_count


def test_frozen_round_trip_loads_through_either_class(tmp_path, model, brown_sentences):
    frozen = model.freeze()
    frozen.save(tmp_path / "f.npz")
    back = Phrases.load(tmp_path / "f.npz")  # (gensim's load returns what was saved)
    assert type(back) is FrozenPhrases
    assert back.phrasegrams == frozen.phrasegrams and len(back.phrasegrams) > 10
    assert list(back[brown_sentences[:500]]) == list(frozen[brown_sentences[:500]])


def test_custom_scorer_saved_by_name(tmp_path, brown_sentences):
    m = Phrases(brown_sentences[:2000], min_count=3, threshold=1.0, scoring=scaled)
    m.save(tmp_path / "c.npz")
    back = Phrases.load(tmp_path / "c.npz")
    assert back.scoring is scaled and back.export_phrases() == m.export_phrases()


def test_unpicklable_scorer_is_refused():
    with pytest.raises(ConfigError, match="picklable"):
        Phrases(scoring=lambda worda_count, wordb_count, bigram_count, len_vocab, min_count,
                corpus_word_count: 0.0)


def _tamper(path, out, header=None, **arrays):
    h, a = _npzfile.read(path, "zero2vec.phrases", 1, what="phrase model")
    h.update(header or {})
    a.update(arrays)
    _npzfile.write(out, h, a)


def test_damaged_files_are_one_line_errors(tmp_path, model):
    model.save(tmp_path / "p.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(CheckpointError, match="not a readable zero2vec phrase model"):
        Phrases.load(tmp_path / "junk.npz")
    words = _npzfile.read(tmp_path / "p.npz", "zero2vec.phrases", 1)[1]["words"].copy()
    words[0, 2] += 1  # (a count: still consistent)
    pool = _npzfile.read(tmp_path / "p.npz", "zero2vec.phrases", 1)[1]["pool"].copy()
    pool[0] ^= 1
    cases = {
        "kind": dict(header={"kind": "Word2Vec"}),
        "threshold": dict(header={"threshold": "high"}),
        "whash": dict(pool=pool),
        "words": dict(words=np.zeros((3, 2), dtype=np.int64)),
        "scoring": dict(header={"scoring": "nowhere:nothing"}),
    }
    for field, change in cases.items():
        _tamper(tmp_path / "p.npz", tmp_path / "bad.npz", **change)
        with pytest.raises(CheckpointError, match=field) as e:
            Phrases.load(tmp_path / "bad.npz")
        assert "\n" not in str(e.value)
    _tamper(tmp_path / "p.npz", tmp_path / "ok.npz", words=words)
    assert Phrases.load(tmp_path / "ok.npz").vocab[model.table.word(0)] == words[0, 2]
