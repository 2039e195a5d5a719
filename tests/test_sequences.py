"""mlp_kit.sequences.sliding_windows, compared with Keras' timeseries_dataset_from_array."""

import numpy as np
import pytest

from mlp_kit import ShapeError
from mlp_kit.sequences import sliding_windows


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
