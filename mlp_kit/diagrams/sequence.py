"""What a recurrent layer reads and what it returns.

``draw_sequence_tensor(2, 5, 3)`` draws the input of a recurrent layer as a
stack of 2 tables (the batch axis), each with 5 rows (time steps) of 3 columns
(features): the array ``x`` of shape ``(batch, timesteps, features)``.
``draw_return_sequences(30, 32, False)`` unrolls the layer over its 30 steps and
shows what comes out: only the last state, ``(None, 32)``, or with
``return_sequences=True`` the state after every step, ``(None, 30, 32)``.
"""

from numbers import Integral

from matplotlib.patches import Rectangle

from mlp_kit.diagrams.canvas import arrow, box, canvas, node
from mlp_kit.errors import ShapeError

HIGHLIGHT = "#fbd7a8"
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(i):
    return str(i).translate(_SUBSCRIPTS)


def _whole(where, name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ShapeError(
            f"{where}: expected {name} to be a whole number >= {minimum}, received {name}={value!r}. "
            f"Fix: pass an int, e.g. {name}={max(minimum, 3)}."
        )
    return int(value)


def shown_indices(n, limit, keep=()):
    """Indices 0..n-1 to draw when at most about ``limit`` fit: the first few, the last, ``keep``.

    ``None`` marks a gap (drawn as an ellipsis). ``shown_indices(30, 6)`` is
    ``[0, 1, 2, 3, None, 29]``.
    """
    if n <= limit:
        return list(range(n))
    chosen = sorted(set(range(limit - 2)) | {n - 1} | {i for i in keep if 0 <= i < n})
    shown = []
    for i in chosen:
        if shown and i > shown[-1] + 1:
            shown.append(None)
        shown.append(i)
    return shown


def draw_sequence_tensor(batch, steps, features, ax=None, highlight_step=None, title=None):
    """Draw an input of shape ``(batch, steps, features)`` as ``batch`` stacked tables.

    Each table is one sample ``x[i]``, shape ``(steps, features)``: one row per
    time step (t₀ at the top), one column per feature. Sample 0 is in front, the
    others behind it along the batch arrow. Long axes are cut with an ellipsis
    (the labels keep the true sizes). ``highlight_step=t`` colours row ``t`` of
    every sample: ``x[:, t, :]``, shape ``(batch, features)``, what a recurrent
    layer reads at step ``t``. Returns the ``ax``.
    """
    where = "draw_sequence_tensor()"
    batch, steps = _whole(where, "batch", batch), _whole(where, "steps", steps)
    features = _whole(where, "features", features)
    if highlight_step is not None:
        highlight_step = _whole(where, "highlight_step", highlight_step, minimum=0)
        if highlight_step >= steps:
            raise ShapeError(
                f"{where}: expected highlight_step between 0 and steps - 1 = {steps - 1}, received "
                f"highlight_step={highlight_step}. Fix: steps are counted from 0."
            )
    rows = shown_indices(steps, 8, keep=() if highlight_step is None else (highlight_step,))
    cols = shown_indices(features, 6)
    n_sheets = min(batch, 4)
    cw, ch = 0.9, 0.55                                   # cell width (feature) and height (step)
    dx, dy = 0.55, 0.45                                  # offset from one sample to the next
    sheet_w, sheet_h = cw * len(cols), ch * len(rows)
    x0, y0 = 2.0, 1.5                                    # bottom-left corner of sample 0
    width = max(x0 + sheet_w + dx * (n_sheets - 1) + 1.6, 7.0)
    height = y0 + sheet_h + dy * (n_sheets - 1) + 0.9
    ax = canvas(width, height, ax=ax, scale=0.55,
                title=title or f"Input of a recurrent layer\n(batch, timesteps, features) = "
                               f"({batch}, {steps}, {features})")
    for s in reversed(range(n_sheets)):                 # back samples first, sample 0 on top
        sx, sy = x0 + s * dx, y0 + s * dy
        for r, t in enumerate(rows):
            for c in range(len(cols)):
                lit = highlight_step is not None and t == highlight_step
                ax.add_patch(Rectangle((sx + c * cw, sy + sheet_h - (r + 1) * ch), cw, ch,
                                       facecolor=HIGHLIGHT if lit else "white", edgecolor="0.35",
                                       linewidth=0.8, zorder=2 + (n_sheets - s)))
        label = f"x[{s}]" if s < n_sheets - 1 or batch == n_sheets else f"x[{batch - 1}]"
        ax.text(sx + sheet_w + 0.08, sy + 0.02, label, ha="left", va="bottom", fontsize=7)
    for r, t in enumerate(rows):                         # labels on the front sample
        yc = y0 + sheet_h - (r + 0.5) * ch
        ax.text(x0 - 0.1, yc, "⋮" if t is None else f"t{_sub(t)}", ha="right", va="center", fontsize=8)
    for c, f in enumerate(cols):
        ax.text(x0 + (c + 0.5) * cw, y0 - 0.1, "…" if f is None else f"f{_sub(f)}", ha="center", va="top",
                fontsize=8)
    ax.annotate("", xy=(x0 - 0.9, y0), xytext=(x0 - 0.9, y0 + sheet_h),
                arrowprops={"arrowstyle": "-|>", "color": "0.2"})
    ax.text(x0 - 1.1, y0 + sheet_h / 2, f"timesteps = {steps}", rotation=90, ha="right", va="center",
            fontsize=9)
    ax.annotate("", xy=(x0 + sheet_w, y0 - 0.6), xytext=(x0, y0 - 0.6),
                arrowprops={"arrowstyle": "-|>", "color": "0.2"})
    ax.text(x0 + sheet_w / 2, y0 - 0.7, f"features = {features}", ha="center", va="top", fontsize=9)
    reach = max(n_sheets - 1, 1)                        # the batch arrow runs along the top-left corners
    bx, by = x0 - 0.15, y0 + sheet_h + 0.15
    ax.annotate("", xy=(bx + dx * reach, by + dy * reach), xytext=(bx, by),
                arrowprops={"arrowstyle": "-|>", "color": "0.2"})
    ax.text(bx + dx * reach - 0.1, by + dy * reach, f"batch = {batch}" + ("" if batch == n_sheets else
            f" ({n_sheets} drawn)"), ha="right", va="bottom", fontsize=9)
    if highlight_step is not None:
        ax.text(x0, 0.15, f"step {highlight_step}: x[:, {highlight_step}, :], shape ({batch}, {features})",
                ha="left", va="bottom", fontsize=9, color="#a0522d")
    return ax


def draw_return_sequences(steps, units, return_sequences, ax=None, features=None, layer="RNN", title=None):
    """Draw a recurrent layer unrolled over ``steps`` steps, and which states it returns.

    At step t the layer reads x_t (``features`` numbers) and h_{t-1} (``units``
    numbers, h₀ = 0) and computes h_t, with the same weights at every step.
    ``return_sequences=False``: only the last state h_T comes out, shape
    ``(None, units)`` (the earlier states are drawn faded). ``True``: every
    h_t comes out, ``(None, steps, units)``, a sequence another recurrent layer
    can read. More than 5 steps are drawn as 1, 2, 3, …, T. Returns the ``ax``.
    """
    where = "draw_return_sequences()"
    steps, units = _whole(where, "steps", steps), _whole(where, "units", units)
    if features is not None:
        features = _whole(where, "features", features)
    if not isinstance(return_sequences, bool):
        raise ShapeError(
            f"{where}: expected return_sequences to be True or False, received "
            f"return_sequences={return_sequences!r}. Fix: pass a bool (not a string)."
        )
    shown = [i + 1 if i is not None else None for i in shown_indices(steps, 5)]
    gap = 1.9
    x_first = 2.0
    width = x_first + gap * (len(shown) - 1) + 3.6
    height = 5.0
    out_shape = (None, steps, units) if return_sequences else (None, units)
    ax = canvas(width, height, ax=ax, scale=0.6,
                title=title or f"{layer}({units}, return_sequences={return_sequences}) on {steps} steps\n"
                               f"→ output {out_shape}")
    y_in, y_cell, y_out = 0.6, 2.2, 3.9
    arrow(ax, (0.2, y_cell), (x_first - 0.65, y_cell), text="h₀ = 0", fontsize=8)
    edge = None                                          # right edge of what was drawn last in the row
    for i, t in enumerate(shown):
        xc = x_first + i * gap
        if t is None:                                    # the steps left out
            for y in (y_in, y_cell) + ((y_out,) if return_sequences else ()):
                ax.text(xc, y, "…", ha="center", va="center", fontsize=14)
            arrow(ax, (edge, y_cell), (xc - 0.35, y_cell))
            edge = xc + 0.35
            continue
        box(ax, (xc, y_cell), layer, width=1.3, height=0.7, fontsize=9)
        node(ax, (xc, y_in), f"x{_sub(t)}", radius=0.35, fontsize=9)
        arrow(ax, (xc, y_in + 0.35), (xc, y_cell - 0.35))
        if edge is not None:
            label = None if shown[i - 1] is None else f"h{_sub(shown[i - 1])}"
            arrow(ax, (edge, y_cell), (xc - 0.65, y_cell), text=label, fontsize=8)
        returned = return_sequences or t == steps
        circle = node(ax, (xc, y_out), f"h{_sub(t)}", radius=0.38, fontsize=9,
                      color="#d5ecd4" if returned else "white")
        if returned:
            arrow(ax, (xc, y_cell + 0.35), (xc, y_out - 0.38))
        else:
            circle.set_linestyle("--")
            circle.set_alpha(0.35)
        edge = xc + 0.65
    x_note = x_first + gap * (len(shown) - 1) + 0.8
    returned_text = (f"returned: every hₜ\n{(None, steps, units)}" if return_sequences
                     else f"returned: h{_sub(steps)} only\n{(None, units)}")
    ax.text(x_note, y_out, returned_text, ha="left", va="center", fontsize=9)
    ax.text(x_note, y_cell, f"hₜ: {units} numbers\nsame weights\nat every step", ha="left", va="center",
            fontsize=8)
    ax.text(x_note, y_in, "xₜ: " + (f"{features} features" if features is not None else "one step"),
            ha="left", va="center", fontsize=8)
    return ax
