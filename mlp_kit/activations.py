"""Activation functions and their derivatives, in one registry (lesson 02).

Each activation ``f`` sits next to its derivative ``df`` (= f'(z), element by
element). The registry maps a name to the pair::

    f, df = get("tanh")
    f(0.5), df(0.5)                      # 0.462..., 0.786...
    f, df = get("leaky_relu", alpha=0.1)  # parametric ones take alpha

Adding an activation is one pair of functions and one registry entry.

Softmax is the odd one out: every output depends on every input of its row,
so its derivative is a Jacobian, not one number per entry. For the backward
pass use ``backward(name, z, g)`` (upstream gradient ``g`` in, ``dL/dz`` out),
which calls ``softmax_jvp`` for softmax. ``df`` for softmax returns only the
diagonal of the Jacobian, s * (1 - s), which is what a plot of f' shows.

All functions accept arrays of any shape (softmax works on the last axis),
keep float32 as float32, and are numerically stable: no overflow for
|z| up to 1e3 and beyond. Results that underflow to 0 (e.g. exp(-1000)) are
exact, so that harmless underflow is not reported.
"""

import difflib
import functools

import numpy as np

from mlp_kit.errors import ShapeError


def _float(z):
    """``z`` as a float array (float32 stays float32; ints and lists become float64)."""
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


# ---------------------------------------------------------------- f and f'


def step(z):
    """Heaviside step: 1 where z >= 0, else 0 (floats)."""
    z = _float(z)
    return (z >= 0).astype(z.dtype)


def step_derivative(z):
    """0 everywhere (undefined at 0): no gradient flows through a step."""
    return np.zeros_like(_float(z))


@np.errstate(under="ignore")
def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), range (0, 1).

    Written with exp(-|z|) so that exp never overflows:
    for z >= 0 it is 1 / (1 + e), for z < 0 it is e / (1 + e), with e = exp(-|z|).
    """
    z = _float(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1, e) / (1 + e)


def sigmoid_derivative(z):
    """s * (1 - s) with s = sigmoid(z); largest (0.25) at z = 0."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    """Hyperbolic tangent, range (-1, 1); tanh(z) = 2 * sigmoid(2z) - 1."""
    return np.tanh(_float(z))


def tanh_derivative(z):
    """1 - tanh(z)**2; largest (1) at z = 0."""
    t = np.tanh(_float(z))
    return 1 - t * t


def relu(z):
    """Rectified linear unit max(0, z)."""
    return np.maximum(_float(z), 0)


def relu_derivative(z):
    """1 where z > 0, else 0 (we take 0 at the kink z = 0, as TensorFlow does)."""
    z = _float(z)
    return (z > 0).astype(z.dtype)


def leaky_relu(z, alpha=0.01):
    """z where z > 0, else alpha * z: a small slope keeps negative units alive."""
    z = _float(z)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_derivative(z, alpha=0.01):
    """1 where z > 0, else alpha."""
    z = _float(z)
    return np.where(z > 0, 1, alpha).astype(z.dtype)


def prelu(z, alpha=0.25):
    """Parametric ReLU: leaky ReLU whose slope ``alpha`` is learned (here: given)."""
    return leaky_relu(z, alpha)


def prelu_derivative(z, alpha=0.25):
    """1 where z > 0, else alpha (the derivative with respect to z)."""
    return leaky_relu_derivative(z, alpha)


def elu(z, alpha=1.0):
    """Exponential linear unit: z where z > 0, else alpha * (exp(z) - 1), range (-alpha, inf).

    ``expm1(min(z, 0))`` is used so that exp is never asked for exp(1000).
    """
    z = _float(z)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0)))


@np.errstate(under="ignore")
def elu_derivative(z, alpha=1.0):
    """1 where z > 0, else alpha * exp(z)."""
    z = _float(z)
    return np.where(z > 0, 1, alpha * np.exp(np.minimum(z, 0))).astype(z.dtype)


def linear(z):
    """Identity f(z) = z: "no activation" (regression outputs)."""
    return _float(z)


def linear_derivative(z):
    """1 everywhere."""
    return np.ones_like(_float(z))


@np.errstate(under="ignore")
def softmax(z):
    """exp(z) / sum(exp(z)) along the last axis: each row becomes probabilities summing to 1.

    Subtracting the row maximum first changes nothing (softmax(z + c) == softmax(z))
    but keeps exp from overflowing.
    """
    z = _float(z)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_derivative(z):
    """Diagonal of the softmax Jacobian, s * (1 - s): how output i reacts to its own input z_i.

    Not enough for backpropagation (output i also reacts to the other inputs);
    use ``softmax_jvp`` (or ``backward("softmax", z, g)``) there.
    """
    s = softmax(z)
    return s * (1 - s)


def softmax_jvp(s, g):
    """Backward pass through softmax: given s = softmax(z) and upstream g = dL/ds, return dL/dz.

    The Jacobian is ds_i/dz_j = s_i * (delta_ij - s_j), so
    dL/dz = s * (g - sum(g * s)), the sum along the last axis.
    """
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))


@np.errstate(under="ignore")
def log_softmax(z):
    """log(softmax(z)) along the last axis, computed without taking the log of a tiny number."""
    z = _float(z)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


# ---------------------------------------------------------------- the registry

ACTIVATIONS = {
    "step": (step, step_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "elu": (elu, elu_derivative),
    "prelu": (prelu, prelu_derivative),
    "softmax": (softmax, softmax_derivative),
    "linear": (linear, linear_derivative),
}

# Activations with a parameter alpha, and its default value.
DEFAULT_ALPHA = {"leaky_relu": 0.01, "elu": 1.0, "prelu": 0.25}


def check_name(name, known, what, where):
    """Raise ShapeError unless ``name`` is in ``known``; the message lists the known names."""
    if isinstance(name, str) and name in known:
        return name
    close = difflib.get_close_matches(str(name).lower(), list(known), n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ShapeError(f"{where}: unknown {what} {name!r}; known: {', '.join(known)}.{hint}")


def get(name, alpha=None):
    """Return the pair ``(f, df)`` for the activation ``name``.

    For leaky_relu, elu and prelu, ``alpha`` (default: ``DEFAULT_ALPHA[name]``)
    is bound into both functions; the others take no alpha.
    """
    check_name(name, ACTIVATIONS, "activation", "activations.get()")
    f, df = ACTIVATIONS[name]
    if name in DEFAULT_ALPHA:
        alpha = DEFAULT_ALPHA[name] if alpha is None else alpha
        if not (isinstance(alpha, (int, float, np.number)) and np.isfinite(alpha)):
            raise ShapeError(
                f"activations.get(): alpha must be a finite number, got alpha={alpha!r}."
            )
        alpha = float(alpha)
        return functools.partial(f, alpha=alpha), functools.partial(df, alpha=alpha)
    if alpha is not None:
        raise ShapeError(
            f"activations.get(): {name!r} takes no alpha (got alpha={alpha!r}); only "
            f"{', '.join(DEFAULT_ALPHA)} do."
        )
    return f, df


def backward(name, z, g, alpha=None):
    """dL/dz from the upstream gradient ``g`` = dL/df(z), for the activation ``name``.

    Elementwise activations: ``g * df(z)``. Softmax: ``softmax_jvp(softmax(z), g)``.
    """
    f, df = get(name, alpha)
    if name == "softmax":
        return softmax_jvp(f(z), g)
    return g * df(z)
