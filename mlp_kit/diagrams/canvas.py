"""Drawing primitives the diagrams share: a blank canvas, labelled boxes and circles, arrows.

Coordinates are data units on an axis with equal aspect and no ticks, so a
diagram is laid out on squared paper: ``box(ax, (2, 1), "W")`` centres a box at
x = 2, y = 1.
"""

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch


def canvas(width, height, ax=None, title=None, scale=0.9):
    """A blank ``ax`` spanning [0, width] × [0, height] in data units, axes hidden.

    A new figure (``scale`` inches per unit) when ``ax`` is omitted.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(width * scale, height * scale))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def box(ax, xy, text, width=1.0, height=0.6, color="#dbe8f5", fontsize=10, **kwargs):
    """A rounded box centred at ``xy`` with ``text`` inside; returns the patch."""
    x, y = xy
    patch = FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                           boxstyle="round,pad=0.02,rounding_size=0.1", facecolor=color,
                           edgecolor="0.2", linewidth=1.2, **kwargs)
    ax.add_patch(patch)
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)
    return patch


def node(ax, xy, text="", radius=0.3, color="#f5e6c8", fontsize=10):
    """A circle (a neuron, an input) centred at ``xy`` with ``text`` inside; returns the patch."""
    patch = Circle(xy, radius, facecolor=color, edgecolor="0.2", linewidth=1.2)
    ax.add_patch(patch)
    if text:
        ax.text(*xy, text, ha="center", va="center", fontsize=fontsize)
    return patch


def arrow(ax, start, end, text=None, color="0.2", fontsize=9, offset=(0, 0.15), shrink=0.0, **kwargs):
    """An arrow from ``start`` to ``end``; ``text`` is written at its middle, moved by ``offset``.

    ``shrink`` (data units) keeps the head clear of a node drawn at ``end``.
    """
    (x0, y0), (x1, y1) = start, end
    if shrink:
        dx, dy = x1 - x0, y1 - y0
        length = (dx * dx + dy * dy) ** 0.5 or 1.0
        x0, y0 = x0 + dx / length * shrink, y0 + dy / length * shrink
        x1, y1 = x1 - dx / length * shrink, y1 - dy / length * shrink
    patch = FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=12, color=color,
                            linewidth=1.2, **kwargs)
    ax.add_patch(patch)
    if text:
        ax.text((x0 + x1) / 2 + offset[0], (y0 + y1) / 2 + offset[1], text, ha="center", va="bottom",
                fontsize=fontsize, color=color)
    return patch


def texts(ax):
    """Every string written on ``ax`` (its title included): what tests check a diagram shows."""
    return [t.get_text() for t in ax.texts] + [ax.get_title()]
