"""Assertion helpers for exercise tests, with messages a learner understands.

Each helper raises ``AssertionError`` whose message says what was checked,
what the learner's code returned and what was expected, e.g.::

    predict_tlu(X_and, [1, 1], -1.5): returned [0 0 0 0], expected [0 0 0 1]
    (1 of 4 values differ, first at index 3: got 0, expected 1)
"""

import linecache
import sys
from pathlib import Path

import numpy as np


class ExerciseFailure(AssertionError):
    """An exercise test failed; the message is written for the learner.

    In Jupyter it shows as the failing line(s) of the learner's cells and the
    message, without the frames inside this module (``_render_traceback_``).
    """

    def _render_traceback_(self):
        """The lines IPython shows instead of a full traceback."""
        lines = []
        tb = self.__traceback__
        while tb is not None:
            frame, lineno = tb.tb_frame, tb.tb_lineno
            module = frame.f_globals.get("__name__", "")
            if not (module == __name__ or module.startswith(("IPython.", "ipykernel."))
                    or "__tracebackhide__" in frame.f_locals):
                code = linecache.getline(frame.f_code.co_filename, lineno).strip()
                lines.append(f"{_place(frame.f_code.co_filename)}, line {lineno}: {code}")
            tb = tb.tb_next
        return lines[-3:] + [f"{type(self).__name__}: {self}"]


def _place(filename):
    """'Cell In[5]' for a Jupyter cell, else the file's name."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    cell = shell.compile.format_code_name(filename) if shell is not None else None
    return " ".join(cell) if cell else Path(filename).name


def _short(value, limit=120):
    text = np.array2string(value, threshold=12, precision=4) if isinstance(value, np.ndarray) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_array(value, what):
    if value is None:
        raise ExerciseFailure(f"{what}: your code returned None. Did you forget `return`?")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ExerciseFailure(
            f"{what}: expected numbers, but your code returned {type(value).__name__} {_short(value)}."
        ) from None


def assert_shape(value, shape, what):
    """Check ``np.shape(value) == shape``."""
    got = _as_array(value, what).shape
    if got != tuple(shape):
        raise ExerciseFailure(f"{what}: returned an array of shape {got}, expected shape {tuple(shape)}.")


def assert_close(value, expected, what, rtol=1e-5, atol=1e-8):
    """Check ``value`` is numerically close to ``expected`` (same shape, every entry)."""
    expected = np.asarray(expected, dtype=float)
    got = _as_array(value, what)
    if got.shape != expected.shape:
        raise ExerciseFailure(
            f"{what}: returned shape {got.shape}, expected shape {expected.shape} "
            f"(returned {_short(got)})."
        )
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        raise ExerciseFailure(f"{what}: returned non-finite values (NaN or inf): {_short(got)}.")
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if bad.any():
        where = ""
        if got.ndim:
            idx = tuple(int(i) for i in np.argwhere(bad)[0])
            where = (
                f" ({int(bad.sum())} of {bad.size} values differ, first at index "
                f"{idx[0] if len(idx) == 1 else idx}: got {got[idx]:.6g}, expected {expected[idx]:.6g})"
            )
        raise ExerciseFailure(f"{what}: returned {_short(got)}, expected {_short(expected)}{where}.")


def assert_equal(value, expected, what):
    """Check exact equality of labels, counts, shapes, strings or booleans.

    The type must match too (a number for a number, a string for a string), so
    an object that claims to equal everything does not pass.
    """
    if value is None and expected is not None:
        raise ExerciseFailure(f"{what}: your code returned None. Did you forget `return`?")
    if isinstance(expected, (np.ndarray, list)) and np.asarray(expected).dtype.kind not in "biufc":
        if not isinstance(value, (list, tuple, np.ndarray)) or list(value) != list(expected):
            raise ExerciseFailure(f"{what}: returned {_short(value)}, expected {_short(list(expected))}.")
        return
    if isinstance(expected, (np.ndarray, list)) or (
        isinstance(expected, tuple) and all(isinstance(v, (int, np.integer)) for v in expected)
        and not isinstance(value, tuple)
    ):
        assert_close(value, expected, what, rtol=0, atol=0)
        return
    kinds = {bool: (bool, np.bool_), int: (int, np.integer), float: (int, float, np.number),
             str: (str,), tuple: (tuple,)}
    allowed = kinds.get(type(expected), (type(expected),))
    if not isinstance(expected, (bool, np.bool_)) and isinstance(value, (bool, np.bool_)):
        allowed = ()
    if not isinstance(value, allowed):
        raise ExerciseFailure(
            f"{what}: returned {_short(value)} of type {type(value).__name__}, expected "
            f"{_short(expected)} of type {type(expected).__name__}."
        )
    if not bool(value == expected):
        raise ExerciseFailure(f"{what}: returned {_short(value)}, expected {_short(expected)}.")


def assert_true(condition, message):
    """Fail with ``message`` (which should say what was expected) unless ``condition``."""
    if not bool(condition):
        raise ExerciseFailure(message)
