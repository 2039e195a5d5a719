"""K-fold cross-validation: which samples each fold validates on, as scikit-learn splits them.

``draw_kfold(20, 5)`` draws one row per fold and one cell per sample; the cells
that fold validates on are orange, the ones it trains on blue. The rows come
from ``sklearn.model_selection.KFold`` (or ``StratifiedKFold`` with
``stratify=True``) with the same arguments, so the picture is the split the
code makes. Give labels ``y`` and every cell shows its label, and each row says
which classes it validates on and which of them its training part never sees:
``KFold`` without shuffling on data sorted by class validates every fold on a
class it never trained on, the ``validation_split`` trap again.
"""

from numbers import Integral

import numpy as np

from mlp_kit.diagrams.canvas import box, canvas
from mlp_kit.errors import ShapeError

MAX_SAMPLES = 40                 # a schematic: one readable cell per sample
VAL_COLOUR, TRAIN_COLOUR = "#f8c58c", "#cfe0f3"
LABEL_WIDTH, NOTE_WIDTH = 2.6, 9.0
ROW = 1.2                        # height of one fold's row


def _whole(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ShapeError(
            f"draw_kfold(): expected {name} to be a whole number >= {minimum}, received {name}={value!r}. "
            f"Fix: pass an int such as {name}={max(minimum, 5)}."
        )
    return int(value)


def kfold_rows(n_samples, n_splits, shuffle=False, random_state=None, y=None, stratify=False):
    """The validation indices of each fold, as scikit-learn's splitter yields them: a list of n_splits arrays.

    Uses ``KFold(n_splits, shuffle=shuffle, random_state=random_state)``, or
    ``StratifiedKFold`` with the same arguments when ``stratify=True`` (which needs
    ``y``, shape (n_samples,)).
    """
    from sklearn.model_selection import KFold, StratifiedKFold

    n_samples = _whole("n_samples", n_samples, 2)
    n_splits = _whole("n_splits", n_splits, 2)
    if n_splits > n_samples:
        raise ShapeError(
            f"draw_kfold(): expected n_splits <= n_samples (each fold validates on at least one sample), "
            f"received n_splits={n_splits} for n_samples={n_samples}. Fix: fewer folds or more samples."
        )
    if random_state is not None and not shuffle:
        raise ShapeError(
            f"draw_kfold(): random_state={random_state!r} only matters with shuffle=True (without shuffling the "
            f"folds are consecutive blocks). Fix: pass shuffle=True, or drop random_state."
        )
    if y is not None:
        y = np.asarray(y)
        if y.shape != (n_samples,):
            raise ShapeError(
                f"draw_kfold(): expected y of shape ({n_samples},), one label per sample, received shape "
                f"{y.shape}. Fix: pass a 1-D array of {n_samples} labels."
            )
    if stratify:
        if y is None:
            raise ShapeError("draw_kfold(): stratify=True needs the labels y (StratifiedKFold keeps their "
                             "proportions in every fold), received y=None. Fix: pass y=labels.")
        classes, counts = np.unique(y, return_counts=True)
        if counts.min() < n_splits:
            raise ShapeError(
                f"draw_kfold(): expected at least n_splits={n_splits} samples of every class for stratified "
                f"folds (with fewer, some folds miss that class; scikit-learn only warns), received "
                f"{counts.min()} of class {classes[np.argmin(counts)]}. Fix: fewer folds.")
        splitter = StratifiedKFold(n_splits, shuffle=shuffle, random_state=random_state)
    else:
        splitter = KFold(n_splits, shuffle=shuffle, random_state=random_state)
    X = np.zeros((n_samples, 1))
    return [np.sort(val) for _, val in splitter.split(X, y)]


def _classes(values):
    return ", ".join(str(v) for v in values) if len(values) else "none"


def draw_kfold(n_samples, n_splits, shuffle=False, random_state=None, y=None, stratify=False, ax=None,
               title=None):
    """Draw the folds of a K-fold split of ``n_samples`` samples: one row per fold, one cell per sample.

    n_samples : int, 2 .. 40 (a schematic; the rule is the same for 5,000 samples).
    n_splits : int K >= 2 (scikit-learn's ``n_splits``).
    shuffle, random_state : passed to ``KFold`` / ``StratifiedKFold``.
    y : optional (n_samples,) labels, written in the cells; each row then names the
        classes it validates on and those its training part lacks.
    stratify : use ``StratifiedKFold`` (needs ``y``).
    Orange cells are the fold's validation part, blue its training part; the note
    under the rows counts how often each sample is validated on (once, in K-fold).
    Returns the ``ax``.
    """
    if isinstance(n_samples, Integral) and n_samples > MAX_SAMPLES:
        raise ShapeError(
            f"draw_kfold(): expected at most {MAX_SAMPLES} samples to draw one cell each, received "
            f"n_samples={n_samples}. Fix: draw a small example (the split rule is the same) and use "
            f"kfold_rows(...) or scikit-learn itself for the real data."
        )
    rows = kfold_rows(n_samples, n_splits, shuffle, random_state, y, stratify)
    y = None if y is None else np.asarray(y)
    splitter = "StratifiedKFold" if stratify else "KFold"
    options = f"shuffle={shuffle}" + (f", random_state={random_state}" if random_state is not None else "")
    width = LABEL_WIDTH + n_samples + NOTE_WIDTH
    height = 1.0 + ROW * n_splits + 1.4
    ax = canvas(width, height, ax=ax, scale=0.3,
                title=title or f"{splitter}(n_splits={n_splits}, {options}) on {n_samples} samples")
    fontsize = 8 if n_samples <= 30 else 6

    top = height - 0.5
    ax.text(LABEL_WIDTH - 0.2, top, "sample", ha="right", va="center", fontsize=fontsize)
    for i in range(n_samples):
        ax.text(LABEL_WIDTH + i + 0.5, top, str(i), ha="center", va="center", fontsize=fontsize - 1, color="0.35")

    times_validated = np.zeros(n_samples, dtype=int)
    for k, val in enumerate(rows):
        row_y = top - 1.0 - k * ROW
        ax.text(LABEL_WIDTH - 0.2, row_y, f"fold {k + 1}", ha="right", va="center", fontsize=fontsize + 1)
        is_val = np.zeros(n_samples, dtype=bool)
        is_val[val] = True
        times_validated += is_val
        for i in range(n_samples):
            box(ax, (LABEL_WIDTH + i + 0.5, row_y), "" if y is None else str(y[i]), width=0.9, height=0.9,
                color=VAL_COLOUR if is_val[i] else TRAIN_COLOUR, fontsize=fontsize)
        note, unseen = f"validates on {len(val)}, trains on {n_samples - len(val)}", []
        if y is not None:
            seen, checked = set(y[~is_val].tolist()), sorted(set(y[is_val].tolist()))
            unseen = [c for c in checked if c not in seen]
            note = f"validates on class{'es' if len(checked) > 1 else ''} {_classes(checked)}"
            if unseen:
                note += f"; class{'es' if len(unseen) > 1 else ''} {_classes(unseen)} never in training"
        ax.text(LABEL_WIDTH + n_samples + 0.3, row_y, note, ha="left", va="center", fontsize=fontsize,
                color="#b03030" if unseen else "0.15")

    bottom = top - 1.0 - n_splits * ROW + 0.1
    box(ax, (LABEL_WIDTH + 0.6, bottom), "", width=0.9, height=0.7, color=VAL_COLOUR)
    ax.text(LABEL_WIDTH + 1.3, bottom, "validation", ha="left", va="center", fontsize=fontsize)
    box(ax, (LABEL_WIDTH + 6.6, bottom), "", width=0.9, height=0.7, color=TRAIN_COLOUR)
    ax.text(LABEL_WIDTH + 7.3, bottom, "training", ha="left", va="center", fontsize=fontsize)
    counts = sorted(set(times_validated.tolist()))
    ax.text(LABEL_WIDTH + n_samples + 0.3, bottom,
            "every sample validated exactly once" if counts == [1]
            else f"samples validated {' or '.join(map(str, counts))} times",
            ha="left", va="center", fontsize=fontsize)
    return ax
