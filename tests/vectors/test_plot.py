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


def test_the_ja_extra_font_renders_japanese_cleanly(wv, tmp_path, caplog):
    """matplotlib-fontja (the [ja] extra) is found without importing it (its import would
    change matplotlib's default font), at regular weight; no warning, no findfont log."""
    import logging
    import sys

    import importlib.util

    from matplotlib import font_manager

    if importlib.util.find_spec("matplotlib_fontja") is None:  # (not imported: see below)
        pytest.skip("needs matplotlib-fontja (pip install 'zero2vec[ja]')")

    from zero2vec.vectors import plot

    assert plot._bundled_cjk_font() and "matplotlib_fontja" not in sys.modules
    plot.find_cjk_font.cache_clear()
    monkey_fc = plot._system_cjk_fonts
    try:
        plot._system_cjk_fonts = lambda: []  # the bundled font alone: as on a fresh machine
        font = plot.find_cjk_font()
        assert font == "IPAexGothic"
        with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.DEBUG - 1):
            warnings.simplefilter("always")
            plot_words(wv, ["東京", "日本", "king"], tmp_path / "ja.png")
        assert [str(w.message) for w in caught] == []
        assert not [r for r in caplog.records if "findfont" in r.getMessage()
                    and r.levelno >= logging.WARNING]
        path = font_manager.findfont(font_manager.FontProperties(family=font))
        assert path == plot._bundled_cjk_font()[0]
        assert font_manager.FontProperties(fname=path).get_weight() in ("normal", 400)
    finally:
        plot._system_cjk_fonts = monkey_fc
        plot.find_cjk_font.cache_clear()


def test_system_fonts_regular_weight_first(monkeypatch):
    import subprocess

    from zero2vec.vectors import plot

    listing = "/f/NotoSansCJK-Bold.ttc:\n/f/NotoSansCJK-Black.ttc:\n/f/NotoSansCJK-Regular.ttc:\n"
    monkeypatch.setattr(plot.shutil, "which", lambda name: "/usr/bin/fc-list")
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, listing, ""))
    assert plot._system_cjk_fonts()[0] == "/f/NotoSansCJK-Regular.ttc"


def test_missing_font_says_to_install_the_ja_extra(wv, tmp_path, monkeypatch):
    from zero2vec.vectors import plot

    monkeypatch.setattr(plot, "find_cjk_font", lambda: None)
    monkeypatch.setattr(plot, "_warned", False)
    with pytest.warns(UserWarning, match=r"pip install 'zero2vec\[ja\]'"):
        plot_words(wv, ["東京", "日本"], tmp_path / "ja.png")


def test_loss_plot_compares_runs(tmp_path):
    from zero2vec.vectors.plot import plot_loss

    out = plot_loss({"cbow": [3, 2, 1], "sg": [5, 4, 3.5, 3]}, tmp_path / "c.png")
    assert out.read_bytes().startswith(b"\x89PNG")
    with pytest.raises(Exception, match="non-empty"):
        plot_loss({"a": []}, tmp_path / "d.png")
