"""Padding and stride along one axis: where each window of the kernel lands, and the output size.

``draw_padding_stride(7, 3, stride=2, padding=1)`` draws a row of 7 input cells
with 1 zero on each side, one bar per position of the 3-wide kernel (every
2 cells), the 4 output cells, and the formula with these numbers:
``⌊(7 + 2·1 − 3) / 2⌋ + 1 = 4``. Give ``x`` and ``kernel`` and every cell shows
its number: the output cells hold the sums a ``Conv1D`` computes (no flip).
The 2-D picture of the same rule is ``mlp_kit.plotting.plot_conv_grid``.
"""

from numbers import Integral

import numpy as np

from mlp_kit.diagrams.canvas import box, canvas
from mlp_kit.errors import ShapeError

MAX_CELLS = 30                       # a schematic: the rule is the same for a 512-pixel image
LABEL_WIDTH = 2.4                    # room on the left for the row names
WINDOW_COLOURS = ["#cfe0f3", "#fde0c5", "#d5ecd4", "#e8dcf0", "#f6d5d5", "#f2ecc4"]
PAD_COLOUR, LEFT_OUT_COLOUR = "0.85", "#f4cccc"


def _whole(where, name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ShapeError(
            f"{where}: expected {name} to be a whole number >= {minimum}, received {name}={value!r}. "
            f"Fix: pass an int such as {name}={max(minimum, 1)}."
        )
    return int(value)


def padding_plan(n, k, stride=1, padding=0):
    """Where the windows of a ``k``-wide kernel start on an input of ``n`` cells.

    padding : zeros added on each side (an int), or Keras' ``"valid"`` (none) and
        ``"same"`` (Keras pads so that the output has ``ceil(n / stride)`` cells,
        ``max((out - 1)·stride + k - n, 0)`` zeros in all, the odd one at the end).
    Returns a dict: ``left``, ``right`` (zeros on each side), ``starts`` (first
    padded cell of each window, one per output cell) and ``out`` (their number).
    """
    where = "draw_padding_stride()"
    n, k = _whole(where, "n", n, 1), _whole(where, "k", k, 1)
    stride = _whole(where, "stride", stride, 1)
    if isinstance(padding, str):
        if padding == "valid":
            left = right = 0
        elif padding == "same":
            out = -(-n // stride)
            total = max((out - 1) * stride + k - n, 0)
            left, right = total // 2, total - total // 2
        else:
            raise ShapeError(
                f"{where}: expected padding to be an int >= 0, 'valid' or 'same', received "
                f"padding={padding!r}. Fix: padding=1 (one zero on each side) or padding='same'."
            )
    else:
        left = right = _whole(where, "padding", padding, 0)
    if n + left + right < k:
        raise ShapeError(
            f"{where}: the kernel (k={k}) is wider than the padded input ({n} + {left} + {right} = "
            f"{n + left + right} cells), so it fits nowhere. Fix: a smaller k or more padding."
        )
    out = (n + left + right - k) // stride + 1
    return {"left": left, "right": right, "starts": [j * stride for j in range(out)], "out": out}


def _formula(n, k, stride, padding, plan):
    if padding == "same":
        return (f"output = ⌈{n} / {stride}⌉ = {plan['out']}; "
                f"zeros: {plan['left']} left, {plan['right']} right")
    p = plan["left"]
    return f"output = ⌊({n} + 2·{p} − {k}) / {stride}⌋ + 1 = {plan['out']}"


def _number(v):
    return f"{v:g}"


def draw_padding_stride(n, k, stride=1, padding=0, ax=None, x=None, kernel=None, title=None):
    """Draw a ``k``-wide kernel sliding with ``stride`` over ``n`` input cells padded with zeros.

    n, k, stride : ints >= 1; padding : int >= 0 (zeros on each side), "valid" or "same".
    x : optional (n,) input values; kernel : optional (k,) weights. With both, each
        output cell shows ``sum(window · kernel)``, what ``Conv1D`` gives for these
        numbers; without, cells are named x₀…, y₀….
    Top row: the padded input (grey cells are the zeros padding adds). Below it one
    bar per window, labelled with the output it makes. Bottom row: the output,
    each cell under the centre of its window (so a stride of 2 spaces them 2 apart).
    Cells no window reaches (the floor drops a window that would stick out) are
    red. The title evaluates the output-size formula with these numbers.
    Returns the ``ax``.
    """
    where = "draw_padding_stride()"
    plan = padding_plan(n, k, stride, padding)
    left, right, starts, out = plan["left"], plan["right"], plan["starts"], plan["out"]
    m = n + left + right
    if m > MAX_CELLS:
        raise ShapeError(
            f"{where}: expected at most {MAX_CELLS} padded cells to draw, received {n} + {left} + {right} = {m}. "
            f"Fix: draw a small example (the rule is the same) and compute large sizes with "
            f"mlp_kit.conv.output_size."
        )
    values = None
    if (x is None) != (kernel is None):
        raise ShapeError(f"{where}: pass both x and kernel, or neither (received only "
                         f"{'x' if kernel is None else 'kernel'}). Fix: add the other one, e.g. kernel=[1, 1, 1].")
    if x is not None:
        x, kernel = np.asarray(x, dtype=float), np.asarray(kernel, dtype=float)
        if x.shape != (n,) or kernel.shape != (k,):
            raise ShapeError(
                f"{where}: expected x of shape ({n},) and kernel of shape ({k},) for n={n}, k={k}, received "
                f"x {x.shape} and kernel {kernel.shape}. Fix: pass 1-D arrays of n and k numbers."
            )
        padded = np.concatenate([np.zeros(left), x, np.zeros(right)])
        values = [float(padded[s:s + k] @ kernel) for s in starts]

    row_h = 0.62
    height = 1.0 + 1.2 + row_h * out + 1.5
    width = LABEL_WIDTH + m + 0.3
    ax = canvas(width, height, ax=ax, scale=0.42,
                title=title or f"n = {n}, k = {k}, stride {stride}, padding {padding!r}\n"
                               f"{_formula(n, k, stride, padding, plan)}")
    fontsize = 9 if m <= 16 else 7
    reached = (starts[-1] + k) if starts else 0

    y_in = height - 1.0
    ax.text(LABEL_WIDTH - 0.2, y_in, "padded input", ha="right", va="center", fontsize=fontsize)
    for c in range(m):
        is_pad = c < left or c >= left + n
        colour = LEFT_OUT_COLOUR if c >= reached else PAD_COLOUR if is_pad else "white"
        text = "0" if is_pad else (_number(x[c - left]) if values is not None else f"x{_sub(c - left)}")
        box(ax, (LABEL_WIDTH + c + 0.5, y_in), text, width=0.96, height=0.8, color=colour, fontsize=fontsize)

    for j, s in enumerate(starts):
        y = y_in - 1.0 - j * row_h
        colour = WINDOW_COLOURS[j % len(WINDOW_COLOURS)]
        text = f"y{_sub(j)}" + (f" = {_number(values[j])}" if values is not None else "")
        box(ax, (LABEL_WIDTH + s + k / 2, y), text, width=k - 0.1, height=row_h * 0.8, color=colour,
            fontsize=fontsize - 1)
    ax.text(LABEL_WIDTH - 0.2, y_in - 1.0 - (out - 1) * row_h / 2, f"{out} windows,\nstep {stride}",
            ha="right", va="center", fontsize=fontsize)

    y_out = y_in - 1.0 - out * row_h - 0.45
    ax.text(LABEL_WIDTH - 0.2, y_out, "output", ha="right", va="center", fontsize=fontsize)
    for j, s in enumerate(starts):
        text = _number(values[j]) if values is not None else f"y{_sub(j)}"
        box(ax, (LABEL_WIDTH + s + k / 2, y_out), text, width=0.96, height=0.8,
            color=WINDOW_COLOURS[j % len(WINDOW_COLOURS)], fontsize=fontsize)
    if reached < m:
        ax.text(LABEL_WIDTH + m, y_out - 0.75, f"red: {m - reached} cell(s) no window reaches",
                ha="right", va="center", fontsize=fontsize - 1, color="#b03030")
    return ax


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(i):
    return str(i).translate(_SUBSCRIPTS)
