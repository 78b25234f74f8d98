"""``zero2vec plot``: loss curves and 2-D word maps as PNG."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Optional

import typer

from zero2vec._atomic import check_outputs
from zero2vec._checks import check_input_file
from zero2vec._progress import spinner
from zero2vec.cli._common import ALLOW_NONFINITE, err, load_vectors, warning_lines
from zero2vec.cli.app import app
from zero2vec.errors import ConfigError, CorpusError

plot_app = typer.Typer(help="Draw PNG plots: training loss, word maps, neighbourhoods.",
                       no_args_is_help=True)
app.add_typer(plot_app, name="plot")

METHOD = typer.Option("pca", "--method", help="pca, tsne (needs scikit-learn) or auto.")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress output.")


@plot_app.command("loss", epilog="Examples:\n\n  zero2vec plot loss vectors.bin.json --output loss.png\n\n"
                                 "  zero2vec plot loss cbow.bin.json sg.bin.json --output compare.png")
def loss(summaries: list[Path] = typer.Argument(..., metavar="SUMMARY...", show_default=False,
                                                help="Run summary JSON files written by 'zero2vec "
                                                     "train' (several: one curve each)."),
         output: Path = typer.Option(..., "--output", "-o", help="PNG to write.", show_default=False),
         quiet: bool = QUIET) -> None:
    """Plot the training-loss curve recorded in run summaries (several: compare runs)."""
    from zero2vec.job import loss_title
    from zero2vec.vectors.plot import plot_loss

    check_outputs({"the plot": output}, {f"the run summary {s}": s for s in summaries})
    runs = {str(s): _summary(s) for s in summaries}
    histories = {_label(s, summaries): data["loss_history"] for s, data in zip(summaries, runs.values())}
    units = {data.get("loss_unit", "loss") for data in runs.values()}
    if len(units) > 1:
        raise ConfigError("these summaries record different loss quantities "
                          f"({', '.join(sorted(units))}); compare runs of this zero2vec version")
    if len(runs) == 1:
        data = next(iter(runs.values()))
        title = loss_title(Path(data.get("corpus", "")).name, data.get("params", {}),
                           data.get("engine", "native"))
        histories = next(iter(histories.values()))
    else:
        title = "training loss"
    with spinner(f"plotting {output}", enabled=False if quiet else None), warning_lines():
        plot_loss(histories, output, title=title, ylabel=units.pop())
    _wrote(output, quiet)


def _summary(path: Path) -> dict:
    """A run summary with a non-empty loss_history of finite numbers."""
    check_input_file(path, "run summary")
    try:
        data = json.loads(path.read_text(encoding="utf8"))
        history = data["loss_history"]
        if not isinstance(history, list) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                for v in history):
            raise TypeError(history)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise CorpusError(f"{path}: not a run summary with a 'loss_history' list of finite "
                          "numbers") from None
    if not history:
        raise CorpusError(f"{path}: the run recorded no losses (ppmi-svd has none)")
    return data


def _label(path: Path, paths: list[Path]) -> str:
    """A curve's label: the file's name, or its path when names repeat."""
    return path.name if [p.name for p in paths].count(path.name) == 1 else str(path)


def _wrote(output: Path, quiet: bool) -> None:
    """Every plot command ends the same way."""
    if not quiet:
        err.print(f"wrote {output}", markup=False)


@plot_app.command("words", epilog="Example:\n\n  zero2vec plot words vectors.bin king queen man woman "
                                  "paris france --output map.png")
def words(vectors: Path = typer.Argument(..., help="Vector file or folder.", show_default=False),
          word_list: list[str] = typer.Argument(..., metavar="WORDS...", help="Words to place.",
                                                show_default=False),
          output: Path = typer.Option(..., "--output", "-o", help="PNG to write.", show_default=False),
          method: str = METHOD, limit: Optional[int] = typer.Option(None, "--limit"),
          quiet: bool = QUIET, allow_nonfinite: bool = ALLOW_NONFINITE) -> None:
    """Map chosen words to 2-D (PCA or t-SNE)."""
    from zero2vec.vectors.plot import plot_words

    if len(set(word_list)) < 2:
        raise ConfigError("give at least two different words to plot")
    check_outputs({"the plot": output}, {"the vectors": vectors})
    wv = load_vectors(vectors, quiet, limit=limit, allow_nonfinite=allow_nonfinite)
    with spinner(f"plotting {output}", enabled=False if quiet else None), warning_lines():
        plot_words(wv, word_list, output, method=method)
    _wrote(output, quiet)


@plot_app.command("neighbours", epilog="Example:\n\n  zero2vec plot neighbours vectors.bin 東京 "
                                       "--topn 30 --output tokyo.png")
def neighbours(vectors: Path = typer.Argument(..., help="Vector file or folder.", show_default=False),
               word: str = typer.Argument(..., help="The centre word.", show_default=False),
               output: Path = typer.Option(..., "--output", "-o", help="PNG to write.", show_default=False),
               topn: int = typer.Option(20, "--topn", "-n", help="Neighbours to show."),
               method: str = METHOD, limit: Optional[int] = typer.Option(None, "--limit"),
               quiet: bool = QUIET, allow_nonfinite: bool = ALLOW_NONFINITE) -> None:
    """Map a word and its nearest neighbours to 2-D."""
    from zero2vec.vectors.plot import plot_neighbourhood

    if topn < 1:
        raise ConfigError(f"--topn must be at least 1, got {topn}")
    check_outputs({"the plot": output}, {"the vectors": vectors})
    wv = load_vectors(vectors, quiet, limit=limit, allow_nonfinite=allow_nonfinite)
    with spinner(f"plotting {output}", enabled=False if quiet else None), warning_lines():
        plot_neighbourhood(wv, word, output, topn=topn, method=method)
    _wrote(output, quiet)
