"""Plots and widgets of lessons 06 (convolutions) and 07 (recurrent shapes), driven without a browser."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from mlp_kit import ShapeError, plotting, widgets  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plot_conv_grid_draws_one_cell_per_output():
    ax_in, ax_out = plotting.plot_conv_grid(5, 3, stride=2, padding=1)
    assert "output 3×3" in ax_out.get_title()
    assert len(ax_out.patches) == 9
    assert len(ax_in.lines) == 9                        # one dot per window
    assert len(ax_in.patches) == 7 * 7 + 2              # padded grid + first and second window


def test_plot_image_grid_and_filters():
    fig = plotting.plot_image_grid([np.eye(3), -np.eye(3), np.ones((3, 3))], ncols=2, symmetric=[False, True, True])
    assert len(fig.axes) == 4                           # 2 rows x 2 columns, the last one empty
    assert fig.axes[1].images[0].get_clim() == (-1.0, 1.0)
    fig = plotting.plot_filters(np.random.default_rng(0).normal(size=(5, 5, 1, 8)))
    assert sum(bool(ax.images) for ax in fig.axes) == 8
    with pytest.raises(ShapeError, match="Conv2D kernel"):
        plotting.plot_filters(np.zeros((5, 5)))


def test_plot_accuracy_vs_size():
    results = pd.DataFrame({"model": ["a"] * 4 + ["b"] * 4, "size": [10, 10, 100, 100] * 2,
                            "seed": [0, 1] * 4, "accuracy": [0.5, 0.6, 0.8, 0.9, 0.6, 0.7, 0.9, 0.95]})
    ax = plotting.plot_accuracy_vs_size(results)
    means = [line.get_ydata().tolist() for line in ax.lines]
    np.testing.assert_allclose(means, [[0.55, 0.85], [0.65, 0.925]])
    assert ax.get_xscale() == "log"


def test_plot_windows_marks_targets():
    series = np.arange(30.0)
    ax = plotting.plot_windows(series, 5, starts=(0, 3))
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "X[3] = series[3:8] → y[3] = series[8]" in labels


def test_conv_explorer_update():
    box = widgets.conv_explorer(n=7, k=3, stride=2, padding=1)
    assert "= <b>4</b>" in box.formula.value
    assert box.update(7, 3, 1, 0) == 5
    assert box.update(3, 5, 1, 0) is None and "does not fit" in box.formula.value


@pytest.mark.slow
def test_rnn_stack_rows_and_explorer():
    import mlp_kit  # noqa: F401  (quiet TensorFlow before Keras is imported)

    rows, error = widgets.rnn_stack_rows(10, 3, [("LSTM", 8, True), ("GRU", 4, False)])
    assert error is None
    assert rows == [("lstm_1 (LSTM)", (None, 10, 8), 384), ("gru_2 (GRU)", (None, 4), 168)]
    rows, error = widgets.rnn_stack_rows(10, 3, [("SimpleRNN", 8, False), ("GRU", 4, False)])
    assert len(rows) == 1 and "expected ndim=3, found ndim=2" in error
    box = widgets.rnn_stack_explorer(steps=5, features=2)
    assert box.update(5, 2, [("SimpleRNN", 4, False)]) == ([("simplernn_1 (SimpleRNN)", (None, 4), 28)], None)


def _layer_rows(box):
    """The values of each layer's (kind, units, return_sequences) controls."""
    return [tuple(c.value for c in row.children) for row in box.children[1:-1]]


def test_rnn_stack_explorer_controls_always_show_the_drawn_stack(monkeypatch):
    import mlp_kit  # noqa: F401  (quiet TensorFlow before Keras is imported)

    drawn = []
    build = widgets.rnn_stack_rows
    monkeypatch.setattr(widgets, "rnn_stack_rows",
                        lambda *args: drawn.append(args) or build(*args))
    box = widgets.rnn_stack_explorer(steps=5, features=2)
    assert _layer_rows(box) == [("LSTM", 8, True), ("GRU", 4, False)]
    rows_before = box.children
    box.children[1].children[1].value = 16                 # a learner moves layer 1's units
    assert box.children == rows_before                      # same rows: the slider stays in hand
    stack = [("GRU", 6, True), ("LSTM", 5, True), ("SimpleRNN", 3, False)]
    rows, error = box.update(7, 3, stack)
    assert error is None and [r[2] for r in rows] == [198, 240, 27]
    assert _layer_rows(box) == stack and [s.value for s in box.children[0].children] == [7, 3]
    box.children[3].children[2].value = True                # then ticks layer 3's checkbox
    assert drawn[-1] == (7, 3, [*stack[:2], ("SimpleRNN", 3, True)])
    box.update(stack=[("SimpleRNN", 4, False)])             # fewer layers: rows go away
    assert _layer_rows(box) == [("SimpleRNN", 4, False)]
    rows, error = box.update(stack=[("LSTM", 64, False)])   # more units than the slider shows
    assert rows[0][1] == (None, 64) and _layer_rows(box) == [("LSTM", 4, False)]
