"""draw_tlu draws the unit it is given: its weights, its bias, its step, and what an input does."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Circle, FancyArrowPatch

from mlp_kit.diagrams.canvas import texts
from mlp_kit.diagrams.neuron import draw_tlu
from mlp_kit.errors import ShapeError
from mlp_kit.neurons import TLU
from tests.diagrams.conftest import patches_of


def test_and_unit_shows_its_weights_bias_and_formula():
    ax = draw_tlu([1, 1], -1.5)
    shown = texts(ax)
    for label in ["x₁", "x₂", "w₁ = 1", "w₂ = 1", "b = −1.5", "Σ", "heaviside", "ŷ", "z = w·x + b"]:
        assert label in shown, f"{label!r} missing from {shown}"
    assert ax.get_title() == "ŷ = heaviside(1·x₁ + 1·x₂ − 1.5)"


def test_one_node_and_one_arrow_per_input_plus_the_constant_one():
    for n in [1, 3, 8]:
        ax = draw_tlu(np.arange(1, n + 1), 0.5)
        # n inputs + the constant 1 + Σ + ŷ; one arrow per input, the bias arrow, Σ -> step, step -> ŷ
        assert len(patches_of(ax, Circle)) == n + 3
        assert len(patches_of(ax, FancyArrowPatch)) == n + 3
        subscript = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
        expected = [f"w{i}".translate(subscript) + f" = {i}" for i in range(1, n + 1)]   # w₁ = 1, w₂ = 2, ...
        assert [t for t in texts(ax) if t.startswith("w")] == expected


def test_weight_labels_follow_the_inputs_from_top_to_bottom():
    ax = draw_tlu([0.3, -1.2, 2.0], 0.1, input_names=["a", "b", "c"])
    where = {t.get_text(): t.get_position() for t in ax.texts}
    ys = [where[label][1] for label in ["w₁ = 0.3", "w₂ = −1.2", "w₃ = 2", "b = 0.1"]]
    assert ys == sorted(ys, reverse=True), "labels must go top to bottom: w1, w2, w3, then the bias"
    names_y = [where[name][1] for name in ["a", "b", "c", "1"]]
    assert names_y == sorted(names_y, reverse=True)
    assert ax.get_title() == "ŷ = heaviside(0.3·a − 1.2·b + 2·c + 0.1)"


def test_an_input_is_pushed_through_the_unit_as_tlu_computes_it():
    # AND on (1, 1): z = 1 + 1 - 1.5 = 0.5 >= 0, so y_hat = 1.
    shown = texts(draw_tlu([1, 1], -1.5, x=[1, 1]))
    assert "z = 0.5" in shown and "ŷ = 1" in shown and "input" in shown
    # The learned AND unit of lesson 01 puts (1, 1) exactly on its line: z = 0 gives 1.
    shown = texts(draw_tlu([2.0, 1.0], -3.0, x=[1, 1]))
    assert "z = 0" in shown and "ŷ = 1" in shown
    rng = np.random.default_rng(0)
    for _ in range(5):
        w, b, x = rng.normal(size=3), rng.normal(), rng.normal(size=3)
        for step in ["heaviside", "sign"]:
            shown = texts(draw_tlu(w, b, x=x, step=step))
            expected = TLU(w, b, step=step).predict(x.reshape(1, -1))[0]
            assert f"ŷ = {expected}" in shown, (step, shown)


def test_the_step_box_draws_the_step_it_names():
    for step, low in [("heaviside", 0.0), ("sign", -1.0)]:
        ax = draw_tlu([1.0], 0.0, step=step)
        assert step in texts(ax) and ax.get_title().startswith(f"ŷ = {step}(")
        axis_line, graph = ax.lines                      # the grey z-axis, then the step's graph
        g_y = graph.get_ydata()
        level_of_zero = axis_line.get_ydata()[0]
        # the z-axis sits at the step's value 0: at the bottom for heaviside, halfway for sign
        fraction = (level_of_zero - g_y[0]) / (g_y[-1] - g_y[0])
        assert fraction == pytest.approx((0 - low) / (1 - low))


def test_draws_on_a_given_ax_and_keeps_a_given_title():
    _, (left, right) = plt.subplots(1, 2)
    assert draw_tlu([1, 1], -0.5, ax=right, title="OR") is right
    assert right.get_title() == "OR" and not left.texts


@pytest.mark.parametrize("kwargs, words", [
    (dict(weights=[[1.0, 1.0]], bias=0.0), ["1-D", "(1, 2)", "coef_[0]"]),
    (dict(weights=[], bias=0.0), ["1 to 8 weights", "got 0"]),
    (dict(weights=np.ones(9), bias=0.0), ["1 to 8 weights", "got 9"]),
    (dict(weights=[1.0, np.nan], bias=0.0), ["finite", "nan"]),
    (dict(weights=["a", "b"], bias=0.0), ["must be numbers"]),
    (dict(weights=[1, 1], bias=np.array([-1.5])), ["one number", "(1,)", "intercept_[0]"]),
    (dict(weights=[1, 1], bias="b"), ["one number", "'b'"]),
    (dict(weights=[1, 1], bias=np.inf), ["finite", "inf"]),
    (dict(weights=[1, 1], bias=0.0, step="relu"), ["'heaviside'", "'sign'", "'relu'"]),
    (dict(weights=[1, 1], bias=0.0, input_names=["a"]), ["1 name(s)", "2 weights", "one name per input"]),
    (dict(weights=[1, 1], bias=0.0, x=[1, 1, 1]), ["x has 3 values", "2 weights"]),
])
def test_bad_input_is_refused_with_what_was_expected_received_and_the_fix(kwargs, words):
    with pytest.raises(ShapeError) as info:
        draw_tlu(**kwargs)
    message = str(info.value)
    assert message.startswith("draw_tlu():")
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
