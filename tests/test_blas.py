"""``add_AtB``: C += alpha * A.T @ B in one BLAS call, checked against plain NumPy."""

import sys
from pathlib import Path

import numpy as np
import pytest

from mlp_kit import _blas
from mlp_kit._blas import MIN_BLAS_SIZE, add_AtB, aligned_copy
from tests.conftest import skip_or_fail


def _case(dtype, m, n, k=32, orders="CCC", seed=0):
    rng = np.random.default_rng(seed)
    A = np.asarray(rng.normal(size=(k, m)), dtype=dtype, order=orders[0])
    B = np.asarray(rng.normal(size=(k, n)), dtype=dtype, order=orders[1])
    C = np.asarray(rng.normal(size=(m, n)), dtype=dtype, order=orders[2])
    expected = C.astype(np.float64) - 0.3 * (A.astype(np.float64).T @ B.astype(np.float64))
    return A, B, C, expected


def test_numpy_wheels_on_linux_take_the_blas_route():
    """Where NumPy bundles scipy-openblas (its Linux wheels, as in CI) the fast route is on,
    so the tests below exercise it rather than only the fallback."""
    bundled = list((Path(np.__file__).resolve().parent.parent / "numpy.libs").glob(
        "*scipy_openblas64_*"))
    if sys.platform != "linux" or not bundled:
        skip_or_fail("NumPy here does not bundle scipy-openblas64 (not a Linux wheel from PyPI; "
                     "`make test` installs one)")
    assert _blas.USING_BLAS
    assert set(_blas._GEMMS) == {np.dtype(np.float32), np.dtype(np.float64)}


@pytest.mark.parametrize("dtype, rtol", [(np.float32, 1e-5), (np.float64, 1e-12)])
@pytest.mark.parametrize("m, n", [(784, 300), (300, 100), (100, 10), (3, 5)])
def test_matches_numpy_for_big_and_small_layers(dtype, rtol, m, n):
    A, B, C, expected = _case(dtype, m, n)
    before = C.copy()
    add_AtB(C, A, B, -0.3)
    assert C.dtype == dtype
    np.testing.assert_allclose(C, expected, rtol=rtol, atol=rtol)
    assert not np.allclose(C, before)                  # it did change C, in place


@pytest.mark.parametrize("orders", ["CCC", "FCC", "CFC", "CCF", "FFC", "FCF", "CFF", "FFF"])
@pytest.mark.parametrize("m, n, k", [(784, 300, 32), (784, 300, 1), (20_000, 1, 7),
                                     (1, 20_000, 7)])
def test_every_memory_order_and_thin_shapes(orders, m, n, k):
    """C- or Fortran-ordered A, B, C; a batch of one; a single row or column of weights."""
    A, B, C, expected = _case(np.float32, m, n, k=k, orders=orders)
    add_AtB(C, A, B, -0.3)
    np.testing.assert_allclose(C, expected, rtol=1e-4, atol=1e-5)


def test_mixed_dtypes_and_strided_views_fall_back_to_numpy():
    A, B, C, expected = _case(np.float32, 784, 300)
    add_AtB(C, A.astype(np.float64), B, -0.3)          # float64 A with float32 C
    np.testing.assert_allclose(C, expected, rtol=1e-5, atol=1e-5)
    A, B, C, _ = _case(np.float32, 784, 300, k=64)
    A, B = A[::2], B[::2]                               # every other row: not contiguous
    expected = C.astype(np.float64) - 0.3 * (A.astype(np.float64).T @ B.astype(np.float64))
    add_AtB(C, A, B, -0.3)
    np.testing.assert_allclose(C, expected, rtol=1e-5, atol=1e-5)


def test_threshold_sends_only_big_arrays_to_blas(monkeypatch):
    calls = []
    monkeypatch.setattr(_blas, "_numpy_add_AtB",
                        lambda C, A, B, alpha: calls.append(C.shape))
    for m, n in [(100, 10), (784, 300)]:
        A, B, C, _ = _case(np.float32, m, n)
        add_AtB(C, A, B, -0.3)
    big_goes_to_blas = (784 * 300 >= MIN_BLAS_SIZE) and _blas.USING_BLAS
    assert calls == ([(100, 10)] if big_goes_to_blas else [(100, 10), (784, 300)])


def test_shapes_that_do_not_fit_are_refused_before_blas_sees_them():
    """Our message on the BLAS route (NumPy's own ValueError on the fallback)."""
    A, B, C, _ = _case(np.float32, 784, 300)
    ours = r"shapes A \(32, 784\), B \(16, 300\)" if _blas.USING_BLAS else ""
    with pytest.raises(ValueError, match=ours):
        add_AtB(C, A, B[:16], -0.3)
    with pytest.raises(ValueError, match="do not fit" if _blas.USING_BLAS else ""):
        add_AtB(np.zeros((300, 784), np.float32), A, B, -0.3)


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("shape, dtype", [((784, 300), np.float32), ((3, 5), np.float64),
                                          ((1, 7), np.float32)])
def test_aligned_copy_starts_on_a_cache_line_with_the_same_values(order, shape, dtype):
    W = np.random.default_rng(0).normal(size=shape).astype(dtype)
    for _ in range(5):                                  # whatever NumPy's allocator hands out
        copy = aligned_copy(W, order=order)
        assert copy.ctypes.data % 64 == 0
        assert copy.flags[f"{order}_CONTIGUOUS"] and copy.flags.writeable
        assert copy.dtype == dtype and copy.shape == shape
        np.testing.assert_array_equal(copy, W)
        assert not np.shares_memory(copy, W)


def test_mlp_weights_start_on_cache_lines():
    from mlp_kit.mlp import MLP

    for seed in range(4):
        assert all(W.ctypes.data % 64 == 0 for W in MLP([784, 300, 100, 10], seed=seed).weights)
