"""``C += alpha * A.T @ B`` in one BLAS call: the weight update of MLP's plain-SGD path.

NumPy's ``@`` always writes its product to a new (or ``out=``) array, so
``W -= lr * A.T @ dZ`` is a matrix product followed by a second pass over W.
For a 784 x 300 layer with batches of 32, that second pass costs about as much
as the product itself. BLAS's gemm computes ``C <- alpha * op(A) @ op(B) + beta * C``,
so with beta = 1 the product lands on W directly. NumPy does not expose that, so
we call the OpenBLAS that NumPy's own wheels bundle (``scipy_openblas64_``, the
library NumPy's ``@`` already uses; a second BLAS library would fight it for the
cores) through ctypes. Where it is not found, or fails a self-test on import,
``add_AtB`` falls back to plain NumPy with the same result.

Nothing here is needed to understand backpropagation: ``MLP._backward`` is the
readable version, and tests check that both give the same weights.
"""

import ctypes
from pathlib import Path

import numpy as np

_COL_MAJOR, _NO_TRANS, _TRANS = 102, 111, 112
MIN_BLAS_SIZE = 10_000       # elements of C
_LIB_GLOBS = ("numpy.libs/*scipy_openblas64_*", "numpy/.dylibs/*scipy_openblas64_*")


def _load_gemms():
    """{dtype: ctypes gemm function} from NumPy's bundled OpenBLAS, or {} if not found."""
    site = Path(np.__file__).resolve().parent.parent
    for pattern in _LIB_GLOBS:
        for path in sorted(site.glob(pattern)):
            try:
                lib = ctypes.CDLL(str(path))
                found = {np.dtype(np.float32): lib.scipy_cblas_sgemm64_,
                         np.dtype(np.float64): lib.scipy_cblas_dgemm64_}
            except (OSError, AttributeError):
                continue
            for dtype, gemm in found.items():
                real = ctypes.c_float if dtype == np.float32 else ctypes.c_double
                i64, ptr = ctypes.c_int64, ctypes.c_void_p
                gemm.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, i64, i64, i64,
                                 real, ptr, i64, ptr, i64, real, ptr, i64]
                gemm.restype = None
            return found
    return {}


def _numpy_add_AtB(C, A, B, alpha):
    C += alpha * (A.T @ B)


def _order(arr):
    """"C" or "F" for a contiguous array (C when it is both), None for a strided view."""
    return "C" if arr.flags.c_contiguous else "F" if arr.flags.f_contiguous else None


def add_AtB(C, A, B, alpha):
    """In place: ``C += alpha * A.T @ B``. A (k, m), B (k, n), C (m, n) of one float dtype.

    Each array may be C- or Fortran-ordered. A C with fewer than ``MIN_BLAS_SIZE``
    elements goes through NumPy: there the ctypes call's own cost (about 7
    microseconds) is more than the second pass it saves.
    """
    gemm = _GEMMS.get(C.dtype)
    if gemm is None or C.size < MIN_BLAS_SIZE or not C.flags.writeable or not all(
            x.ndim == 2 and x.dtype == C.dtype and _order(x) for x in (A, B, C)):
        _numpy_add_AtB(C, A, B, alpha)
        return
    (k, m), n = A.shape, B.shape[1]
    if B.shape[0] != k or C.shape != (m, n):
        raise ValueError(f"add_AtB: shapes A {A.shape}, B {B.shape}, C {C.shape} do not fit "
                         f"C += alpha * A.T @ B.")
    if _order(C) == "C":                 # then C.T is Fortran-ordered: C.T += alpha * B.T @ A
        C, A, B, m, n = C.T, B, A, n, m
    # Column-major BLAS on a Fortran-ordered C (m, n). A C-ordered A (k, m) reads as
    # A.T in column-major, as needed; a C-ordered B (k, n) reads as B.T, so transpose it.
    trans_a, lda = (_NO_TRANS, m) if _order(A) == "C" else (_TRANS, k)
    trans_b, ldb = (_TRANS, n) if _order(B) == "C" else (_NO_TRANS, k)
    gemm(_COL_MAJOR, trans_a, trans_b, m, n, k, alpha, A.ctypes.data, lda,
         B.ctypes.data, ldb, 1.0, C.ctypes.data, m)


def aligned_copy(W, order="F", line=64):
    """A copy of ``W`` in ``order`` ("F" or "C") whose data starts on a cache line.

    NumPy only promises 16-byte alignment; when W starts mid-line, the two BLAS
    threads share the cache lines where their parts of W meet (about 5 ms more
    per epoch of bench_mlp).
    """
    buffer = np.empty(W.nbytes + line, dtype=np.uint8)
    start = -buffer.ctypes.data % line
    out = buffer[start:start + W.nbytes].view(W.dtype).reshape(W.shape, order=order)
    out[...] = W
    return out


def _self_test():
    """Keep the BLAS route only if it agrees with NumPy, for each dtype and memory order."""
    rng = np.random.default_rng(0)
    m, n, k = 5, -(-MIN_BLAS_SIZE // 5), 3             # C just big enough for BLAS
    for dtype in list(_GEMMS):
        for orders in ("CCC", "FFF", "CFC", "FCF"):
            A = np.asarray(rng.normal(size=(k, m)), dtype, order=orders[0])
            B = np.asarray(rng.normal(size=(k, n)), dtype, order=orders[1])
            C = np.asarray(rng.normal(size=(m, n)), dtype, order=orders[2])
            expected = C.copy()
            _numpy_add_AtB(expected, A, B, -0.5)
            add_AtB(C, A, B, -0.5)
            if not np.allclose(C, expected, rtol=1e-5, atol=1e-5):
                del _GEMMS[dtype]
                break


_GEMMS = _load_gemms()
_self_test()
USING_BLAS = bool(_GEMMS)
