"""mlp_kit.tuning (lesson 08) and the lesson-08/09 plots and widgets built on it."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlp_kit import plotting, tuning  # noqa: E402
from mlp_kit.errors import ShapeError  # noqa: E402


def keras_early_stopping(val_losses, patience):
    """Replay Keras' own EarlyStopping on a list of validation losses: (epochs run, best epoch)."""
    import keras

    cb = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    probe = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False)])
    probe.stop_training = False
    cb.set_model(probe)
    cb.on_train_begin()
    run = 0
    for epoch, val in enumerate(val_losses):
        probe.set_weights([np.full((1, 1), epoch + 1.0)])
        cb.on_epoch_end(epoch, {"val_loss": float(val)})
        run += 1
        if probe.stop_training:
            break
    cb.on_train_end()
    return run, int(round(float(probe.get_weights()[0][0, 0])))


@pytest.mark.parametrize("patience", [0, 1, 2, 3, 5, 20])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_early_stopping_point_matches_keras(patience, seed):
    rng = np.random.default_rng(seed)
    # A noisy U-shaped validation curve: falls, then rises (overfitting).
    epochs = np.arange(15)
    val = 1.0 + 0.01 * (epochs - 5) ** 2 + rng.normal(0, 0.03, size=15)
    assert tuning.early_stopping_point(val, patience) == keras_early_stopping(val, patience)


def test_early_stopping_point_by_hand():
    # Best at epoch 3 (1-based); with patience 2 the epochs 4 and 5 do not improve: stop after 5.
    assert tuning.early_stopping_point([0.9, 0.7, 0.6, 0.65, 0.8, 0.5], 2) == (5, 3)
    # Never stops: runs all epochs, keeps the best.
    assert tuning.early_stopping_point([0.9, 0.8, 0.85, 0.7], 3) == (4, 4)
    # min_delta: an improvement smaller than it does not count.
    assert tuning.early_stopping_point([1.0, 0.99, 0.98, 0.97], 2, min_delta=0.05) == (3, 1)


@pytest.mark.parametrize("bad, patience", [([], 1), ([0.5, 0.4], -1)])
def test_early_stopping_point_rejects_bad_input(bad, patience):
    with pytest.raises(ShapeError):
        tuning.early_stopping_point(bad, patience)


def test_lr_schedule_is_geometric():
    lrs = tuning.lr_schedule(1e-4, 1.0, 5)
    np.testing.assert_allclose(lrs, [1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    with pytest.raises(ShapeError):
        tuning.lr_schedule(1.0, 0.1, 5)
    with pytest.raises(ShapeError):
        tuning.lr_schedule(1e-3, 1.0, 1)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.98])
def test_smooth_losses_is_pandas_bias_corrected_ewm(beta):
    pd = pytest.importorskip("pandas")
    losses = np.random.default_rng(int(beta * 100)).uniform(0.1, 3.0, size=40)
    expected = pd.Series(losses).ewm(alpha=1 - beta, adjust=True).mean().to_numpy()
    np.testing.assert_allclose(tuning.smooth_losses(losses, beta), expected, rtol=1e-12)


def test_smooth_losses_by_hand():
    # beta = 0.5: a = 0.5 a + 0.5 loss, then divide by 1 - 0.5**k.
    # a: 1.0, 1.0, 0.6, 0.8, 1.9   ->   1.0/0.5, 1.0/0.75, 0.6/0.875, 0.8/0.9375, 1.9/0.96875
    smoothed = tuning.smooth_losses([2.0, 1.0, 0.2, 1.0, 3.0], beta=0.5)
    np.testing.assert_allclose(smoothed, [2.0, 4 / 3, 0.6 / 0.875, 0.8 / 0.9375, 1.9 / 0.96875])
    np.testing.assert_allclose(tuning.smooth_losses([1.0, 5.0], beta=0.0), [1.0, 5.0])   # beta 0: no smoothing
    # A constant curve stays constant from the first value on: the bias correction at work.
    np.testing.assert_allclose(tuning.smooth_losses(np.full(10, 2.3), beta=0.9), np.full(10, 2.3))
    blown = tuning.smooth_losses([1.0, 0.5, np.inf, 0.4], beta=0.9)
    assert np.isfinite(blown[:2]).all() and not np.isfinite(blown[2:]).any()


@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5])
def test_smooth_losses_rejects_bad_beta(beta):
    with pytest.raises(ShapeError, match="beta"):
        tuning.smooth_losses([1.0, 2.0], beta)


def _noisy_range_curve():
    """60 rates, 1e-5 .. ~0.8; the loss falls to 0.3 by rate 40, then grows, plus one lucky batch at index 22."""
    lrs = 1e-5 * 10 ** (np.arange(60) / 10)
    losses = np.concatenate([np.linspace(2.3, 0.3, 40), 0.3 * 1.3 ** np.arange(1, 21)])
    losses[22] = 0.05
    return lrs, losses


def test_suggest_learning_rate_is_a_tenth_of_the_smoothed_minimum():
    lrs, losses = _noisy_range_curve()
    smoothed = tuning.smooth_losses(losses, 0.9)
    lowest = int(np.argmin(smoothed))
    assert 39 < lowest < 45, "the smoothed minimum lags a few batches behind the raw one (index 39)"
    assert tuning.suggest_learning_rate(lrs, losses, beta=0.9) == pytest.approx(lrs[lowest] / 10)
    assert tuning.suggest_learning_rate(lrs, losses, beta=0.9, divisor=4) == pytest.approx(lrs[lowest] / 4)
    default = int(np.argmin(tuning.smooth_losses(losses, 0.95)))           # the default beta: 0.95
    assert tuning.suggest_learning_rate(lrs, losses) == pytest.approx(lrs[default] / 10)
    # Hand example (beta 0.5, smoothed values in test_smooth_losses_by_hand): lowest at rate 1e-2.
    assert tuning.suggest_learning_rate([1e-4, 1e-3, 1e-2, 1e-1, 1.0], [2.0, 1.0, 0.2, 1.0, 3.0],
                                        beta=0.5) == pytest.approx(1e-3)


def test_suggest_learning_rate_differs_from_the_usual_mistakes():
    """The test curve tells the rule apart from picks that a wrong implementation makes."""
    lrs, losses = _noisy_range_curve()
    right = tuning.suggest_learning_rate(lrs, losses, beta=0.9)
    uncorrected = np.zeros_like(losses)
    a = 0.0
    for k, loss in enumerate(losses):
        a = 0.9 * a + 0.1 * loss
        uncorrected[k] = a
    running_min = np.minimum.accumulate(losses)
    wrong = {
        "raw minimum / 10 (no smoothing: the lucky batch)": lrs[np.argmin(losses)] / 10,
        "no bias correction (the first, tiny value)": lrs[np.argmin(uncorrected)] / 10,
        "the smoothed minimum itself (not divided)": lrs[np.argmin(tuning.smooth_losses(losses, 0.9))],
        "half the rate where the loss passes 4x its minimum": lrs[np.nonzero(losses > 4 * running_min)[0][0]] / 2,
    }
    for name, pick in wrong.items():
        assert not np.isclose(pick, right, rtol=0.05), f"{name} gives the right answer on this curve"


def test_suggest_learning_rate_ignores_a_blow_up():
    lrs = [1e-3, 1e-2, 1e-1, 1.0, 10.0]
    assert tuning.suggest_learning_rate(lrs, [3.0, 1.0, 0.2, np.nan, np.nan], beta=0.0) == pytest.approx(1e-2)
    assert tuning.suggest_learning_rate(lrs, [3.0, 1.0, 0.2, np.inf, 1e9], beta=0.0) == pytest.approx(1e-2)
    with pytest.raises(ShapeError, match="inf or nan"):
        tuning.suggest_learning_rate(lrs[:2], [np.nan, np.nan])
    with pytest.raises(ShapeError, match="one loss per learning rate"):
        tuning.suggest_learning_rate(lrs, [1.0, 2.0])


class _ScriptedModel:
    """Stands in for a compiled Keras model: train_on_batch returns the next scripted loss."""

    def __init__(self, losses):
        self.losses, self.seen_rates, self.weights = list(losses), [], [np.ones(3)]
        self.optimizer = type("Opt", (), {"learning_rate": None})()

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = weights

    def train_on_batch(self, X, y, return_dict=True):
        self.seen_rates.append(self.optimizer.learning_rate)
        self.weights = [w + 1 for w in self.weights]
        return {"loss": self.losses.pop(0)}


def test_lr_range_test_stops_on_the_smoothed_loss_not_on_one_batch():
    # Falls from 2.3 to 0.5; one unlucky batch at 6.0 (12x the lowest) must not stop the test;
    # then the loss grows by 1.5x per batch: stop at the first batch whose smoothed loss passes 4x its lowest.
    script = list(np.linspace(2.3, 0.5, 30)) + [6.0] + [0.5] * 5 + list(0.5 * 1.5 ** np.arange(1, 30))
    model = _ScriptedModel(script)
    X, y = np.zeros((64, 2)), np.zeros(64)
    lrs, losses = tuning.lr_range_test(model, X, y, min_lr=1e-4, max_lr=1.0, n_steps=len(script), batch_size=8,
                                       beta=0.9)
    smoothed = tuning.smooth_losses(script, 0.9)
    expected_stop = int(np.nonzero(smoothed > 4 * np.minimum.accumulate(smoothed))[0][0])
    assert expected_stop > 36, "the stop comes from the real blow-up, after the unlucky batch"
    assert len(lrs) == len(losses) == expected_stop + 1
    np.testing.assert_allclose(losses, script[: expected_stop + 1])
    np.testing.assert_allclose(model.seen_rates, lrs)
    np.testing.assert_array_equal(model.weights[0], np.ones(3))          # weights put back
    # A nan stops at once; a curve that never explodes runs every step.
    lrs, _ = tuning.lr_range_test(_ScriptedModel([2.0, 1.0, np.nan, 1.0]), X, y, n_steps=4, batch_size=8)
    assert len(lrs) == 3
    lrs, _ = tuning.lr_range_test(_ScriptedModel(np.linspace(2, 1, 12)), X, y, n_steps=12, batch_size=8)
    assert len(lrs) == 12


@pytest.mark.slow
def test_lr_range_test_restores_weights_and_finds_explosion():
    import keras

    import mlp_kit

    mlp_kit.set_seed(0)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(256, 5)).astype("float32")
    y = (X @ np.array([1.0, -2.0, 0.5, 0.0, 1.0]) > 0).astype("int64")
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(), loss="sparse_categorical_crossentropy")
    before = [w.copy() for w in model.get_weights()]
    model.optimizer.build(model.trainable_variables)
    state = [v.numpy() for v in model.optimizer.variables]
    lrs, losses = tuning.lr_range_test(model, X, y, min_lr=1e-4, max_lr=1e4, n_steps=80, batch_size=32)
    for var, value in zip(model.optimizer.variables, state, strict=True):      # learning rate, step count back
        np.testing.assert_array_equal(var.numpy(), value)
    again = tuning.lr_range_test(model, X, y, min_lr=1e-4, max_lr=1e4, n_steps=80, batch_size=32)
    np.testing.assert_allclose(again[1], losses, rtol=1e-5)                  # the same model runs it again
    assert len(lrs) == len(losses) <= 80
    np.testing.assert_allclose(lrs, tuning.lr_schedule(1e-4, 1e4, 80)[: len(lrs)])
    assert len(lrs) < 80, "a rate of 1e4 with plain SGD must make the loss explode and stop the test"
    smoothed = tuning.smooth_losses(losses)
    assert not np.isfinite(losses[-1]) or smoothed[-1] > 4 * smoothed.min()
    assert 1e-4 < tuning.suggest_learning_rate(lrs, losses) < lrs[-1] / 5
    for w0, w1 in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(w0, w1)


def test_lr_range_test_checks_its_input():
    class Uncompiled:
        optimizer = None

    with pytest.raises(ShapeError, match="not compiled"):
        tuning.lr_range_test(Uncompiled(), np.zeros((4, 2)), np.zeros(4))
    with pytest.raises(ShapeError, match="samples"):
        tuning.lr_range_test(Uncompiled(), np.zeros((4, 2)), np.zeros(3))
    with pytest.raises(ShapeError, match="stop_factor"):
        tuning.lr_range_test(_ScriptedModel([1.0]), np.zeros((4, 2)), np.zeros(4), stop_factor=1.0)


def _tiny_problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 6)).astype("float32")
    y = (X[:, 0] + 0.5 * X[:, 1] + rng.normal(0, 1.0, 300) > 0).astype("int64")
    return X[:200], y[:200], X[200:], y[200:]


def _tiny_mlp():
    import keras

    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(3e-2), loss="sparse_categorical_crossentropy")
    return model


@pytest.mark.slow
def test_best_epoch_by_size_is_what_fresh_models_give():
    """Reference check: the reused model gives the rows that a fresh model per run gives."""
    import keras

    X, y, X_val, y_val = _tiny_problem()
    table = tuning.best_epoch_by_size(_tiny_mlp, X, y, X_val, y_val, sizes=[40, 160], seeds=[0, 1],
                                      patience=2, max_epochs=30, batch_size=16, progress=False)
    assert list(table.columns) == ["size", "seed", "best_epoch", "epochs_run", "updates", "val_loss"]
    assert table[["size", "seed"]].values.tolist() == [[40, 0], [40, 1], [160, 0], [160, 1]]
    for row in table.itertuples():
        keras.utils.set_random_seed(row.seed)
        model = _tiny_mlp()
        chosen = np.random.default_rng(row.seed).permutation(len(X))[: row.size]
        history = model.fit(X[chosen], y[chosen], validation_data=(X_val, y_val), epochs=30, batch_size=16,
                            verbose=0, callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)])
        val = np.asarray(history.history["val_loss"])
        assert (row.best_epoch, row.epochs_run) == (int(np.argmin(val)) + 1, len(val))
        assert row.val_loss == pytest.approx(val.min(), rel=1e-4)
        assert row.updates == row.best_epoch * int(np.ceil(row.size / 16))
        assert row.epochs_run == tuning.early_stopping_point(val, 2)[0]


def test_best_epoch_by_size_checks_its_input():
    X, y, X_val, y_val = _tiny_problem()
    with pytest.raises(ShapeError, match="sizes between 1 and len"):
        tuning.best_epoch_by_size(_tiny_mlp, X, y, X_val, y_val, sizes=[10, 500])
    with pytest.raises(ShapeError, match="one label per example"):
        tuning.best_epoch_by_size(_tiny_mlp, X, y[:5], X_val, y_val, sizes=[10])
    with pytest.raises(ShapeError, match="at least one seed"):
        tuning.best_epoch_by_size(_tiny_mlp, X, y, X_val, y_val, sizes=[10], seeds=[])


def test_lesson_08_plots_return_their_axes():
    history = {"loss": [1.0, 0.5, 0.3, 0.2, 0.1], "val_loss": [1.1, 0.7, 0.6, 0.65, 0.7]}
    ax = plotting.plot_early_stopping(history, patience=1)
    assert "patience=1" in ax.get_title()
    labels = [line.get_label() for line in ax.get_lines()]
    assert "best epoch 3 (weights kept)" in labels and "stops after epoch 4" in labels
    ax = plotting.plot_curve_comparison({"a": history, "b": {"val_loss": [2, 1]}}, "val_loss")
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    ax = plotting.plot_lr_range([1e-3, 1e-2, 1e-1], [2.0, 1.0, 5.0], chosen_lr=5e-3)
    assert ax.get_xscale() == "log" and "0.005" in ax.get_legend().get_texts()[1].get_text()


def test_early_stopping_explorer_replays_the_rule():
    from mlp_kit import widgets

    history = {"loss": [1.0, 0.5, 0.3, 0.2, 0.1, 0.05], "val_loss": [1.1, 0.7, 0.6, 0.65, 0.7, 0.8]}
    box = widgets.early_stopping_explorer(history)
    assert box.update(1) == (4, 3)
    assert box.update(5) == (6, 3)


@pytest.mark.slow
def test_augmentation_explorer_shapes_and_identity_at_zero():
    from mlp_kit import widgets

    images = np.random.default_rng(0).uniform(size=(2, 8, 8)).astype("float32")
    box = widgets.augmentation_explorer(images, n_copies=3)
    out = box.update(0.0, 0.0, 0.0)
    assert out.shape == (2, 3, 8, 8)
    np.testing.assert_allclose(out[:, 0], images, atol=1e-5)
    changed = box.update(0.2, 0.2, 0.2)
    assert not np.allclose(changed[:, 0], images)
