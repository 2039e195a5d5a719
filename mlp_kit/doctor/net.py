"""How the doctor sees a model: a graph of ``Node``s with shapes, read without changing anything.

``read(model_or_layers, x_shapes)`` accepts

- a built ``Sequential`` or functional ``Model``: nodes and shapes come from its graph;
- an unbuilt ``Sequential``, or a plain list of layers (optionally starting with
  ``keras.Input(...)``) — the form to use when Keras refuses to build a stack,
  e.g. ``[keras.Input((10,)), layers.Dense(32), layers.SimpleRNN(8)]``. Shapes are
  propagated here, layer by layer, with each layer's ``input_spec`` and
  ``compute_output_shape``; where a layer cannot take its input the problem is
  recorded in ``Net.problems`` and the shapes after it stay unknown.

Layers are recognised by class name (and their base classes' names), so this
module never imports Keras. Nothing here builds, calls or compiles a layer.
"""

from dataclasses import dataclass, field
from math import prod

from mlp_kit.errors import ShapeError

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
NO_WEIGHTS = LINEAR - {"BatchNormalization"} | {
    "InputLayer", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "MaxPooling1D", "MaxPooling2D",
    "MaxPooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "Concatenate", "Add",
    "Subtract", "Multiply", "Average", "Maximum", "Minimum", "RandomFlip", "RandomRotation", "RandomZoom",
    "RandomTranslation", "RandomContrast", "RandomCrop", "Resizing", "CenterCrop"}
ACTIVATION_LAYERS = {"Softmax": "softmax", "ELU": "elu", "LeakyReLU": "leaky_relu", "PReLU": "prelu"}


def kinds(obj):
    """The class names of ``obj`` and its bases, e.g. {'LSTM', 'RNN', 'Layer', ...}."""
    return {c.__name__ for c in type(obj).__mro__}


def is_recurrent(layer):
    k = kinds(layer)
    if "Bidirectional" in k or "TimeDistributed" in k:
        return is_recurrent(getattr(layer, "forward_layer", None) or getattr(layer, "layer", None))
    return "RNN" in k


def is_model(obj):
    return bool({"Model", "Functional", "Sequential"} & kinds(obj))


def activation_of(layer):
    """The name of the activation ``layer`` applies ('linear' for none), or None if it has no such idea."""
    k = type(layer).__name__
    if k in ACTIVATION_LAYERS:
        return ACTIVATION_LAYERS[k]
    if k == "ReLU":
        if getattr(layer, "negative_slope", 0):
            return "leaky_relu"
        return "relu6" if getattr(layer, "max_value", None) == 6 else "relu"
    fn = getattr(layer, "activation", None)
    if fn is None:
        return "linear" if k in WEIGHTED else None
    name = getattr(fn, "__name__", None) or type(fn).__name__
    name = name.removesuffix("_v2")  # tf.nn.softmax is softmax_v2
    return {"swish": "silu", "hard_swish": "hard_silu", "<lambda>": "custom"}.get(name, name)


@dataclass
class Node:
    """One call of one layer. Shapes include the batch axis, e.g. (None, 28, 28, 1); None = unknown."""

    index: int
    layer: object
    name: str
    kind: str
    parents: list = field(default_factory=list)
    children: list = field(default_factory=list)
    in_shape: tuple | None = None
    out_shape: tuple | None = None

    @property
    def activation(self):
        return activation_of(self.layer) if self.layer is not None else None

    def __repr__(self):
        return f"Node({self.index}, {self.kind} {self.name!r}, {self.in_shape} -> {self.out_shape})"


@dataclass
class Problem:
    """A layer that cannot take its input: ``why`` is 'ndim' (with ``expected``), 'axes' or 'keras'."""

    node: int
    why: str
    expected: str = ""
    detail: str = ""


@dataclass
class Net:
    nodes: list
    inputs: list          # indices of the input nodes
    outputs: list         # indices of the output nodes
    output_names: list
    model: object = None
    chain: bool = False   # read from a list of layers / an unbuilt Sequential
    input_from_arg: int | None = None  # layer whose input_shape= gave the chain its input
    subclassed: bool = False
    problems: list = field(default_factory=list)

    def input_shapes(self):
        return [self.nodes[i].out_shape for i in self.inputs]

    def walk(self, start, skip):
        """Follow single parents back from node ``start`` while the node's kind is in ``skip``."""
        node = self.nodes[start]
        while node.kind in skip and len(node.parents) == 1:
            node = self.nodes[node.parents[0]]
        return node


def _shape(s):
    return None if s is None else tuple(None if d is None else int(d) for d in s)


def read(obj, x_shapes=None):
    """The ``Net`` of a model or list of layers; ``x_shapes`` (per input, without batch) fill in a
    missing input shape."""
    if isinstance(obj, (list, tuple)):
        return _chain(list(obj), x_shapes, model=None)
    k = kinds(obj)
    if "Sequential" in k:
        functional = getattr(obj, "_functional", None)
        if obj.built and functional is not None:
            return _graph(functional, obj)
        return _chain(list(obj.layers), x_shapes, model=obj)
    if "Functional" in k:
        return _graph(obj, obj)
    if "Model" in k:
        return _subclassed(obj)
    raise ShapeError(
        f"check(): expected a Keras model or a list of layers, received {type(obj).__name__}. "
        f"Pass the model itself, or the layers as a list, e.g. "
        f"check([keras.Input((10,)), layers.Dense(32), layers.SimpleRNN(8)])."
    )


def _graph(fn, model):
    """Nodes of a functional graph in topological order (inputs first)."""
    by_depth = fn._nodes_by_depth
    keras_nodes = [n for d in sorted(by_depth, reverse=True) for n in by_depth[d]]
    index = {id(n): i for i, n in enumerate(keras_nodes)}
    nodes = []
    for i, kn in enumerate(keras_nodes):
        op = kn.operation
        ins = [t.shape for t in kn.input_tensors]
        nodes.append(Node(i, op, op.name, type(op).__name__,
                          parents=[index[id(p)] for p in kn.parent_nodes if id(p) in index],
                          in_shape=_shape(ins[0]) if ins else None,
                          out_shape=_shape(kn.outputs[0].shape) if kn.outputs else None))
    for node in nodes:
        for p in node.parents:
            nodes[p].children.append(node.index)

    def where(t):
        op, node_index, _ = t._keras_history
        return index[id(op._inbound_nodes[node_index])]

    outputs = [where(t) for t in fn.outputs]
    names = list(getattr(model, "output_names", None) or [])
    if len(names) != len(outputs):
        names = [nodes[i].name for i in outputs]
    return Net(nodes, [where(t) for t in fn.inputs], outputs, names, model=model)


def _subclassed(model):
    layers = list(model.layers)
    nodes = [Node(i, layer, layer.name, type(layer).__name__) for i, layer in enumerate(layers)]
    return Net(nodes, [], [], [], model=model, subclassed=True)


def _expand(items):
    """Flatten nested Sequential models into one list; keep inputs and other layers as they are."""
    out = []
    for item in items:
        if "Sequential" in kinds(item):
            out.extend(_expand(item.layers))
        else:
            out.append(item)
    return out


def _chain(items, x_shapes, model):
    items = _expand(items)
    start = None
    if items and {"KerasTensor", "InputLayer"} & kinds(items[0]):
        head = items.pop(0)
        start = _shape(head.shape) if "KerasTensor" in kinds(head) else _shape(head.batch_shape)
    for item in items:
        if not hasattr(item, "compute_output_shape") and not is_model(item):
            raise ShapeError(
                f"check(): every item of the list must be a Keras layer (or keras.Input first), "
                f"received {type(item).__name__} {item!r}. Fix: pass the layers as you would to "
                f"keras.Sequential([...])."
            )
    input_from_arg = None
    if start is None and items and getattr(items[0], "_input_shape_arg", None) is not None:
        start = (None, *_shape(items[0]._input_shape_arg))
        input_from_arg = 1
    if start is None and x_shapes and x_shapes[0] is not None:
        start = (None, *x_shapes[0])
    nodes = [Node(0, None, "input", "InputLayer", out_shape=start)]
    problems = []
    shape = start
    for i, layer in enumerate(items, start=1):
        node = Node(i, layer, layer.name, type(layer).__name__, parents=[i - 1], in_shape=shape)
        nodes[i - 1].children.append(i)
        if shape is not None:
            shape, problem = _propagate(layer, shape)
            if problem is not None:
                problem.node = i
                problems.append(problem)
        node.out_shape = shape
        nodes.append(node)
    return Net(nodes, [0], [len(nodes) - 1], [nodes[-1].name], model=model, chain=True,
               input_from_arg=input_from_arg, problems=problems)


def _propagate(layer, shape):
    """(output shape, None) or (None, Problem) for ``layer`` applied to ``shape``; unknown = (None, None)."""
    spec = getattr(layer, "input_spec", None)
    if isinstance(spec, (list, tuple)):
        spec = spec[0] if spec else None
    if spec is not None:
        nd = len(shape)
        for attr, bad, word in (("ndim", nd.__ne__, "ndim="), ("min_ndim", nd.__lt__, "min_ndim="),
                                ("max_ndim", nd.__gt__, "max_ndim=")):
            value = getattr(spec, attr, None)
            if value is not None and bad(value):
                return None, Problem(0, "ndim", expected=f"{word}{value}")
        for axis, value in (getattr(spec, "axes", None) or {}).items():
            if -nd <= axis < nd and shape[axis] is not None and value is not None and shape[axis] != value:
                return None, Problem(0, "axes", expected=f"axis {axis} of size {value}",
                                     detail=f"it gets {shape[axis]}")
    if is_model(layer):
        fn = getattr(layer, "_functional", layer)
        inputs = getattr(fn, "inputs", None) if getattr(layer, "built", False) else None
        if inputs and len(inputs) == 1 and _fits(_shape(inputs[0].shape), shape):
            outs = getattr(fn, "outputs", None) or []
            return (_shape(outs[0].shape) if len(outs) == 1 else None), None
        return None, None
    try:
        out = layer.compute_output_shape(shape)
    except NotImplementedError:
        return None, None
    except Exception as exc:  # Keras says why the layer cannot take this shape
        return None, Problem(0, "keras", detail=str(exc).split("\n")[0])
    if isinstance(out, (list, tuple)) and out and isinstance(out[0], (list, tuple)):
        return None, None  # several outputs: unknown from here on
    try:
        return _shape(out), None
    except (TypeError, ValueError):
        return None, None


def _fits(expected, got):
    return (expected is not None and len(expected) == len(got)
            and all(e is None or g is None or e == g for e, g in zip(expected, got, strict=True)))


# ---------------------------------------------------------------- parameters


def params_of(node):
    """Parameters of the node's layer: Keras' count when built, else a formula; None if unknown."""
    layer = node.layer
    if layer is None or node.kind in NO_WEIGHTS:
        return 0
    if getattr(layer, "built", False):
        try:
            return int(layer.count_params())
        except Exception:  # noqa: BLE001 - some layers cannot count before build
            pass
    shape = node.in_shape
    if shape is None or shape[-1] is None:
        return None
    n_in = shape[-1]
    cfg = layer.get_config()
    bias = 1 if cfg.get("use_bias", True) else 0
    if node.kind == "Dense":
        return n_in * cfg["units"] + bias * cfg["units"]
    if node.kind in ("Conv1D", "Conv2D", "Conv3D"):
        filters, groups = cfg["filters"], cfg.get("groups", 1)
        return prod(cfg["kernel_size"]) * n_in // groups * filters + bias * filters
    if node.kind == "BatchNormalization":
        return 4 * n_in
    if node.kind == "PReLU":
        dims = list(shape[1:])
        for axis in cfg.get("shared_axes") or []:
            dims[axis - 1] = 1
        return prod(dims) if None not in dims else None
    units = cfg.get("units")
    blocks = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}.get(node.kind)   # weight blocks: gates + candidate
    if blocks:
        extra = 3 * units if node.kind == "GRU" and cfg.get("reset_after", True) else 0
        return blocks * (units * (n_in + units) + units) + extra
    return None


def total_params(net):
    """All parameters of the net (each layer counted once), or None if any layer is unknown."""
    if net.model is not None and getattr(net.model, "built", False) and not net.chain:
        return int(net.model.count_params())
    seen, total = set(), 0
    for node in net.nodes:
        if node.layer is None or id(node.layer) in seen:
            continue
        seen.add(id(node.layer))
        count = params_of(node)
        if count is None:
            return None
        total += count
    return total


# ---------------------------------------------------------------- Keras 3 code for fixes


def spell(layer, **change):
    """Keras 3 code that builds ``layer`` again with ``change``, e.g. 'layers.Dense(10, activation="softmax")'."""
    kind = type(layer).__name__
    cfg = layer.get_config() if hasattr(layer, "get_config") else {}
    cfg = {**cfg, **change}
    args = []
    if "units" in cfg:
        args.append(str(cfg["units"]))
    elif "filters" in cfg:
        kernel = cfg.get("kernel_size")
        kernel = kernel[0] if isinstance(kernel, (list, tuple)) and len(set(kernel)) == 1 else kernel
        args.append(f"{cfg['filters']}, {tuple(kernel) if isinstance(kernel, list) else kernel}")
    act = cfg.get("activation")
    if isinstance(act, str) and act != "linear" and act is not None:
        args.append(f'activation="{act}"')
    if cfg.get("return_sequences"):
        args.append("return_sequences=True")
    return f"layers.{kind}({', '.join(args)})"


def width(shape):
    return None if shape is None else shape[-1]


def fmt_shape(shape):
    """(None, 28, 28) -> '(None, 28, 28)'; a 1-tuple keeps its comma."""
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def balanced_pair(n):
    """The factor pair (t, f) of ``n`` with t >= f > 1 closest to square, or None (n prime)."""
    best = None
    for f in range(2, int(n ** 0.5) + 1):
        if n % f == 0:
            best = (n // f, f)
    return best
