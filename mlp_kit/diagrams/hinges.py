"""A one-input ReLU network drawn as what it is: a sum of hinges, one per hidden unit.

The network ``Dense(n, relu)`` + ``Dense(1)`` on one input ``x`` computes

    y(x) = output_scale · (b2 + Σ_i w2_i · relu(w1_i · u + b1_i)),   u = input_scale · x

(``input_scale`` is a ``Rescaling`` layer in front, ``output_scale`` undoes a scaled
target). Unit ``i`` contributes a hinge: zero on one side of its kink
``x = -b1_i / (w1_i · input_scale)`` and a straight line on the other. The sum of
straight pieces is straight beyond the outermost kink on each side.

Pure NumPy and matplotlib: the lesson passes the arrays ``get_weights()`` returned.
"""

import matplotlib.pyplot as plt
import numpy as np

from mlp_kit.errors import ShapeError


def _fmt(value):
    """A kink position as a short label: whole numbers from 10 on, 2 significant digits below."""
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.2g}"


def _check_weights(W1, b1, W2, b2):
    """The four arrays as float vectors (units,), (units,), (units,), scalar; ShapeError otherwise."""
    arrays = {}
    for name, value, shapes in [("W1", W1, "(1, units) or (units,)"), ("b1", b1, "(units,)"),
                                ("W2", W2, "(units, 1) or (units,)"), ("b2", b2, "(1,) or a number")]:
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise ShapeError(f"draw_hinges(): {name} must be an array of numbers of shape {shapes}, "
                             f"got {type(value).__name__}. Pass the arrays layer.get_weights() returns.") from None
        arrays[name] = arr
    W1, b1, W2, b2 = arrays["W1"], arrays["b1"], arrays["W2"], arrays["b2"]
    if W1.ndim == 2 and W1.shape[0] != 1:
        raise ShapeError(
            f"draw_hinges(): W1 has shape {W1.shape}, so the hidden layer has {W1.shape[0]} inputs; "
            "a hinge picture needs exactly one input, W1 of shape (1, units). "
            "Pass the kernel of a Dense layer that sees a single feature x.")
    if W1.ndim > 2 or b1.ndim != 1 or W2.ndim > 2 or (W2.ndim == 2 and W2.shape[1] != 1) or b2.size != 1:
        raise ShapeError(
            f"draw_hinges(): expected W1 (1, units), b1 (units,), W2 (units, 1), b2 (1,); got W1 {W1.shape}, "
            f"b1 {b1.shape}, W2 {W2.shape}, b2 {b2.shape}. Pass hidden.get_weights() and output.get_weights() "
            "of Dense(units, activation='relu') followed by Dense(1).")
    w1, w2 = W1.ravel(), W2.ravel()
    if not len(w1) == len(b1) == len(w2) or len(w1) == 0:
        raise ShapeError(
            f"draw_hinges(): W1, b1 and W2 must describe the same number of hidden units; got {len(w1)}, "
            f"{len(b1)} and {len(w2)}. Pass the weights of one trained model (hidden layer, then output layer).")
    if not all(np.all(np.isfinite(a)) for a in (w1, b1, w2, b2)):
        raise ShapeError("draw_hinges(): the weights contain NaN or infinity; the training diverged. "
                         "Retrain with a smaller learning rate or scaled inputs before drawing.")
    return w1, b1, w2, float(b2.ravel()[0])


def hinge_terms(x, W1, b1, W2, input_scale=1.0, output_scale=1.0):
    """Each hidden unit's share of the prediction, ``(n_points, units)``.

    Column ``i`` is ``output_scale · w2_i · relu(w1_i · input_scale · x + b1_i)`` for ``x`` of
    shape ``(n_points,)``. Adding the columns and ``output_scale · b2`` gives the network's output.
    """
    w1, b1, w2, _ = _check_weights(W1, b1, W2, 0.0)
    u = np.asarray(x, dtype=float).reshape(-1, 1) * input_scale       # (n_points, 1)
    return output_scale * w2 * np.maximum(0.0, u * w1 + b1)            # (n_points, units)


def _kinks(w1, b1, input_scale):
    """x where each unit switches, ``-b1 / (w1 · input_scale)``; NaN for a unit with w1 = 0 (no kink)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(w1 != 0, -b1 / (w1 * input_scale), np.nan)


def _active_share(w1, b1, input_scale, low, high):
    """Fraction of [low, high] on which each unit is on (its pre-activation is > 0)."""
    kinks = _kinks(w1, b1, input_scale)
    on_right = np.clip((high - kinks) / (high - low), 0, 1)           # w1 > 0: on right of the kink
    share = np.where(w1 > 0, on_right, 1 - on_right)
    return np.where(w1 == 0, (b1 > 0).astype(float), share)


def draw_hinges(W1, b1, W2, b2, train_range, target=None, target_label="target", x_range=None,
                input_scale=1.0, output_scale=1.0, axes=None, title=None):
    """Draw each hidden unit's hinge (top) and their sum, the prediction, against the target (bottom).

    W1 : (1, units) or (units,)   kernel of the hidden Dense layer (one input)
    b1 : (units,)                 its bias
    W2 : (units, 1) or (units,)   kernel of the output Dense(1)
    b2 : (1,) or number           its bias
    train_range : (low, high)     the x interval the network was trained on (shaded)
    target : callable or None     the function learned, e.g. ``np.square``, drawn dashed
    x_range : (low, high) or None the x axis; by default it spans the training range and every kink
    input_scale, output_scale     see the module docstring (a ``Rescaling(1/500)`` is input_scale=1/500)
    axes : two matplotlib axes (top, bottom), or None for a new figure

    Every kink is marked where its hinge is zero (top) and by a labelled vertical line (bottom).
    A unit that is off on the whole training range is drawn dashed: nothing in the training data
    fixes its kink. The bottom panel shades the region beyond the outermost kinks, where the
    prediction is a single straight line. Returns ``(ax_hinges, ax_sum)``.
    """
    w1, b1, w2, b2 = _check_weights(W1, b1, W2, b2)
    try:
        low, high = (float(v) for v in train_range)
    except (TypeError, ValueError):
        raise ShapeError(f"draw_hinges(): train_range must be two numbers (low, high), got {train_range!r}. "
                         "Pass e.g. train_range=(-500, 500).") from None
    if not low < high:
        raise ShapeError(f"draw_hinges(): train_range must have low < high, got ({low:g}, {high:g}). "
                         "Swap the two numbers.")
    if not (np.isfinite(input_scale) and input_scale != 0 and np.isfinite(output_scale)):
        raise ShapeError(f"draw_hinges(): input_scale must be a non-zero number and output_scale a number, "
                         f"got {input_scale!r} and {output_scale!r}. A Rescaling(1/500) layer is input_scale=1/500.")
    kinks = _kinks(w1, b1, input_scale)                               # (units,), NaN: no kink
    has_kink = np.isfinite(kinks)
    if x_range is None:
        ends = np.concatenate([[low, high], kinks[has_kink]])
        pad = 0.2 * (ends.max() - ends.min())
        x_range = (ends.min() - pad, ends.max() + pad)
    xs = np.linspace(x_range[0], x_range[1], 801)
    xs = np.union1d(xs, kinks[has_kink & (kinks > x_range[0]) & (kinks < x_range[1])])  # exact corners
    terms = hinge_terms(xs, w1, b1, w2, input_scale, output_scale)    # (n_points, units)
    prediction = terms.sum(axis=1) + output_scale * b2                # (n_points,)
    share = _active_share(w1, b1, input_scale, low, high)

    if axes is None:
        _, axes = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True)
    ax_h, ax_s = axes
    colors = plt.get_cmap("tab10")(np.arange(len(w1)) % 10)
    for i in range(len(w1)):
        silent = share[i] == 0
        label = f"unit {i + 1}: " + (f"kink at {_fmt(kinks[i])}" if has_kink[i] else "no kink (w1 = 0)")
        label += ", off on all training x" if silent else ", on for all training x" if share[i] == 1 else ""
        ax_h.plot(xs, terms[:, i], color=colors[i], linestyle="--" if silent else "-", label=label)
        if has_kink[i]:
            ax_h.plot([kinks[i]], [0.0], "o", color=colors[i], markersize=5)
    for ax in axes:
        ax.axvspan(low, high, color="tab:green", alpha=0.1, label="training range")
    ax_h.axhline(0, color="0.5", linewidth=0.8)
    ax_h.set(ylabel="unit's share of y", title="Each hidden unit adds a hinge, zero on one side of its kink (dot)")
    ax_h.legend(fontsize=7, ncol=2, loc="best")

    if target is not None:
        ax_s.plot(xs, target(xs), "k--", label=target_label)
    ax_s.plot(xs, prediction, color="tab:blue", linewidth=2, label="sum of the hinges + output bias = the network")
    bottom, top = ax_s.get_ylim()
    ax_s.set_ylim(bottom - 0.3 * (top - bottom), top)                 # room for the legend below the curves
    for i in np.flatnonzero(has_kink):
        if x_range[0] < kinks[i] < x_range[1]:
            ax_s.axvline(kinks[i], color=colors[i], linestyle=":", linewidth=1)
            ax_s.text(kinks[i], top, _fmt(kinks[i]), rotation=90, ha="right", va="top", fontsize=7,
                      color=colors[i])
    if has_kink.any():
        first, last = kinks[has_kink].min(), kinks[has_kink].max()
        for start, end in [(x_range[0], first), (last, x_range[1])]:
            if end > start:
                ax_s.axvspan(start, end, color="0.85", alpha=0.6)
                ax_s.text((start + end) / 2, 0.5 * top, "one straight\nline", ha="center", fontsize=8)
    n_out = int(np.sum(has_kink & ((kinks < low) | (kinks > high))))
    ax_s.set(xlabel="x", ylabel="y", xlim=x_range,
             title=f"Their sum is the prediction; {n_out} of {int(has_kink.sum())} kinks lie outside the "
                   "training range")
    ax_s.legend(fontsize=8, loc="lower right")
    if title:
        ax_h.figure.suptitle(title)
    return ax_h, ax_s
