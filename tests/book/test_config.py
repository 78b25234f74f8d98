"""config.GPU, np, to_cpu / to_gpu: numpy by default, CuPy when asked, a clear error without it.

No GPU here: a stand-in ``cupy`` module (its own ndarray type, asarray / asnumpy) shows
which module ``np`` is and what the Trainer does with GPU arrays.
"""
from __future__ import annotations

import importlib
import sys
import types

import numpy
import pytest

from zero2vec.book import config
from zero2vec.errors import ConfigError, MissingDependencyError


class FakeCupyArray:
    def __init__(self, a):
        self.a = numpy.asarray(a)


@pytest.fixture
def fake_cupy(monkeypatch):
    cupy = types.ModuleType("cupy")
    cupy.ndarray = FakeCupyArray
    cupy.asarray = FakeCupyArray
    cupy.asnumpy = lambda x: x.a
    FakeCupyArray.__module__ = "cupy"
    monkeypatch.setitem(sys.modules, "cupy", cupy)
    return cupy


@pytest.fixture
def gpu_np(monkeypatch):
    """``zero2vec.book.np`` imported afresh with GPU = True; restored to numpy afterwards."""
    import zero2vec.book.np as book_np

    monkeypatch.setattr(config, "GPU", True)
    yield lambda: importlib.reload(book_np)
    monkeypatch.setattr(config, "GPU", False)
    importlib.reload(book_np)


def test_default_is_numpy():
    from zero2vec.book.np import GPU, np

    assert config.GPU is False and GPU is False and np is numpy


def test_gpu_without_cupy_is_one_clear_error(gpu_np, monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)  # "import cupy" raises ImportError
    with pytest.raises(MissingDependencyError, match="GPU = True needs CuPy.*GPU = False"):
        gpu_np()


def test_gpu_with_cupy_gives_cupy_as_np(gpu_np, fake_cupy, capsys):
    mod = gpu_np()
    assert mod.np is fake_cupy and mod.GPU is True
    assert "GPU mode" in capsys.readouterr().out


def test_to_gpu_and_back(fake_cupy):
    from zero2vec.book.util import to_cpu, to_gpu

    x = numpy.arange(3)
    g = to_gpu(x)
    assert isinstance(g, FakeCupyArray) and to_gpu(g) is g
    assert to_cpu(x) is x and to_cpu(g).tolist() == [0, 1, 2]


def test_to_gpu_without_cupy(monkeypatch):
    from zero2vec.book.util import to_gpu

    monkeypatch.setitem(sys.modules, "cupy", None)
    with pytest.raises(MissingDependencyError, match="need CuPy"):
        to_gpu(numpy.arange(3))


def test_trainer_refuses_gpu_arrays_in_one_line(fake_cupy):
    from zero2vec.book.optimizer import Adam
    from zero2vec.book.simple_cbow import SimpleCBOW
    from zero2vec.book.trainer import Trainer

    model = SimpleCBOW(7, 3, seed=0)
    tr = Trainer(model, Adam())
    with pytest.raises(ConfigError, match="x is a CuPy array.*run on the CPU"):
        tr.fit(FakeCupyArray(numpy.zeros((6, 2, 7))), numpy.zeros((6, 7)))
    model.params.append(FakeCupyArray(numpy.zeros(3)))
    with pytest.raises(ConfigError, match="a model parameter is a CuPy array"):
        Trainer(model, Adam())


@pytest.mark.parametrize("module", ["layers", "functions", "util", "optimizer", "trainer",
                                    "negative_sampling_layer"])
def test_star_imports_give_np_and_gpu_as_the_books(module):
    """The book's ch04/skip_gram.py takes ``np`` from ``from common.layers import *``."""
    ns: dict = {}
    exec(f"from zero2vec.book.{module} import *", ns)
    assert ns["np"] is numpy and ns["GPU"] is False
