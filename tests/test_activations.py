"""Tests for mlp_kit.activations, the lesson-02 plots and the activation explorer widget."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mlp_kit import ShapeError, activations
from mlp_kit.activations import ACTIVATIONS, DEFAULT_ALPHA

ELEMENTWISE = [name for name in ACTIVATIONS if name != "softmax"]
ALL_WITH_ALPHA = [(name, None) for name in ACTIVATIONS] + [
    ("leaky_relu", 0.2), ("elu", 0.5), ("prelu", 0.1)
]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- values by hand


@pytest.mark.parametrize(
    "name, alpha, z, expected",
    [
        ("step", None, [-2.0, 0.0, 3.0], [0, 1, 1]),
        ("sigmoid", None, [0.0, np.log(3)], [0.5, 0.75]),            # 1 / (1 + 1/3) = 0.75
        ("tanh", None, [0.0, np.log(2)], [0.0, 0.6]),                # (2 - 1/2) / (2 + 1/2)
        ("relu", None, [-2.0, 0.0, 3.0], [0, 0, 3]),
        ("leaky_relu", None, [-2.0, 3.0], [-0.02, 3]),              # default alpha 0.01
        ("leaky_relu", 0.3, [-2.0, 3.0], [-0.6, 3]),
        ("elu", None, [np.log(0.5), 3.0], [-0.5, 3]),                # exp(log 0.5) - 1
        ("elu", 2.0, [np.log(0.5)], [-1.0]),
        ("prelu", None, [-2.0, 3.0], [-0.5, 3]),                     # default alpha 0.25
        ("linear", None, [-2.0, 3.0], [-2, 3]),
        ("softmax", None, [[0.0, np.log(3)]], [[0.25, 0.75]]),
    ],
)
def test_values_worked_by_hand(name, alpha, z, expected):
    f, _ = activations.get(name, alpha)
    np.testing.assert_allclose(f(np.array(z)), expected, atol=1e-12)


@pytest.mark.parametrize(
    "name, z, expected",
    [
        ("step", [-1.0, 1.0], [0, 0]),
        ("sigmoid", [0.0, np.log(3)], [0.25, 0.1875]),               # s (1 - s)
        ("tanh", [0.0, np.log(2)], [1.0, 0.64]),                     # 1 - t^2
        ("relu", [-1.0, 0.0, 2.0], [0, 0, 1]),
        ("leaky_relu", [-1.0, 2.0], [0.01, 1]),
        ("elu", [np.log(0.5), 2.0], [0.5, 1]),
        ("prelu", [-1.0, 2.0], [0.25, 1]),
        ("linear", [-1.0, 2.0], [1, 1]),
        ("softmax", [[0.0, np.log(3)]], [[0.1875, 0.1875]]),         # diagonal of the Jacobian
    ],
)
def test_derivatives_worked_by_hand(name, z, expected):
    _, df = activations.get(name)
    np.testing.assert_allclose(df(np.array(z)), expected, atol=1e-12)


@pytest.mark.parametrize("name, alpha", [p for p in ALL_WITH_ALPHA if p[0] not in ("softmax",)])
def test_derivative_matches_central_difference(name, alpha):
    f, df = activations.get(name, alpha)
    z = np.linspace(-4, 4, 41) + 0.013          # keeps clear of the kink at 0
    eps = 1e-6
    numeric = (f(z + eps) - f(z - eps)) / (2 * eps)
    np.testing.assert_allclose(df(z), numeric, rtol=1e-6, atol=1e-9)


def test_softmax_jvp_equals_jacobian_transpose_times_g():
    rng = np.random.default_rng(0)
    z, g = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    s = activations.softmax(z)
    for row in range(5):
        jacobian = np.diag(s[row]) - np.outer(s[row], s[row])    # ds_i / dz_j
        expected = jacobian.T @ g[row]
        np.testing.assert_allclose(activations.softmax_jvp(s, g)[row], expected, atol=1e-14)
    np.testing.assert_allclose(activations.backward("softmax", z, g), activations.softmax_jvp(s, g))


def test_softmax_jvp_matches_central_difference():
    rng = np.random.default_rng(1)
    z, g = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    eps, numeric = 1e-6, np.zeros_like(z)
    for idx in np.ndindex(z.shape):                  # d/dz of sum(g * softmax(z))
        zp, zm = z.copy(), z.copy()
        zp[idx] += eps
        zm[idx] -= eps
        numeric[idx] = (np.sum(g * activations.softmax(zp)) - np.sum(g * activations.softmax(zm))) / (2 * eps)
    np.testing.assert_allclose(activations.backward("softmax", z, g), numeric, atol=1e-9)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_backward_is_upstream_times_derivative(name):
    z = np.linspace(-3, 3, 7) + 0.1
    g = np.arange(7.0)
    np.testing.assert_allclose(activations.backward(name, z, g), g * activations.get(name)[1](z))


def test_log_softmax_is_log_of_softmax():
    z = np.array([[1.0, 2.0, 3.0], [-5.0, 0.0, 5.0]])
    np.testing.assert_allclose(activations.log_softmax(z), np.log(activations.softmax(z)))


# ---------------------------------------------------------------- stability and dtypes


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, alpha", ALL_WITH_ALPHA)
def test_no_overflow_or_warnings_for_large_inputs(name, alpha, dtype):
    z = np.linspace(-1000, 1000, 2001).astype(dtype).reshape(-1, 3 * 23)   # (29, 69)
    f, df = activations.get(name, alpha)
    with np.errstate(all="raise"):
        out, slope = f(z), df(z)
    assert np.isfinite(out).all() and np.isfinite(slope).all()
    assert out.dtype == dtype and slope.dtype == dtype


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_helpers_are_stable(dtype):
    z = np.array([[-1000, 0, 1000], [1000, 1000, -1000]], dtype=dtype)
    with np.errstate(all="raise"):
        s = activations.softmax(z)
        log_s = activations.log_softmax(z)
        dz = activations.backward("softmax", z, np.ones_like(z))
    np.testing.assert_allclose(s, [[0, 0, 1], [0.5, 0.5, 0]], atol=1e-7)
    assert np.isfinite(log_s).all() and log_s.dtype == dtype
    np.testing.assert_allclose(dz, 0, atol=1e-6)    # adding the same g to every z changes nothing


def test_sigmoid_saturates_exactly():
    with np.errstate(all="raise"):
        s = activations.sigmoid(np.array([-1000.0, 1000.0], dtype=np.float32))
    assert s.tolist() == [0.0, 1.0]


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_lists_and_integers_become_float64(name):
    f, df = activations.get(name)
    assert f([[1, 2, 3]]).dtype == np.float64
    assert df([[1, 2, 3]]).dtype == np.float64


# ---------------------------------------------------------------- properties (hypothesis)

rows = arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 8)),
              elements=st.floats(-500, 500, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(z=rows)
def test_softmax_rows_sum_to_one(z):
    s = activations.softmax(z)
    assert ((s >= 0) & (s <= 1)).all()
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(z=rows, shift=st.floats(-300, 300, allow_nan=False))
def test_softmax_is_shift_invariant(z, shift):
    np.testing.assert_allclose(activations.softmax(z + shift), activations.softmax(z), atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(z=arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e3, 1e3)))
def test_sigmoid_symmetry_and_tanh_relation(z):
    s = activations.sigmoid
    np.testing.assert_allclose(s(-z), 1 - s(z), atol=1e-15)
    np.testing.assert_allclose(activations.tanh(z), 2 * s(2 * z) - 1, atol=1e-12)


# ---------------------------------------------------------------- registry and errors


def test_registry_holds_every_activation_of_lesson_02():
    expected = {"step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "prelu", "softmax", "linear"}
    assert set(ACTIVATIONS) == expected
    assert set(DEFAULT_ALPHA) == {"leaky_relu", "elu", "prelu"}


@pytest.mark.parametrize(
    "name, alpha, pattern",
    [
        ("swish", None, r"unknown activation 'swish'; known: step, sigmoid, tanh, relu, leaky_relu, "
                        r"elu, prelu, softmax, linear\."),
        ("Relu", None, r"Did you mean 'relu'\?"),
        (None, None, r"unknown activation None"),
        ("relu", 0.1, r"'relu' takes no alpha \(got alpha=0.1\); only leaky_relu, elu, prelu do"),
        ("elu", float("nan"), r"alpha must be a finite number, got alpha=nan"),
        ("leaky_relu", "0.1", r"alpha must be a finite number, got alpha='0.1'"),
    ],
)
def test_get_errors_say_what_is_known(name, alpha, pattern):
    with pytest.raises(ShapeError, match=pattern):
        activations.get(name, alpha)


def test_alpha_is_bound_into_both_functions():
    f, df = activations.get("leaky_relu", alpha=0.5)
    assert f(np.array([-2.0]))[0] == -1.0 and df(np.array([-2.0]))[0] == 0.5


def test_tensorflow_reference_values_and_derivatives():
    """Our f and f' equal TensorFlow's activations and their autodiff gradients."""
    import tensorflow as tf

    reference = {
        "sigmoid": tf.sigmoid, "tanh": tf.tanh, "relu": tf.nn.relu, "elu": tf.nn.elu,
        # TF keeps alpha in float32, so use a slope float32 holds exactly:
        "leaky_relu": lambda z: tf.nn.leaky_relu(z, alpha=0.25), "linear": tf.identity,
        "softmax": tf.nn.softmax,
    }
    z = np.linspace(-6, 6, 24).reshape(4, 6) + 0.01
    for name, tf_f in reference.items():
        zt = tf.constant(z)
        with tf.GradientTape() as tape:
            tape.watch(zt)
            out = tf_f(zt)
            picked = out if name == "softmax" else tf.reduce_sum(out)
        f, df = activations.get(name, 0.25 if name == "leaky_relu" else None)
        np.testing.assert_allclose(f(z), out.numpy(), rtol=1e-12, atol=1e-15, err_msg=name)
        if name != "softmax":
            np.testing.assert_allclose(df(z), tape.gradient(picked, zt).numpy(), rtol=1e-9,
                                       err_msg=name)


# ---------------------------------------------------------------- plots and widget (lesson 02)


def test_plot_activation_draws_f_and_derivative_with_labels():
    from mlp_kit import plotting

    ax = plotting.plot_activation("elu", alpha=0.5)
    labels = [line.get_label() for line in ax.get_lines()]
    assert any("f(z)" in t for t in labels) and any("f'(z)" in t for t in labels)
    assert "elu" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    f_line = _line(ax, "f(z)")
    np.testing.assert_allclose(f_line.get_ydata(), activations.elu(f_line.get_xdata(), 0.5))


def _line(ax, text):
    """The curve whose legend label contains ``text``."""
    return next(line for line in ax.get_lines() if text in line.get_label())


def test_plot_activations_makes_one_panel_per_name():
    from mlp_kit import plotting

    names = ["sigmoid", "tanh", "relu", "softmax", "step"]
    axes = plotting.plot_activations(names)
    titled = [ax for ax in axes if ax.get_title()]
    assert [ax.get_title().split()[0] for ax in titled] == names
    with pytest.raises(ShapeError, match="unknown activation 'sigmod'"):
        plotting.plot_activations(["sigmod"])


def test_activation_explorer_updates_without_a_browser():
    from mlp_kit import widgets

    box = widgets.activation_explorer()
    assert box.dropdown.value == "relu"
    assert box.slider.layout.display == "none"          # relu takes no alpha
    box.dropdown.value = "elu"
    assert box.slider.layout.display != "none"
    box.slider.value = 0.5
    ax = box.figure.axes[0]
    assert "elu" in ax.get_title() and "0.5" in ax.get_title()
    f_line = _line(ax, "f(z)")
    np.testing.assert_allclose(f_line.get_ydata(), activations.elu(f_line.get_xdata(), 0.5))
    box.update("sigmoid")
    assert "sigmoid" in box.figure.axes[0].get_title()
