"""What every demo in mlp_kit.widgets shares: controls and plot always agree.

``box.update(values)`` moves the controls to the values it draws (so a notebook
that calls it never leaves a slider showing another setting than the plot), and
moving a control redraws once with every control's value.
"""

import ipywidgets
import matplotlib
import numpy as np
import pytest

from mlp_kit import widgets
from mlp_kit.activations import DEFAULT_ALPHA

matplotlib.use("Agg")


def test_update_moves_the_slider_it_draws():
    box = widgets.extrapolation_explorer(half_ranges=(100, 250, 500))
    slider = box.children[0]
    error = box.update(100)
    assert slider.value == 100
    assert error == pytest.approx(box.update(100))


def test_moving_a_control_redraws_once_with_all_values():
    calls = []
    a = ipywidgets.IntSlider(value=1, min=0, max=5)
    b = ipywidgets.Dropdown(options=["x", "y"], value="x")
    update = widgets._tie([a, b], lambda n, s: calls.append((n, s)) or n)
    a.value = 3
    assert calls == [(3, "x")]
    assert update(4, "y") == 4 and (a.value, b.value) == (4, "y")
    assert calls[-1] == (4, "y") and len(calls) == 2      # moving the controls itself did not redraw
    assert update() == 4 and calls[-1] == (4, "y")        # no values: the controls' own


def test_a_value_the_control_cannot_show_is_drawn_but_leaves_the_control():
    a = ipywidgets.IntSlider(value=1, min=0, max=5)
    update = widgets._tie([a], lambda n: n)
    assert update(50) == 50 and a.value == 1
    with pytest.raises(TypeError, match="at most 1 values"):
        update(1, 2)


def test_selection_slider_with_labelled_options():
    choice = ipywidgets.SelectionSlider(options=[("1 (per sample)", 1), ("32", 32)], value=32)
    update = widgets._tie([choice], lambda b: b)
    assert update(1) == 1 and choice.value == 1


def test_perceptron_stepper_slider_follows_update():
    box = widgets.perceptron_stepper(np.array([[0, 0], [0, 1], [1, 0], [1, 1]]), np.array([0, 0, 0, 1]))
    box.update(2)
    assert box.children[0].value == 2


def test_activation_explorer_moves_dropdown_and_alpha():
    box = widgets.activation_explorer()
    box.update("elu")
    assert box.dropdown.value == "elu" and box.slider.value == DEFAULT_ALPHA["elu"]
    box.update("leaky_relu", 0.5)
    assert box.dropdown.value == "leaky_relu" and box.slider.value == 0.5
    box.dropdown.value = "prelu"                       # the learner picks one: alpha jumps to its default
    assert box.slider.value == DEFAULT_ALPHA["prelu"]
    box.update("sigmoid")
    assert box.dropdown.value == "sigmoid" and box.slider.layout.display == "none"
