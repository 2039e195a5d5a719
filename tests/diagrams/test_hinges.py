"""The hinge picture draws the network it is given: its hinges add up to its prediction, its kinks sit at -b/w."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlp_kit.diagrams import canvas
from mlp_kit.diagrams.hinges import draw_hinges, hinge_terms
from mlp_kit.errors import ShapeError

# Four units on u = x / 10, worked by hand: kinks at -b / (w / 10) = 10, -10, 30 and none.
W1 = np.array([[1.0, -2.0, 0.5, 0.0]])        # (1, units)
B1 = np.array([-1.0, -2.0, -1.5, 0.3])        # (units,)
W2 = np.array([[2.0], [1.0], [-0.5], [4.0]])  # (units, 1)
B2 = np.array([0.25])                          # (1,)
KINKS = [10.0, -10.0, 30.0]


def forward(x, input_scale=0.1, output_scale=3.0):
    """The network in plain NumPy: output_scale * (relu(input_scale * x @ W1 + b1) @ W2 + b2), x (n,) -> (n,)."""
    hidden = np.maximum(0.0, (input_scale * x[:, None]) @ W1 + B1)   # (n, units)
    return output_scale * (hidden @ W2 + B2).ravel()


def unit_lines(ax):
    return [line for line in ax.get_lines() if line.get_label().startswith("unit ")]


@pytest.fixture
def drawn():
    axes = draw_hinges(W1, B1, W2, B2, train_range=(-20, 20), target=np.square, target_label="x²",
                       input_scale=0.1, output_scale=3.0)
    yield axes
    plt.close("all")


def test_the_drawn_hinges_plus_b2_are_a_forward_pass_of_the_same_weights(drawn):
    ax_h, ax_s = drawn
    lines = unit_lines(ax_h)
    assert len(lines) == 4
    x = lines[0].get_xdata()
    summed = np.sum([line.get_ydata() for line in lines], axis=0) + 3.0 * B2[0]
    assert summed == pytest.approx(forward(x))
    network = next(line for line in ax_s.get_lines() if "the network" in line.get_label())
    assert network.get_ydata() == pytest.approx(forward(network.get_xdata()))
    assert hinge_terms(x, W1, B1, W2, 0.1, 3.0).sum(axis=1) + 3.0 * B2[0] == pytest.approx(forward(x))


def test_each_hinge_is_zero_on_one_side_of_its_kink_and_a_line_on_the_other(drawn):
    ax_h, _ = drawn
    first = unit_lines(ax_h)[0]                 # w = 1 > 0: off left of x = 10, slope 3 * 2 * 0.1 right of it
    x, y = first.get_xdata(), first.get_ydata()
    assert np.all(y[x <= 10] == 0)
    assert np.diff(y[x >= 10]) / np.diff(x[x >= 10]) == pytest.approx(0.6)


def test_kinks_are_marked_at_minus_b_over_w_where_their_hinge_is_zero(drawn):
    ax_h, ax_s = drawn
    dots = [line for line in ax_h.get_lines() if line.get_marker() == "o"]
    assert sorted(float(d.get_xdata()[0]) for d in dots) == pytest.approx(sorted(KINKS))
    assert all(d.get_ydata()[0] == 0 for d in dots)
    labels = [t for t in canvas.texts(ax_s) if t.lstrip("-").isdigit()]
    assert sorted(labels) == sorted(["10", "-10", "30"])
    legend = [t.get_text() for t in ax_h.get_legend().get_texts()]
    assert "unit 2: kink at -10" in legend[1] and "no kink (w1 = 0)" in legend[3]


def test_units_off_on_the_whole_training_range_are_dashed_and_say_so():
    # unit 3 (kink at 30, on to its right) is off on [-20, 20]; unit 1 (kink at 10) is on for part of it.
    ax_h, ax_s = draw_hinges(W1, B1, W2, B2, train_range=(-20, 20), input_scale=0.1)
    lines = unit_lines(ax_h)
    assert lines[2].get_linestyle() == "--" and "off on all training x" in lines[2].get_label()
    assert lines[0].get_linestyle() == "-" and "training x" not in lines[0].get_label()
    assert "1 of 3 kinks lie outside the training range" in ax_s.get_title()
    ax_h, _ = draw_hinges(W1, B1, W2, B2, train_range=(12, 20), input_scale=0.1)
    assert "on for all training x" in unit_lines(ax_h)[0].get_label()
    plt.close("all")


def test_default_view_shows_every_kink_and_straight_lines_beyond_the_outermost(drawn):
    ax_h, ax_s = drawn
    low, high = ax_s.get_xlim()
    assert low < min(KINKS) and high > max(KINKS)
    assert [t for t in canvas.texts(ax_s) if "straight" in t] == ["one straight\nline"] * 2
    network = next(line for line in ax_s.get_lines() if "the network" in line.get_label())
    x, y = network.get_xdata(), network.get_ydata()
    for outside in (x >= max(KINKS), x <= min(KINKS)):
        slopes = np.diff(y[outside]) / np.diff(x[outside])
        assert slopes == pytest.approx(slopes[0])


def test_target_and_training_range_are_drawn(drawn):
    _, ax_s = drawn
    target = next(line for line in ax_s.get_lines() if line.get_label() == "x²")
    assert target.get_ydata() == pytest.approx(target.get_xdata() ** 2)
    assert any(p.get_label() == "training range" for p in ax_s.patches)


def test_matches_a_keras_model_with_the_same_weights():
    """The reference: Keras' own forward pass of Rescaling + Dense(relu) + Dense(1) with these weights."""
    import keras

    model = keras.Sequential([keras.Input((1,)), keras.layers.Rescaling(0.1),
                              keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])
    model.layers[1].set_weights([W1, B1])
    model.layers[2].set_weights([W2, B2])
    x = np.linspace(-50, 50, 41)
    keras_y = model.predict(x[:, None], verbose=0).ravel()
    assert hinge_terms(x, W1, B1, W2, input_scale=0.1).sum(axis=1) + B2[0] == pytest.approx(keras_y, abs=1e-5)


@pytest.mark.parametrize("args, expected", [
    ((np.ones((2, 4)), B1, W2, B2), "exactly one input"),
    ((W1, B1[:3], W2, B2), "same number of hidden units"),
    ((W1, B1, np.ones((4, 2)), B2), "Dense(1)"),
    ((W1, B1, W2, [0.0, 1.0]), "b2 (1,)"),
    ((W1 * np.nan, B1, W2, B2), "NaN"),
    ((W1, "abc", W2, B2), "array of numbers"),
])
def test_bad_weights_are_refused_with_what_was_expected_and_the_fix(args, expected):
    with pytest.raises(ShapeError, match=expected.replace("(", r"\(").replace(")", r"\)")) as info:
        draw_hinges(*args, train_range=(-1, 1))
    assert "Pass" in str(info.value) or "Retrain" in str(info.value)


@pytest.mark.parametrize("kwargs, expected", [
    ({"train_range": (5, -5)}, "low < high"),
    ({"train_range": 5}, "two numbers"),
    ({"train_range": (-1, 1), "input_scale": 0}, "non-zero"),
])
def test_bad_range_or_scale_is_refused(kwargs, expected):
    with pytest.raises(ShapeError, match=expected):
        draw_hinges(W1, B1, W2, B2, **kwargs)
