"""The sequence diagrams show the shapes they were given, and the shapes Keras gives."""

import keras
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Circle, Rectangle

from mlp_kit.diagrams.canvas import texts
from mlp_kit.diagrams.sequence import (
    HIGHLIGHT,
    draw_return_sequences,
    draw_sequence_tensor,
    shown_indices,
)
from mlp_kit.errors import ShapeError


def test_shown_indices_keep_the_ends_and_mark_gaps():
    assert shown_indices(5, 8) == [0, 1, 2, 3, 4]
    assert shown_indices(30, 6) == [0, 1, 2, 3, None, 29]
    assert shown_indices(30, 6, keep=(15,)) == [0, 1, 2, 3, None, 15, None, 29]


def test_tensor_draws_one_cell_per_step_and_feature_of_each_sample():
    ax = draw_sequence_tensor(2, 5, 3)
    cells = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(cells) == 2 * 5 * 3
    found = texts(ax)
    for label in ["timesteps = 5", "features = 3", "batch = 2", "x[0]", "x[1]", "t₀", "t₄", "f₂"]:
        assert label in found
    assert "(batch, timesteps, features) = (2, 5, 3)" in ax.get_title()


def test_tensor_cuts_long_axes_but_keeps_their_true_sizes():
    ax = draw_sequence_tensor(32, 50, 9)
    found = texts(ax)
    assert "timesteps = 50" in found and "features = 9" in found and "batch = 32 (4 drawn)" in found
    assert "t₄₉" in found and "⋮" in found and "…" in found and "x[31]" in found
    cells = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(cells) == 4 * 8 * 6                          # 4 samples, 8 rows, 6 columns drawn


def test_highlighted_step_is_one_row_in_every_sample():
    ax = draw_sequence_tensor(3, 6, 4, highlight_step=2)
    lit = [p for p in ax.patches if isinstance(p, Rectangle) and to_hex(p.get_facecolor()) == HIGHLIGHT]
    assert len(lit) == 3 * 4
    assert "step 2: x[:, 2, :], shape (3, 4)" in texts(ax)


@pytest.mark.parametrize("steps, units, return_sequences", [(30, 32, False), (30, 32, True), (4, 8, True),
                                                            (1, 2, False)])
def test_unrolled_layer_returns_what_keras_returns(steps, units, return_sequences):
    ax = draw_return_sequences(steps, units, return_sequences, features=3, layer="LSTM")
    keras_shape = keras.layers.LSTM(units, return_sequences=return_sequences).compute_output_shape((None, steps, 3))
    assert f"output {tuple(keras_shape)}" in ax.get_title()
    assert str(tuple(keras_shape)) in "\n".join(texts(ax))
    drawn_steps = min(steps, 4) if steps > 5 else steps
    states = [p for p in ax.patches if isinstance(p, Circle) and p.radius == pytest.approx(0.38)]
    returned = [c for c in states if c.get_linestyle() not in ("--", "dashed")]
    assert len(states) == drawn_steps
    assert len(returned) == (drawn_steps if return_sequences else 1)
    found = texts(ax)
    assert f"h{str(steps).translate(str.maketrans('0123456789', '₀₁₂₃₄₅₆₇₈₉'))}" in found
    assert ("…" in found) == (steps > 5)


@pytest.mark.parametrize("call, words", [
    (lambda: draw_sequence_tensor(0, 5, 3), "expected batch to be a whole number >= 1, received batch=0"),
    (lambda: draw_sequence_tensor(2, 5.0, 3), "received steps=5.0"),
    (lambda: draw_sequence_tensor(2, 5, 3, highlight_step=5), "between 0 and steps - 1 = 4, received highlight_step=5"),
    (lambda: draw_return_sequences(10, 0, True), "received units=0"),
    (lambda: draw_return_sequences(10, 4, "True"), "True or False, received return_sequences='True'"),
])
def test_bad_input_says_what_was_expected_received_and_the_fix(call, words):
    with pytest.raises(ShapeError) as info:
        call()
    assert words in str(info.value)
    assert "Fix:" in str(info.value)
