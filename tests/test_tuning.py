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
    lrs, losses = tuning.lr_range_test(model, X, y, min_lr=1e-4, max_lr=1e4, n_steps=80, batch_size=32)
    assert len(lrs) == len(losses) <= 80
    np.testing.assert_allclose(lrs, tuning.lr_schedule(1e-4, 1e4, 80)[: len(lrs)])
    assert len(lrs) < 80, "a rate of 1e4 with plain SGD must make the loss explode and stop the test"
    assert not np.isfinite(losses[-1]) or losses[-1] > 10 * losses.min()
    for w0, w1 in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(w0, w1)


def test_lr_range_test_checks_its_input():
    class Uncompiled:
        optimizer = None

    with pytest.raises(ShapeError, match="not compiled"):
        tuning.lr_range_test(Uncompiled(), np.zeros((4, 2)), np.zeros(4))
    with pytest.raises(ShapeError, match="samples"):
        tuning.lr_range_test(Uncompiled(), np.zeros((4, 2)), np.zeros(3))


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
