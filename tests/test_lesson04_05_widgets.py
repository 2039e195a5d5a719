"""Lesson 04b's multi-label scores and threshold explorer; lesson 05's parameter-count explorer."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlp_kit import params, widgets  # noqa: E402


def test_multilabel_scores_by_hand():
    # Row 0 fully right; row 1 misses one of its two labels; row 2 invents one label.
    Y = np.array([[1, 0, 1], [0, 1, 1], [1, 0, 0]])
    P = np.array([[0.9, 0.1, 0.8], [0.2, 0.7, 0.4], [0.6, 0.5, 0.1]])
    scores = widgets.multilabel_scores(Y, P, threshold=0.5)
    assert scores["exact match"] == pytest.approx(1 / 3)
    assert scores["Hamming loss"] == pytest.approx(2 / 9)
    # F1 per row: 1, 2·1/(1 + 2) = 2/3, 2·1/(2 + 1) = 2/3
    assert scores["F1 (samples)"] == pytest.approx((1 + 2 / 3 + 2 / 3) / 3)
    # A lower threshold turns row 1's 0.4 into a hit.
    assert widgets.multilabel_scores(Y, P, threshold=0.35)["exact match"] == pytest.approx(2 / 3)


def test_threshold_explorer_scores_every_model():
    g = np.random.default_rng(0)
    Y = (g.random((50, 4)) < 0.3).astype(int)
    probas = {"good": np.clip(Y + g.normal(0, 0.1, Y.shape), 0, 1), "noise": g.random(Y.shape)}
    box = widgets.multilabel_threshold_explorer(Y, probas)
    scores = box.update(0.5)
    assert set(scores) == {"good", "noise"}
    assert scores["good"]["exact match"] > scores["noise"]["exact match"]
    assert scores["good"] == widgets.multilabel_scores(Y, probas["good"], 0.5)


@pytest.mark.parametrize("kind, expected", [("Dense", 16), ("Conv2D", 112), ("SimpleRNN", 32),
                                            ("LSTM", 128), ("GRU", 108)])
def test_param_count_d3_u4(kind, expected):
    count, text = widgets.param_count(kind, 3, 4, kernel=3)
    assert count == expected
    assert "3" in text and "4" in text


def test_param_count_agrees_with_params_and_rejects_unknown_kinds():
    assert widgets.param_count("Dense", 784, 300)[0] == params.dense(784, 300) == 235_500
    assert widgets.param_count("Conv2D", 64, 128, kernel=5)[0] == params.conv((5, 5), 64, 128)
    with pytest.raises(ValueError, match="unknown kind"):
        widgets.param_count("Transformer", 3, 4)


def test_param_count_explorer_update_returns_the_count():
    box = widgets.param_count_explorer(max_units=16)
    assert box.update("GRU", 3, 4) == widgets.param_count("GRU", 3, 4)
    assert box.update("Conv2D", 3, 32, 3)[0] == 896
