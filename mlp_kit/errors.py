"""The one error type for bad input, and small checks that raise it.

Every message is written for a learner: what was expected, what was
received, and how to fix it.
"""

import numpy as np


class ShapeError(ValueError):
    """Bad input to a public mlp_kit function: wrong shape, dtype, labels or values."""


def as_2d_float(X, name="X", where="fit()", dtype=float):
    """Return ``X`` as a finite 2-D ``dtype`` array (n_samples, n_features), or raise ShapeError.

    No copy when ``X`` already is such an array.
    """
    try:
        with np.errstate(over="ignore"):                 # too-large values: see the end
            arr = np.asarray(X, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ShapeError(
            f"{where}: {name} must be numbers, but it could not be converted to a float "
            f"array ({exc}). Pass a NumPy array or a list of lists of numbers."
        ) from None
    if arr.ndim == 1:
        raise ShapeError(
            f"{where}: expected {name} as a 2-D array (n_samples, n_features), got a 1-D "
            f"array of shape {arr.shape}. For one sample use {name}.reshape(1, -1); for "
            f"one feature use {name}.reshape(-1, 1)."
        )
    if arr.ndim != 2:
        raise ShapeError(
            f"{where}: expected {name} as a 2-D array (n_samples, n_features), got "
            f"{arr.ndim}-D shape {arr.shape}. Flatten each sample first, e.g. "
            f"{name}.reshape(len({name}), -1)."
        )
    if arr.shape[0] == 0:
        raise ShapeError(f"{where}: {name} has no rows (shape {arr.shape}); pass at least one sample.")
    if not np.isfinite(arr).all():
        original = np.asarray(X, dtype=float)
        check_finite(original, name, where)             # NaN or inf in the data itself
        raise ShapeError(
            f"{where}: {name} holds values as large as {np.abs(original).max():g}, more than "
            f"{arr.dtype} can store (up to {np.finfo(arr.dtype).max:.3g}). Scale the inputs "
            f"(e.g. standardise each feature), or compute in float64."
        )
    return arr


def check_finite(arr, name, where):
    """Raise ShapeError naming the first NaN/inf in ``arr``."""
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ShapeError(
            f"{where}: {name} contains {int(bad.sum())} non-finite value(s) (NaN or inf), the "
            f"first at index {idx} = {arr[idx]}. Remove or impute them before training."
        )


def check_binary_labels(y, n_samples, name="y", where="fit()"):
    """Return ``y`` as an int array of 0/1 labels with ``n_samples`` entries, or raise."""
    arr = np.asarray(y)
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ShapeError(
            f"{where}: expected {name} as a 1-D array of {n_samples} labels, got shape "
            f"{arr.shape}."
        )
    if arr.shape[0] != n_samples:
        raise ShapeError(
            f"{where}: X has {n_samples} rows but {name} has {arr.shape[0]} labels; they must "
            f"match one label per row of X."
        )
    try:
        as_float = arr.astype(float)
    except (TypeError, ValueError):
        raise ShapeError(
            f"{where}: {name} must hold the numbers 0 and 1, got values of type {arr.dtype}."
        ) from None
    check_finite(as_float, name, where)
    values = np.unique(arr)
    if not np.isin(values, [0, 1]).all():
        hint = " Labels in {-1, 1}? Use (y + 1) // 2." if set(values.tolist()) <= {-1, 1} else ""
        raise ShapeError(
            f"{where}: {name} must contain only the labels 0 and 1, got the values "
            f"{values.tolist()[:10]}.{hint}"
        )
    return arr.astype(int)
