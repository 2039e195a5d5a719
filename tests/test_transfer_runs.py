"""mlp_kit.transfer: a restarted run equals a freshly compiled one; per-class draws, the table and the plot of runs."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlp_kit import ShapeError  # noqa: E402  (first: quietens TensorFlow before Keras is imported)
from mlp_kit.transfer import accuracy_table, per_class, plot_accuracy_by_size  # noqa: E402


def _data(n=40):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 6)).astype("float32")
    y = (X[:, 0] + X[:, 1] > 0).astype("int64")
    return X, y


def _model(seed):
    import keras

    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu", name="hidden"),
                             keras.layers.Dense(2, activation="softmax", name="out")])


@pytest.mark.slow
def test_a_restarted_run_gives_what_a_freshly_compiled_model_gives():
    import keras

    from mlp_kit.transfer import Restartable

    X, y = _data()
    runner = Restartable(_model(0), 1e-2, steps=7, batch_size=16)
    runner.train(X, y, _model(1).get_weights(), seed=3)            # a first run moves weights and Adam's state
    trained = [w.copy() for w in runner.train(X, y, _model(2).get_weights(), seed=5).get_weights()]

    fresh = _model(2)                                               # what the second run should equal
    fresh.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(5)
    order = np.concatenate([rng.permutation(len(X)) for _ in range(3)])[:7 * 16]
    fresh.fit(X[order], y[order], batch_size=16, epochs=1, shuffle=False, verbose=0)
    for mine, theirs in zip(trained, fresh.get_weights(), strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6)
    assert int(runner.model.optimizer.iterations.numpy()) == 7       # restarted at 0, not 14
    assert 0.0 <= runner.accuracy(X, y) <= 1.0


@pytest.mark.slow
def test_frozen_layers_keep_their_weights_and_runs_repeat_exactly():
    from mlp_kit.transfer import Restartable

    X, y = _data()
    model = _model(0)
    model.get_layer("hidden").trainable = False
    runner = Restartable(model, 1e-2, steps=5, batch_size=8)
    start = _model(4).get_weights()
    first = [w.copy() for w in runner.train(X, y, start, seed=1).get_weights()]
    np.testing.assert_array_equal(first[0], start[0])                # hidden kernel frozen
    assert not np.array_equal(first[2], start[2])                    # output kernel trained
    again = runner.train(X, y, start, seed=1).get_weights()
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.slow
@pytest.mark.parametrize("X_len, y_len, bad_weights, words", [
    (40, 39, False, "40 inputs and 39 labels"),
    (0, 0, False, "n >= 1"),
    (40, 40, True, "expected weights shaped"),
])
def test_bad_input_gets_a_message_with_the_fix(X_len, y_len, bad_weights, words):
    from mlp_kit.transfer import Restartable

    X, y = _data()
    runner = Restartable(_model(0), 1e-2, steps=2)
    weights = _model(0).get_weights()
    if bad_weights:
        weights = weights[:-1]
    with pytest.raises(ShapeError, match="Restartable.train") as info:
        runner.train(X[:X_len], y[:y_len], weights)
    assert words in str(info.value) and "Fix:" in str(info.value)


RUNS = {("transfer", 2): [0.70, 0.68, 0.72], ("scratch", 2): [0.66, 0.64, 0.68],
        ("transfer", 10): [0.88, 0.87, 0.89], ("scratch", 10): [0.86, 0.84, 0.87], ("features", 10): [0.74]}


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_per_class_draws_the_same_number_of_each_class_without_repeats():
    labels = np.repeat([0, 1, 2], [5, 9, 4])
    chosen = per_class(labels, 3, seed=1)
    assert len(chosen) == 9 and len(set(chosen.tolist())) == 9
    assert np.bincount(labels[chosen]).tolist() == [3, 3, 3]
    assert labels[chosen].tolist() != sorted(labels[chosen].tolist())       # shuffled, not class by class
    np.testing.assert_array_equal(chosen, per_class(labels, 3, seed=1))
    assert not np.array_equal(chosen, per_class(labels, 3, seed=2))


@pytest.mark.parametrize("n", [0, 5, 2.5, True])
def test_per_class_refuses_what_the_rarest_class_cannot_give(n):
    with pytest.raises(ShapeError, match="between 1 and 4") as info:
        per_class(np.repeat([0, 1, 2], [5, 9, 4]), n, seed=0)
    assert "Fix:" in str(info.value)


def test_table_shows_mean_and_range_per_method_and_size():
    lines = accuracy_table(RUNS, corner="per class").splitlines()
    assert lines[0].split() == ["per", "class", "2", "10"]
    assert lines[1].split() == ["transfer", "0.700", "(0.680-0.720)", "0.880", "(0.870-0.890)"]
    assert lines[2].split() == ["scratch", "0.660", "(0.640-0.680)", "0.857", "(0.840-0.870)"]
    assert lines[3].split() == ["features", "-", "0.740", "(0.740-0.740)"]


def test_plot_draws_mean_and_bars_from_lowest_to_highest():
    ax = plot_accuracy_by_size(RUNS, title="t")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["transfer", "scratch", "features"]
    line = ax.get_lines()[0]                                            # transfer's means
    np.testing.assert_allclose(line.get_ydata(), [0.70, 0.88])
    x = line.get_xdata()
    assert 1.8 < x[0] < 2.2 and 9 < x[1] < 11
    segments = ax.collections[0].get_segments()                        # transfer's bars
    np.testing.assert_allclose([s[:, 1] for s in segments], [[0.68, 0.72], [0.87, 0.89]])
    assert ax.get_xscale() == "log" and ax.get_title() == "t"


@pytest.mark.parametrize("bad", [{}, {"transfer": [0.7]}, {("transfer", 2): []}])
def test_table_and_plot_refuse_results_in_another_shape(bad):
    for show in (accuracy_table, plot_accuracy_by_size):
        with pytest.raises(ShapeError, match="expected a dict") as info:
            show(bad)
        assert "Fix:" in str(info.value)
