"""Transfer learning: which layers of a model are frozen, which train, and which are new.

``draw_frozen_layers(rows)`` draws a model as a stack of boxes, input at the
bottom, one box per layer, from rows ``(name, params, trainable)``. A lesson
passes the rows of its own Keras model::

    rows = [(layer.name, layer.count_params(), layer.trainable) for layer in model.layers]
    draw_frozen_layers(rows, new=["new_head"])

Frozen layers are grey with a padlock, trainable ones coloured, layers named
in ``new`` (the head added to the base) orange and marked "new". Layers without
weights (pooling, flatten, the input) are white: freezing them changes nothing.
The line under the stack counts the trainable parameters, which is what ``fit``
will change. This module does not import Keras: it draws the numbers it is given.
"""

from numbers import Integral

from matplotlib.patches import Arc, Rectangle

from mlp_kit.diagrams.canvas import arrow, box, canvas
from mlp_kit.errors import ShapeError

FROZEN_COLOUR, TRAINABLE_COLOUR, NEW_COLOUR, NO_WEIGHTS_COLOUR = "#d4d4d4", "#9ecae1", "#fdbe85", "white"
BOX_X, BOX_WIDTH, BOX_HEIGHT = 2.3, 3.8, 0.52     # the layer boxes' centre, size (data units)
TAG_X = 4.45                                       # where the "frozen" / "trainable" tag starts
ROW = 0.78                                         # vertical distance between two layers
WIDTH = 7.2


def _check_rows(rows, new):
    """The rows as a list of (name, params, trainable), or a ShapeError saying what is wrong."""
    fix = ("Fix: pass one (name, params, trainable) row per layer, e.g. "
           "[(layer.name, layer.count_params(), layer.trainable) for layer in model.layers].")
    try:
        rows = list(rows)
    except TypeError:
        raise ShapeError(f"draw_frozen_layers(): expected a list of (name, params, trainable) rows, "
                         f"received {type(rows).__name__}. {fix}") from None
    if not rows:
        raise ShapeError(f"draw_frozen_layers(): expected at least one layer, received an empty list. {fix}")
    checked = []
    for i, row in enumerate(rows):
        if not isinstance(row, (tuple, list)) or len(row) != 3:
            raise ShapeError(f"draw_frozen_layers(): expected row {i} to be (name, params, trainable), "
                             f"received {row!r}. {fix}")
        name, params, trainable = row
        if not isinstance(name, str) or not name:
            raise ShapeError(f"draw_frozen_layers(): expected the name in row {i} to be a non-empty string, "
                             f"received {name!r}. {fix}")
        if isinstance(params, bool) or not isinstance(params, Integral) or params < 0:
            raise ShapeError(f"draw_frozen_layers(): expected the parameter count of layer {name!r} to be a "
                             f"whole number >= 0, received {params!r}. {fix}")
        if not isinstance(trainable, bool):
            raise ShapeError(f"draw_frozen_layers(): expected the trainable flag of layer {name!r} to be True "
                             f"or False, received {trainable!r}. {fix}")
        checked.append((name, int(params), trainable))
    names = [name for name, _, _ in checked]
    unknown = [name for name in new if name not in names]
    if unknown:
        raise ShapeError(f"draw_frozen_layers(): new={list(new)!r} names layers that are not in the rows: "
                         f"{unknown!r} (the layers are {names!r}). Fix: name the added head exactly as "
                         f"the model does.")
    return checked


def _padlock(ax, xy, colour="0.35"):
    """A small padlock centred at ``xy``: a body and its shackle (two patches)."""
    x, y = xy
    ax.add_patch(Rectangle((x - 0.11, y - 0.13), 0.22, 0.16, facecolor=colour, edgecolor=colour))
    ax.add_patch(Arc((x, y + 0.03), 0.15, 0.2, theta1=0, theta2=180, edgecolor=colour, linewidth=1.6))


def draw_frozen_layers(rows, new=(), ax=None, title="Frozen and trainable layers"):
    """Draw a model's layers as a stack, input at the bottom; grey with a padlock = frozen.

    rows : list of (name: str, params: int >= 0, trainable: bool), one per layer, input first
        (the order of ``model.layers``).
    new : names of the layers added on top of the base (drawn orange, tagged "new").
    Each box reads "name · N params"; a layer with weights is tagged "frozen" (grey,
    padlock) or "trainable" (blue), a new one "new, trainable" or "new, frozen".
    Layers without weights are white and untagged. Under the stack: trainable
    parameters out of the total. Returns the ``ax``.
    """
    rows = _check_rows(rows, list(new))
    height = ROW * len(rows) + 1.0
    ax = canvas(WIDTH, height, ax=ax, title=title, scale=0.62)
    bottom = 1.0
    for i, (name, params, trainable) in enumerate(rows):
        y = bottom + i * ROW
        if params == 0:
            colour, tag = NO_WEIGHTS_COLOUR, None
        elif name in new:
            colour, tag = NEW_COLOUR if trainable else FROZEN_COLOUR, "new, trainable" if trainable else "new, frozen"
        else:
            colour, tag = (TRAINABLE_COLOUR, "trainable") if trainable else (FROZEN_COLOUR, "frozen")
        label = f"{name} · {params:,} params" if params else f"{name} · no weights"
        box(ax, (BOX_X, y), label, width=BOX_WIDTH, height=BOX_HEIGHT, color=colour, fontsize=9)
        if tag:
            if not trainable:
                _padlock(ax, (TAG_X + 0.15, y))
            ax.text(TAG_X + (0.4 if not trainable else 0.0), y, tag, ha="left", va="center", fontsize=9,
                    color="0.35" if not trainable else "#1f5f8b" if name not in new else "#a34a00",
                    fontweight="bold" if name in new else "normal")
        if i:
            arrow(ax, (BOX_X, y - ROW + BOX_HEIGHT / 2), (BOX_X, y - BOX_HEIGHT / 2))
    total = sum(params for _, params, _ in rows)
    trained = sum(params for _, params, trainable in rows if trainable)
    ax.text(BOX_X, 0.35, f"trainable: {trained:,} of {total:,} parameters", ha="center", va="center",
            fontsize=9)
    return ax
