"""Assertion helpers for exercise tests, with messages a learner understands.

Each helper raises ``AssertionError`` whose message says what was checked,
what the learner's code returned and what was expected, e.g.::

    predict_tlu(X_and, [1, 1], -1.5): returned [0 0 0 0], expected [0 0 0 1]
    (1 of 4 values differ, first at index 3: got 0, expected 1)
"""

import inspect
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


# ---- the learner's own work, not the kit's

_withheld = {}  # id(kit function) -> (function, its own code, how many wrappers withhold it now)


def _refusal(function):
    """A code object that raises ExerciseFailure naming ``function`` (no free variables, any globals)."""
    where = f"{function.__module__}.{function.__qualname__}"
    message = f"this calls {where}, the kit's own answer to this exercise; write your own instead."
    namespace = {}
    exec(f"def {function.__name__}(*args, **kwargs):\n"
         f"    raise __import__('mlp_kit.testing', fromlist=['_']).ExerciseFailure({message!r})", {}, namespace)
    return namespace[function.__name__].__code__


def without_kit(function, *answers):
    """``function`` (a learner's answer), wrapped so that it runs with the kit functions ``answers`` refused.

    An exercise test names, in one place, the kit functions that would answer it::

        mine = without_kit(conv2d, conv.conv2d, conv.output_size)
        assert_close(mine(image, kernel), expected, "conv2d(image, kernel)")

    While ``mine`` runs, calling ``conv.conv2d`` raises ExerciseFailure ("this calls
    mlp_kit.conv.conv2d, the kit's own answer to this exercise; write your own instead"),
    by any route: the module attribute, ``from mlp_kit.conv import conv2d as c``, a wrapper or a
    lambda, because the function's code is swapped rather than its name. Outside the wrapper
    the kit works as usual, so later demo cells may use it. (A fresh copy of the module, e.g.
    after ``importlib.reload``, has new function objects and escapes; ``mlp-kit grade``
    should catch that route.) Under ``mlp-kit grade`` a test that withholds kit functions
    runs in the learner's kernel, where their code runs.
    """
    judge = sys.modules.get("mlp_kit.grading.judge")        # loaded only inside mlp-kit grade
    if judge is not None and isinstance(function, judge.Remote):  # a proxy to the learner's kernel
        raise judge.CannotJudge("the test withholds kit functions from the learner's code "
                                "(mlp_kit.testing.without_kit)")
    if not callable(function):
        raise ExerciseFailure(f"expected a function, but the answer is {type(function).__name__} {function!r}.")
    answers = [inspect.unwrap(answer) for answer in answers]   # a decorated function: withhold the one inside
    for answer in answers:
        if (not hasattr(answer, "__code__") or answer.__code__.co_freevars
                or not str(getattr(answer, "__module__", "")).startswith("mlp_kit")):
            raise TypeError(f"without_kit(): {answer!r} is not a plain kit function whose code can be withheld")

    def run(*args, **kwargs):
        for answer in answers:
            entry = _withheld.setdefault(id(answer), [answer, answer.__code__, 0])
            entry[2] += 1
            answer.__code__ = _refusal(answer)
        try:
            return function(*args, **kwargs)
        finally:
            for answer in answers:
                entry = _withheld[id(answer)]
                entry[2] -= 1
                if entry[2] == 0:
                    answer.__code__ = entry[1]
                    del _withheld[id(answer)]

    run.__name__ = getattr(function, "__name__", "answer")
    run.__doc__ = getattr(function, "__doc__", None)
    return run
