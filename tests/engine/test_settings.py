"""The native model's settings: checked once (in _checks), frozen, read as attributes."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

import zero2vec
from zero2vec.engine.settings import Settings
from zero2vec.errors import CheckpointError, ConfigError


def test_defaults_are_resolved_to_what_runs():
    s = Settings()
    assert s.alpha == 0.05 and Settings(sg=1).alpha == 0.025  # word2vec.c's per architecture
    assert s.workers >= 1 and s.sg is False and s.cbow_mean is True
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.window = 3


@pytest.mark.parametrize("kw, msg", [
    (dict(window=0), "window must be a positive integer"), (dict(sg=2), "sg must be 0 or 1"),
    (dict(hs=0.5), "hs must be 0 or 1"), (dict(negative=-1), "negative must be an integer"),
    (dict(negative=0), "nothing to train"), (dict(alpha=float("nan")), "alpha must be a finite"),
    (dict(min_alpha=0.5, alpha=0.1), "min_alpha must be"), (dict(sample="x"), "sample must be a number"),
    (dict(seed=-1), "seed must be"), (dict(workers=0), "workers must be"),
    (dict(max_final_vocab=0), "max_final_vocab must be"),
])
def test_every_setting_is_checked(kw, msg):
    with pytest.raises(ConfigError, match=msg):
        Settings(**kw)
    with pytest.raises(ConfigError, match=msg):
        zero2vec.Word2Vec(**kw)


def test_model_attributes_read_and_check_the_settings():
    m = zero2vec.Word2Vec(vector_size=7, window=3, workers=1)
    assert (m.vector_size, m.window, m.workers) == (7, 3, 1)
    m.epochs = 9
    assert m.settings.epochs == 9 and m.epochs == 9
    with pytest.raises(ConfigError, match="epochs must be a positive integer"):
        m.epochs = -1
    assert m.epochs == 9


def test_unknown_settings_are_refused():
    with pytest.raises(ConfigError, match="unknown settings: bogus"):
        Settings.from_dict({"window": 3, "bogus": 1})
    assert Settings.from_dict(Settings(window=3).as_dict()) == Settings(window=3)


def test_a_checkpoint_with_unknown_settings_is_a_checkpoint_error(tmp_path):
    sentences = [["a", "b", "c", "a"]] * 50
    m = zero2vec.Word2Vec(sentences, vector_size=4, min_count=1, epochs=1, workers=1)
    ck = tmp_path / "run.ckpt"
    m.train(sentences, checkpoint_path=ck)
    with np.load(ck) as z:
        arrays = {k: z[k] for k in z.files}
    header = json.loads(arrays.pop("header").tobytes())
    header["settings"]["evil"] = "__import__('os')"
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    with open(ck, "wb") as f:
        np.savez(f, **arrays)
    with pytest.raises(CheckpointError, match="unknown settings: evil"):
        zero2vec.Word2Vec.load_checkpoint(ck, sentences=sentences)
