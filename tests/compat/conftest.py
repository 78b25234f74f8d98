"""The gensim compat harness: gensim 4's own test files, run against zero2vec.

A spec module here (``test_gensim_*.py``) names one test file of the installed gensim
wheel (``GENSIM_TEST``), what the gensim names that file uses are bound to
(``BINDINGS``: dotted gensim name -> zero2vec object, or a test utility; gensim's
``datapath`` and ``get_tmpfile`` are bound here for all), and the tests left out
(``EXCLUDED``: ``"Class::method"`` -> why), and optionally the long ones (``SLOW``:
marked ``slow``, out of the default run). pytest collects the spec module as a
:class:`GensimSuite`: gensim's file, its source unmodified except that its
``import gensim...`` / ``from gensim... import ...`` statements (at any depth) are
replaced, in the syntax tree, by look-ups of the same names in ``BINDINGS``. A gensim
name the spec does not bind is an error when used (never gensim's own code run by
accident, which would make the tests pass by testing gensim); an ``EXCLUDED`` entry
that names no test is an error at collection (the list cannot go stale). Nothing of
gensim is imported: its files are only read, from where its wheel is installed
(``importlib.util.find_spec``).
"""
from __future__ import annotations

import ast
import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
import types
import unittest
from pathlib import Path
from typing import Any

import pytest


def gensim_dir() -> Path:
    """The installed gensim package's folder (found, not imported)."""
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("gensim (test extra) is not installed: no test files to run",
                    allow_module_level=True)
    return Path(list(spec.submodule_search_locations)[0])


def datapath(fname: str) -> str:
    """gensim's ``test.utils.datapath``: its installed test data (only read: no test here
    writes to it)."""
    return str(gensim_dir() / "test" / "test_data" / fname)


_TMP: dict[str, Path] = {}


def get_tmpfile(suffix: str) -> str:
    """gensim's ``test.utils.get_tmpfile``, in a folder of the running test's own (gensim's
    puts fixed names in /tmp, shared by every test and run: one test's saved folder, where
    gensim saves a file, would be in the next one's way)."""
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
    if test not in _TMP:
        if not _TMP:
            atexit.register(lambda: [shutil.rmtree(d, True) for d in _TMP.values()])
        _TMP[test] = Path(tempfile.mkdtemp(prefix="zero2vec-compat-"))
    return str(_TMP[test] / suffix)


# test utilities every gensim test file imports; a spec's BINDINGS add the API under test
HARNESS_BINDINGS = {"gensim.test.utils.datapath": datapath,
                    "gensim.test.utils.get_tmpfile": get_tmpfile}


class _Unbound(types.SimpleNamespace):
    """A gensim module of the bindings: attributes are what the spec binds, nothing else."""

    def __getattr__(self, attr: str) -> Any:
        raise AttributeError(f"{self.__dict__.get('_name', 'gensim')}.{attr} is not bound to "
                             f"zero2vec in the compat harness (tests/compat)")


def _namespace(bindings: dict[str, Any]) -> _Unbound:
    """The fake ``gensim`` package: nested namespaces holding the bound names."""
    root = _Unbound(_name="gensim")
    for dotted, obj in bindings.items():
        parts = dotted.split(".")
        if parts[0] != "gensim":
            raise ValueError(f"binding {dotted!r} is not a gensim name")
        node = root
        for i, part in enumerate(parts[1:-1], start=2):
            if part not in node.__dict__:
                setattr(node, part, _Unbound(_name=".".join(parts[:i])))
            node = node.__dict__[part]
        setattr(node, parts[-1], obj)
    return root


def _lookup(root: _Unbound, dotted: str) -> Any:
    node: Any = root
    for part in dotted.split(".")[1:]:
        node = getattr(node, part)
    return node


class _Rebind(ast.NodeTransformer):
    """Each ``import gensim...`` / ``from gensim... import ...`` (at any depth) becomes
    assignments of the same names from ``__compat_lookup__("gensim.dotted.name")``."""

    @staticmethod
    def _assign(name: str, dotted: str, node: ast.stmt) -> ast.Assign:
        call = ast.Call(ast.Name("__compat_lookup__", ast.Load()), [ast.Constant(dotted)], [])
        return ast.copy_location(ast.Assign([ast.Name(name, ast.Store())], call), node)

    def visit_Import(self, node: ast.Import) -> Any:
        if not any(a.name.split(".")[0] == "gensim" for a in node.names):
            return node
        if not all(a.name.split(".")[0] == "gensim" for a in node.names):
            raise ValueError(f"line {node.lineno}: imports gensim and other modules in one statement")
        return [self._assign(a.asname, a.name, node) if a.asname else
                self._assign(a.name.split(".")[0], "gensim", node) for a in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> Any:
        if (node.module or "").split(".")[0] != "gensim" or node.level:
            return node
        return [self._assign(a.asname or a.name, f"{node.module}.{a.name}", node) for a in node.names]


def rebind(source: str, filename: str, bindings: dict[str, Any]) -> tuple[ast.Module, dict[str, Any]]:
    """``source`` with its gensim imports turned into look-ups of ``bindings``, and the
    globals those look-ups need."""
    tree = ast.fix_missing_locations(_Rebind().visit(ast.parse(source, filename)))
    root = _namespace(bindings)
    return tree, {"__compat_lookup__": lambda dotted: _lookup(root, dotted)}


def build_suite(spec: types.ModuleType) -> types.ModuleType:
    """gensim's test module named by ``spec``, its gensim names rebound, exclusions skipped."""
    path = gensim_dir() / "test" / spec.GENSIM_TEST
    tree, names = rebind(path.read_text(encoding="utf8"), str(path),
                         {**HARNESS_BINDINGS, **spec.BINDINGS})
    module = types.ModuleType(f"gensim_compat.{path.stem}")
    module.__file__ = str(path)
    module.__dict__.update(names)
    sys.modules[module.__name__] = module
    exec(compile(tree, str(path), "exec"), module.__dict__)  # noqa: S102 - gensim's own test file
    leaked = [n for n, v in module.__dict__.items()
              if getattr(v, "__module__", getattr(v, "__name__", "")).startswith("gensim.")]
    if leaked:
        raise ValueError(f"{path}: {leaked} are gensim's own, not rebound")
    for name, reason in spec.EXCLUDED.items():
        cls, method = _test_of(module, name, "EXCLUDED", path)
        setattr(cls, method, unittest.skip(reason)(getattr(cls, method)))
    for name in getattr(spec, "SLOW", ()):  # (long ones: the slow group, not the default run)
        cls, method = _test_of(module, name, "SLOW", path)
        setattr(cls, method, pytest.mark.slow(getattr(cls, method)))
    return module


def _test_of(module: types.ModuleType, name: str, where: str, path: Path) -> tuple[type, str]:
    """The TestCase class and method ``"Class::method"`` names (ValueError if none)."""
    cls_name, _, method = name.partition("::")
    cls = module.__dict__.get(cls_name)
    if not (isinstance(cls, type) and issubclass(cls, unittest.TestCase) and hasattr(cls, method)):
        raise ValueError(f"{where} names {name!r}, which is no test of {path}")
    return cls, method


class GensimSuite(pytest.Module):
    """A spec module collected as the gensim test file it names."""

    def _getobj(self) -> types.ModuleType:
        loader = importlib.util.spec_from_file_location(f"compat_spec_{self.path.stem}", self.path)
        spec = importlib.util.module_from_spec(loader)
        loader.loader.exec_module(spec)
        return build_suite(spec)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    if module_path.name.startswith("test_gensim_"):
        return GensimSuite.from_parent(parent, path=module_path)
    return None
