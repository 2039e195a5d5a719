"""The threshold logic unit (lesson 01) drawn with its own numbers.

``draw_tlu(weights, bias)`` draws the picture of a TLU: the inputs x₁ … xₙ and the
constant input 1 on the left, one arrow per input labelled with its weight (the
bias is the weight on the constant 1), the weighted sum Σ, the step function and
the output ŷ. Given an input ``x`` it also writes the values that flow through
the unit, so the picture of the AND unit on (1, 1) shows z = 0.5 and ŷ = 1::

    draw_tlu([1, 1], -1.5, x=[1, 1])
"""

import numpy as np

from mlp_kit.diagrams.canvas import arrow, box, canvas, node
from mlp_kit.errors import ShapeError
from mlp_kit.neurons import STEPS

MAX_INPUTS = 8          # more arrows than this no longer leave room for their weight labels
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

# Layout, in canvas units: input column, sum node, step box, output node.
_X_IN, _X_SUM, _X_STEP, _X_OUT = 1.3, 5.0, 7.4, 9.3
_WIDTH = 10.1
_R_IN, _R_SUM, _R_OUT = 0.32, 0.42, 0.42     # radii; the output grows to 0.55 to hold 'ŷ = 1'
_STEP_W, _STEP_H = 1.1, 0.8


def _fmt(value):
    """A number as the diagram writes it: 4 significant digits, a true minus sign."""
    return f"{float(value) + 0.0:.4g}".replace("-", "−")          # + 0.0 turns -0.0 into 0.0


def _check_vector(values, name, n=None):
    """``values`` as a finite 1-D float array (of length ``n`` when given), or ShapeError."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ShapeError(
            f"draw_tlu(): {name} must be numbers, got {values!r}. Pass a list or 1-D array of numbers."
        ) from None
    if arr.ndim != 1:
        hint = (f" For scikit-learn's coef_ of shape {arr.shape}, pass coef_[0]."
                if arr.ndim == 2 and arr.shape[0] == 1 else " Pass one number per input.")
        raise ShapeError(f"draw_tlu(): expected {name} as a 1-D array (n_inputs,), got shape {arr.shape}.{hint}")
    if n is None and not 1 <= arr.size <= MAX_INPUTS:
        raise ShapeError(
            f"draw_tlu(): expected 1 to {MAX_INPUTS} weights (one per input), got {arr.size}. "
            f"Draw a unit with at most {MAX_INPUTS} inputs."
        )
    if n is not None and arr.size != n:
        raise ShapeError(
            f"draw_tlu(): {name} has {arr.size} values but the unit has {n} weights. "
            f"Pass one value per input."
        )
    if not np.isfinite(arr).all():
        raise ShapeError(f"draw_tlu(): {name} must be finite numbers, got {arr.tolist()}. Remove the NaN or inf.")
    return arr


def _check_bias(bias):
    """``bias`` as a finite float, or ShapeError."""
    fix = "Pass one number (for scikit-learn's intercept_, pass intercept_[0])."
    if np.ndim(bias) != 0:
        raise ShapeError(f"draw_tlu(): expected bias as one number, got an array of shape {np.shape(bias)}. {fix}")
    try:
        value = float(bias)
    except (TypeError, ValueError):
        raise ShapeError(f"draw_tlu(): expected bias as one number, got {bias!r}. {fix}") from None
    if not np.isfinite(value):
        raise ShapeError(f"draw_tlu(): expected bias as a finite number, got {value}. Remove the NaN or inf.")
    return value


def _step_glyph(ax, xy, step):
    """A small drawing of the step inside the step box: a grey z-axis and the step's graph."""
    x, y = xy
    half_w, half_h = 0.36, 0.22
    low = 0.0 if step == "heaviside" else -1.0                # the step's value left of 0

    def level(v):                                             # a value of the step -> canvas y
        return y - half_h + (v - low) / (1 - low) * 2 * half_h

    ax.plot([x - half_w, x + half_w], [level(0.0)] * 2, color="0.6", linewidth=0.8)   # z-axis
    ax.plot([x - half_w, x, x, x + half_w], [level(low), level(low), level(1), level(1)],
            color="tab:blue", linewidth=1.6)


def draw_tlu(weights, bias, ax=None, input_names=None, step="heaviside", x=None, title=None):
    """Draw a threshold logic unit ŷ = step(w·x + b) with its weights written on the arrows.

    Parameters
    ----------
    weights : array-like (n_inputs,), 1 ≤ n_inputs ≤ 8
        One weight per input, written on the arrow from that input to Σ.
    bias : float
        The weight on the constant input 1 (drawn as the last input).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    input_names : list of n_inputs str, optional
        Names of the inputs (default x₁ … xₙ).
    step : "heaviside" or "sign"
        The step function (``mlp_kit.neurons.STEPS``); its graph is drawn in the step box.
    x : array-like (n_inputs,), optional
        An input to push through the unit: its values are written beside the input
        nodes, and the diagram shows z = w·x + b and ŷ = step(z).
    title : str, optional
        Default: the unit's formula with its numbers, e.g. ``ŷ = heaviside(1·x₁ + 1·x₂ − 1.5)``.

    Returns the ``ax``.
    """
    w = _check_vector(weights, "weights")
    n = w.size
    b = _check_bias(bias)
    if step not in STEPS:
        raise ShapeError(f"draw_tlu(): step must be one of {sorted(STEPS)}, got {step!r}.")
    if input_names is None:
        names = [f"x{i + 1}".translate(_SUBSCRIPTS) for i in range(n)]
    else:
        names = [str(name) for name in input_names]
        if len(names) != n:
            raise ShapeError(
                f"draw_tlu(): input_names has {len(names)} name(s) but the unit has {n} weights. "
                f"Pass one name per input, e.g. {[f'x{i + 1}' for i in range(n)]}."
            )
    values = None if x is None else _check_vector(x, "x", n)

    if title is None:
        terms = [("−" if w[0] < 0 else "") + f"{_fmt(abs(w[0]))}·{names[0]}"]
        terms += [("− " if wi < 0 else "+ ") + f"{_fmt(abs(wi))}·{name}"
                  for wi, name in zip(w[1:], names[1:], strict=True)]
        terms += [("− " if b < 0 else "+ ") + _fmt(abs(b))]
        title = f"ŷ = {step}({' '.join(terms)})"

    height = n + 1.6                                   # one row per input, one for the constant 1
    ax = canvas(_WIDTH, height, ax=ax, title=title, scale=0.75)
    rows = [height - 0.8 - i for i in range(n + 1)]    # top to bottom; the last row is the constant 1
    y_mid = (rows[0] + rows[-1]) / 2

    labels = [f"w{i + 1}".translate(_SUBSCRIPTS) + f" = {_fmt(wi)}" for i, wi in enumerate(w)] + [f"b = {_fmt(b)}"]
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        is_bias = i == n
        node(ax, (_X_IN, row), "1" if is_bias else names[i], radius=_R_IN,
             color="0.9" if is_bias else "#f5e6c8")
        centre_in, centre_sum = np.array([_X_IN, row]), np.array([_X_SUM, y_mid])
        direction = (centre_sum - centre_in) / np.linalg.norm(centre_sum - centre_in)
        start, end = centre_in + _R_IN * direction, centre_sum - _R_SUM * direction   # circle to circle
        arrow(ax, start, end, shrink=0.03)
        at = start + 0.3 * (end - start)               # weight label near the input, where arrows fan out
        ax.text(at[0], at[1] + 0.08, label, ha="center", va="bottom", fontsize=9,
                color="tab:red" if is_bias else "0.1",
                bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.85))
        if values is not None and not is_bias:
            ax.text(_X_IN - _R_IN - 0.15, row, _fmt(values[i]), ha="right", va="center", fontsize=10,
                    color="tab:blue")

    if values is not None:
        ax.text(_X_IN - _R_IN - 0.15, rows[0] + 0.5, "input", ha="right", va="center", fontsize=8,
                color="tab:blue")
    node(ax, (_X_SUM, y_mid), "Σ", radius=_R_SUM, color="#dbe8f5", fontsize=14)
    z = None if values is None else float(values @ w + b)
    z_text = "z = w·x + b" if z is None else f"z = {_fmt(z)}"
    arrow(ax, (_X_SUM + _R_SUM, y_mid), (_X_STEP - _STEP_W / 2, y_mid), text=z_text, offset=(0, 0.1))

    box(ax, (_X_STEP, y_mid), "", width=_STEP_W, height=_STEP_H, color="white")
    _step_glyph(ax, (_X_STEP, y_mid), step)
    ax.text(_X_STEP, y_mid - _STEP_H / 2 - 0.1, step, ha="center", va="top", fontsize=9)

    out_text, r_out = ("ŷ", _R_OUT) if z is None else (f"ŷ = {int(STEPS[step](z))}", 0.55)
    arrow(ax, (_X_STEP + _STEP_W / 2, y_mid), (_X_OUT - r_out, y_mid))
    node(ax, (_X_OUT, y_mid), out_text, radius=r_out, color="#d9f0d3")
    return ax
