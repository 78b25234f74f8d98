"""Plots (PNG via matplotlib's Agg canvas): ``zero2vec.plot`` is :mod:`zero2vec.vectors.plot`.

>>> from zero2vec.plot import plot_loss, plot_words, plot_neighbourhood  # doctest: +SKIP
"""
from zero2vec.vectors.plot import (find_cjk_font, plot_loss, plot_neighbourhood, plot_words,
                                   project_2d)

__all__ = ["find_cjk_font", "plot_loss", "plot_neighbourhood", "plot_words", "project_2d"]
