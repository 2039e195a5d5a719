"""Plots the lessons share. Matplotlib is imported here, never by ``import mlp_kit``.

Every function draws on an ``ax`` (a new figure when omitted), sets a title
and axis labels, and returns the ``ax``.
"""

import matplotlib.pyplot as plt
import numpy as np


def _axes(ax, figsize=(5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


# ---------------------------------------------------------------- lesson 01


def plot_linear_boundary(X, y, coef, intercept, ax=None, title="Decision line", limits=(-0.5, 1.5)):
    """Scatter 2-D points ``X`` (n, 2) coloured by ``y`` and draw the line ``coef·x + intercept = 0``.

    The side where the unit outputs 1 is shaded.
    """
    ax = _axes(ax)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    lo, hi = limits
    grid = np.linspace(lo, hi, 200)
    gx, gy = np.meshgrid(grid, grid)
    z = coef[0] * gx + coef[1] * gy + intercept
    ax.contourf(gx, gy, (z >= 0).astype(float), levels=[-0.5, 0.5, 1.5], colors=["#f4d6d6", "#d6e4f4"])
    if np.any(coef):
        ax.contour(gx, gy, z, levels=[0], colors="k", linewidths=1.5)
    for label, marker, colour in [(0, "o", "tab:red"), (1, "s", "tab:blue")]:
        pts = X[y == label]
        ax.scatter(pts[:, 0], pts[:, 1], marker=marker, c=colour, edgecolors="k", s=60, label=f"y = {label}")
    ax.set(xlim=limits, ylim=limits, xlabel="$x_1$", ylabel="$x_2$", title=title)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_errors_per_epoch(errors, ax=None, title="Perceptron mistakes per epoch", label=None):
    """Bar-free line plot of the number of mistakes in each epoch (``Perceptron.errors_``)."""
    ax = _axes(ax)
    epochs = np.arange(1, len(errors) + 1)
    ax.plot(epochs, errors, marker="o", label=label)
    ax.set(xlabel="epoch", ylabel="mistakes (weight updates)", title=title)
    ax.set_ylim(bottom=0)
    if label:
        ax.legend()
    return ax


# ---------------------------------------------------------------- lesson 02


def _activation_curves(name, alpha, z):
    """f(z) and f'(z) on a 1-D grid; softmax is shown as its first output for the logits (z, 0)."""
    from mlp_kit import activations

    f, df = activations.get(name, alpha)
    if name == "softmax":
        pairs = np.stack([z, np.zeros_like(z)], axis=1)          # (n, 2) rows of logits
        return f(pairs)[:, 0], df(pairs)[:, 0]
    return f(z), df(z)


def plot_activation(name, alpha=None, ax=None, z_range=(-5, 5), title=None):
    """Draw the activation ``name`` and its derivative f' against z on one ``ax`` (lesson 02).

    ``alpha`` sets the slope/scale of leaky_relu, elu and prelu (their default when
    omitted). Softmax is drawn as its first output for the two logits (z, 0).
    """
    from mlp_kit.activations import DEFAULT_ALPHA

    ax = _axes(ax)
    z = np.linspace(*z_range, 401)
    fz, dfz = _activation_curves(name, alpha, z)
    ax.axhline(0, color="0.8", linewidth=0.8)
    ax.axvline(0, color="0.8", linewidth=0.8)
    ax.plot(z, fz, color="tab:blue", linewidth=2, label=f"{name}: f(z)")
    ax.plot(z, dfz, color="tab:orange", linestyle="--", label="derivative f'(z)")
    if title is None:
        title = name if name != "softmax" else "softmax of (z, 0), first output"
        if name in DEFAULT_ALPHA:
            title += f" (alpha = {DEFAULT_ALPHA[name] if alpha is None else alpha:g})"
    ax.set(xlabel="z (weighted input)", ylabel="value", title=title)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_activations(names=None, alpha=None, ncols=3, z_range=(-5, 5)):
    """One panel per activation (default: all of them) with f and f'; returns the axes (flat).

    ``alpha`` applies to the parametric ones (leaky_relu, elu, prelu) only.
    """
    from mlp_kit import activations

    names = list(activations.ACTIVATIONS) if names is None else list(names)
    for name in names:                                           # fail before drawing anything
        activations.check_name(name, activations.ACTIVATIONS, "activation", "plot_activations()")
    nrows = -(-len(names) // ncols)
    _, axes = plt.subplots(nrows, ncols, figsize=(4 * ncols, 3.2 * nrows), squeeze=False)
    axes = axes.ravel()
    for ax, name in zip(axes, names, strict=False):
        plot_activation(name, alpha if name in activations.DEFAULT_ALPHA else None, ax=ax,
                        z_range=z_range)
    for ax in axes[len(names):]:
        ax.set_axis_off()
    axes[0].figure.tight_layout()
    return axes


# ---------------------------------------------------------------- lessons 03 and 04


def plot_history(history, metrics=None, ax=None, shift_train=False, title=None):
    """Learning curves: training and validation value of each metric per epoch.

    ``history`` is the dict returned by ``MLP.fit`` or Keras' ``History`` (or its
    ``.history`` dict). One panel per metric (default: every key without ``val_``)
    unless a single ``ax`` is given. The training value of an epoch is a running
    mean over its batches, i.e. it describes the model half-way through the epoch:
    ``shift_train=True`` draws it half an epoch to the left, where it belongs when
    comparing with the validation value measured at the end. Returns the axes.
    """
    from mlp_kit.errors import ShapeError

    history = getattr(history, "history", history)
    if not isinstance(history, dict) or not history:
        raise ShapeError(
            f"plot_history(): expected the dict returned by fit() (or a Keras History), got "
            f"{type(history).__name__}."
        )
    metrics = [k for k in history if not k.startswith("val_")] if metrics is None else metrics
    metrics = [metrics] if isinstance(metrics, str) else list(metrics)
    unknown = [m for m in metrics if m not in history]
    if unknown:
        raise ShapeError(f"plot_history(): no {unknown[0]!r} in the history; it has "
                         f"{', '.join(history)}.")
    if ax is None:
        _, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.6), squeeze=False)
        axes = list(axes.ravel())
    else:
        axes = list(np.ravel(ax))
        axes = axes * len(metrics) if len(axes) == 1 else axes
    for axis, metric in zip(axes, metrics, strict=False):
        train = np.asarray(history[metric], dtype=float)
        epochs = np.arange(1, len(train) + 1)
        label = "training (shifted ½ epoch left)" if shift_train else "training"
        axis.plot(epochs - 0.5 if shift_train else epochs, train, marker=".", label=label)
        if f"val_{metric}" in history:
            axis.plot(epochs, history[f"val_{metric}"], marker=".", label="validation")
        axis.set(xlabel="epoch", ylabel=metric, title=title or f"{metric} per epoch")
        axis.legend(fontsize=8)
    return axes


def plot_decision_boundary(predict_fn, X, y, ax=None, resolution=200, padding=0.5,
                           title="Decision regions"):
    """Colour the plane by ``predict_fn`` and scatter 2-D points ``X`` (n, 2) coloured by ``y``.

    ``predict_fn`` maps an (m, 2) array to labels (m,); probabilities (m, K) are
    turned into labels with argmax, and one probability column (m, 1) with >= 0.5,
    so ``mlp.predict``, ``keras_model.predict`` and scikit-learn's ``predict`` all work.
    """
    from mlp_kit.errors import ShapeError, as_2d_float

    X = as_2d_float(X, where="plot_decision_boundary()")
    if X.shape[1] != 2:
        raise ShapeError(f"plot_decision_boundary(): X must have 2 columns (a plane), got "
                         f"shape {X.shape}.")
    y = np.asarray(y).ravel()
    ax = _axes(ax)
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()]).astype(np.float32)    # (m, 2)
    pred = np.asarray(predict_fn(grid))
    if pred.ndim == 2:
        pred = pred.argmax(axis=1) if pred.shape[1] > 1 else pred[:, 0]
    if np.issubdtype(pred.dtype, np.floating) and not np.all(pred == np.round(pred)):
        pred = (pred >= 0.5).astype(int)
    classes = np.union1d(np.unique(y), np.unique(pred))
    index = np.searchsorted(classes, pred).reshape(gx.shape)
    cmap = plt.get_cmap("tab10")
    ax.contourf(gx, gy, index, levels=np.arange(len(classes) + 1) - 0.5, alpha=0.25,
                colors=[cmap(i % 10) for i in range(len(classes))])
    for i, label in enumerate(classes):
        pts = X[y == label]
        ax.scatter(pts[:, 0], pts[:, 1], color=cmap(i % 10), edgecolors="k", s=25,
                   label=f"y = {label}")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title)
    ax.legend(loc="best", fontsize=8)
    return ax


# ---- lesson 03


def plot_batch_size_curves(runs, n_samples, axes=None, highlight=None):
    """Training loss of runs that differ in batch size: per epoch (left) and per update (right).

    ``runs`` maps a label to ``(batch_size, losses)``, ``losses`` holding one training loss
    per epoch (``history["loss"]`` of ``MLP.fit`` or Keras). An epoch over ``n_samples``
    samples makes ceil(n_samples / batch_size) weight updates, so the right panel draws each
    epoch's loss at the number of updates made by the end of that epoch (log scale): per-sample
    updates win per epoch, full-batch ones per update. ``highlight`` (a label) is drawn thick,
    the others thin. Returns the two axes.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    ax_epoch, ax_update = axes
    for label, (batch_size, losses) in runs.items():
        losses = np.asarray(losses, dtype=float)
        epochs = np.arange(1, len(losses) + 1)
        updates_per_epoch = -(-n_samples // min(int(batch_size), n_samples))   # ceil
        style = {"linewidth": 2.2} if highlight in (None, label) else {"linewidth": 1, "alpha": 0.45}
        (line,) = ax_epoch.plot(epochs, losses, marker=".", label=label, **style)
        ax_update.plot(epochs * updates_per_epoch, losses, marker=".", color=line.get_color(),
                       label=label, **style)
    ax_epoch.set(xlabel="epoch", ylabel="training loss", title="Loss per epoch")
    ax_update.set(xscale="log", xlabel="weight updates made (log scale)", ylabel="training loss",
                  title="Loss per weight update")
    ax_epoch.legend(fontsize=8)
    return axes


# ---- lesson 08


def plot_curve_comparison(histories, metric="val_loss", ax=None, title=None, log_y=False):
    """One curve per model: ``metric`` per epoch for each entry of ``histories`` (name -> history).

    A history is a Keras ``History``, its ``.history`` dict, or any dict with
    ``metric`` in it. Epochs are counted from 1. Returns the ``ax``.
    """
    ax = _axes(ax, figsize=(6, 4))
    for name, history in histories.items():
        values = np.asarray(getattr(history, "history", history)[metric], dtype=float)
        ax.plot(np.arange(1, len(values) + 1), values, marker=".", label=name)
    if log_y:
        ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel=metric, title=title or f"{metric} per epoch")
    ax.legend(fontsize=8)
    return ax


def plot_lr_range(lrs, losses, chosen_lr=None, ax=None, title="Learning-rate range test"):
    """Loss per mini-batch against the learning rate (log x axis); marks ``chosen_lr`` if given."""
    ax = _axes(ax, figsize=(6, 4))
    ax.semilogx(lrs, losses, marker=".", markersize=3, label="loss of the batch")
    if chosen_lr is not None:
        ax.axvline(chosen_lr, color="tab:green", linestyle="--", label=f"chosen lr = {chosen_lr:.2g}")
    ax.set(xlabel="learning rate (log scale)", ylabel="training loss", title=title)
    ax.legend(fontsize=8)
    return ax


def plot_early_stopping(history, patience, ax=None, title=None):
    """Training and validation loss with the epoch early stopping keeps and the one where it stops.

    Uses ``mlp_kit.tuning.early_stopping_point`` (Keras' rule) on ``val_loss``.
    Returns the ``ax``.
    """
    from mlp_kit.tuning import early_stopping_point

    history = getattr(history, "history", history)
    ax = _axes(ax, figsize=(6, 4))
    train, val = np.asarray(history["loss"], float), np.asarray(history["val_loss"], float)
    epochs = np.arange(1, len(val) + 1)
    stop, best = early_stopping_point(val, patience)
    ax.plot(epochs, train, marker=".", label="training loss")
    ax.plot(epochs, val, marker=".", label="validation loss")
    ax.axvline(best, color="tab:green", linestyle="--", label=f"best epoch {best} (weights kept)")
    ax.axvline(stop, color="tab:red", linestyle=":", label=f"stops after epoch {stop}")
    ax.axvspan(stop + 0.5, len(val) + 0.5, color="0.9", zorder=0)
    ax.set(xlabel="epoch", ylabel="loss",
           title=title or f"EarlyStopping(patience={patience}) on val_loss")
    ax.legend(fontsize=8)
    return ax


# ---- lesson 06


def plot_conv_grid(n, k, stride=1, padding=0, axes=None):
    """Where a k x k kernel lands on an n x n input with ``stride`` and ``padding``, and the output grid.

    Left: the padded input (padding cells grey, marked 0), a dot at the centre of
    every window, the first window in blue and the next one along the
    row in orange. Right: the output grid, ``floor((n + 2p - k)/s) + 1`` on each
    side. Returns the two axes.
    """
    from matplotlib.patches import Rectangle

    from mlp_kit.conv import output_size

    out = output_size(n, k, stride, padding)
    m = n + 2 * padding
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 4), gridspec_kw={"width_ratios": [m, max(out, 1)]})
    ax_in, ax_out = axes
    for r in range(m):
        for c in range(m):
            pad = not (padding <= r < padding + n and padding <= c < padding + n)
            ax_in.add_patch(Rectangle((c, r), 1, 1, facecolor="0.85" if pad else "white", edgecolor="0.5"))
            if pad:
                ax_in.text(c + 0.5, r + 0.5, "0", ha="center", va="center", color="0.45", fontsize=8)
    starts = [i * stride for i in range(out)]
    for r in starts:
        for c in starts:
            ax_in.plot(c + k / 2, r + k / 2, "o", color="k", markersize=4)
    ax_in.add_patch(Rectangle((0, 0), k, k, fill=False, edgecolor="tab:blue", linewidth=3))
    if out > 1:
        ax_in.add_patch(Rectangle((stride, 0), k, k, fill=False, edgecolor="tab:orange", linewidth=2,
                                  linestyle="--"))
    ax_in.set(xlim=(0, m), ylim=(m, 0), aspect="equal", xticks=[], yticks=[],
              title=f"input {n}×{n}, padding {padding}, kernel {k}×{k}, stride {stride}")
    for r in range(out):
        for c in range(out):
            first = (r, c) == (0, 0)
            second = (r, c) == (0, 1)
            colour = "#cfe0f3" if first else "#fde0c5" if second else "white"
            ax_out.add_patch(Rectangle((c, r), 1, 1, facecolor=colour, edgecolor="0.3"))
    ax_out.set(xlim=(0, max(out, 1)), ylim=(max(out, 1), 0), aspect="equal", xticks=[], yticks=[],
               title=f"output {out}×{out}")
    return axes


def plot_image_grid(images, titles=None, ncols=8, cmap="gray", symmetric=False, suptitle=None,
                    size=1.4):
    """Show 2-D arrays side by side (filters, feature maps, photos). Returns the figure.

    ``symmetric=True`` centres the colour scale of each image on 0 (blue negative,
    red positive), as suits filters whose weights have both signs; a list of bools
    chooses per image.
    """
    images = [np.asarray(img, dtype=float) for img in images]
    flags = list(symmetric) if isinstance(symmetric, (list, tuple)) else [symmetric] * len(images)
    ncols = max(1, min(ncols, len(images)))
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + (0.4 if suptitle else 0)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= len(images):
            continue
        img = images[i]
        if flags[i]:
            lim = float(np.abs(img).max()) or 1.0
            ax.imshow(img, cmap="RdBu_r", vmin=-lim, vmax=lim)
        else:
            ax.imshow(img, cmap=cmap)
        if titles is not None:
            ax.set_title(titles[i], fontsize=8)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_filters(kernel, channel=0, ncols=8, suptitle="First-layer filters"):
    """The filters of a Conv2D kernel of shape (k_h, k_w, c_in, filters), one image per filter.

    Shows input channel ``channel`` of each filter, coloured blue (negative) to red
    (positive). Returns the figure.
    """
    kernel = np.asarray(kernel)
    if kernel.ndim != 4:
        from mlp_kit.errors import ShapeError

        raise ShapeError(
            f"plot_filters(): expected a Conv2D kernel (k_h, k_w, c_in, filters), received shape "
            f"{kernel.shape}. Use layer.get_weights()[0] (or layer.kernel.numpy())."
        )
    filters = [kernel[:, :, channel, f] for f in range(kernel.shape[-1])]
    return plot_image_grid(filters, titles=[f"filter {f}" for f in range(len(filters))], ncols=ncols,
                           symmetric=True, suptitle=suptitle)


def plot_accuracy_vs_size(results, ax=None, title="Test accuracy vs training-set size"):
    """Mean test accuracy per model against training-set size (log x), one dot per seed.

    ``results`` is the DataFrame of ``mlp_kit.experiments.accuracy_vs_size``
    (columns model, size, seed, accuracy). Returns the ``ax``.
    """
    ax = _axes(ax, figsize=(6, 4))
    for name, part in results.groupby("model", sort=False):
        means = part.groupby("size")["accuracy"].mean()
        (line,) = ax.plot(means.index, means.values, marker="o", label=f"{name} (mean)")
        ax.scatter(part["size"], part["accuracy"], color=line.get_color(), alpha=0.35, s=18)
    sizes = sorted(results["size"].unique())
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.minorticks_off()
    ax.set(xlabel="training images (log scale)", ylabel="test accuracy", title=title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


# ---- lesson 07b


def plot_windows(series, steps, starts=(0, 1, 2), ax=None, title=None):
    """A series with a few sliding windows of ``steps`` values and the value each one predicts.

    Window ``i`` covers ``series[i : i + steps]`` (shaded band); its target
    ``series[i + steps]`` is a star. Returns the ``ax``.
    """
    ax = _axes(ax, figsize=(8, 3))
    series = np.asarray(series, dtype=float)
    t = np.arange(len(series))
    ax.plot(t, series, color="0.6", marker=".", zorder=1, label="series")
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for row, i in enumerate(starts):
        c = colours[row % len(colours)]
        lo, hi = series.min(), series.max()
        band = lo - (row + 1) * 0.08 * (hi - lo + 1e-12)
        ax.plot([i, i + steps - 1], [band, band], color=c, linewidth=4, solid_capstyle="butt")
        ax.plot(t[i : i + steps], series[i : i + steps], "o", color=c, markersize=5)
        ax.plot(i + steps, series[i + steps], "*", color=c, markersize=14, markeredgecolor="k",
                label=f"X[{i}] = series[{i}:{i + steps}] → y[{i}] = series[{i + steps}]")
    ax.set(xlabel="time step", ylabel="value",
           title=title or f"Sliding windows of {steps} steps, target = the next value")
    ax.legend(fontsize=8, loc="upper right")
    return ax
