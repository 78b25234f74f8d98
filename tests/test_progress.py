"""One progress module, one rule: shown on a terminal, or when asked; hidden when told."""
import io

import numpy as np
import pytest
from rich.console import Console

from zero2vec import _progress


@pytest.fixture
def terminal(monkeypatch):
    buf = io.StringIO()
    monkeypatch.setattr(_progress, "_stderr", Console(file=buf, force_terminal=True, width=120))
    return buf


def test_the_rule(terminal, monkeypatch):
    assert _progress.is_shown(None) and _progress.is_shown(True) and not _progress.is_shown(False)
    monkeypatch.setattr(_progress, "_stderr", Console(file=io.StringIO()))  # a pipe, a log
    assert not _progress.is_shown(None) and _progress.is_shown(True)


def test_counting_and_spinner_follow_it(terminal):
    with _progress.counting("saving", unit="words", enabled=False) as update:
        update(5, 10)
    with _progress.spinner("plotting", enabled=False):
        pass
    assert terminal.getvalue() == ""
    with _progress.counting("saving", unit="words") as update:
        update(5, 10)
    with _progress.spinner("plotting"):
        pass
    shown = terminal.getvalue()
    assert "saving" in shown and "words/s" in shown and "plotting" in shown


def data():
    from zero2vec.corpus import create_contexts_target

    corpus = np.arange(400) % 17
    return corpus, *create_contexts_target(corpus, 2)


def test_every_trainer_is_quiet_off_a_terminal_by_default(capsys):
    """The layered Trainer and PPMI-SVD showed their bars in logs by default (enabled=True)."""
    from zero2vec.count import train_ppmi_svd
    from zero2vec.models import CBOW
    from zero2vec.optim import SGD
    from zero2vec.trainer import Trainer

    corpus, x, t = data()
    Trainer(CBOW(17, 4, 2, corpus), SGD()).fit(x, t, 1, 20)
    train_ppmi_svd([["a", "b", "c", "a", "b"]] * 20, vector_size=2, window=1, min_count=1)
    assert capsys.readouterr().err == ""


def test_the_layered_bar_when_asked(capsys):
    from zero2vec.models import CBOW
    from zero2vec.optim import SGD
    from zero2vec.trainer import Trainer

    corpus, x, t = data()
    Trainer(CBOW(17, 4, 2, corpus), SGD(), progress=True).fit(x, t, 2, 20)
    shown = capsys.readouterr().err
    assert "epoch 2/2" in shown and "words/s" in shown and "loss" in shown


@pytest.mark.parametrize("env", [{"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"}])
def test_colour_settings_put_no_bar_into_a_log(monkeypatch, env):
    """FORCE_COLOR / TTY_COMPATIBLE ask rich for colour; a redirected stderr still gets no bar."""
    import sys

    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(_progress, "_stderr", None)
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a log file
    assert not _progress.is_shown(None)
    monkeypatch.setattr(_progress, "_stderr", None)


def _lines(buf: io.StringIO) -> list[str]:
    import re

    plain = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", buf.getvalue())
    return [ln for ln in plain.replace("\r", "\n").split("\n") if ln.strip()]


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_the_training_bar_is_one_line_at_any_width(monkeypatch, width):
    buf = io.StringIO()
    monkeypatch.setattr(_progress, "_stderr", Console(file=buf, force_terminal=True, width=width))
    with _progress.TrainingBar(10_000_000, 5, enabled=True, lr=True) as bar:
        bar.update(1_234_567, 2, 4.123456, 0.02412)
    last = _lines(buf)[-1]
    assert len(last) <= width and "epoch 2/5" in last and "loss 4.1235" in last and "ETA" in last


def test_the_tokenising_bar_has_a_total_and_an_eta(monkeypatch, tmp_path):
    from zero2vec.corpus import tokenize_corpus
    from zero2vec.corpus.tokenizers import get_tokenizer

    buf = io.StringIO()
    monkeypatch.setattr(_progress, "_stderr", Console(file=buf, force_terminal=True, width=140))
    c = tmp_path / "c.txt"
    c.write_text("a b c\n" * 30 + "d e")  # 31 lines, the last without a newline
    tokenize_corpus(c, get_tokenizer("regex"), workers=1, cache_dir=tmp_path / "cache", progress=True)
    last = _lines(buf)[-1]
    assert "31/31" in last and "ETA" in last and "tokens 92" in last, last
