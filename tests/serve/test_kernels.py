"""row_dots: several queries' dot products (and the row norms) in one pass."""
from __future__ import annotations

import numpy as np
import pytest

from zero2vec.serve.kernels import row_dots


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("k", [1, 3, 4, 5, 9])  # the blocks of four and what is left over
def test_row_dots_is_the_matrix_product(dtype, k):
    rng = np.random.default_rng(k)
    m = rng.standard_normal((301, 37)).astype(dtype)
    q = rng.standard_normal((k, 37)).astype(dtype)
    norms = np.empty(301, dtype=dtype)
    out = row_dots(m, q, norms)
    assert out.shape == (k, 301) and out.dtype == dtype and out.flags.c_contiguous
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(out, q @ m.T, rtol=tol, atol=tol)
    np.testing.assert_allclose(norms, np.linalg.norm(m, axis=1), rtol=tol)


def test_row_dots_reads_a_strided_matrix_in_place():
    m = np.arange(40, dtype=np.float32).reshape(10, 4)[::2]  # every other row: not contiguous
    q = np.ones((2, 4), dtype=np.float32)
    np.testing.assert_allclose(row_dots(m, q), q @ m.T)


def test_row_dots_refuses_what_it_cannot_compute():
    m = np.ones((5, 3), dtype=np.float32)
    with pytest.raises(ValueError, match="do not match"):
        row_dots(m, np.ones((2, 4), dtype=np.float32))
    with pytest.raises(TypeError, match="float32 or float64"):
        row_dots(m.astype(np.int32), np.ones((1, 3)))
    with pytest.raises(ValueError, match="norms"):
        row_dots(m, np.ones((1, 3)), norms=np.empty(4, dtype=np.float32))


def test_compile_now_compiles_for_the_matrix_as_it_is():
    """A read-only matrix is its own signature: compiling for a writable one would
    leave the served model's first request to compile."""
    from zero2vec.serve.kernels import _row_dots, compile_now

    m = np.ones((3, 5), dtype=np.float32)
    m.flags.writeable = False
    compile_now(m)
    assert any(sig[0].dtype.name == "float32" and not sig[0].mutable and sig[0].ndim == 2
               for sig in _row_dots.signatures)
