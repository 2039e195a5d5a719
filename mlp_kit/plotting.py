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
