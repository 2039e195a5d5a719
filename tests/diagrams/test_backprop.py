"""draw_backprop_graph draws the network it is given: its values, gradients and parameters with their shapes."""

from itertools import pairwise

import numpy as np
import pytest
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from mlp_kit.diagrams.backprop import draw_backprop_graph
from mlp_kit.diagrams.canvas import texts
from mlp_kit.errors import ShapeError
from mlp_kit.mlp import MLP


def _where(ax):
    """{text: (x, y)} of every string on the diagram."""
    return {t.get_text(): t.get_position() for t in ax.texts}


def test_lesson_network_shows_every_value_and_gradient_with_its_shape():
    # MLP([10, 8, 2]) on a batch of 100, as lesson 03 draws it.
    shown = texts(draw_backprop_graph([10, 8, 2], batch_size=100))
    for label in ["X\n(100, 10)", "Z₁\n(100, 8)", "A₁\n(100, 8)", "Z₂\n(100, 2)", "loss L\n(a number)",
                  "dX\n(100, 10)", "dZ₁\n(100, 8)", "dA₁\n(100, 8)", "dZ₂\n(100, 2)",
                  "W₁ (10, 8)\nb₁ (8,)", "W₂ (8, 2)\nb₂ (2,)",
                  "dW₁ = Xᵀ dZ₁  (10, 8)\ndb₁ = Σ dZ₁  (8,)", "dW₂ = A₁ᵀ dZ₂  (8, 2)\ndb₂ = Σ dZ₂  (2,)",
                  "ReLU", "softmax,\ncross-entropy", "·W₁ + b₁", "·W₂ + b₂",
                  "(P − Y) / B", "dZ₂ W₂ᵀ", "⊙ ReLU′(Z₁)", "dZ₁ W₁ᵀ"]:
        assert label in shown, f"{label!r} missing from {shown}"
    assert shown[-1] == ("Backpropagation in MLP([10, 8, 2]) on a batch of 100: "
                         "every gradient has the shape of its value")


def test_shapes_are_those_of_the_mlp_and_its_gradients():
    sizes, B = [6, 5, 4, 3], 7
    net = MLP(sizes, seed=0)
    X, y = np.ones((B, sizes[0])), np.arange(B) % sizes[-1]
    dWs, dbs = net.gradients(X, y)
    shown = texts(draw_backprop_graph(sizes, B))
    for l, (W, b, dW, db) in enumerate(zip(net.weights, net.biases, dWs, dbs, strict=True), start=1):
        sub = "₀₁₂₃"[l]
        assert f"W{sub} {W.shape}\nb{sub} {b.shape}" in shown
        a_prev = "X" if l == 1 else f"A{'₀₁₂₃'[l - 1]}"
        assert f"dW{sub} = {a_prev}ᵀ dZ{sub}  {dW.shape}\ndb{sub} = Σ dZ{sub}  {db.shape}" in shown
        assert f"dZ{sub}\n({B}, {sizes[l]})" in shown


def test_each_gradient_sits_under_its_value_and_backward_runs_below_forward():
    ax = draw_backprop_graph([10, 8, 2], 100)
    where = _where(ax)
    for name, shape in [("X", "(100, 10)"), ("Z₁", "(100, 8)"), ("A₁", "(100, 8)"), ("Z₂", "(100, 2)")]:
        (x_value, y_value), (x_grad, y_grad) = where[f"{name}\n{shape}"], where[f"d{name}\n{shape}"]
        assert x_grad == pytest.approx(x_value) and y_grad < y_value
    xs = [where[label][0] for label in ["X\n(100, 10)", "Z₁\n(100, 8)", "A₁\n(100, 8)", "Z₂\n(100, 2)",
                                        "loss L\n(a number)"]]
    assert xs == sorted(xs), "the forward pass must run left to right"
    # Parameters above the forward row, their gradients below the backward row.
    assert where["W₁ (10, 8)\nb₁ (8,)"][1] > where["X\n(100, 10)"][1]
    assert where["dW₁ = Xᵀ dZ₁  (10, 8)\ndb₁ = Σ dZ₁  (8,)"][1] < where["dX\n(100, 10)"][1]


@pytest.mark.parametrize("sizes", [[4, 3], [10, 8, 2], [784, 300, 100, 10]])
def test_box_and_arrow_counts_grow_with_the_layers(sizes):
    L = len(sizes) - 1
    ax = draw_backprop_graph(sizes, 32)
    n_values = 2 * L                       # X, Z1, A1, ..., Z_L
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    # values and their gradients, the loss, and per layer a parameter box and a gradient box
    assert len(boxes) == 2 * n_values + 1 + 2 * L
    # forward: n_values arrows (the last into the loss) + one per parameter box;
    # backward: loss -> dZ_L, n_values - 1 along the row, one per gradient box
    assert len(arrows) == n_values + L + 1 + (n_values - 1) + L


def test_wide_layers_get_wider_boxes_that_stay_apart():
    ax = draw_backprop_graph([784, 300, 100, 10], 1000)
    boxes = sorted((p for p in ax.patches if isinstance(p, FancyBboxPatch) and p.get_facecolor()[:3] != (1, 1, 1)),
                   key=lambda p: (round(p.get_y(), 3), p.get_x()))
    rows = {}
    for p in boxes:
        rows.setdefault(round(p.get_y(), 3), []).append(p)
    for row in rows.values():
        for left, right in pairwise(row):
            assert left.get_x() + left.get_width() < right.get_x(), "boxes of one row overlap"


@pytest.mark.parametrize("sizes, batch_size, expected", [
    ([10], 100, "Add the output size"),
    ([10, 8, 6, 4, 2], 100, "1 to 3 layers"),
    ([10, 0, 2], 100, "positive integers"),
    ([10, 8.5, 2], 100, "positive integers"),
    ("10, 8, 2", 100, "list of positive integers"),
    ([10, 8, 2], 0, "batch_size as a positive integer"),
    ([10, 8, 2], 2.5, "Pass len(X)"),
    ([10, 8, 2], True, "batch_size"),
])
def test_bad_input_is_refused_with_what_was_expected_received_and_the_fix(sizes, batch_size, expected):
    with pytest.raises(ShapeError, match="draw_backprop_graph") as info:
        draw_backprop_graph(sizes, batch_size)
    message = str(info.value)
    assert expected in message and "expected" in message and "got" in message
