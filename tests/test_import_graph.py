"""The zero2vec package's import graph has no cycle.

Every module is parsed with ``ast`` (nothing is imported). An edge ``a -> b`` is any
``import``/``from ... import`` of a zero2vec module in ``a``: at module level or inside
a function (a local import that dodges a cycle at import time is still a cycle in
the design), but not under ``if TYPE_CHECKING:`` (type hints only). ``from p.x import
y`` points at ``p.x.y`` when that is a module, else at ``p.x``; a package's
``__init__`` is the module ``p``. Parent packages that Python runs implicitly are not
edges (every module would otherwise sit in a cycle with ``zero2vec/__init__``).
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "zero2vec"

Edges = dict[str, dict[str, int]]  # module -> {imported module: line of the first such import}


def module_names(root: Path) -> dict[str, Path]:
    """``{dotted module name: file}`` for every ``.py`` file of the package at ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = (root.name,) + path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Import nodes anywhere in ``tree``, except in the body of ``if TYPE_CHECKING:``."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest known module that ``name`` (dotted) is or lies in."""
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in modules:
            return candidate
    return None


def import_graph(root: Path) -> Edges:
    """The package-internal import edges of the package at ``root``."""
    modules = module_names(root)
    graph: Edges = {m: {} for m in modules}
    for mod, path in modules.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf8"), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [_resolve(a.name, modules) for a in node.names]
            else:
                base = node.module or ""
                if node.level:  # relative: from .x import y / from .. import y
                    anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                for a in node.names:
                    full = f"{base}.{a.name}"
                    targets.append(full if full in modules else _resolve(base, modules))
            for t in targets:
                if t is not None and t != mod:
                    graph[mod].setdefault(t, node.lineno)
    return graph


def cyclic_groups(graph: Edges) -> list[list[str]]:
    """The strongly connected sets of two or more modules (each is one or more cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    sccs: list[list[str]] = []

    def strongconnect(v: str) -> None:  # Tarjan; the package is small, recursion is fine
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                sccs.append(sorted(scc))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return sorted(sccs)


def cycle_in(graph: Edges, scc: list[str]) -> list[str]:
    """A shortest cycle through the first module of a strongly connected set (BFS)."""
    start, members = scc[0], set(scc)
    parent: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v]):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    return path[::-1] + [start]
                if w in members and w not in parent:
                    parent[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle through {start}")  # cannot happen in an SCC


def describe(graph: Edges, cycle: list[str]) -> str:
    """``a -> b (a.py:12) -> ...``: each step with the line of its import."""
    steps = [cycle[0]]
    for a, b in zip(cycle, cycle[1:]):
        steps.append(f"{b} (line {graph[a][b]} of {a})")
    return " -> ".join(steps)


def test_the_package_has_no_import_cycle():
    graph = import_graph(PACKAGE_ROOT)
    assert "zero2vec.vectors.keyed" in graph  # the walk found the package
    groups = cyclic_groups(graph)
    report = "\n".join(f"{', '.join(g)}\n  e.g. {describe(graph, cycle_in(graph, g))}"
                       for g in groups)
    print(report)
    assert not groups, f"{len(groups)} group(s) of modules that import each other:\n{report}"


def test_the_graph_sees_local_imports_and_ignores_type_checking(tmp_path):
    """The walker itself: a cycle closed by a function-level import is found, one that
    exists only for type hints is not, and ``from p import m`` points at module p.m."""
    pkg = tmp_path / "p"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from p.sub.c import C\n")
    (pkg / "a.py").write_text("from p import b\n")
    (pkg / "b.py").write_text("def f():\n    from p.a import g\n")
    (pkg / "sub" / "c.py").write_text("from typing import TYPE_CHECKING\n"
                                      "if TYPE_CHECKING:\n    from p.sub import C\n"
                                      "from . import d\n")
    (pkg / "sub" / "d.py").write_text("import p.a\n")
    graph = import_graph(pkg)
    assert graph["p.a"] == {"p.b": 1} and graph["p.b"] == {"p.a": 2}
    assert graph["p.sub.c"] == {"p.sub.d": 4} and graph["p.sub.d"] == {"p.a": 1}
    assert cyclic_groups(graph) == [["p.a", "p.b"]]
    assert cycle_in(graph, ["p.a", "p.b"]) == ["p.a", "p.b", "p.a"]
