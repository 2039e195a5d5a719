"""Turning raw series into the 3-D input recurrent layers expect (lesson 07b).

Recurrent layers read ``(batch, timesteps, features)``. A single long series
becomes many training examples by sliding a window over it::

    series  s0 s1 s2 s3 s4 s5          steps = 3
    X[0] =  s0 s1 s2      y[0] = s3
    X[1] =     s1 s2 s3   y[1] = s4
    X[2] =        s2 s3 s4  y[2] = s5     -> X (3, 3, 1), y (3,)

A series of n values gives ``n - steps - horizon + 1`` windows.
"""

import numpy as np

from mlp_kit.errors import ShapeError


def sliding_windows(series, steps, horizon=1):
    """Windows of ``steps`` consecutive values and the value ``horizon`` steps after each window.

    series : (n,) one feature, or (n, features).
    Returns ``X`` (n_windows, steps, features) and ``y`` (n_windows,) for a 1-D
    series or (n_windows, features), with ``n_windows = n - steps - horizon + 1``
    and ``X[i] = series[i : i + steps]``, ``y[i] = series[i + steps + horizon - 1]``.
    """
    arr = np.asarray(series)
    if arr.ndim not in (1, 2):
        raise ShapeError(
            f"sliding_windows(): expected a series of shape (n,) or (n, features), received "
            f"shape {arr.shape}."
        )
    for name, value in (("steps", steps), ("horizon", horizon)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ShapeError(f"sliding_windows(): {name} must be a whole number >= 1, received {value!r}.")
    n_windows = len(arr) - steps - horizon + 1
    if n_windows < 1:
        raise ShapeError(
            f"sliding_windows(): a series of {len(arr)} values is too short for windows of "
            f"{steps} steps and a target {horizon} step(s) ahead (needs at least "
            f"{steps + horizon} values)."
        )
    table = arr[:, None] if arr.ndim == 1 else arr  # (n, features)
    X = np.stack([table[i : i + steps] for i in range(n_windows)])  # (n_windows, steps, features)
    y = arr[steps + horizon - 1 : steps + horizon - 1 + n_windows]
    return X, y

