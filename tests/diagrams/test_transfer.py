"""draw_frozen_layers shows each layer it is given, frozen ones grey with a padlock, the new head marked."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import same_color  # noqa: E402
from matplotlib.patches import Arc, FancyBboxPatch  # noqa: E402

from mlp_kit.diagrams.canvas import texts  # noqa: E402
from mlp_kit.diagrams.transfer import (  # noqa: E402
    FROZEN_COLOUR,
    NEW_COLOUR,
    NO_WEIGHTS_COLOUR,
    TRAINABLE_COLOUR,
    draw_frozen_layers,
)
from mlp_kit.errors import ShapeError  # noqa: E402

# Lesson 11's feature extractor after unfreeze(model, ["conv2"]): rows as model.layers gives them.
FINE_TUNE = [("image", 0, True), ("conv1", 160, False), ("pool1", 0, False), ("conv2", 4640, True),
             ("pool2", 0, False), ("flatten", 0, False), ("new_head", 4005, True)]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _boxes(ax):
    """The layer boxes, from the input up (the order they are drawn in)."""
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)]


def test_every_layer_is_written_with_its_parameters_and_state():
    ax = draw_frozen_layers(FINE_TUNE, new=["new_head"], title="fine-tuning conv2")
    found = texts(ax)
    for label in ["image · no weights", "conv1 · 160 params", "conv2 · 4,640 params", "flatten · no weights",
                  "new_head · 4,005 params"]:
        assert label in found
    assert found.count("frozen") == 1 and found.count("trainable") == 1 and "new, trainable" in found
    assert "trainable: 8,645 of 8,805 parameters" in found
    assert ax.get_title() == "fine-tuning conv2"


def test_colours_follow_the_flags_and_the_input_is_at_the_bottom():
    ax = draw_frozen_layers(FINE_TUNE, new=["new_head"])
    boxes = _boxes(ax)
    assert len(boxes) == len(FINE_TUNE)
    expected = [NO_WEIGHTS_COLOUR, FROZEN_COLOUR, NO_WEIGHTS_COLOUR, TRAINABLE_COLOUR, NO_WEIGHTS_COLOUR,
                NO_WEIGHTS_COLOUR, NEW_COLOUR]
    for patch, colour in zip(boxes, expected, strict=True):
        assert same_color(patch.get_facecolor(), colour)
    heights = [p.get_y() for p in boxes]
    assert heights == sorted(heights)                       # first row (the input) lowest
    labels = {t.get_text(): t.get_position()[1] for t in ax.texts}
    assert labels["image · no weights"] < labels["conv2 · 4,640 params"] < labels["new_head · 4,005 params"]


def test_one_padlock_per_frozen_layer_with_weights():
    frozen = [(name, params, params == 0) for name, params, _ in FINE_TUNE]   # every weighted layer frozen
    ax = draw_frozen_layers(frozen)
    assert sum(isinstance(p, Arc) for p in ax.patches) == 3
    assert texts(ax).count("frozen") == 3
    assert "trainable: 0 of 8,805 parameters" in texts(ax)


def test_a_frozen_new_layer_is_grey_and_says_so():
    rows = [("features", 51264, False), ("new_head", 325, False)]
    ax = draw_frozen_layers(rows, new=("new_head",))
    assert "new, frozen" in texts(ax)
    assert same_color(_boxes(ax)[1].get_facecolor(), FROZEN_COLOUR)


def test_draws_on_a_given_axis():
    fig, axes = plt.subplots(1, 2)
    assert draw_frozen_layers(FINE_TUNE, ax=axes[1]) is axes[1]
    assert not axes[0].patches


@pytest.mark.parametrize("rows, new, words", [
    ([], (), "empty list"),
    (5, (), "received int"),
    ([("conv1", 160)], (), "row 0 to be (name, params, trainable)"),
    ([("", 160, True)], (), "non-empty string"),
    ([("conv1", -1, True)], (), "whole number >= 0"),
    ([("conv1", 1.5, True)], (), "whole number >= 0"),
    ([("conv1", 160, "yes")], (), "True or False"),
    ([("conv1", 160, True)], ("head",), "not in the rows"),
])
def test_bad_rows_get_a_message_with_the_fix(rows, new, words):
    with pytest.raises(ShapeError, match="draw_frozen_layers") as info:
        draw_frozen_layers(rows, new=new)
    assert words in str(info.value) and "Fix:" in str(info.value)


def test_the_module_does_not_import_keras():
    code = "import sys, mlp_kit.diagrams.transfer; print('keras' in sys.modules, 'tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
