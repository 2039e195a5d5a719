"""Weight sharing in a 1-D convolution (lesson 05), drawn with the layer's own sizes and numbers.

``draw_conv1d_sharing(n_inputs, kernel_size)`` draws a signal x₁ … xₙ (one channel),
the output positions y₁ … y_m of ``Conv1D(filters=1, kernel_size=k)`` (m = n − k + 1,
no padding, stride 1) and, on every connection, the filter weight it carries. The
same k weights and the same bias serve every position, so each weight keeps its
colour wherever it appears. With ``shared=False`` the same picture shows a
*locally connected* layer instead: every position has its own weights and bias,
so every connection gets its own label and colour. Lesson 05's example::

    draw_conv1d_sharing(3, 2, weights=[1, 10], bias=0.5)   # 2 weights + 1 bias = 3 parameters
    draw_conv1d_sharing(3, 2, shared=False)                 # 2 positions × 3 = 6 parameters
"""

import numpy as np

from mlp_kit.diagrams.canvas import arrow, canvas, node
from mlp_kit.errors import ShapeError

MAX_INPUTS = 8          # a longer signal no longer leaves room for the weight labels
_SUB = str.maketrans("0123456789+t", "₀₁₂₃₄₅₆₇₈₉₊ₜ")

# Layout, in canvas units.
_SPACING = 2.0                      # between neighbouring inputs
_Y_IN, _Y_OUT = 1.0, 3.6            # rows of the input and output nodes
_RADIUS = 0.32
_HEIGHT = 4.9
_COLOURS = ["tab:blue", "tab:orange", "tab:green", "tab:purple",
                   "tab:brown", "tab:pink", "tab:olive", "tab:cyan"]
_BIAS_COLOUR = "tab:red"


def _fmt(value):
    """A number as the diagram writes it: 4 significant digits, a true minus sign."""
    return f"{float(value) + 0.0:.4g}".replace("-", "−")


def _sub(text):
    return str(text).translate(_SUB)


def _check_size(name, value, low, high, fix):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ShapeError(f"draw_conv1d_sharing(): {name} must be a whole number, got {value!r}. {fix}")
    if not low <= value <= high:
        raise ShapeError(
            f"draw_conv1d_sharing(): expected {name} from {low} to {high}, got {value}. {fix}")
    return int(value)


def _check_numbers(values, name, shape, meaning):
    """``values`` as a finite float array of ``shape``, or ShapeError saying what was expected."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ShapeError(f"draw_conv1d_sharing(): {name} must be numbers, got {values!r}. "
                         f"Pass {meaning}.") from None
    if arr.shape != shape:
        if arr.size == int(np.prod(shape)):          # e.g. a Keras kernel of shape (k, 1, 1)
            arr = arr.reshape(shape)
        else:
            raise ShapeError(f"draw_conv1d_sharing(): expected {name} of shape {shape} ({meaning}), "
                             f"got shape {arr.shape}. Pass {meaning}.")
    if not np.isfinite(arr).all():
        raise ShapeError(f"draw_conv1d_sharing(): {name} must be finite numbers, got {arr.tolist()}. "
                         f"Remove the NaN or inf.")
    return arr


def draw_conv1d_sharing(n_inputs=3, kernel_size=2, weights=None, bias=None, shared=True, ax=None, title=None):
    """Draw Conv1D(filters=1, kernel_size) on a signal of ``n_inputs`` steps, one label per connection.

    Parameters
    ----------
    n_inputs : int, 1 ≤ n_inputs ≤ 8
        Length of the signal: the input has shape (n_inputs, 1), drawn as x₁ … xₙ.
    kernel_size : int, 1 ≤ kernel_size ≤ n_inputs
        Width k of the filter. The output has shape (m, 1) with m = n_inputs − k + 1
        positions (no padding, stride 1), drawn as y₁ … y_m.
    weights : array-like, optional
        The numbers to write on the connections. Shared: the filter, shape (k,) (a Keras
        kernel of shape (k, 1, 1) is accepted). Not shared: shape (m, k), one filter per
        position. Default: the names w₁ … w_k only.
    bias : float (shared) or array-like (m,) (not shared), optional
        Written beside every output node; default the name b only.
    shared : bool
        True: a convolution, the same k weights + 1 bias at every position (k + 1
        parameters). False: a locally connected layer, its own weights and bias per
        position (m·(k + 1) parameters).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    title : str, optional
        Default: the parameter count, e.g. "2 weights + 1 bias = 3 parameters, used at 2 positions".

    Returns the ``ax``.
    """
    n = _check_size("n_inputs", n_inputs, 1, MAX_INPUTS,
                    f"Draw a signal of 1 to {MAX_INPUTS} steps.")
    k = _check_size("kernel_size", kernel_size, 1, n,
                    f"The filter must fit in the signal: use kernel_size ≤ n_inputs = {n}, or a longer signal.")
    if not isinstance(shared, (bool, np.bool_)):
        raise ShapeError(f"draw_conv1d_sharing(): shared must be True (a convolution) or False "
                         f"(a locally connected layer), got {shared!r}.")
    m = n - k + 1
    if shared:
        w = None if weights is None else _check_numbers(weights, "weights", (k,), f"the {k} filter weights")
        b = None if bias is None else float(_check_numbers(bias, "bias", (), "one number"))
    else:
        w = None if weights is None else _check_numbers(
            weights, "weights", (m, k), f"{k} weights for each of the {m} positions")
        b = None if bias is None else _check_numbers(bias, "bias", (m,), f"one bias per position ({m})")

    def weight_label(t, j):
        name = f"w{j + 1}".translate(_SUB) if shared else f"$w_{{{j + 1}}}^{{({t + 1})}}$"
        if w is None:
            return name
        return f"{name} = {_fmt(w[j] if shared else w[t, j])}"

    def bias_label(t):
        name = "b" if shared else f"$b^{{({t + 1})}}$"
        if b is None:
            return f"+ {name}"
        return f"+ {name} = {_fmt(b if shared else b[t])}"

    if title is None:
        weights_text = f"{k} weight{'s' * (k > 1)} + 1 bias"
        if shared:
            title = (f"Conv1D (1 filter of width {k}): {k + 1} parameters\n"
                     f"{weights_text}, shared by {m} position{'s' * (m > 1)}")
        else:
            title = (f"Locally connected: {m * (k + 1)} parameters\n"
                     f"{m} position{'s' * (m > 1)} × ({weights_text})")

    width = _SPACING * n + 0.6
    ax = canvas(width, _HEIGHT, ax=ax, scale=0.8)
    ax.set_title(title, fontsize=11)
    x_in = [1.0 + _SPACING * i for i in range(n)]
    x_out = [float(np.mean(x_in[t:t + k])) for t in range(m)]

    for i, x in enumerate(x_in):
        node(ax, (x, _Y_IN), _sub(f"x{i + 1}"), radius=_RADIUS)
    for t, x in enumerate(x_out):
        node(ax, (x, _Y_OUT), _sub(f"y{t + 1}"), radius=_RADIUS, color="#d9f0d3")
        ax.text(x, _Y_OUT + _RADIUS + 0.12, bias_label(t), ha="center", va="bottom", fontsize=9,
                color=_BIAS_COLOUR)
        for j in range(k):
            which = j if shared else t * k + j             # shared: one colour per weight; local: per connection
            colour = _COLOURS[which % len(_COLOURS)]
            start, end = np.array([x_in[t + j], _Y_IN]), np.array([x, _Y_OUT])
            direction = (end - start) / np.linalg.norm(end - start)
            start, end = start + _RADIUS * direction, end - _RADIUS * direction      # circle to circle
            arrow(ax, start, end, color=colour)
            at = start + (0.25 + 0.5 * j / max(k - 1, 1)) * (end - start)          # w₁ low, w_k high
            ax.text(at[0], at[1], weight_label(t, j), ha="center", va="center", fontsize=9, color=colour,
                    bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.85))

    terms = " + ".join(f"w{j + 1}".translate(_SUB) + "·x" + _sub("t" if j == 0 else f"t+{j}") for j in range(k))
    note = (f"yₜ = {terms} + b at every position t" if shared
            else "every position t has its own weights and bias")
    ax.text(width / 2, 0.25, note, ha="center", va="center", fontsize=9, color="0.25")
    return ax
