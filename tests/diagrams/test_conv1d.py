"""draw_conv1d_sharing draws the layer it is given: its positions, its shared (or own) weights, its count."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle, FancyArrowPatch

from mlp_kit import params
from mlp_kit.diagrams.canvas import texts
from mlp_kit.diagrams.conv1d import draw_conv1d_sharing
from mlp_kit.errors import ShapeError
from tests.diagrams.conftest import patches_of


def _labels(ax):
    """{label text: [colours]} of the texts written on the connections (w...)."""
    found = {}
    for t in ax.texts:
        if t.get_text().startswith(("w", "$w")):
            found.setdefault(t.get_text(), []).append(to_rgba(t.get_color()))
    return found


def test_lesson_example_shows_the_same_three_numbers_at_both_positions():
    # Conv1D(1, 2) on 3 steps with the lesson's filter (1, 10) and bias 0.5: 2 positions.
    ax = draw_conv1d_sharing(3, 2, weights=[1, 10], bias=0.5)
    shown = texts(ax)
    for name in ["x₁", "x₂", "x₃", "y₁", "y₂"]:
        assert shown.count(name) == 1, f"{name!r} should be drawn once in {shown}"
    assert shown.count("w₁ = 1") == 2 and shown.count("w₂ = 10") == 2
    assert shown.count("+ b = 0.5") == 2
    assert "3 parameters" in ax.get_title() and "2 positions" in ax.get_title()
    assert "yₜ = w₁·xₜ + w₂·xₜ₊₁ + b at every position t" in shown


@pytest.mark.parametrize("n, k", [(1, 1), (3, 2), (5, 3), (8, 1), (8, 8)])
def test_one_node_per_step_and_position_and_one_arrow_per_connection(n, k):
    m = n - k + 1
    ax = draw_conv1d_sharing(n, k)
    assert len(patches_of(ax, Circle)) == n + m
    assert len(patches_of(ax, FancyArrowPatch)) == m * k
    assert f"{params.conv((k,), 1, 1)} parameters" in ax.get_title()
    local = draw_conv1d_sharing(n, k, shared=False)
    assert f"{m * params.conv((k,), 1, 1)} parameters" in local.get_title()


def test_each_output_sits_above_the_middle_of_its_window():
    ax = draw_conv1d_sharing(6, 3)
    where = {t.get_text(): t.get_position() for t in ax.texts}
    for t in range(4):                                          # y_t reads x_t, x_t+1, x_t+2
        window = [where[f"x{i}".translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))][0]
                  for i in range(t + 1, t + 4)]
        y_name = f"y{t + 1}".translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
        assert where[y_name][0] == pytest.approx(np.mean(window))
        assert where[y_name][1] > where["x₁"][1]


def test_shared_weights_keep_one_colour_and_local_weights_each_get_their_own():
    shared = _labels(draw_conv1d_sharing(4, 2))
    assert sorted(shared) == ["w₁", "w₂"]
    for name, colours in shared.items():
        assert len(colours) == 3 and len(set(colours)) == 1, f"{name} must look the same at all 3 positions"
    assert shared["w₁"][0] != shared["w₂"][0]

    local = _labels(draw_conv1d_sharing(4, 2, shared=False))
    assert sorted(local) == sorted(f"$w_{{{j}}}^{{({t})}}$" for t in (1, 2, 3) for j in (1, 2))
    colours = [c for cs in local.values() for c in cs]
    assert len(colours) == 6 and len(set(colours)) == 6, "every connection of a local layer is its own weight"


def test_local_layer_writes_each_positions_numbers():
    w = [[1, 2], [3, -4]]
    ax = draw_conv1d_sharing(3, 2, weights=w, bias=[0.5, -1.5], shared=False)
    shown = texts(ax)
    for label in ["$w_{1}^{(1)}$ = 1", "$w_{2}^{(1)}$ = 2", "$w_{1}^{(2)}$ = 3", "$w_{2}^{(2)}$ = −4",
                  "+ $b^{(1)}$ = 0.5", "+ $b^{(2)}$ = −1.5"]:
        assert label in shown, f"{label!r} missing from {shown}"


def test_a_keras_kernel_of_shape_k_1_1_is_accepted():
    kernel = np.array([1.0, 10.0]).reshape(2, 1, 1)             # Conv1D(1, 2).kernel
    ax = draw_conv1d_sharing(3, 2, weights=kernel, bias=np.array([0.5]))
    assert texts(ax).count("w₂ = 10") == 2 and texts(ax).count("+ b = 0.5") == 2


def test_an_axis_passed_in_is_drawn_on_and_returned():
    fig, axes = plt.subplots(1, 2)
    assert draw_conv1d_sharing(3, 2, ax=axes[1]) is axes[1]
    assert "x₁" in texts(axes[1]) and texts(axes[0]) == [""]


@pytest.mark.parametrize("kwargs, words", [
    ({"n_inputs": 3, "kernel_size": 4}, ["kernel_size", "1 to 3", "got 4", "kernel_size ≤ n_inputs = 3"]),
    ({"n_inputs": 0}, ["n_inputs", "1 to 8", "got 0"]),
    ({"n_inputs": 9}, ["n_inputs", "1 to 8", "got 9"]),
    ({"n_inputs": 3.0}, ["whole number", "3.0"]),
    ({"kernel_size": True}, ["whole number", "True"]),
    ({"weights": [1, 2, 3]}, ["expected weights of shape (2,)", "got shape (3,)", "the 2 filter weights"]),
    ({"weights": [1, np.nan]}, ["finite", "NaN"]),
    ({"weights": "ab"}, ["must be numbers", "'ab'"]),
    ({"bias": [1, 2]}, ["expected bias of shape ()", "one number"]),
    ({"shared": False, "weights": [1, 2]}, ["shape (2, 2)", "2 weights for each of the 2 positions"]),
    ({"shared": False, "bias": 1.0}, ["shape (2,)", "one bias per position"]),
    ({"shared": "yes"}, ["shared must be True", "'yes'"]),
])
def test_bad_input_is_refused_with_what_was_expected_and_received(kwargs, words):
    with pytest.raises(ShapeError) as err:
        draw_conv1d_sharing(**kwargs)
    message = str(err.value)
    assert message.startswith("draw_conv1d_sharing():")
    for word in words:
        assert word in message, f"{word!r} missing from: {message}"
