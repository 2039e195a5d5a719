"""Turning raw series into the 3-D input recurrent layers expect (lesson 07b).

Recurrent layers read ``(batch, timesteps, features)``. A single long series
becomes many training examples by sliding a window over it::

    series  s0 s1 s2 s3 s4 s5          steps = 3
    X[0] =  s0 s1 s2      y[0] = s3
    X[1] =     s1 s2 s3   y[1] = s4
    X[2] =        s2 s3 s4  y[2] = s5     -> X (3, 3, 1), y (3,)

A series of n values gives ``n - steps - horizon + 1`` windows.

``without_kit`` runs a learner's windowing answer (lesson 07b) with ``sliding_windows`` withheld.
"""

from contextlib import contextmanager
from functools import wraps

import numpy as np

from mlp_kit.errors import ShapeError
from mlp_kit.testing import ExerciseFailure


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


# ---- exercise tests: the learner's own work, not the kit's

ANSWERS = ("sliding_windows",)   # the functions of this module that lesson 07b's windowing exercise withholds
_withheld_depth = 0


def _refusal(name):
    """A code object that raises ExerciseFailure naming ``mlp_kit.sequences.<name>`` (no free variables)."""
    message = (f"this calls mlp_kit.sequences.{name}, the kit's windowing, which is switched off in this "
               f"exercise; cut the windows with your own code (a loop or slicing).")
    namespace = {}
    exec(f"def {name}(*args, **kwargs):\n    raise ExerciseFailure({message!r})", {}, namespace)
    return namespace[name].__code__


_ORIGINAL_CODE = {name: globals()[name].__code__ for name in ANSWERS}
_REFUSAL_CODE = {name: _refusal(name) for name in ANSWERS}


@contextmanager
def _withheld():
    """Within the block, calling sliding_windows raises ExerciseFailure.

    The function's code is swapped, not its name, so every route to the same function
    object is refused: ``sequences.sliding_windows``, ``from mlp_kit.sequences import
    sliding_windows as cut``, a wrapper or a lambda. (An answer that re-imports the module
    afresh, e.g. with ``importlib.reload``, gets a new function object and is not caught.)
    """
    global _withheld_depth
    _withheld_depth += 1
    try:
        for name in ANSWERS:
            globals()[name].__code__ = _REFUSAL_CODE[name]
        yield
    finally:
        _withheld_depth -= 1
        if _withheld_depth == 0:
            for name in ANSWERS:
                globals()[name].__code__ = _ORIGINAL_CODE[name]


def without_kit(function):
    """``function`` (a learner's answer) wrapped so that it runs with ``sliding_windows`` withheld.

    For exercise tests: ``mine = sequences.without_kit(make_windows)``, then ``mine(series, 3, 2)``
    calls the learner's ``make_windows``; if it hands the work to ``mlp_kit.sequences.sliding_windows``
    the test fails with "this calls mlp_kit.sequences.sliding_windows ...". Outside the wrapper the
    kit's function works as usual.
    """
    if not callable(function):
        raise ExerciseFailure(f"expected a function, but the answer is {type(function).__name__} {function!r}.")

    @wraps(function)
    def run(*args, **kwargs):
        with _withheld():
            return function(*args, **kwargs)

    return run
