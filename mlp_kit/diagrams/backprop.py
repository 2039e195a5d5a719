"""Backpropagation (lesson 03) drawn as a computation graph, with the shapes of one network.

``draw_backprop_graph(sizes, batch_size)`` draws, for ``MLP(sizes)`` (ReLU hidden
layers, softmax output, mean cross-entropy) fed a batch of ``batch_size`` samples:

- the forward pass on the top row, left to right: X → Z₁ → A₁ → … → Z_L → loss,
  each value with its shape, each arrow with its operation, and the parameters
  W_l (n_in, n_out) and b_l (n_out,) above the arrow that uses them;
- the backward pass on the row below, right to left: dZ_L = (P − Y)/B, then
  dA_{l−1} = dZ_l W_lᵀ and dZ_l = dA_l ⊙ ReLU′(Z_l), each gradient directly
  under its value and with the same shape;
- the parameter gradients at the bottom: dW_l = A_{l−1}ᵀ dZ_l, db_l = Σ dZ_l,
  each with the shape of its parameter.

The lesson's ``MLP([10, 8, 2])`` on a batch of 100::

    draw_backprop_graph([10, 8, 2], batch_size=100)
"""

from numbers import Integral

from mlp_kit.diagrams.canvas import arrow, box, canvas
from mlp_kit.errors import ShapeError

MAX_LAYERS = 3          # a wider network no longer fits one row of a notebook page
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

# Layout, in canvas units.
_DX = 2.9                                     # between neighbouring values of a row (at least)
_X0 = 1.9                                     # x of the input X
_Y_PARAM, _Y_FWD, _Y_BWD, _Y_GRAD = 4.75, 3.55, 1.85, 0.55
_W_VAL, _H_VAL = 1.45, 0.72                   # a value or gradient box
_W_PARAM, _H_PARAM = 1.5, 0.62                # W_l, b_l
_W_GRAD, _H_GRAD = 2.9, 0.62                  # dW_l, db_l
_FWD_COLOR, _BWD_COLOR, _SKIP_COLOR = "#dbe8f5", "#f8dcd4", "0.92"
_RED = "tab:red"


def _shape(*dims):
    """A shape as NumPy prints it: (100, 8), (8,)."""
    return f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(str(d) for d in dims)})"


def _width(text, minimum, per_char=0.125):
    """A box width that holds the longest line of ``text`` at fontsize 8 (about 0.125 units a character)."""
    return max(minimum, per_char * max(len(line) for line in text.split("\n")) + 0.35)


def _check(sizes, batch_size):
    """``sizes`` as a list of ints and ``batch_size`` as an int, or ShapeError (expected / received / fix)."""
    where = "draw_backprop_graph()"
    ok = isinstance(sizes, (list, tuple)) and all(
        isinstance(s, Integral) and not isinstance(s, bool) and s > 0 for s in sizes)
    if not ok:
        raise ShapeError(f"{where}: expected sizes as a list of positive integers [n_in, h1, ..., n_out], "
                         f"like MLP(sizes), got {sizes!r}. Pass e.g. [10, 8, 2].")
    if not 2 <= len(sizes) <= MAX_LAYERS + 1:
        raise ShapeError(f"{where}: expected 1 to {MAX_LAYERS} layers (2 to {MAX_LAYERS + 1} sizes), got "
                         f"{len(sizes)} size(s) {list(sizes)}. "
                         + (f"Add the output size, e.g. [{sizes[0]}, 2]." if len(sizes) < 2 else
                            f"Draw the first {MAX_LAYERS} layers, e.g. sizes[:{MAX_LAYERS}] + sizes[-1:]."))
    if isinstance(batch_size, bool) or not isinstance(batch_size, Integral) or batch_size <= 0:
        raise ShapeError(f"{where}: expected batch_size as a positive integer (the rows of X), got "
                         f"{batch_size!r}. Pass len(X).")
    return [int(s) for s in sizes], int(batch_size)


def draw_backprop_graph(sizes, batch_size, ax=None, title=None):
    """Draw the forward and backward pass of ``MLP(sizes)`` on a batch, every array with its shape.

    Parameters
    ----------
    sizes : list of int, [n_in, h1, ..., n_out], 1 to 3 layers
        The network, as ``MLP(sizes)`` takes it: ReLU hidden layers, softmax output.
    batch_size : int
        B, the rows of X (B, n_in); every value and its gradient has B rows.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    title : str, optional
        Default: "Backpropagation in MLP([10, 8, 2]) on a batch of 100: ...".

    Returns the ``ax``. Layer l's boxes are named with subscripts (Z₁, W₁, dZ₁); the input
    is X, and its gradient dX is drawn grey: training does not need it.
    """
    sizes, B = _check(sizes, batch_size)
    L = len(sizes) - 1
    if title is None:
        title = (f"Backpropagation in MLP({sizes}) on a batch of {B}: "
                 f"every gradient has the shape of its value")
    # The values of the forward pass, left to right: X, Z1, A1, Z2, ..., Z_L, then the loss.
    names, units = ["X"], [sizes[0]]      # units: the columns of each value
    for l in range(1, L + 1):
        names.append(f"Z{l}".translate(_SUB))
        units.append(sizes[l])
        if l < L:
            names.append(f"A{l}".translate(_SUB))
            units.append(sizes[l])
    w_val = max(_width(_shape(B, width), _W_VAL, per_char=0.14) for width in units)   # one width for all
    half = w_val / 2
    dx = max(_DX, w_val + 1.45)                                  # room for the arrows' labels
    xs = [_X0 + i * dx for i in range(len(names))]
    xs.append(xs[-1] + dx + 0.7)                                 # the loss, after a wider gap for its label
    ax = canvas(xs[-1] + 1.1, 5.35, ax=ax, title=title, scale=0.62)
    ax.title.set_fontsize(10)
    ax.text(0.12, _Y_FWD, "forward", ha="left", va="center", fontsize=8, color="0.35", rotation=90)
    ax.text(0.12, (_Y_BWD + _Y_GRAD) / 2, "backward", ha="left", va="center", fontsize=8, color=_RED,
            rotation=90)

    for i, (name, width) in enumerate(zip(names, units, strict=True)):
        box(ax, (xs[i], _Y_FWD), f"{name}\n{_shape(B, width)}", width=w_val, height=_H_VAL,
            color=_FWD_COLOR, fontsize=9)
        grey = i == 0
        box(ax, (xs[i], _Y_BWD), f"d{name}\n{_shape(B, width)}", width=w_val, height=_H_VAL,
            color=_SKIP_COLOR if grey else _BWD_COLOR, fontsize=9)
        if grey:
            ax.text(xs[i], _Y_BWD - _H_VAL / 2 - 0.08, "(not needed)", ha="center", va="top", fontsize=7,
                    color="0.45")
    box(ax, (xs[-1], _Y_FWD), "loss L\n(a number)", width=_W_VAL + 0.3, height=_H_VAL, color="#d9f0d3",
        fontsize=9)

    for i in range(len(names)):                                  # forward arrows, left to right
        start, end = (xs[i] + half, _Y_FWD), (xs[i + 1] - half - (0.15 if i == len(names) - 1 else 0), _Y_FWD)
        if i == len(names) - 1:
            text = "softmax,\ncross-entropy"
        elif names[i + 1].startswith("A"):
            text = "ReLU"
        else:
            text = None                                          # a dense layer: labelled below it
        arrow(ax, start, end, text=text, fontsize=8, offset=(0, 0.08))

    # Dense layers: W, b above their arrow; dW, db below the backward row.
    for l in range(1, L + 1):
        i_in = names.index("X" if l == 1 else f"A{l - 1}".translate(_SUB))   # A_{l-1}
        i_z = names.index(f"Z{l}".translate(_SUB))
        mid = (xs[i_in] + xs[i_z]) / 2
        sub, a_prev, z = str(l).translate(_SUB), names[i_in], names[i_z]
        params = f"W{sub} {_shape(sizes[l - 1], sizes[l])}\nb{sub} {_shape(sizes[l])}"
        box(ax, (mid, _Y_PARAM), params, width=_width(params, _W_PARAM), height=_H_PARAM, color="white",
            fontsize=8)
        arrow(ax, (mid, _Y_PARAM - _H_PARAM / 2), (mid, _Y_FWD + 0.04))
        ax.text(mid, _Y_FWD - 0.1, f"·W{sub} + b{sub}", ha="center", va="top", fontsize=8)
        grads = f"dW{sub} = {a_prev}ᵀ d{z}  {_shape(sizes[l - 1], sizes[l])}\ndb{sub} = Σ d{z}  {_shape(sizes[l])}"
        box(ax, (mid, _Y_GRAD), grads, width=_width(grads, _W_GRAD), height=_H_GRAD, color="white", fontsize=8)
        arrow(ax, (xs[i_z] - half, _Y_BWD - _H_VAL / 2), (mid + 0.35, _Y_GRAD + _H_GRAD / 2), color=_RED)

    # Backward arrows, right to left: from the loss to dZ_L, then down the chain.
    start, end = (xs[-1] - 0.2, _Y_FWD - _H_VAL / 2), (xs[-2] + half, _Y_BWD + 0.1)
    arrow(ax, start, end, color=_RED)
    ax.text((start[0] + end[0]) / 2 + 0.25, (start[1] + end[1]) / 2 - 0.05, "(P − Y) / B", ha="left",
            va="center", fontsize=8, color=_RED)
    for i in range(len(names) - 1, 0, -1):
        start, end = (xs[i] - half, _Y_BWD), (xs[i - 1] + half, _Y_BWD)
        if names[i].startswith("Z"):
            text = f"d{names[i]} W{names[i][1:]}ᵀ"                   # dA_prev = dZ W^T
        else:
            text = f"⊙ ReLU′({'Z' + names[i][1:]})"                  # dZ = dA * relu'(Z)
        arrow(ax, start, end, text=text, fontsize=8, offset=(0, 0.08),
              color="0.55" if i == 1 else _RED)
    return ax
