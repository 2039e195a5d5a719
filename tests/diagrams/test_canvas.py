"""The shared drawing primitives place what they are given where they are told."""

import matplotlib.pyplot as plt
import pytest

from mlp_kit.diagrams import canvas


def test_canvas_spans_the_requested_units_and_hides_axes():
    ax = canvas.canvas(6, 3, title="t")
    assert ax.get_xlim() == (0, 6) and ax.get_ylim() == (0, 3)
    assert not ax.axison
    assert canvas.texts(ax) == ["t"]
    plt.close("all")


def test_box_node_arrow_write_their_text_at_their_place():
    ax = canvas.canvas(4, 2)
    canvas.box(ax, (1, 1), "W")
    canvas.node(ax, (3, 1), "y")
    canvas.arrow(ax, (1, 1), (3, 1), text="x·W", offset=(0, 0.2))
    found = {t.get_text(): t.get_position() for t in ax.texts}
    assert found["W"] == (1, 1) and found["y"] == (3, 1)
    assert found["x·W"] == pytest.approx((2, 1.2))
    plt.close("all")


def test_arrow_shrink_keeps_the_head_off_the_node():
    ax = canvas.canvas(4, 2)
    patch = canvas.arrow(ax, (0, 1), (4, 1), shrink=0.5)
    (x0, _), (x1, _) = patch._posA_posB
    assert (x0, x1) == pytest.approx((0.5, 3.5))
    plt.close("all")
