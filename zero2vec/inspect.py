"""Which layers hold which parameter arrays: the sharing contract made visible.

``describe_params(model)`` answers "when is ``W_in`` updated?": CBOW lists ``W_in`` once
per context ``Embedding`` in ``model.params``; the Trainer merges those entries into one
(summing their gradients) and the optimizer updates that one array in place, once per
step. ``word_vecs`` is the same object, so it is trained too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from zero2vec.models._base import child_layers


@dataclass
class ParamInfo:
    """One distinct parameter array of a model."""

    index: int                  # position among the distinct arrays
    shape: tuple[int, ...]
    dtype: str
    holders: list[str] = field(default_factory=list)  # attribute paths of the leaf layers
    layer_types: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # where it occurs in model.params
    is_word_vecs: bool = False

    @property
    def count(self) -> int:
        """How many times the array appears in ``model.params``."""
        return len(self.positions)


def _leaf_holders(layer: object, path: str, out: list[tuple[str, object]]) -> None:
    kids = list(child_layers(layer))
    own = [p for p in getattr(layer, "params", [])]
    covered = {id(p) for _, k in kids for p in getattr(k, "params", [])}
    if path and any(id(p) not in covered for p in own):
        out.append((path, layer))
    for name, kid in kids:
        _leaf_holders(kid, f"{path}.{name}" if path else name, out)


def describe_params(model: object, print_table: bool = True) -> list[ParamInfo]:
    """One row per distinct parameter array of ``model``.

    Parameters
    ----------
    model : a layered model (or anything with ``params``)
    print_table : bool
        Also print the table (rich) and a short explanation.

    Returns
    -------
    list of ParamInfo
    """
    infos: list[ParamInfo] = []
    by_id: dict[int, ParamInfo] = {}
    for pos, p in enumerate(model.params):
        info = by_id.get(id(p))
        if info is None:
            info = ParamInfo(len(infos), tuple(p.shape), str(p.dtype))
            wv = getattr(model, "word_vecs", None)
            info.is_word_vecs = wv is not None and wv is p
            by_id[id(p)] = info
            infos.append(info)
        info.positions.append(pos)

    leaves: list[tuple[str, object]] = []
    _leaf_holders(model, "", leaves)
    for path, layer in leaves:
        for p in layer.params:
            if id(p) in by_id:
                by_id[id(p)].holders.append(path)
                by_id[id(p)].layer_types.append(type(layer).__name__)
    if print_table:
        print_params(model, infos)
    return infos


def compress_paths(paths: list[str]) -> str:
    """``in_layers[0], ..., in_layers[9]`` -> ``in_layers[0..9]`` (for display)."""
    groups: dict[str, list[tuple[int, ...]]] = {}
    for p in paths:
        key = re.sub(r"\[\d+\]", "[*]", p)
        groups.setdefault(key, []).append(tuple(int(i) for i in re.findall(r"\[(\d+)\]", p)))
    out = []
    for key, idx in groups.items():
        for pos in range(len(idx[0])):
            lo, hi = min(t[pos] for t in idx), max(t[pos] for t in idx)
            key = key.replace("[*]", f"[{lo}]" if lo == hi else f"[{lo}..{hi}]", 1)
        out.append(key)
    return ", ".join(out)


def print_params(model: object, infos: list[ParamInfo]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Parameters of {type(model).__name__}")
    for col in ("#", "shape", "dtype", "held by", "in model.params", "word_vecs is it"):
        table.add_column(col)
    for info in infos:
        types = sorted(set(info.layer_types))
        held = f"{len(info.holders)} x {'/'.join(types)}: {compress_paths(info.holders)}" if info.holders else "-"
        table.add_row(str(info.index), "x".join(map(str, info.shape)), info.dtype, held,
                      f"{info.count} time{'s' if info.count > 1 else ''}", "yes" if info.is_word_vecs else "no")
    console = Console(width=max(Console().width, 110))
    console.print(table)
    for info in infos:
        if info.count > 1:
            console.print(
                f"#{info.index} appears {info.count} times in model.params: the Trainer merges them "
                f"into one entry whose gradient is the sum of all {info.count}, and the optimizer "
                f"updates the array once per step, in place"
                + (" - so model.word_vecs, the same object, is trained." if info.is_word_vecs else ".")
            )
