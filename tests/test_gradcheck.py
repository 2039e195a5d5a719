"""Tests for mlp_kit.gradcheck, and the gradient check of every MLP configuration (lesson 03)."""

import numpy as np
import pytest

from mlp_kit import ShapeError
from mlp_kit.gradcheck import check_gradients, check_mlp, numerical_gradient, relative_error
from mlp_kit.mlp import MLP

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear"]
PAIRINGS = [("softmax", "cross_entropy"), ("sigmoid", "binary_cross_entropy"), ("linear", "mse")]


def checked_net(hidden, output, loss, seed):
    """A small float64 net with random biases, plus data none of whose pre-activations sits
    within 1e-3 of a ReLU kink (there the central difference straddles the corner)."""
    rng = np.random.default_rng(seed)
    net = MLP([4, 6, 5, 3], hidden, output, loss, seed=seed, dtype="float64")
    net.biases = [rng.normal(scale=0.5, size=b.shape) for b in net.biases]
    X = rng.normal(size=(7, 4))
    if loss == "cross_entropy":
        y = rng.integers(0, 3, size=7)
    elif loss == "binary_cross_entropy":
        y = rng.integers(0, 2, size=(7, 3))
    else:
        y = rng.normal(size=(7, 3))
    Zs, _ = net._forward(X)
    assert min(np.abs(Z).min() for Z in Zs[:-1]) > 1e-3, "pick another seed: a unit sits on a kink"
    return net, X, y


@pytest.mark.parametrize("output, loss", PAIRINGS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_mlp_gradients_pass_the_check(hidden, output, loss):
    net, X, y = checked_net(hidden, output, loss, seed=3)
    errors = check_mlp(net, X, y)
    assert list(errors) == ["weights[0]", "weights[1]", "weights[2]", "biases[0]", "biases[1]",
                            "biases[2]"]
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("output, loss", [("sigmoid", "mse"), ("softmax", "mse")])
def test_mse_through_sigmoid_and_softmax_outputs(output, loss):
    """mse is also allowed after sigmoid/softmax: the backward pass then uses f' / the softmax JVP."""
    net, X, y = checked_net("tanh", output, loss, seed=5)
    assert max(check_mlp(net, X, y).values()) < 1e-6


def test_check_mlp_works_from_float32_and_leaves_the_model_alone():
    net = MLP([3, 4, 2], hidden_activation="tanh", seed=0)          # float32
    before = [p.copy() for p in net.weights + net.biases]
    X, y = np.random.default_rng(0).normal(size=(5, 3)), [0, 1, 1, 0, 1]
    assert max(check_mlp(net, X, y).values()) < 1e-6                # checked on a float64 copy
    assert net.dtype == np.float32
    for p, q in zip(before, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(p, q)


def test_a_wrong_gradient_is_caught():
    """The classic bug: forgetting to divide by the batch size B."""
    net, X, y = checked_net("tanh", "softmax", "cross_entropy", seed=3)
    dW, _ = net.gradients(X, y)
    wrong = [g * len(X) for g in dW]
    errors = check_gradients(lambda: net.loss(X, y), net.weights, wrong)
    assert min(errors) > 0.5


def test_check_gradients_on_a_function_known_by_hand():
    # f(p, q) = sum(p**2) + 3 * sum(p * q): df/dp = 2p + 3q, df/dq = 3p
    p, q = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[0.1, 0.2], [0.3, 0.4]])
    f = lambda: np.sum(p**2) + 3 * np.sum(p * q)  # noqa: E731
    errors = check_gradients(f, [p, q], [2 * p + 3 * q, 3 * p])
    assert max(errors) < 1e-9
    np.testing.assert_allclose(numerical_gradient(f, p), 2 * p + 3 * q, atol=1e-8)
    assert p.tolist() == [[1.0, -2.0], [0.5, 3.0]]                # restored after the check


def test_relative_error_is_scaled_by_the_largest_entry():
    assert relative_error([1.0, 1e-12], [1.0, 0.0]) == pytest.approx(1e-12)
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1.0, 2.0], [-1.0, 2.0]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "params, grads, pattern",
    [
        ([np.ones(3)], [], r"got 1 parameter arrays but 0 gradients"),
        ([np.ones(3, dtype=np.float32)], [np.ones(3)],
         r"params\[0\] must be a float64 NumPy array .* got ndarray float32. In float32"),
        ([[1.0, 2.0]], [np.ones(2)], r"params\[0\] must be a float64 NumPy array .* got list"),
        ([np.ones((2, 3))], [np.ones((3, 2))],
         r"gradient 0 has shape \(3, 2\) but its parameter has shape \(2, 3\) \(transposed\?\)"),
    ],
)
def test_check_gradients_errors(params, grads, pattern):
    with pytest.raises(ShapeError, match=pattern):
        check_gradients(lambda: 0.0, params, grads)
