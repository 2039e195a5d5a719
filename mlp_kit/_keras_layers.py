"""How ``mlp_kit.params.explain`` reads a Keras model: shapes from the graph, one rule per layer.

A rule is a function ``rule(layer, shape) -> Part``: it reads the layer's
configuration (``units``, ``filters``, ``kernel_size``, ``groups``, ``use_bias``, …)
and its input ``shape`` (with the batch axis, e.g. ``(None, 28, 28, 1)``; a list
of shapes for layers with several inputs), calls the formula in ``params``, and
writes the arithmetic out. To teach explain() a new layer type, write one rule
and add one entry to ``LAYERS`` (a layer without weights: one name in
``NO_WEIGHTS``). A layer type without a rule is reported as unknown, never guessed.

Keras is imported inside the functions that need it, never at module import.
"""

from math import prod
from typing import NamedTuple

from mlp_kit import params as P
from mlp_kit.errors import ShapeError


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


def _dense(layer, shape):  # kernel (n_in, units), bias (units,)
    n_in, units, bias = _dim(shape, -1, "last"), layer.units, layer.use_bias
    expr = f"{_n(n_in)}·{_n(units)}" + (f" + {_n(units)}" if bias else "")
    note = "on the last axis" if len(_single(shape)) > 2 else ""
    return Part(P.dense(n_in, units, bias), 0, expr, note)


def _conv(layer, shape):  # kernel (*kernel_size, c_in/groups, filters), bias (filters,)
    c_in, k, f = _channels(layer, shape), tuple(layer.kernel_size), layer.filters
    groups, bias = getattr(layer, "groups", 1) or 1, layer.use_bias
    per_filter = _dots(k + (c_in,)) + (f"/{groups}" if groups > 1 else "")
    expr = f"({per_filter} + 1)·{_n(f)}" if bias else f"{per_filter}·{_n(f)}"
    return Part(P.conv(k, c_in, f, groups, bias), 0, expr)


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


def _simple_rnn_cell(cell, d):  # kernel (d, u), recurrent (u, u), bias (u,)
    u, bias = cell.units, cell.use_bias
    core = f"{_n(u)}·({_n(d)} + {_n(u)})"
    return Part(P.simple_rnn(d, u, bias), 0, f"{core} + {_n(u)}" if bias else core)


def _lstm_cell(cell, d):  # kernel (d, 4u), recurrent (u, 4u), bias (4u,)
    u, bias = cell.units, cell.use_bias
    core = f"{_n(u)}·({_n(d)} + {_n(u)})"
    return Part(P.lstm(d, u, bias), 0, f"4·({core} + {_n(u)})" if bias else f"4·{core}")


def _gru_cell(cell, d):  # kernel (d, 3u), recurrent (u, 3u), bias (3u,) or (2, 3u)
    u, bias, after = cell.units, cell.use_bias, cell.reset_after
    core = f"{_n(u)}·({_n(d)} + {_n(u)})"
    if not bias:
        return Part(P.gru(d, u, after, bias), 0, f"3·{core}")
    expr = f"3·({core} + {_n(u)})" + (f" + 3·{_n(u)}" if after else "")
    return Part(P.gru(d, u, after), 0, expr, "reset_after=True: a second bias" if after else "")


CELLS = {"SimpleRNNCell": _simple_rnn_cell, "LSTMCell": _lstm_cell, "GRUCell": _gru_cell}


def _rnn(layer, shape):  # SimpleRNN, LSTM, GRU, RNN(cell): input (batch, time, d)
    kind = type(layer.cell).__name__
    if kind not in CELLS:
        raise Unknown(f"unknown RNN cell type {kind}: count not computed")
    return CELLS[kind](layer.cell, _dim(shape, -1, "feature"))


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


def _submodel(model, shape):  # a model wrapped in another layer (e.g. TimeDistributed(model))
    rows = [row for row in model_rows(model) if row.depth == 0]
    if any(row.params is None for row in rows):
        raise Unknown(f"{model.name} contains a layer of unknown type: count not computed")
    return Part(sum(r.trainable for r in rows), sum(r.non_trainable for r in rows),
                f"sum of its {len(rows)} layers")


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
    "Sequential": _submodel,
    "Functional": _submodel,
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


# ---------------------------------------------------------------------------
# Walking a model
# ---------------------------------------------------------------------------


def _shapes(tensors):
    shapes = [tuple(t.shape) for t in tensors]
    return shapes[0] if len(shapes) == 1 else shapes


def _spec(layer, x):
    """Output KerasTensor(s) of ``layer`` on ``x``, without adding nodes to any graph."""
    try:
        return layer.compute_output_spec(x)
    except Exception:  # a layer without shape inference: fall back on its own graph node
        try:
            return layer.output
        except (AttributeError, ValueError):
            return None


def _built_input(layer):
    shapes = [tuple(s) for s in (getattr(layer, "_build_shapes_dict", None) or {}).values()]
    return shapes[0] if len(shapes) == 1 else (shapes or None)


def _walk_sequential(model):
    import keras

    x = keras.KerasTensor(tuple(model.input_shape), dtype=model.inputs[0].dtype)
    for layer in model.layers:
        out = _spec(layer, x) if x is not None else None
        flat = keras.tree.flatten(out) if out is not None else []
        yield layer, tuple(x.shape) if x is not None else None, _shapes(flat) if flat else None
        x = flat[0] if len(flat) == 1 else None


def _walk_graph(model):
    nodes = {}
    for depth_nodes in model._nodes_by_depth.values():  # the nodes of this model's graph
        for node in depth_nodes:
            nodes.setdefault(id(node.operation), node)
    for layer in model.layers:
        node = nodes.get(id(layer))
        if node is None:
            yield _built_layer(layer)
        else:
            yield layer, _shapes(node.input_tensors or node.output_tensors), \
                _shapes(node.output_tensors)


def _walk(model):
    """(layer, input shape, output shape) for each layer of ``model``, in order."""
    import keras

    if isinstance(model, keras.Sequential) and getattr(model, "_functional", None):
        return _walk_sequential(model)
    if hasattr(model, "_nodes_by_depth"):
        return _walk_graph(model)
    return (_built_layer(layer) for layer in model.layers)  # a subclassed model: no graph


def _built_layer(layer):
    """(layer, input shape, output shape) from the shape the layer was built with."""
    import keras

    shape = _built_input(layer)
    if not isinstance(shape, tuple):
        return layer, shape, None
    out = _spec(layer, keras.KerasTensor(shape))
    return layer, shape, _shapes(keras.tree.flatten(out)) if out is not None else None


def check_model(model, where="explain()"):
    """Raise ShapeError unless ``model`` is a built Keras model."""
    import keras

    if not isinstance(model, keras.Model):
        hint = (" Fix: wrap it, e.g. keras.Sequential([keras.Input(shape), layer])."
                if isinstance(model, keras.layers.Layer) else " Fix: pass the model itself.")
        raise ShapeError(f"{where}: expected a Keras model, received {type(model).__name__}."
                         + hint)
    if not model.built:
        raise ShapeError(
            f"{where}: expected a built model, received {model.name!r} with no input shape yet, "
            "so the size of each layer's input is unknown. Fix: start it with "
            "keras.Input(shape=(n_features,)), call model.build((None, n_features)), or call "
            "the model on one batch."
        )


def model_rows(model, frozen=False, prefix="", depth=0):
    """Rows for every layer of ``model`` (nested models expanded below their own row)."""
    if depth == 0:
        check_model(model)
    rows = []
    for layer, shape, out in _walk(model):
        rows += layer_rows(layer, shape, out, frozen, prefix, depth)
    if getattr(model, "_trainable_variables", None) or getattr(model, "_non_trainable_variables",
                                                               None):
        rows.append(P.Row(prefix + "(own weights)", type(model).__name__, None, None, None, None,
                          "weights created by the model itself: count not computed",
                          None, depth))
    return rows


def layer_rows(layer, shape, out, frozen, prefix, depth):
    """The row of one layer (a nested model: its sum row, then its layers' rows)."""
    import keras

    frozen = frozen or not layer.trainable
    name, kind = prefix + layer.name, type(layer).__name__
    if isinstance(layer, keras.Model):
        return _nested_rows(layer, shape, out, frozen, name, depth)
    try:
        part = count(layer, shape).freeze(frozen)
    except Unknown as why:
        return [P.Row(name, kind, out, None, None, None, str(why), shape, depth)]
    return [P.Row(name, kind, out, part.total, part.trainable, part.non_trainable,
                  part.formula(), shape, depth)]


def _nested_rows(model, shape, out, frozen, name, depth):
    inner = model_rows(model, frozen, name + "/", depth + 1)
    own = [row for row in inner if row.depth == depth + 1]
    kind = type(model).__name__
    if any(row.params is None for row in own):
        head = P.Row(name, kind, out, None, None, None,
                     "contains a layer of unknown type: count not computed", shape, depth)
    else:
        t, nt = sum(r.trainable for r in own), sum(r.non_trainable for r in own)
        head = P.Row(name, kind, out, t + nt, t, nt,
                     f"sum of its {len(own)} layers below = {_n(t + nt)}", shape, depth)
    return [head, *inner]
