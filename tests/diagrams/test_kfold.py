"""draw_kfold shows the folds scikit-learn makes: which samples each fold validates on, and what it lacks."""

import matplotlib.colors
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import FancyBboxPatch
from sklearn.model_selection import KFold, StratifiedKFold

from mlp_kit.diagrams.canvas import texts
from mlp_kit.diagrams.kfold import VAL_COLOUR, draw_kfold, kfold_rows
from mlp_kit.errors import ShapeError


def _cells(ax):
    """The sample cells, row by row (the two legend boxes, drawn last, left out)."""
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)][:-2]


def _validation_grid(ax, n_samples, n_splits):
    """(n_splits, n_samples) booleans read back from the cell colours, ordered by position."""
    cells = _cells(ax)
    assert len(cells) == n_samples * n_splits
    centre = [(p.get_x() + p.get_width() / 2, p.get_y() + p.get_height() / 2) for p in cells]
    is_val = [matplotlib.colors.same_color(p.get_facecolor(), VAL_COLOUR) for p in cells]
    rows = sorted({round(y, 6) for _, y in centre}, reverse=True)           # fold 1 on top
    grid = np.zeros((n_splits, n_samples), dtype=bool)
    for (x, y), v in zip(centre, is_val, strict=True):
        cols = sorted({round(cx, 6) for cx, cy in centre if round(cy, 6) == round(y, 6)})
        grid[rows.index(round(y, 6)), cols.index(round(x, 6))] = v
    return grid


@pytest.mark.parametrize("n_samples, n_splits, shuffle, random_state", [
    (10, 5, False, None), (11, 3, False, None), (20, 4, True, 0), (7, 7, True, 3), (40, 2, True, 1)])
def test_orange_cells_are_the_validation_indices_of_sklearns_kfold(n_samples, n_splits, shuffle, random_state):
    ax = draw_kfold(n_samples, n_splits, shuffle=shuffle, random_state=random_state)
    splits = KFold(n_splits, shuffle=shuffle, random_state=random_state).split(np.zeros((n_samples, 1)))
    expected = np.zeros((n_splits, n_samples), dtype=bool)
    for k, (_, val) in enumerate(splits):
        expected[k, val] = True
    np.testing.assert_array_equal(_validation_grid(ax, n_samples, n_splits), expected)
    found = texts(ax)
    for k in range(n_splits):
        size = int(expected[k].sum())
        assert f"fold {k + 1}" in found and f"validates on {size}, trains on {n_samples - size}" in found
    assert "every sample validated exactly once" in found
    assert f"KFold(n_splits={n_splits}, shuffle={shuffle}" in ax.get_title()


def test_sorted_labels_without_shuffling_validate_each_fold_on_a_class_it_never_trains_on():
    y = np.repeat(np.arange(5), 5)                       # 25 samples sorted by class, like the MNIST file
    ax = draw_kfold(25, 5, y=y)
    found = texts(ax)
    for c in range(5):
        assert f"validates on class {c}; class {c} never in training" in found
    assert found.count("3") == 5 * 5 + 1      # label 3 in its 5 cells on each of 5 rows, and sample index 3


def test_stratified_folds_validate_on_every_class_as_sklearn_splits_them():
    y = np.repeat(np.arange(5), 5)
    ax = draw_kfold(25, 5, shuffle=True, random_state=0, y=y, stratify=True)
    expected = np.zeros((5, 25), dtype=bool)
    for k, (_, val) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(np.zeros((25, 1)), y)):
        expected[k, val] = True
    np.testing.assert_array_equal(_validation_grid(ax, 25, 5), expected)
    found = texts(ax)
    assert found.count("validates on classes 0, 1, 2, 3, 4") == 5
    assert not any("never in training" in t for t in found)
    assert ax.get_title().startswith("StratifiedKFold(n_splits=5, shuffle=True, random_state=0)")


def test_kfold_rows_are_sorted_validation_indices():
    rows = kfold_rows(6, 3)
    assert [r.tolist() for r in rows] == [[0, 1], [2, 3], [4, 5]]


def test_draws_on_a_given_ax_and_titles_it():
    _, ax = plt.subplots()
    assert draw_kfold(8, 4, ax=ax, title="my folds") is ax
    assert ax.get_title() == "my folds"


@pytest.mark.parametrize("kwargs, match", [
    ({"n_samples": 5, "n_splits": 1}, "n_splits to be a whole number >= 2"),
    ({"n_samples": 5.0, "n_splits": 2}, "n_samples to be a whole number"),
    ({"n_samples": 3, "n_splits": 4}, "n_splits <= n_samples"),
    ({"n_samples": 41, "n_splits": 5}, "at most 40 samples"),
    ({"n_samples": 10, "n_splits": 2, "random_state": 0}, "only matters with shuffle=True"),
    ({"n_samples": 10, "n_splits": 2, "y": np.zeros(9)}, r"y of shape \(10,\)"),
    ({"n_samples": 10, "n_splits": 2, "stratify": True}, "needs the labels y"),
    ({"n_samples": 10, "n_splits": 5, "stratify": True, "y": np.repeat([0, 1], [8, 2])},
     "at least n_splits=5 samples of every class"),
])
def test_rejects_bad_input_with_expected_received_and_fix(kwargs, match):
    with pytest.raises(ShapeError, match=match) as caught:
        draw_kfold(**kwargs)
    assert "Fix:" in str(caught.value)
