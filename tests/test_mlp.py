"""Tests for mlp_kit.mlp (and mlp_kit.optimizers): the from-scratch MLP of lesson 03."""

import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlp_kit import ShapeError
from mlp_kit.mlp import MLP

PAIRINGS = [("softmax", "cross_entropy"), ("sigmoid", "binary_cross_entropy"), ("linear", "mse")]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def make_data(n, n_in, n_out, loss, seed=0):
    """Random inputs and targets of the kind ``loss`` expects."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_in))
    if loss == "cross_entropy":
        y = rng.integers(0, n_out, size=n)
    elif loss == "binary_cross_entropy":
        y = rng.integers(0, 2, size=(n, n_out)).astype(float)
    else:
        y = rng.normal(size=(n, n_out))
    return X, y


def blobs(n=300, seed=0):
    """Three well separated 2-D Gaussian blobs: X (n, 2) float32, y (n,) in {0, 1, 2}."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    y = np.arange(n) % 3
    return (centres[y] + rng.normal(size=(n, 2))).astype(np.float32), y


# ---------------------------------------------------------------- a 2-2-1 net by hand


def hand_net():
    """2 inputs -> 2 ReLU units -> 1 linear output, mse loss, weights chosen by hand."""
    net = MLP([2, 2, 1], hidden_activation="relu", output_activation="linear", loss="mse",
              dtype="float64")
    net.weights = [np.array([[0.1, 0.2],
                             [0.3, -0.4]]), np.array([[0.5], [-0.6]])]
    net.biases = [np.array([0.0, 0.1]), np.array([0.2])]
    return net


def test_forward_and_backward_of_a_2_2_1_net_worked_by_hand():
    net = hand_net()
    x, y = np.array([[1.0, 2.0]]), np.array([3.0])
    # Forward
    #   z1 = x @ W0 + b0 = [1*0.1 + 2*0.3 + 0.0, 1*0.2 + 2*(-0.4) + 0.1] = [0.7, -0.5]
    #   a1 = relu(z1)                                                  = [0.7, 0.0]
    #   z2 = a1 @ W1 + b1 = 0.7*0.5 + 0.0*(-0.6) + 0.2                 = 0.55 = y_hat
    #   loss = (y_hat - y)^2 = (0.55 - 3)^2 = (-2.45)^2                 = 6.0025
    np.testing.assert_allclose(net.forward(x), [[0.55]])
    assert net.loss(x, y) == pytest.approx(6.0025)
    # Backward (B = 1)
    #   dZ2 = 2 * (y_hat - y) / B = -4.9
    #   dW1 = a1.T @ dZ2 = [[0.7 * -4.9], [0.0 * -4.9]] = [[-3.43], [0]]
    #   db1 = dZ2.sum(0) = [-4.9]
    #   dA1 = dZ2 @ W1.T = [-4.9*0.5, -4.9*(-0.6)] = [-2.45, 2.94]
    #   dZ1 = dA1 * relu'(z1) = [-2.45 * 1, 2.94 * 0] = [-2.45, 0]
    #   dW0 = x.T @ dZ1 = [[1*-2.45, 0], [2*-2.45, 0]] = [[-2.45, 0], [-4.9, 0]]
    #   db0 = [-2.45, 0]
    dW, db = net.gradients(x, y)
    np.testing.assert_allclose(dW[1], [[-3.43], [0.0]])
    np.testing.assert_allclose(db[1], [-4.9])
    np.testing.assert_allclose(dW[0], [[-2.45, 0.0], [-4.9, 0.0]])
    np.testing.assert_allclose(db[0], [-2.45, 0.0])


def test_one_sgd_step_of_the_2_2_1_net_worked_by_hand():
    net = hand_net()
    # One step with lr = 0.1: W <- W - 0.1 * dW, e.g. W0[0, 0] = 0.1 - 0.1 * (-2.45) = 0.345
    net.fit([[1.0, 2.0]], [3.0], epochs=1, batch_size=1, lr=0.1, shuffle=False)
    np.testing.assert_allclose(net.weights[0], [[0.345, 0.2], [0.79, -0.4]])
    np.testing.assert_allclose(net.biases[0], [0.245, 0.1])
    np.testing.assert_allclose(net.weights[1], [[0.843], [-0.6]])
    np.testing.assert_allclose(net.biases[1], [0.69])
    # The new prediction is closer to 3: relu([1*0.345 + 2*0.79 + 0.245, ...]) = [2.17, 0]
    # -> 2.17 * 0.843 + 0.69 = 2.51931
    np.testing.assert_allclose(net.forward([[1.0, 2.0]]), [[2.51931]])


@pytest.mark.parametrize("dtype, rtol", [("float32", 2e-5), ("float64", 1e-12)])
@pytest.mark.parametrize("hidden, output, loss", [("relu", "softmax", "cross_entropy"),
                                                  ("tanh", "sigmoid", "binary_cross_entropy"),
                                                  ("elu", "linear", "mse")])
def test_fit_with_plain_sgd_equals_gradients_then_optimizer_step(dtype, rtol, hidden, output, loss):
    """fit(optimizer="sgd") takes exactly the steps of gradients() followed by SGD.step()."""
    from mlp_kit.optimizers import SGD

    rng = np.random.default_rng(1)
    X = rng.normal(size=(48, 200))
    n_out = 4
    y = {"cross_entropy": rng.integers(0, n_out, 48),
         "binary_cross_entropy": rng.integers(0, 2, (48, n_out)),
         "mse": rng.normal(size=(48, n_out))}[loss]
    fast = MLP([200, 60, n_out], hidden, output, loss, seed=3, dtype=dtype)
    slow = MLP([200, 60, n_out], hidden, output, loss, seed=3, dtype=dtype)
    fast.fit(X, y, epochs=2, batch_size=16, lr=0.05, shuffle=False)
    opt = SGD(0.05)
    for _ in range(2):
        for start in range(0, 48, 16):
            dW, db = slow.gradients(X[start:start + 16], y[start:start + 16])
            opt.step(slow.weights + slow.biases, dW + db)
    for a, b in zip(fast.weights + fast.biases, slow.weights + slow.biases, strict=True):
        assert a.dtype == np.dtype(dtype)
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol)
    assert not np.allclose(fast.weights[0], MLP([200, 60, n_out], hidden, output, loss, seed=3,
                                                dtype=dtype).weights[0])   # it did train


def test_weights_a_learner_assigns_in_any_memory_layout_train_the_same():
    """weights[l] is a plain (n_in, n_out) array; a transposed-then-copied (Fortran-ordered) one trains alike."""
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(64, 200)), rng.integers(0, 3, 64)
    plain = MLP([200, 60, 3], seed=4)
    assert [W.shape for W in plain.weights] == [(200, 60), (60, 3)]
    fortran = MLP([200, 60, 3], seed=4)
    fortran.weights = [np.asfortranarray(W) for W in fortran.weights]
    for net in (plain, fortran):
        net.fit(X, y, epochs=3, batch_size=16, lr=0.1)
    for a, b in zip(plain.weights + plain.biases, fortran.weights + fortran.biases, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------- reference: TensorFlow


def keras_twin(net):
    """The same network as a list of float64 Keras layers carrying ``net``'s weights.

    (Not a keras.Sequential: a model casts its inputs to its own float32 policy.)
    """
    import keras

    activation_layer = {
        "relu": lambda: keras.layers.ReLU(dtype="float64"),
        "sigmoid": lambda: keras.layers.Activation("sigmoid", dtype="float64"),
        "tanh": lambda: keras.layers.Activation("tanh", dtype="float64"),
        "linear": lambda: keras.layers.Identity(dtype="float64"),
        "elu": lambda: keras.layers.ELU(alpha=1.0 if net.alpha is None else net.alpha,
                                        dtype="float64"),
        "leaky_relu": lambda: keras.layers.LeakyReLU(negative_slope=net.alpha, dtype="float64"),
        "prelu": lambda: keras.layers.PReLU(
            alpha_initializer=keras.initializers.Constant(net.alpha), dtype="float64"),
    }
    layers = []
    for l, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        dense = keras.layers.Dense(W.shape[1], dtype="float64")
        dense.build((None, W.shape[0]))
        dense.set_weights([W, b])
        layers.append(dense)
        if l < len(net.weights) - 1:
            layers.append(activation_layer[net.hidden_activation]())
    return layers


REFERENCE_CASES = [
    ([5, 8, 3], "relu", None, "softmax", "cross_entropy"),
    ([4, 6, 5, 4], "tanh", None, "softmax", "cross_entropy"),
    ([3, 7, 2], "sigmoid", None, "sigmoid", "binary_cross_entropy"),
    ([6, 4, 4, 3], "elu", 0.5, "sigmoid", "binary_cross_entropy"),
    ([4, 9, 1], "leaky_relu", 0.25, "linear", "mse"),
    ([2, 5, 5, 5, 2], "relu", None, "linear", "mse"),
    ([5, 3, 4], "prelu", 0.125, "softmax", "cross_entropy"),
    ([3, 6, 2], "linear", None, "sigmoid", "mse"),
]


@pytest.mark.parametrize("sizes, hidden, alpha, output, loss", REFERENCE_CASES)
def test_loss_and_gradients_equal_tensorflow(sizes, hidden, alpha, output, loss):
    import keras
    import tensorflow as tf

    net = MLP(sizes, hidden, output, loss, seed=sum(sizes), dtype="float64", alpha=alpha)
    rng = np.random.default_rng(len(sizes))
    net.biases = [rng.normal(scale=0.3, size=b.shape) for b in net.biases]
    X, y = make_data(16, sizes[0], sizes[-1], loss, seed=sum(sizes))
    layers = keras_twin(net)
    reference_loss = {
        "cross_entropy": keras.losses.SparseCategoricalCrossentropy(from_logits=True,
                                                                    dtype="float64"),
        # Keras averages binary cross-entropy over the outputs too; we sum over them.
        "binary_cross_entropy": keras.losses.BinaryCrossentropy(from_logits=True,
                                                                dtype="float64"),
        "mse": keras.losses.MeanSquaredError(dtype="float64"),
    }[loss]
    dense = [layer for layer in layers if isinstance(layer, keras.layers.Dense)]
    variables = [layer.kernel for layer in dense] + [layer.bias for layer in dense]
    with tf.GradientTape() as tape:
        z = tf.constant(X)
        for layer in layers:
            z = layer(z)                                   # ends with logits (no activation)
        if loss == "mse":
            z = {"linear": tf.identity, "sigmoid": tf.sigmoid}[output](z)
        tf_loss = reference_loss(y, z)
        if loss == "binary_cross_entropy":
            tf_loss = tf_loss * sizes[-1]
    tf_grads = tape.gradient(tf_loss, variables)
    np.testing.assert_allclose(net.loss(X, y), float(tf_loss), rtol=1e-12)
    dW, db = net.gradients(X, y)
    for mine, theirs, name in zip(dW + db, tf_grads, [f"dW[{i}]" for i in range(len(dW))]
                                  + [f"db[{i}]" for i in range(len(db))], strict=True):
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=1e-9, atol=1e-13, err_msg=name)


def test_optimizer_steps_equal_keras():
    """SGD with momentum and Adam take the same steps as Keras' optimisers on the same gradients."""
    import keras

    from mlp_kit.optimizers import SGD, Adam

    rng = np.random.default_rng(0)
    start = [rng.normal(size=(3, 2)), rng.normal(size=(2,))]
    grads = [[rng.normal(size=(3, 2)), rng.normal(size=(2,))] for _ in range(5)]
    for mine, theirs in [(SGD(0.1, momentum=0.9), keras.optimizers.SGD(0.1, momentum=0.9)),
                         (Adam(0.01), keras.optimizers.Adam(0.01))]:
        params = [p.copy() for p in start]
        variables = [keras.Variable(p, dtype="float64") for p in start]
        for g in grads:
            mine.step(params, [gi.copy() for gi in g])
            theirs.apply_gradients(zip([keras.ops.convert_to_tensor(gi) for gi in g], variables,
                                       strict=True))
        for p, v, p0 in zip(params, variables, start, strict=True):
            # Keras keeps its hyperparameters in float32: compare the steps to 1e-5.
            np.testing.assert_allclose(p - p0, v.numpy() - p0, rtol=1e-5,
                                       err_msg=repr(mine))


def _digits():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = (X / 16).astype(np.float32)
    return train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)


@pytest.mark.slow
def test_accuracy_on_digits_matches_sklearn_and_keras():
    """Same architecture, epochs, batch size and SGD learning rate: accuracies within 2 points."""
    import warnings

    import keras
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X_train, X_test, y_train, y_test = _digits()
    epochs, batch_size, lr, hidden = 20, 32, 0.1, 64
    ours = MLP([64, hidden, 10], seed=0)
    ours.fit(X_train, y_train, epochs=epochs, batch_size=batch_size, lr=lr)
    acc_ours = ours.score(X_test, y_test)

    sk = MLPClassifier((hidden,), solver="sgd", learning_rate_init=lr, batch_size=batch_size,
                       max_iter=epochs, momentum=0.0, nesterovs_momentum=False, alpha=0.0,
                       tol=0.0, n_iter_no_change=epochs + 1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        acc_sklearn = sk.fit(X_train, y_train).score(X_test, y_test)

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(X_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0)
    acc_keras = model.evaluate(X_test, y_test, verbose=0)[1]
    assert model.count_params() == ours.n_params
    summary = f"ours {acc_ours:.3f}, scikit-learn {acc_sklearn:.3f}, Keras {acc_keras:.3f}"
    assert acc_ours > 0.9, summary
    assert abs(acc_ours - acc_sklearn) <= 0.02, summary
    assert abs(acc_ours - acc_keras) <= 0.02, summary


# ---------------------------------------------------------------- training behaviour


def test_fit_learns_blobs_and_reports_history():
    X, y = blobs()
    net = MLP([2, 16, 3], seed=1)
    history = net.fit(X[:240], y[:240], epochs=30, batch_size=16, lr=0.1,
                      validation_data=(X[240:], y[240:]))
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 30 for v in history.values())
    assert history["loss"][-1] < history["loss"][0] / 3
    assert history["val_accuracy"][-1] > 0.95
    assert net.score(X[240:], y[240:]) == pytest.approx(history["val_accuracy"][-1])
    np.testing.assert_allclose(net.predict_proba(X).sum(axis=1), 1, rtol=1e-5)
    assert net.predict(X).shape == (300,) and set(np.unique(net.predict(X))) <= {0, 1, 2}


def test_fit_again_resumes_training_exactly():
    X, y = blobs(90)
    for kwargs in [{"optimizer": "sgd", "momentum": 0.9, "lr": 0.05},
                   {"optimizer": "adam", "lr": 0.01}]:
        once = MLP([2, 8, 3], seed=3)
        h = once.fit(X, y, epochs=4, batch_size=10, **kwargs)
        twice = MLP([2, 8, 3], seed=3)
        h1 = twice.fit(X, y, epochs=2, batch_size=10, **kwargs)
        h2 = twice.fit(X, y, epochs=2, batch_size=10, **kwargs)
        for a, b in zip(once.weights + once.biases, twice.weights + twice.biases, strict=True):
            np.testing.assert_array_equal(a, b)
        assert h1["loss"] + h2["loss"] == h["loss"]
        assert twice.history_["loss"] == h["loss"]


def test_full_batch_epoch_is_one_gradient_step():
    X, y = make_data(20, 3, 2, "cross_entropy")
    net = MLP([3, 4, 2], dtype="float64", seed=2)
    dW, db = net.gradients(X, y)
    expected = [W - 0.5 * g for W, g in zip(net.weights, dW, strict=True)]
    net.fit(X, y, epochs=1, batch_size=len(X), lr=0.5)
    for W, E in zip(net.weights, expected, strict=True):
        np.testing.assert_allclose(W, E)


def test_per_sample_training_is_one_step_per_sample():
    X, y = make_data(5, 3, 2, "cross_entropy", seed=4)
    net, manual = MLP([3, 4, 2], dtype="float64", seed=5), MLP([3, 4, 2], dtype="float64", seed=5)
    net.fit(X, y, epochs=1, batch_size=1, lr=0.3, shuffle=False)
    for i in range(len(X)):
        dW, db = manual.gradients(X[i:i + 1], y[i:i + 1])
        for p, g in zip(manual.weights + manual.biases, dW + db, strict=True):
            p -= 0.3 * g
    for a, b in zip(net.weights + net.biases, manual.weights + manual.biases, strict=True):
        np.testing.assert_allclose(a, b)


def test_shuffling_is_seeded():
    X, y = blobs(60)
    runs = [MLP([2, 5, 3], seed=7).fit(X, y, epochs=3, batch_size=8, lr=0.1)["loss"]
            for _ in range(2)]
    assert runs[0] == runs[1]
    other = MLP([2, 5, 3], seed=8).fit(X, y, epochs=3, batch_size=8, lr=0.1)["loss"]
    assert other != runs[0]


def test_zero_init_keeps_hidden_units_identical():
    """Symmetry: with all-zero weights every hidden unit gets the same update, forever."""
    X, y = blobs(60)
    net = MLP([2, 4, 3], hidden_activation="sigmoid", init="zeros")
    net.fit(X, y, epochs=20, batch_size=10, lr=0.5)
    W0, W1 = net.weights
    assert np.abs(W0).max() > 0                              # it did learn something...
    np.testing.assert_allclose(W0, W0[:, :1] * np.ones((1, 4)), atol=1e-6)   # ...the same 4 times
    np.testing.assert_allclose(W1, W1[:1] * np.ones((4, 1)), atol=1e-6)


@pytest.mark.parametrize("hidden, expected", [("relu", "he"), ("elu", "he"), ("tanh", "glorot"),
                                              ("sigmoid", "glorot")])
def test_default_initialiser_follows_the_activation(hidden, expected):
    net = MLP([400, 300, 10], hidden_activation=hidden)
    assert net.init == expected
    fan = 400 if expected == "he" else 700
    assert np.abs(net.weights[0]).max() <= np.sqrt(6 / fan)
    assert net.weights[0].std() == pytest.approx(np.sqrt(2 / fan), rel=0.02)
    assert not np.any(net.biases[0])


def test_multilabel_sigmoid_outputs_and_predictions():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4)).astype(np.float32)
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] + X[:, 2] > 0]).astype(int)    # two labels
    net = MLP([4, 12, 2], output_activation="sigmoid", loss="binary_cross_entropy", seed=0)
    history = net.fit(X, Y, epochs=40, batch_size=20, lr=0.5)
    assert history["accuracy"][-1] > 0.95
    assert net.predict(X).shape == (200, 2) and set(np.unique(net.predict(X))) <= {0, 1}


def test_regression_history_has_no_accuracy():
    X, y = make_data(50, 2, 1, "mse")
    net = MLP([2, 6, 1], output_activation="linear", loss="mse")
    history = net.fit(X, y.ravel(), epochs=5, batch_size=10, lr=0.05, verbose=0)
    assert list(history) == ["loss"]
    assert net.predict(X).shape == (50, 1)


def test_verbose_prints_one_line_per_epoch_without_timings(capsys):
    X, y = blobs(30)
    MLP([2, 3, 3]).fit(X, y, epochs=2, batch_size=10, verbose=1)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("epoch 1: loss ")
    assert "accuracy" in lines[0] and " s " not in lines[0] and "ms" not in lines[0]


def test_repr_and_parameter_count():
    net = MLP([784, 300, 100, 10])
    assert net.n_params == 266_610                 # 235,500 + 30,100 + 1,010 (lesson 05)
    text = repr(net)
    assert text.startswith("MLP([784, 300, 100, 10], hidden_activation='relu'")
    assert "266,610 parameters" in text and "dtype='float32'" in text


def test_losses_are_stable_for_confident_wrong_predictions():
    for output, loss in PAIRINGS[:2]:
        net = MLP([1, 2], output_activation=output, loss=loss, dtype="float32", init="zeros")
        net.weights[0][:] = [[1000.0, -1000.0]]
        y = [1] if loss == "cross_entropy" else [[0, 1]]
        with np.errstate(all="raise"):
            value = net.loss([[1.0]], y)
            dW, _ = net.gradients([[1.0]], y)
        expected = 2000.0 if loss == "cross_entropy" else 2000.0   # both logits wrong by 1000
        assert value == pytest.approx(expected, rel=1e-5) and np.isfinite(dW[0]).all()


# ---------------------------------------------------------------- dtypes


def test_float32_by_default_everywhere():
    X, y = blobs(40)
    net = MLP([2, 5, 3])
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)
    X64 = X.astype(np.float64)
    assert net.forward(X64).dtype == np.float32
    dW, db = net.gradients(X64, y)
    assert all(g.dtype == np.float32 for g in dW + db)
    net.fit(X64, y, epochs=2, batch_size=8, optimizer="adam", lr=0.01)
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)
    assert isinstance(net.loss(X, y), float)


def test_float64_on_request():
    X, y = blobs(40)
    net = MLP([2, 5, 3], dtype="float64")
    net.fit(X, y, epochs=2, batch_size=8, momentum=0.9)
    assert all(p.dtype == np.float64 for p in net.weights + net.biases)
    assert net.forward(X).dtype == np.float64
    assert all(g.dtype == np.float64 for g in sum(net.gradients(X, y), []))
    clone = MLP([2, 5, 3]).astype("float64")
    assert clone.dtype == np.float64 and clone.weights[0].dtype == np.float64


@settings(max_examples=40, deadline=None)
@given(batch=st.integers(1, 70), sizes=st.lists(st.integers(1, 9), min_size=2, max_size=4),
       pairing=st.sampled_from(PAIRINGS))
def test_forward_output_shape_is_batch_by_outputs(batch, sizes, pairing):
    output, loss = pairing
    if output == "softmax":
        sizes = [*sizes[:-1], max(sizes[-1], 2)]
    net = MLP(sizes, output_activation=output, loss=loss)
    X = np.random.default_rng(batch).normal(size=(batch, sizes[0]))
    assert net.forward(X).shape == (batch, sizes[-1])


# ---------------------------------------------------------------- errors a learner can act on


def test_transposed_input_message_is_exact():
    net = MLP([3, 8, 2])
    X = np.ones((4, 3))
    with pytest.raises(ShapeError) as info:
        net.forward(X.T)
    assert str(info.value) == ("forward(): X has 4 columns but the first layer expects 3 "
                               "(weights[0] is (3, 8)). Did you pass X.T?")


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"sizes": [3]}, r"sizes=\[3\] has only the input size; add at least the output size"),
        ({"sizes": [3, 0]}, r"sizes must be a list of positive integers"),
        ({"sizes": [3, 2.5]}, r"positive integers .* got \[3, 2.5\]"),
        ({"sizes": "784-10"}, r"positive integers"),
        ({"hidden_activation": "rleu"},
         r"unknown hidden_activation 'rleu'; known: relu, leaky_relu, .*Did you mean 'relu'\?"),
        ({"hidden_activation": "softmax"}, r"unknown hidden_activation 'softmax'"),
        ({"output_activation": "tanh"},
         r"unknown output_activation 'tanh'; known: softmax, sigmoid, linear"),
        ({"loss": "hinge"}, r"unknown loss 'hinge'; known: cross_entropy, binary_cross_entropy, mse"),
        ({"output_activation": "sigmoid"},
         r"loss='cross_entropy' does not pair with output_activation='sigmoid'. Use "
         r"output_activation='softmax' with this loss, or loss='binary_cross_entropy'"),
        ({"loss": "binary_cross_entropy"}, r"Use output_activation='sigmoid'"),
        ({"output_activation": "linear"}, r"or loss='mse' with linear outputs"),
        ({"sizes": [3, 1]}, r"softmax over 1 output unit always outputs 1"),
        ({"dtype": "float16"}, r"dtype must be 'float32' or 'float64', got 'float16'"),
        ({"init": "random"}, r"unknown init 'random'; known: he, glorot, zeros"),
        ({"hidden_activation": "relu", "alpha": 0.1}, r"'relu' takes no alpha"),
    ],
)
def test_constructor_errors(kwargs, pattern):
    kwargs = {"sizes": [3, 4, 2], **kwargs}
    with pytest.raises(ShapeError, match=pattern):
        MLP(**kwargs)


X3 = np.arange(12, dtype=float).reshape(4, 3)


@pytest.mark.parametrize(
    "method, X, y, pattern",
    [
        ("forward", X3[0], None, r"forward\(\): expected X as a 2-D array .* X.reshape\(1, -1\)"),
        ("forward", np.where(X3 == 5, np.nan, X3), None,
         r"forward\(\): X contains 1 non-finite value\(s\) \(NaN or inf\), the first at index "
         r"\(1, 2\)"),
        ("fit", np.where(X3 == 5, 1e39, X3), [0, 1, 2, 1],
         r"fit\(\): X holds values as large as 1e\+39, more than float32 can store \(up to "
         r"3.4e\+38\). Scale the inputs"),
        ("forward", X3[:, :2], None, r"X has 2 columns but the first layer expects 3 "
                                     r"\(weights\[0\] is \(3, 5\)\). Pass one column per input"),
        ("loss", X3, [0, 1, 2, 3], r"loss\(\): y contains the label 3 but the output layer has 3 "
                                   r"units, so labels must be 0..2. Does the last layer need 4"),
        ("loss", X3, [1, 2, 3, 3], r"Labels 1..3\? Use y - 1"),
        ("loss", X3, [0, -1, 2, 1], r"contains the label -1"),
        ("gradients", X3, np.eye(3)[[0, 1, 2, 1]],
         r"gradients\(\): cross_entropy expects integer class labels, got a y of shape \(4, 3\). "
         r"y looks one-hot encoded; pass integer labels y.argmax\(1\)"),
        ("loss", X3, [0.5, 1, 2, 0], r"holds fractions such as 0.5. For numeric targets use "
                                     r"output_activation='linear' with loss='mse'"),
        ("loss", X3, [0, 1, 2], r"X has 4 rows but y has 3 rows"),
        ("loss", X3, [0, 1, np.nan, 2], r"y contains 1 non-finite value"),
        ("fit", X3, ["a", "b", "c", "d"], r"fit\(\): y must be numbers"),
        ("predict", X3.T, None, r"predict\(\): X has 4 columns .* Did you pass X.T\?"),
    ],
)
def test_bad_inputs_explain_the_fix(method, X, y, pattern):
    net = MLP([3, 5, 3])
    args = (X,) if y is None else (X, y)
    with pytest.raises(ShapeError, match=pattern):
        getattr(net, method)(*args)


@pytest.mark.parametrize(
    "sizes, output, loss, y, pattern",
    [
        ([3, 2], "sigmoid", "binary_cross_entropy", [0, 1, 1, 0],
         r"expected y of shape \(4, 2\).* For one class label per sample use "
         r"output_activation='softmax' with loss='cross_entropy'"),
        ([3, 1], "sigmoid", "binary_cross_entropy", [0, 2, 1, 0],
         r"binary_cross_entropy needs targets between 0 and 1, got values from 0 to 2"),
        ([3, 2], "linear", "mse", [1.0, 2.0, 3.0, 4.0], r"expected y of shape \(4, 2\)"),
    ],
)
def test_bad_targets_for_other_losses(sizes, output, loss, y, pattern):
    with pytest.raises(ShapeError, match=pattern):
        MLP(sizes, output_activation=output, loss=loss).loss(X3, y)


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"epochs": 0}, r"epochs must be a positive integer, got epochs=0"),
        ({"epochs": 2.5}, r"epochs must be a positive integer"),
        ({"batch_size": 0}, r"batch_size must be a positive integer, got batch_size=0"),
        ({"lr": -0.1}, r"lr must be a positive number, got lr=-0.1"),
        ({"optimizer": "rmsprop"}, r"unknown optimizer 'rmsprop'; known: sgd, adam"),
        ({"momentum": 1.5}, r"momentum must be in \[0, 1\), got momentum=1.5"),
        ({"optimizer": "adam", "momentum": 0.9}, r"Adam's momentum is beta_1"),
        ({"validation_data": X3}, r"validation_data must be a pair \(X_val, y_val\)"),
        ({"validation_data": (X3.T, [0, 1, 2])}, r"X_val has 4 columns .* Did you pass X_val.T\?"),
        ({"validation_data": (X3, [0, 1, 2, 9])}, r"y_val contains the label 9"),
    ],
)
def test_fit_argument_errors(kwargs, pattern):
    with pytest.raises(ShapeError, match=pattern):
        MLP([3, 5, 3]).fit(X3, [0, 1, 2, 0], **kwargs)


def test_hand_set_weights_are_checked():
    net = MLP([3, 5, 2])
    net.weights[0] = np.ones((5, 3))
    with pytest.raises(ShapeError, match=r"weights\[0\] has shape \(5, 3\) but layer 0 maps 3 "
                                         r"inputs to 5 outputs, so it must be \(3, 5\). Did you "
                                         r"assign a transposed matrix\?"):
        net.forward(X3)
    net.weights[0] = np.ones((3, 5)).tolist()             # a list is fine, and becomes float32
    assert net.forward(X3).shape == (4, 2) and net.weights[0].dtype == np.float32


def test_predict_proba_and_score_need_a_classifier():
    net = MLP([3, 2], output_activation="linear", loss="mse")
    with pytest.raises(ShapeError, match=r"linear output layer gives values, not probabilities"):
        net.predict_proba(X3)
    with pytest.raises(ShapeError, match=r"accuracy needs a classifier"):
        net.score(X3, np.zeros((4, 2)))


# ---------------------------------------------------------------- packaging


@pytest.mark.parametrize("module", ["mlp_kit.mlp", "mlp_kit.activations", "mlp_kit.gradcheck"])
def test_import_does_not_load_tensorflow(module):
    code = (f"import sys, {module}; "
            "bad = [m for m in ('tensorflow', 'keras', 'matplotlib') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"import {module} loaded {result.stdout.strip()}"


# ---------------------------------------------------------------- plots (lessons 03 and 04)


def test_plot_history_from_mlp_and_keras_style_dicts():
    from mlp_kit import plotting

    X, y = blobs(60)
    history = MLP([2, 4, 3]).fit(X[:40], y[:40], epochs=4, batch_size=10,
                                 validation_data=(X[40:], y[40:]))
    axes = plotting.plot_history(history)
    assert [ax.get_ylabel() for ax in axes] == ["loss", "accuracy"]
    train, val = axes[0].get_lines()
    np.testing.assert_allclose(train.get_xdata(), [1, 2, 3, 4])
    assert "validation" in val.get_label() and axes[0].get_xlabel() == "epoch"

    class History:                                        # what keras' fit() returns
        history = {"loss": [1.0, 0.5, 0.25], "val_loss": [1.1, 0.6, 0.4]}

    (ax,) = plotting.plot_history(History(), shift_train=True)
    np.testing.assert_allclose(ax.get_lines()[0].get_xdata(), [0.5, 1.5, 2.5])
    np.testing.assert_allclose(ax.get_lines()[1].get_xdata(), [1, 2, 3])
    with pytest.raises(ShapeError, match=r"no 'accuracy' in the history; it has loss, val_loss"):
        plotting.plot_history(History.history, metrics="accuracy")


def test_plot_decision_boundary_accepts_labels_and_probabilities():
    from mlp_kit import plotting

    X, y = blobs(90)
    net = MLP([2, 8, 3])
    net.fit(X, y, epochs=5, batch_size=10, lr=0.1)
    for fn in (net.predict, net.predict_proba):
        ax = plotting.plot_decision_boundary(fn, X, y)
        assert ax.get_title() and ax.get_xlabel() == "$x_1$"
        assert len(ax.collections) >= 4                   # filled regions + 3 scatters
    with pytest.raises(ShapeError, match=r"X must have 2 columns"):
        plotting.plot_decision_boundary(net.predict, np.ones((5, 3)), np.zeros(5))
