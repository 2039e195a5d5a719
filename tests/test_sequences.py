"""mlp_kit.sequences.sliding_windows, compared with Keras' timeseries_dataset_from_array; without_kit."""

import numpy as np
import pytest

from mlp_kit import ShapeError, sequences
from mlp_kit.sequences import sliding_windows
from mlp_kit.testing import ExerciseFailure


def test_worked_example():
    # series 0..5, windows of 3: [0 1 2] -> 3, [1 2 3] -> 4, [2 3 4] -> 5.
    X, y = sliding_windows(np.arange(6), 3)
    assert X.shape == (3, 3, 1)
    assert X[..., 0].tolist() == [[0, 1, 2], [1, 2, 3], [2, 3, 4]]
    assert y.tolist() == [3, 4, 5]


def test_horizon_and_features():
    series = np.arange(20).reshape(10, 2)             # 10 steps of 2 features
    X, y = sliding_windows(series, 4, horizon=2)
    assert X.shape == (5, 4, 2) and y.shape == (5, 2)
    assert np.array_equal(X[1], series[1:5]) and np.array_equal(y[1], series[6])


@pytest.mark.slow
def test_matches_keras_timeseries_dataset():
    import keras

    series = np.random.default_rng(0).normal(size=60).astype("float32")
    X, y = sliding_windows(series, 7)
    ds = keras.utils.timeseries_dataset_from_array(series[:-1], series[7:], sequence_length=7, batch_size=100)
    X_k, y_k = next(iter(ds))
    np.testing.assert_array_equal(X[..., 0], np.asarray(X_k))
    np.testing.assert_array_equal(y, np.asarray(y_k))


@pytest.mark.parametrize("series, steps, horizon", [(np.arange(3), 3, 1), (np.zeros((2, 2, 2)), 1, 1),
                                                    (np.arange(10), 0, 1), (np.arange(10), 2, 0)])
def test_rejects_bad_input(series, steps, horizon):
    with pytest.raises(ShapeError):
        sliding_windows(series, steps, horizon)


# ---- without_kit: the windowing exercise may not hand the work to sliding_windows

def _mine(series, steps, horizon):
    series = np.asarray(series)
    n = len(series) - steps - horizon + 1
    return (np.stack([series[i:i + steps] for i in range(n)])[..., None],
            np.stack([series[i + steps:i + steps + horizon] for i in range(n)]))


def test_without_kit_runs_an_own_answer():
    X, Y = sequences.without_kit(_mine)(np.arange(8.0), 3, 2)
    assert X.shape == (4, 3, 1) and Y.tolist() == [[3, 4], [4, 5], [5, 6], [6, 7]]


def _by_attribute(series, steps, horizon):
    return sequences.sliding_windows(series, steps, horizon)


_alias = sliding_windows


def _by_alias(series, steps, horizon):
    return _alias(series, steps, horizon)


def _by_fresh_import(series, steps, horizon):
    from mlp_kit.sequences import sliding_windows as cut
    return cut(series, steps, horizon)


_by_lambda = lambda s, t, h: (lambda *a: sequences.sliding_windows(*a))(s, t, h)  # noqa: E731


@pytest.mark.parametrize("answer", [_by_attribute, _by_alias, _by_fresh_import, _by_lambda])
def test_without_kit_refuses_sliding_windows_by_any_route(answer):
    with pytest.raises(ExerciseFailure, match="mlp_kit.sequences.sliding_windows, the kit's windowing"):
        sequences.without_kit(answer)(np.arange(8.0), 3, 2)
    # outside the wrapper, and after a refusal, the kit works again
    X, y = sliding_windows(np.arange(6), 3)
    assert X.shape == (3, 3, 1) and y.tolist() == [3, 4, 5]
    assert answer(np.arange(8.0), 3, 2)[0].shape == (4, 3, 1)


def test_without_kit_restores_after_nested_calls_and_rejects_non_functions():
    inner = sequences.without_kit(_mine)
    outer = sequences.without_kit(lambda s, t, h: inner(s, t, h))
    assert outer(np.arange(6.0), 2, 1)[0].shape == (4, 2, 1)
    assert sliding_windows(np.arange(6), 2)[0].shape == (4, 2, 1)
    with pytest.raises(ExerciseFailure, match="expected a function"):
        sequences.without_kit(None)
