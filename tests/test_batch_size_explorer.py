"""Tests for the lesson-03 helpers: plotting.plot_batch_size_curves and widgets.batch_size_explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlp_kit import datasets
from mlp_kit.mlp import MLP


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_curves_put_each_epoch_at_the_updates_made_so_far():
    from mlp_kit import plotting

    runs = {"per sample": (1, [3.0, 2.0]), "batch 4": (4, [3.0, 2.5]), "full": (10, [3.0, 2.9])}
    ax_epoch, ax_update = plotting.plot_batch_size_curves(runs, n_samples=10, highlight="batch 4")
    xs = {line.get_label(): line.get_xdata().tolist() for line in ax_update.get_lines()}
    # 10 samples: batch 1 -> 10 updates per epoch, batch 4 -> ceil(10 / 4) = 3, full batch -> 1.
    assert xs == {"per sample": [10, 20], "batch 4": [3, 6], "full": [1, 2]}
    assert [line.get_xdata().tolist() for line in ax_epoch.get_lines()] == [[1, 2]] * 3
    widths = {line.get_label(): line.get_linewidth() for line in ax_epoch.get_lines()}
    assert widths["batch 4"] > widths["full"]
    assert ax_update.get_xscale() == "log" and ax_epoch.get_title() and ax_update.get_xlabel()


def test_explorer_trains_each_setting_once_from_the_same_start():
    from mlp_kit import widgets

    X, y = datasets.load_digits()
    X, y = X[:120], y[:120]
    box = widgets.batch_size_explorer(X, y, batch_sizes=(1, 32, None), epochs=2, hidden=8)
    assert box.selector.value == 32 and set(box.runs) == {(32, 0.1)}
    # The cached run is MLP.fit from the seeded start.
    expected = MLP([64, 8, 10], seed=0).fit(X, y, epochs=2, batch_size=32, lr=0.1)["loss"]
    np.testing.assert_allclose(box.runs[(32, 0.1)], expected)
    box.selector.value = 120                                   # the full batch
    assert set(box.runs) == {(32, 0.1), (120, 0.1)}
    first = box.runs[(120, 0.1)]
    box.update(120, 0.1)                                       # cached: not trained again
    assert box.runs[(120, 0.1)] is first
    labels = [line.get_label() for line in box.figure.axes[0].get_lines()]
    assert labels == ["batch 32", "batch 120 (full batch)"]
    box.lr.value = 0.3                                         # another learning rate: new curves only
    assert [line.get_label() for line in box.figure.axes[0].get_lines()] == ["batch 120 (full batch)"]
