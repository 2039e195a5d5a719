"""Counting the parameters of a network, with the arithmetic written out (lesson 05).

A layer's parameters are the entries of the weight tensors it creates in its
``build()``. Every formula below is read off those shapes::

    Dense         n_in·units + units                  kernel (n_in, units), bias (units,)
    Conv (any D)  (k_1·…·k_D·c_in/groups + 1)·filters kernel (k_1, …, k_D, c_in/groups, filters)
    SimpleRNN     u·(d + u) + u                       kernel (d, u), recurrent (u, u), bias (u,)
    LSTM          4·(u·(d + u) + u)                   3 gates + a candidate: 4 blocks like a SimpleRNN
    GRU           3·(u·(d + u) + u) + 3u              2 gates + a candidate; reset_after adds a 2nd bias
    BatchNorm     4 per channel: γ, β trainable; moving mean and variance not

``params.explain(model)`` applies them to every layer of a built Keras model, from the
layer's configuration and input shape (never by asking Keras for the count),
and writes the arithmetic out; ``params.count_params(model)`` returns the total.
Both read Keras models, so they live with the Keras tools (``mlp_kit/explain.py``);
this module forwards them.

>>> dense(784, 300)
235500
>>> conv((3, 3), 3, 32)
896
>>> batch_norm(32)
Counts(trainable=64, non_trainable=64, total=128)

Importing this module does not import Keras; ``explain`` does, when called.
"""

from math import prod
from numbers import Integral
from typing import NamedTuple

from mlp_kit.errors import ShapeError

# ---------------------------------------------------------------------------
# Checking arguments
# ---------------------------------------------------------------------------

_MEANING = {
    "n_in": "inputs per sample",
    "units": "neurons",
    "c_in": "input channels",
    "filters": "filters (output channels)",
    "groups": "channel groups",
    "depth_multiplier": "filters per input channel",
    "channels": "channels",
    "features": "features",
    "input_dim": "vocabulary size",
    "output_dim": "numbers per embedding vector",
    "d": "features per time step",
    "u": "units",
    "kernel_size": "kernel width",
}


def _size(where, name, value, minimum=1):
    """``value`` as an int >= ``minimum``, or raise ShapeError (expected / received / fix)."""
    meaning = _MEANING.get(name, "a size")
    if isinstance(value, bool) or not isinstance(value, Integral):
        if isinstance(value, float) and value.is_integer():
            fix = f"pass {name}={int(value)} (an int, not a float)"
        else:
            fix = f"pass a whole number such as {name}=3"
        raise ShapeError(
            f"{where}: expected {name} ({meaning}) to be a whole number >= {minimum}, "
            f"received {name}={value!r}. Fix: {fix}."
        )
    if value < minimum:
        raise ShapeError(
            f"{where}: expected {name} ({meaning}) to be >= {minimum}, received {name}={value}. "
            f"Fix: a layer has at least {minimum} of them; check the sign and the shape you read "
            f"it from."
        )
    return int(value)


def _flag(where, name, value):
    """Return ``value`` if it is a bool, else raise ShapeError."""
    if not isinstance(value, bool):
        raise ShapeError(
            f"{where}: expected {name} to be True or False, received {name}={value!r}."
        )
    return value


def _kernel(where, kernel_size, rank=None):
    """Kernel size as a tuple, one entry per spatial axis: 3 → (3,); 3 with rank=2 → (3, 3)."""
    if isinstance(kernel_size, (tuple, list)):
        dims = tuple(_size(where, "kernel_size", k) for k in kernel_size)
        if not dims or (rank is not None and rank != len(dims)):
            raise ShapeError(
                f"{where}: expected kernel_size with one entry per spatial axis (rank={rank}), "
                f"received kernel_size={kernel_size!r}. Fix: e.g. (3, 3) for a 3×3 Conv2D."
            )
        return dims
    k = _size(where, "kernel_size", kernel_size)
    n = 1 if rank is None else _size(where, "rank", rank)
    return (k,) * n


def _divides(where, groups, name, value):
    if value % groups:
        divisors = [g for g in range(1, value + 1) if value % g == 0]
        raise ShapeError(
            f"{where}: expected groups to divide {name}={value} evenly (each group holds "
            f"{name}/groups of them), received groups={groups}. Fix: pick groups from "
            f"{divisors}."
        )


# ---------------------------------------------------------------------------
# The formulas
# ---------------------------------------------------------------------------


class Counts(NamedTuple):
    """Parameters split as Keras splits them: ``trainable`` + ``non_trainable`` = ``total``."""

    trainable: int
    non_trainable: int

    @property
    def total(self):
        return self.trainable + self.non_trainable

    def __repr__(self):
        return (
            f"Counts(trainable={self.trainable}, non_trainable={self.non_trainable}, "
            f"total={self.total})"
        )


def dense(n_in, units, use_bias=True):
    """Dense layer: ``n_in·units + units`` (kernel (n_in, units), one bias per neuron).

    On inputs with more axes, e.g. (batch, time, n_in), the same kernel is applied
    along the last axis, so the count only depends on ``n_in``.

    >>> dense(784, 300)          # 784·300 + 300
    235500
    """
    where = "dense()"
    n_in, units = _size(where, "n_in", n_in), _size(where, "units", units)
    return n_in * units + units * _flag(where, "use_bias", use_bias)


def conv(kernel_size, c_in, filters, groups=1, use_bias=True, *, rank=None):
    """Convolution (Conv1D/2D/3D): ``(k_1·…·k_D·c_in/groups + 1)·filters``.

    Each filter has a kernel of shape (k_1, …, k_D, c_in/groups) and one bias. The
    weights are shared across positions, so strides, padding, dilation and the
    image size do not change the count. Conv2DTranspose has the same count (its
    kernel is (k_h, k_w, filters, c_in)).

    kernel_size : int or tuple, one entry per spatial axis, e.g. (3, 3). A bare int
        is a 1-D kernel unless ``rank`` says how many axes: Keras' ``Conv2D(32, 3)``
        is ``conv(3, c_in, 32, rank=2)`` or ``conv((3, 3), c_in, 32)``.
    c_in : int, channels of the input; filters : int, channels of the output.
    groups : int dividing both c_in and filters.

    >>> conv(2, 1, 1)            # Conv1D(1, 2) on 3 numbers: 2 weights + 1 bias
    3
    >>> conv((3, 3), 3, 32)      # (3·3·3 + 1)·32
    896
    """
    where = "conv()"
    dims = _kernel(where, kernel_size, rank)
    c_in, filters = _size(where, "c_in", c_in), _size(where, "filters", filters)
    groups = _size(where, "groups", groups)
    _divides(where, groups, "c_in", c_in)
    _divides(where, groups, "filters", filters)
    per_filter = prod(dims) * (c_in // groups) + _flag(where, "use_bias", use_bias)
    return per_filter * filters


def depthwise_conv(kernel_size, c_in, depth_multiplier=1, use_bias=True, *, rank=None):
    """DepthwiseConv1D/2D: ``(k_1·…·k_D + 1)·c_in·depth_multiplier``.

    Every input channel gets its own ``depth_multiplier`` kernels of shape (k_1, …, k_D);
    channels are not mixed. Kernel (k_1, …, k_D, c_in, m), bias (c_in·m,).

    >>> depthwise_conv((3, 3), 32)   # (3·3 + 1)·32
    320
    """
    where = "depthwise_conv()"
    dims = _kernel(where, kernel_size, rank)
    c_in = _size(where, "c_in", c_in)
    m = _size(where, "depth_multiplier", depth_multiplier)
    return (prod(dims) + _flag(where, "use_bias", use_bias)) * c_in * m


def separable_conv(kernel_size, c_in, filters, depth_multiplier=1, use_bias=True, *, rank=None):
    """SeparableConv1D/2D: depthwise ``k_1·…·k_D·c_in·m`` + pointwise ``c_in·m·filters`` + bias.

    A depthwise convolution without bias, then a 1×1 convolution that mixes the
    c_in·m channels into ``filters`` outputs, with one bias per filter.

    >>> separable_conv((3, 3), 32, 64)   # 3·3·32 + 32·64 + 64
    2400
    """
    where = "separable_conv()"
    dims = _kernel(where, kernel_size, rank)
    c_in, filters = _size(where, "c_in", c_in), _size(where, "filters", filters)
    m = _size(where, "depth_multiplier", depth_multiplier)
    bias = filters * _flag(where, "use_bias", use_bias)
    return prod(dims) * c_in * m + c_in * m * filters + bias


def embedding(input_dim, output_dim):
    """Embedding: ``input_dim·output_dim``, one vector of output_dim numbers per token.

    >>> embedding(10_000, 16)
    160000
    """
    where = "embedding()"
    return _size(where, "input_dim", input_dim) * _size(where, "output_dim", output_dim)


def simple_rnn(d, u, use_bias=True):
    """SimpleRNN with d input features and u units: ``u·(d + u) + u``.

    Kernel (d, u) for the input, recurrent kernel (u, u) for the previous output,
    bias (u,). The time steps share these weights, so their number does not matter.

    >>> simple_rnn(3, 4)         # 4·(3 + 4) + 4
    32
    """
    where = "simple_rnn()"
    d, u = _size(where, "d", d), _size(where, "u", u)
    return u * (d + u) + u * _flag(where, "use_bias", use_bias)


def lstm(d, u, use_bias=True):
    """LSTM: ``4·(u·(d + u) + u)`` — input, forget and output gates plus the candidate, each like a SimpleRNN.

    >>> lstm(3, 4)               # 4·(4·(3 + 4) + 4)
    128
    """
    return 4 * simple_rnn(d, u, use_bias)


def gru(d, u, reset_after=True, use_bias=True):
    """GRU: ``3·(u·(d + u) + u)``, plus ``3u`` when ``reset_after=True`` (the Keras default).

    Update gate, reset gate and candidate. With reset_after=True the reset gate is
    applied after the recurrent product, which needs a second bias: bias shape
    (2, 3u) instead of (3u,).

    >>> gru(3, 4), gru(3, 4, reset_after=False)
    (108, 96)
    """
    blocks = 3 * simple_rnn(d, u, use_bias)      # update gate, reset gate, candidate
    return blocks + (3 * u if _flag("gru()", "reset_after", reset_after) and use_bias else 0)


def batch_norm(channels, center=True, scale=True):
    """BatchNormalization: per channel γ (scale), β (center) trainable; moving mean, variance not.

    >>> batch_norm(32)
    Counts(trainable=64, non_trainable=64, total=128)
    """
    where = "batch_norm()"
    c = _size(where, "channels", channels)
    learned = _flag(where, "center", center) + _flag(where, "scale", scale)
    return Counts(trainable=learned * c, non_trainable=2 * c)


def layer_norm(shape, center=True, scale=True):
    """LayerNormalization: γ and β for every entry of the normalized axes, ``2·features``.

    shape : int or tuple, the sizes of the normalized axes (default: the last axis).

    >>> layer_norm(64), layer_norm((5, 7))
    (128, 70)
    """
    where = "layer_norm()"
    dims = shape if isinstance(shape, (tuple, list)) else (shape,)
    features = prod(_size(where, "features", n) for n in dims)
    return (_flag(where, "center", center) + _flag(where, "scale", scale)) * features


def prelu(input_shape, shared_axes=None):
    """PReLU: one learned slope α per entry of the input, except along ``shared_axes``.

    input_shape : tuple without the batch axis, e.g. (48, 48, 32).
    shared_axes : Keras axes (1 = first axis after the batch) that share one α.

    >>> prelu((48, 48, 32)), prelu((48, 48, 32), shared_axes=[1, 2])
    (73728, 32)
    """
    where = "prelu()"
    dims = input_shape if isinstance(input_shape, (tuple, list)) else (input_shape,)
    alpha = [_size(where, "features", n) for n in dims]
    for axis in shared_axes or ():
        if not isinstance(axis, Integral) or not 1 <= axis <= len(alpha):
            raise ShapeError(
                f"{where}: expected shared_axes between 1 and {len(alpha)} (axis 0 is the "
                f"batch), received {axis!r}. Fix: for images (H, W, C) share H and W with "
                f"shared_axes=[1, 2]."
            )
        alpha[axis - 1] = 1
    return prod(alpha)


def normalization(features):
    """Normalization (the preprocessing layer): mean and variance per feature, plus a count.

    All are non-trainable: ``adapt()`` sets them from data. features : int or tuple
    (the sizes of the kept axes). Passing mean= and variance= creates no weights at all.

    >>> normalization(3)
    Counts(trainable=0, non_trainable=7, total=7)
    """
    dims = features if isinstance(features, (tuple, list)) else (features,)
    n = prod(_size("normalization()", "features", k) for k in dims)
    return Counts(trainable=0, non_trainable=2 * n + 1)


_FORWARDED = ("explain", "count_params", "Explanation", "Row", "UnknownLayerError")


def __getattr__(name):
    """``params.explain`` and friends, from ``mlp_kit.explain`` (imported on first use, so no cycle)."""
    if name in _FORWARDED:
        from mlp_kit import explain as keras_tools

        return getattr(keras_tools, name)
    raise AttributeError(f"module 'mlp_kit.params' has no attribute {name!r}")
