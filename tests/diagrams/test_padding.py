"""draw_padding_stride shows the padding, the windows and the output size it was given."""

import keras
import numpy as np
import pytest
from matplotlib.patches import FancyBboxPatch

from mlp_kit.conv import output_size
from mlp_kit.diagrams.canvas import texts
from mlp_kit.diagrams.padding import draw_padding_stride, padding_plan
from mlp_kit.errors import ShapeError


def _boxes(ax):
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)]


@pytest.mark.parametrize("n, k, stride, padding", [(7, 3, 1, 0), (7, 3, 2, 1), (8, 3, 2, 0), (5, 5, 1, 2),
                                                   (6, 2, 3, 0), (1, 1, 1, 0)])
def test_one_cell_per_padded_input_window_and_output(n, k, stride, padding):
    ax = draw_padding_stride(n, k, stride, padding)
    out = output_size(n, k, stride, padding)
    m = n + 2 * padding
    assert len(_boxes(ax)) == m + 2 * out                  # input row, one bar per window, output row
    found = texts(ax)
    assert found.count("0") == 2 * padding                  # the zeros padding adds
    assert f"⌊({n} + 2·{padding} − {k}) / {stride}⌋ + 1 = {out}" in ax.get_title()
    assert f"{out} windows,\nstep {stride}" in found


def test_windows_start_every_stride_cells_and_outputs_sit_under_their_centres():
    ax = draw_padding_stride(7, 3, stride=2, padding=1)
    assert padding_plan(7, 3, 2, 1) == {"left": 1, "right": 1, "starts": [0, 2, 4, 6], "out": 4}
    first_cell = [t.get_position()[0] for t in ax.texts if t.get_text() == "0"][0]   # centre of padded cell 0
    for j in range(4):                     # the bar of window j and output y_j: both centred on cells 2j..2j+2
        xs = [t.get_position()[0] for t in ax.texts if t.get_text() == f"y{'₀₁₂₃'[j]}"]
        assert xs == pytest.approx([first_cell - 0.5 + 2 * j + 1.5] * 2)


def test_values_are_the_sums_keras_conv1d_computes():
    x, kernel = np.arange(1.0, 8.0), np.array([1.0, -1.0, 2.0])
    ax = draw_padding_stride(7, 3, stride=2, padding=1, x=x, kernel=kernel)
    layer = keras.Sequential([keras.Input((7, 1)), keras.layers.ZeroPadding1D(1),
                              keras.layers.Conv1D(1, 3, strides=2, use_bias=False)])
    layer.layers[-1].set_weights([kernel[:, None, None]])
    theirs = np.asarray(layer(x[None, :, None]))[0, :, 0]
    found = texts(ax)
    for j, v in enumerate(theirs):
        assert f"y{'₀₁₂₃'[j]} = {v:g}" in found
        assert f"{v:g}" in found


def test_same_padding_is_keras_split_with_the_odd_zero_at_the_end():
    for n, k, s in [(7, 3, 1), (6, 3, 2), (8, 4, 1), (5, 2, 2), (9, 3, 3)]:
        plan = padding_plan(n, k, s, "same")
        x = keras.Input((n, 1))
        keras_out = keras.layers.Conv1D(1, k, strides=s, padding="same").compute_output_shape(x.shape)[1]
        assert plan["out"] == keras_out
        assert plan["right"] - plan["left"] in (0, 1)
    ax = draw_padding_stride(6, 3, stride=2, padding="same")
    assert "zeros: 0 left, 1 right" in ax.get_title()


def test_cells_no_window_reaches_are_named():
    ax = draw_padding_stride(8, 3, stride=2)               # windows at 0, 2, 4 cover cells 0..6
    assert "red: 1 cell(s) no window reaches" in texts(ax)
    ax = draw_padding_stride(7, 3, stride=2)
    assert not any("no window" in t for t in texts(ax))


@pytest.mark.parametrize("kwargs, words", [
    ({"n": 0, "k": 3}, "expected n to be a whole number >= 1, received n=0"),
    ({"n": 5, "k": 2.5}, "expected k to be a whole number >= 1"),
    ({"n": 5, "k": 3, "stride": 0}, "received stride=0"),
    ({"n": 5, "k": 3, "padding": -1}, "received padding=-1"),
    ({"n": 5, "k": 3, "padding": "full"}, "'valid' or 'same', received padding='full'"),
    ({"n": 3, "k": 5}, "wider than the padded input (3 + 0 + 0 = 3 cells)"),
    ({"n": 40, "k": 3}, "at most 30 padded cells"),
    ({"n": 5, "k": 3, "x": [1, 2, 3, 4, 5]}, "pass both x and kernel"),
    ({"n": 5, "k": 3, "x": [1, 2, 3], "kernel": [1, 1, 1]}, "expected x of shape (5,)"),
])
def test_bad_input_says_what_was_expected_received_and_the_fix(kwargs, words):
    with pytest.raises(ShapeError) as info:
        draw_padding_stride(**kwargs)
    assert words in str(info.value)
    assert "Fix:" in str(info.value)
