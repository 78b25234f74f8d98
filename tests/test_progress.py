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
