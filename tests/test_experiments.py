"""mlp_kit.experiments.accuracy_vs_size: fresh runs, reproducible, and the reuse trick changes nothing."""

import numpy as np
import pytest

from mlp_kit import ShapeError

pytestmark = pytest.mark.slow


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 6)).astype("float32")
    y = (X[:, 0] + X[:, 1] > 0).astype("int64")
    return X[:200], y[:200], X[200:], y[200:]


def _builder():
    import keras

    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(2, activation="softmax")])


def test_table_and_reproducibility():
    import mlp_kit  # noqa: F401  (quiet TensorFlow before Keras is imported)
    from mlp_kit.experiments import accuracy_vs_size

    X, y, Xt, yt = _data()
    first, models = accuracy_vs_size({"mlp": _builder}, X, y, Xt, yt, sizes=[20, 100], seeds=[0, 1], steps=30)
    again, _ = accuracy_vs_size({"mlp": _builder}, X, y, Xt, yt, sizes=[20, 100], seeds=[0, 1], steps=30)
    assert list(first.columns) == ["model", "size", "seed", "accuracy", "params"]
    assert first[["size", "seed"]].values.tolist() == [[20, 0], [20, 1], [100, 0], [100, 1]]
    assert first["accuracy"].tolist() == again["accuracy"].tolist()
    assert (first["params"] == 8 * 6 + 8 + 2 * 8 + 2).all()
    assert first["accuracy"].between(0, 1).all() and first.groupby("size")["accuracy"].mean()[100] > 0.6
    assert set(models) == {"mlp"}


def test_reused_model_equals_a_fresh_one():
    """A run on the reused, reset model gives what a brand-new model compiled for that run gives."""
    import keras

    import mlp_kit  # noqa: F401
    from mlp_kit.experiments import accuracy_vs_size

    X, y, Xt, yt = _data()
    results, _ = accuracy_vs_size({"mlp": _builder}, X, y, Xt, yt, sizes=[50, 50], seeds=[3], steps=20)
    # Reproduce the second run (size 50, seed 3) from scratch.
    keras.utils.set_random_seed(3)
    fresh = _builder()
    fresh.compile(optimizer=keras.optimizers.Adam(5e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    rng = np.random.default_rng(3)
    chosen = rng.permutation(len(X))[:50]
    order = np.concatenate([rng.permutation(chosen) for _ in range(-(-640 // 50))])[:640]
    fresh.fit(X[order], y[order], batch_size=32, epochs=1, shuffle=False, verbose=0)
    acc = fresh.evaluate(Xt, yt, batch_size=1000, verbose=0, return_dict=True)["accuracy"]
    assert results["accuracy"].iloc[1] == pytest.approx(acc, abs=1e-6)
    assert results["accuracy"].iloc[0] == pytest.approx(acc, abs=1e-6)   # same run twice: same result


@pytest.mark.parametrize("sizes", [[0], [500], []])
def test_rejects_bad_sizes(sizes):
    from mlp_kit.experiments import accuracy_vs_size

    X, y, Xt, yt = _data()
    with pytest.raises(ShapeError):
        accuracy_vs_size({"mlp": _builder}, X, y, Xt, yt, sizes=sizes)
