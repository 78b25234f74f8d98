"""PNG plots: the training-loss curve and 2-D maps of word vectors.

Figures are drawn with matplotlib's object API on an Agg canvas, never through
``pyplot``, so importing this module does not change the backend of a notebook or GUI.
Japanese (any CJK) labels need a CJK font: the ``[ja]`` extra brings one
(matplotlib-fontja: IPAexGothic, IPA Font License), used without importing that package
(its import would change matplotlib's default font for the whole process); else one is
looked for (``fc-list :lang=ja``, regular weights first, then matplotlib's own list).
Without any, one warning says what to install and the labels render as boxes.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import numpy as np

from zero2vec.corpus.tokenizers.base import CJK
from zero2vec.errors import ConfigError, ShapeError
from zero2vec._atomic import atomic_file
from zero2vec.vectors.keyed import WordVectors

_KNOWN_CJK = ("Noto Sans CJK", "Noto Serif CJK", "Source Han Sans", "IPAexGothic", "IPAGothic",
              "IPAPGothic", "TakaoGothic", "VL Gothic", "Hiragino", "Yu Gothic", "MS Gothic",
              "Meiryo", "Droid Sans Fallback", "WenQuanYi")
_warned = False


def _bundled_cjk_font() -> list[str]:
    """The font file of matplotlib-fontja (the ``[ja]`` extra), found without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("matplotlib_fontja")
    except (ImportError, ValueError):
        return []
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(folder, "fonts", "ipaexg.ttf")
        if os.path.exists(path):
            return [path]
    return []


def _system_cjk_fonts() -> list[str]:
    """Files of fonts with Japanese glyphs (fontconfig), regular weights first."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=ja", "file"], capture_output=True, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    paths = [line.split(":")[0].strip() for line in out.splitlines()]
    heavy = re.compile(r"bold|black|heavy|medium|light|thin", re.I)  # labels are regular text
    return sorted((p for p in paths if p.lower().endswith((".ttf", ".otf", ".ttc"))),
                  key=lambda p: (bool(heavy.search(os.path.basename(p))), "Regular" not in p, p))


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Family name of a font with Japanese glyphs (registered with matplotlib), or None."""
    from matplotlib import font_manager

    for path in _bundled_cjk_font() + _system_cjk_fonts():
        if os.path.exists(path):
            try:
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
            except Exception:  # noqa: BLE001 - an unreadable font file: try the next
                continue
    for entry in font_manager.fontManager.ttflist:
        if any(entry.name.startswith(k) for k in _KNOWN_CJK):
            return entry.name
    return None


@contextmanager
def _style(labels: Sequence[str] = ()) -> Iterator[None]:
    """rc settings for one figure: a CJK fallback font when a label needs it."""
    global _warned
    import matplotlib

    rc: dict = {}
    if any(CJK.search(s) for s in labels):
        font = find_cjk_font()
        if font:
            # one regular-weight CJK face first (it has Latin glyphs too), as a sans-serif
            # family matplotlib knows, so no findfont warning
            rc["font.family"] = ["sans-serif"]
            rc["font.sans-serif"] = [font, "DejaVu Sans"]
        elif not _warned:
            _warned = True
            warnings.warn("no font with Japanese glyphs found, so labels show as boxes; "
                          "pip install 'zero2vec[ja]' brings one (or: apt-get install "
                          "fonts-noto-cjk)", stacklevel=3)
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        yield


def _figure(size=(7, 5)):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=120)
    FigureCanvasAgg(fig)
    return fig


def _save(fig, path: str | os.PathLike) -> Path:
    path = Path(path)
    with atomic_file(path) as tmp:
        fig.savefig(tmp, format="png", bbox_inches="tight")
    return path


def plot_loss(loss_history: Sequence[float] | Mapping[str, Sequence[float]],
              path: str | os.PathLike | None = None, *, title: str | None = None,
              xlabel: str = "epoch", ylabel: str = "loss",
              ylim: tuple[float, float] | None = None):
    """Draw a training-loss curve as PNG (or show it, as the book does, when ``path`` is None).

    Parameters
    ----------
    loss_history : sequence of float, or mapping of label to sequence
        One value per epoch (a run summary's ``loss_history``: the mean loss per word) or
        per evaluation interval (the book's ``Trainer.loss_list``). A mapping draws one
        labelled curve per run, to compare runs.
    path : path, optional
        The PNG to write (atomically). ``None`` shows the figure with pyplot instead.
    ylim : (low, high), optional
        Fix the y range (the book's ``trainer.plot(ylim=(0, 5))``).

    Returns
    -------
    Path of the written file, or the figure when shown.
    """
    series = dict(loss_history) if isinstance(loss_history, Mapping) else {"": loss_history}
    if not series:
        raise ShapeError("loss_history must hold at least one run")
    curves = {}
    for label, values in series.items():
        y = np.asarray(list(values), dtype=np.float64)
        if y.ndim != 1 or y.size == 0:
            raise ShapeError(f"loss_history{f' of {label}' if label else ''} must be a non-empty "
                             f"list of numbers, got shape {y.shape}")
        curves[label] = y
    with _style([title or "", *series]):
        if path is None:
            import matplotlib.pyplot as plt  # only here: showing needs the user's backend
            fig = plt.figure(figsize=(7, 5))
        else:
            fig = _figure()
        ax = fig.add_subplot()
        for label, y in curves.items():
            ax.plot(np.arange(1, y.size + 1), y, marker="o" if y.size <= 50 else None,
                    markersize=3, label=label or None)
        if len(curves) > 1:
            ax.legend()
        from matplotlib.ticker import MaxNLocator
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.set_title(title or "training loss")
        ax.grid(alpha=0.3)
        if path is None:
            plt.show()
            return fig
        return _save(fig, path)


def project_2d(vectors: np.ndarray, method: str = "pca", seed: int = 0) -> np.ndarray:
    """Project rows to 2-D: ``"pca"`` (numpy SVD), ``"tsne"`` (scikit-learn), ``"umap"``
    (umap-learn), or ``"auto"`` (t-SNE when scikit-learn is installed and there are
    enough points)."""
    x = np.asarray(vectors, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] < 2:
        raise ShapeError(f"need at least 2 vectors to project, got shape {x.shape}")
    if method == "auto":
        try:
            import sklearn  # noqa: F401
            method = "tsne" if x.shape[0] >= 5 else "pca"
        except ImportError:
            method = "pca"
    if method == "pca":
        x = x - x.mean(axis=0)
        u, s, _ = np.linalg.svd(x, full_matrices=False)
        out = u[:, :2] * s[:2]
        return np.pad(out, ((0, 0), (0, 2 - out.shape[1])))  # 1-D vectors: second axis is 0
    if method == "tsne":
        try:
            from sklearn.manifold import TSNE
        except ImportError:
            raise ConfigError("t-SNE needs scikit-learn: pip install 'zero2vec[sklearn]' "
                              "(or use method='pca')") from None
        perplexity = float(min(30, max(1, x.shape[0] - 1) / 3))
        return TSNE(n_components=2, perplexity=perplexity, random_state=seed,
                    init="pca").fit_transform(x)
    if method == "umap":
        try:
            import umap
        except ImportError:
            raise ConfigError("UMAP needs umap-learn: pip install umap-learn "
                              "(or use method='pca')") from None
        neighbours = int(min(15, x.shape[0] - 1))
        return umap.UMAP(n_components=2, n_neighbors=max(2, neighbours), random_state=seed,
                         init="random" if x.shape[0] < 4 else "spectral").fit_transform(x)
    raise ConfigError(f"method must be 'pca', 'tsne', 'umap' or 'auto', got {method!r}")


def projections() -> list[str]:
    """The methods :func:`project_2d` can run here: PCA always, t-SNE with scikit-learn,
    UMAP with umap-learn."""
    from importlib.util import find_spec

    return ["pca"] + [name for name, module in (("tsne", "sklearn"), ("umap", "umap"))
                      if find_spec(module) is not None]


def plot_words(wv: WordVectors, words: Sequence[str], path: str | os.PathLike, *,
               method: str = "pca", title: str | None = None, highlight: str | None = None) -> Path:
    """Map chosen words to 2-D and write a labelled scatter plot as PNG.

    Parameters
    ----------
    wv : WordVectors
    words : sequence of str
        At least two; an unknown word raises UnknownWordError (naming it).
    path : path
        The PNG to write.
    method : {"pca", "tsne", "auto"}
    highlight : str, optional
        A word drawn in another colour (the centre of a neighbourhood).
    """
    words = list(dict.fromkeys(words))
    vecs = np.stack([wv.get_vector(w, norm=True) for w in words]) if words else np.empty((0, 0))
    xy = project_2d(vecs, method)
    with _style(words + [title or ""]):
        fig = _figure((8, 6))
        ax = fig.add_subplot()
        colours = ["tab:red" if w == highlight else "tab:blue" for w in words]
        ax.scatter(xy[:, 0], xy[:, 1], c=colours, s=18)
        for (x, y), w in zip(xy, words):
            ax.annotate(w, (x, y), xytext=(3, 3), textcoords="offset points", fontsize=9)
        ax.set_title(title or f"{len(words)} words ({method.upper()})")
        ax.set_xticks([])
        ax.set_yticks([])
        return _save(fig, path)


def plot_neighbourhood(wv: WordVectors, word: str, path: str | os.PathLike, *, topn: int = 20,
                       method: str = "pca", title: str | None = None) -> Path:
    """Plot ``word`` and its ``topn`` nearest neighbours (by cosine) as PNG."""
    near = [w for w, _ in wv.most_similar(word, topn=topn)]
    return plot_words(wv, [word] + near, path, method=method, highlight=word,
                      title=title or f"neighbours of {word!r}")
