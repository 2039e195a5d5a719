"""What the course knows about each Keras layer type, in one registry.

- ``LAYERS``: the parameter-count rule of each type. A rule is a function
  ``rule(layer, shape) -> Part``: it reads the layer's configuration (``units``,
  ``filters``, ``kernel_size``, ``groups``, ``use_bias``, …) and its input ``shape``
  (with the batch axis, e.g. ``(None, 28, 28, 1)``; a list of shapes for layers
  with several inputs), calls the formula in ``params``, and writes the arithmetic
  out. To teach the course a new layer type, write one rule and add one entry to
  ``LAYERS`` (a layer without weights: one name in ``NO_WEIGHTS``). A type without a
  rule is reported as unknown, never guessed. ``explain(model)`` and the doctor
  count with these rules; the lesson 05 widget writes the same arithmetic
  (``dense_part``, ``conv_part``, ``rnn_part``).
- ``WEIGHTED``, ``LINEAR``, ``PASS``: the families the doctor reasons with (a
  linear map, what keeps a map linear, what passes values through unchanged).

Keras is never imported here: layers are recognised by their class names.
"""

from math import prod
from typing import NamedTuple

from mlp_kit import params as P


class Unknown(Exception):
    """The count cannot be computed; the message (the row's formula) says why."""


def _n(x):
    return f"{x:,}"


def _dots(numbers):
    return "·".join(_n(x) for x in numbers)


class Part(NamedTuple):
    """A layer's count: ``expr`` is the arithmetic with its numbers, e.g. ``784·300 + 300``."""

    trainable: int
    non_trainable: int
    expr: str
    note: str = ""

    @property
    def total(self):
        return self.trainable + self.non_trainable

    def formula(self):
        text = self.expr if self.expr == _n(self.total) else f"{self.expr} = {_n(self.total)}"
        return f"{text} ({self.note})" if self.note else text

    def freeze(self, frozen):
        """All weights non-trainable when ``frozen`` (layer.trainable = False)."""
        if not frozen or self.total == 0 or "frozen" in self.note:
            return self
        note = "; ".join(filter(None, [self.note, "frozen: all non-trainable"]))
        return Part(0, self.total, self.expr, note)


# ---------------------------------------------------------------------------
# Reading the input shape
# ---------------------------------------------------------------------------


def _single(shape):
    if isinstance(shape, list):
        if len(shape) != 1:
            raise Unknown(f"expected one input, got {len(shape)}: count not computed")
        shape = shape[0]
    if shape is None:
        raise Unknown("input shape unknown: count not computed")
    return shape


def _dim(shape, axis, what):
    """Size of ``axis`` of the (single) input shape, or Unknown when it is None."""
    shape = _single(shape)
    size = shape[axis]
    if size is None:
        raise Unknown(f"the {what} axis of the input {shape} has no fixed size: "
                      "count not computed")
    return size


def _channels(layer, shape):
    axis = 1 if getattr(layer, "data_format", None) == "channels_first" else -1
    return _dim(shape, axis, "channel")


# ---------------------------------------------------------------------------
# One rule per layer type
# ---------------------------------------------------------------------------


def dense_part(n_in, units, use_bias=True, note=""):
    """Dense: kernel (n_in, units), bias (units,)."""
    expr = f"{_n(n_in)}·{_n(units)}" + (f" + {_n(units)}" if use_bias else "")
    return Part(P.dense(n_in, units, use_bias), 0, expr, note)


def conv_part(kernel_size, c_in, filters, groups=1, use_bias=True):
    """Convolution: kernel (*kernel_size, c_in/groups, filters), bias (filters,)."""
    k = tuple(kernel_size)
    per_filter = _dots(k + (c_in,)) + (f"/{groups}" if groups > 1 else "")
    expr = f"({per_filter} + 1)·{_n(filters)}" if use_bias else f"{per_filter}·{_n(filters)}"
    return Part(P.conv(k, c_in, filters, groups, use_bias), 0, expr)


def _dense(layer, shape):
    note = "on the last axis" if len(_single(shape)) > 2 else ""
    return dense_part(_dim(shape, -1, "last"), layer.units, layer.use_bias, note)


def _conv(layer, shape):
    return conv_part(layer.kernel_size, _channels(layer, shape), layer.filters,
                     getattr(layer, "groups", 1) or 1, layer.use_bias)


def _depthwise(layer, shape):  # kernel (*kernel_size, c_in, m), bias (c_in·m,)
    c_in, k, m = _channels(layer, shape), tuple(layer.kernel_size), layer.depth_multiplier
    outs = _dots([c_in, m] if m > 1 else [c_in])
    expr = f"({_dots(k)} + 1)·{outs}" if layer.use_bias else f"{_dots(k)}·{outs}"
    return Part(P.depthwise_conv(k, c_in, m, layer.use_bias), 0, expr)


def _separable(layer, shape):  # depthwise (*k, c_in, m), pointwise (1.., c_in·m, filters), bias
    c_in, k, m = _channels(layer, shape), tuple(layer.kernel_size), layer.depth_multiplier
    f, mid = layer.filters, [c_in, m] if m > 1 else [c_in]
    expr = f"{_dots(k + tuple(mid))} + {_dots(mid + [f])}"
    expr += f" + {_n(f)}" if layer.use_bias else ""
    return Part(P.separable_conv(k, c_in, f, m, layer.use_bias), 0, expr,
                "depthwise + pointwise" + (" + bias" if layer.use_bias else ""))


def _embedding(layer, shape):  # embeddings (input_dim, output_dim)
    expr = f"{_n(layer.input_dim)}·{_n(layer.output_dim)}"
    return Part(P.embedding(layer.input_dim, layer.output_dim), 0, expr)


def _batch_norm(layer, shape):  # gamma, beta (c,) trainable; moving mean, variance (c,) not
    c = _dim(shape, layer.axis, "normalized")
    counts = P.batch_norm(c, layer.center, layer.scale)
    learned = [w for w, on in (("γ", layer.scale), ("β", layer.center)) if on]
    stats = ["moving mean", "variance"] + (["stddev", "renorm mean", "renorm stddev"]
                                           if getattr(layer, "renorm", False) else [])
    expr = f"{len(stats)}·{_n(c)}"
    if learned:
        expr = f"{len(learned)}·{_n(c)} + {expr}"
    note = (f"{', '.join(learned)} trainable; " if learned else "") + f"{', '.join(stats)} not"
    return Part(counts.trainable, len(stats) * c, expr, note)


def _normalized_dims(layer, shape):
    axes = layer.axis if isinstance(layer.axis, (list, tuple)) else [layer.axis]
    return [_dim(shape, a, "normalized") for a in axes]


def _layer_norm(layer, shape):  # gamma, beta with the shape of the normalized axes
    dims = _normalized_dims(layer, shape)
    rms = getattr(layer, "rms_scaling", False)
    scale, center = bool(layer.scale or rms), bool(layer.center and not rms)
    n = scale + center
    names = ", ".join(w for w, on in (("γ", scale), ("β", center)) if on)
    return Part(P.layer_norm(tuple(dims), center, scale), 0, f"{n}·{_dots(dims)}" if n else "0",
                f"{names} per normalized entry" if n else "no weights")


def _rms_norm(layer, shape):  # scale with the shape of the normalized axes
    dims = _normalized_dims(layer, shape)
    return Part(prod(dims), 0, _dots(dims), "one scale per normalized entry")


def _group_norm(layer, shape):  # gamma, beta (channels,)
    c = _dim(shape, layer.axis, "channel")
    n = layer.scale + layer.center
    return Part(n * c, 0, f"{n}·{_n(c)}" if n else "0", "γ, β per channel" if n else "no weights")


def _prelu(layer, shape):  # alpha: the input shape without batch, 1 along shared axes
    shared = list(layer.shared_axes or [])
    dims = [1 if i in shared else n for i, n in enumerate(_single(shape)[1:], start=1)]
    if None in dims:
        raise Unknown(f"input {_single(shape)} has axes of no fixed size: count not computed")
    note = "one α per input entry" + (f", shared along axes {shared}" if shared else "")
    return Part(P.prelu(tuple(dims)), 0, _dots(dims), note)


def _normalization(layer, shape):  # mean, variance (kept axes), count (): all non-trainable
    if layer.input_mean is not None:
        return Part(0, 0, "0", "mean and variance given as constants: no weights")
    ndim = len(_single(shape))
    dims = [_dim(shape, a, "kept") for a in sorted(a % ndim for a in layer.axis)]
    counts = P.normalization(tuple(dims))
    return Part(0, counts.non_trainable, f"2·{_dots(dims) or 1} + 1",
                "mean, variance per feature + a count, set by adapt()")


def rnn_part(kind, d, u, use_bias=True, reset_after=True):
    """A recurrent layer ("SimpleRNN", "LSTM" or "GRU") with ``d`` features per step and ``u`` units.

    Each block is kernel (d, u), recurrent kernel (u, u) and bias (u,): one block for a
    SimpleRNN, four for an LSTM (3 gates + a candidate), three for a GRU (2 gates + a
    candidate; ``reset_after`` adds a second bias).
    """
    core = f"{_n(u)}·({_n(d)} + {_n(u)})"
    if kind == "SimpleRNN":
        return Part(P.simple_rnn(d, u, use_bias), 0, f"{core} + {_n(u)}" if use_bias else core)
    if kind == "LSTM":
        return Part(P.lstm(d, u, use_bias), 0, f"4·({core} + {_n(u)})" if use_bias else f"4·{core}")
    if kind == "GRU":
        if not use_bias:
            return Part(P.gru(d, u, reset_after, use_bias), 0, f"3·{core}")
        expr = f"3·({core} + {_n(u)})" + (f" + 3·{_n(u)}" if reset_after else "")
        return Part(P.gru(d, u, reset_after), 0, expr, "reset_after=True: a second bias" if reset_after else "")
    raise Unknown(f"unknown RNN cell type {kind}: count not computed")


CELLS = {"SimpleRNNCell": "SimpleRNN", "LSTMCell": "LSTM", "GRUCell": "GRU"}


def _rnn(layer, shape):  # SimpleRNN, LSTM, GRU, RNN(cell): input (batch, time, d)
    cell, kind = layer.cell, type(layer.cell).__name__
    if kind not in CELLS:
        raise Unknown(f"unknown RNN cell type {kind}: count not computed")
    return rnn_part(CELLS[kind], _dim(shape, -1, "feature"), cell.units, cell.use_bias,
                    getattr(cell, "reset_after", True))


def _bidirectional(layer, shape):  # a forward and a backward copy of the wrapped layer
    fwd, bwd = count(layer.forward_layer, shape), count(layer.backward_layer, shape)
    same = fwd.expr == bwd.expr and fwd.non_trainable == bwd.non_trainable
    expr = f"2·({fwd.expr})" if same else f"({fwd.expr}) + ({bwd.expr})"
    return Part(fwd.trainable + bwd.trainable, fwd.non_trainable + bwd.non_trainable, expr,
                "forward + backward copy")


def _time_distributed(layer, shape):  # the wrapped layer on each time step, weights shared
    shape = _single(shape)
    inner = count(layer.layer, (shape[0], *shape[2:]))
    note = "; ".join(filter(None, [f"one {type(layer.layer).__name__} shared by all time steps",
                                   inner.note]))
    return inner._replace(note=note)


NO_WEIGHTS = {
    "it only declares the input": ["InputLayer"],
    "it only rearranges the numbers": ["Flatten", "Reshape", "Permute", "RepeatVector"],
    "a fixed max or mean over each window": [
        f"{scope}{op}Pooling{d}D" for scope in ("", "Global", "Adaptive")
        for op in ("Max", "Average") for d in (1, 2, 3)],
    "random noise in training only": ["Dropout", "SpatialDropout1D", "SpatialDropout2D",
                                      "SpatialDropout3D", "GaussianDropout", "GaussianNoise",
                                      "AlphaDropout"],
    "a fixed function": ["Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "Lambda",
                         "UnitNormalization", "Identity", "Masking", "ActivityRegularization"],
    "combines its inputs": ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
                            "Concatenate", "Dot"],
    "pads, crops or repeats": [f"{op}{d}D" for op in ("ZeroPadding", "Cropping", "UpSampling")
                               for d in (1, 2, 3)],
    "a fixed transformation": ["Rescaling", "Resizing", "CenterCrop"],
    "random augmentation in training only": ["RandomFlip", "RandomRotation", "RandomZoom",
                                             "RandomTranslation", "RandomContrast",
                                             "RandomBrightness", "RandomCrop"],
}


# Families the doctor reasons with. A linear map (with an ``activation`` argument):
WEIGHTED = {"Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
            "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D"}
# Layers that are linear (or the identity at inference) and keep one input: a linear map
# followed by these is still a linear map.
LINEAR = {"Flatten", "Reshape", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
          "GaussianNoise", "GaussianDropout", "AlphaDropout", "AveragePooling1D", "AveragePooling2D",
          "AveragePooling3D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
          "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D",
          "Permute", "RepeatVector", "BatchNormalization", "Rescaling", "UpSampling1D", "UpSampling2D",
          "UpSampling3D", "Identity", "ActivityRegularization"}
# Layers that only pass values through on the way to the output (for finding the output activation).
PASS = LINEAR - {"BatchNormalization", "Rescaling", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
                 "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D"}


def _no_weights(reason):
    return lambda layer, shape: Part(0, 0, "0", f"no weights: {reason}")


LAYERS = {
    "Dense": _dense,
    **dict.fromkeys(["Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
                     "Conv3DTranspose"], _conv),
    "DepthwiseConv1D": _depthwise,
    "DepthwiseConv2D": _depthwise,
    "SeparableConv1D": _separable,
    "SeparableConv2D": _separable,
    "Embedding": _embedding,
    "BatchNormalization": _batch_norm,
    "LayerNormalization": _layer_norm,
    "RMSNormalization": _rms_norm,
    "GroupNormalization": _group_norm,
    "PReLU": _prelu,
    "Normalization": _normalization,
    **dict.fromkeys(["SimpleRNN", "LSTM", "GRU", "RNN"], _rnn),
    "Bidirectional": _bidirectional,
    "TimeDistributed": _time_distributed,
    **{name: _no_weights(reason) for reason, names in NO_WEIGHTS.items() for name in names},
}


def count(layer, shape):
    """The Part of one layer from its configuration and input shape; raises Unknown."""
    kind = type(layer).__name__
    rule = LAYERS.get(kind) if type(layer).__module__.startswith("keras.") else None
    if rule is None:
        raise Unknown(f"unknown layer type {kind}: count not computed")
    if getattr(layer, "quantization_mode", None) or getattr(layer, "lora_enabled", False):
        raise Unknown(f"{kind} is quantized or uses LoRA: count not computed")
    return rule(layer, shape).freeze(not layer.trainable)
