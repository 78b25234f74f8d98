"""PNG plots: loss curve, word maps, CJK font fallback."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from zero2vec.errors import ConfigError, ShapeError, UnknownWordError
from zero2vec.vectors import plot
from zero2vec.vectors.plot import plot_loss, plot_neighbourhood, plot_words, project_2d

PNG = b"\x89PNG\r\n\x1a\n"


def test_loss_plot(tmp_path):
    p = plot_loss([3.0, 2.5, 2.2, 2.1], tmp_path / "loss.png", title="ptb")
    assert p.read_bytes().startswith(PNG)
    with pytest.raises(ShapeError):
        plot_loss([], tmp_path / "x.png")


def test_word_map_and_neighbourhood(wv, tmp_path):
    assert plot_words(wv, ["king", "queen", "man", "woman"], tmp_path / "m.png").read_bytes().startswith(PNG)
    assert plot_neighbourhood(wv, "king", tmp_path / "n.png", topn=8).read_bytes().startswith(PNG)
    with pytest.raises(UnknownWordError, match="kinq"):
        plot_words(wv, ["king", "kinq"], tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_japanese_labels_use_a_cjk_font_or_warn_once(wv, tmp_path, monkeypatch):
    words = ["東京", "日本", "パリ", "フランス"]
    if plot.find_cjk_font():
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no missing-glyph warning when a font is found
            plot_words(wv, words, tmp_path / "ja.png")
    monkeypatch.setattr(plot, "find_cjk_font", lambda: None)
    monkeypatch.setattr(plot, "_warned", False)
    with pytest.warns(UserWarning, match="Japanese"):
        plot_words(wv, words, tmp_path / "ja2.png")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot_words(wv, words, tmp_path / "ja3.png")  # warned once only
    assert (tmp_path / "ja3.png").read_bytes().startswith(PNG)


def test_projection():
    x = np.random.default_rng(0).standard_normal((10, 5))
    xy = project_2d(x, "pca")
    assert xy.shape == (10, 2)
    assert abs(xy[:, 0].var()) >= abs(xy[:, 1].var())  # first component carries most variance
    with pytest.raises(ShapeError):
        project_2d(x[:1])
    with pytest.raises(ConfigError):
        project_2d(x, "umap")
    try:
        import sklearn  # noqa: F401
    except ImportError:
        with pytest.raises(ConfigError, match="scikit-learn"):
            project_2d(x, "tsne")
        assert project_2d(x, "auto").shape == (10, 2)
    else:
        assert project_2d(x, "tsne").shape == (10, 2)
