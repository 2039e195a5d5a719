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

from mlp_kit.errors import ShapeError
from mlp_kit.keras_graph import functional_of, ignored_input_shape, kinds, read_graph
from mlp_kit.layer_rules import LINEAR, PASS, WEIGHTED, Unknown, count

__all__ = ["LINEAR", "PASS", "WEIGHTED", "Net", "Node", "kinds", "params_of", "read", "total_params"]

ACTIVATION_LAYERS = {"Softmax": "softmax", "ELU": "elu", "LeakyReLU": "leaky_relu", "PReLU": "prelu"}


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
        functional = functional_of(obj)
        if functional is not None:
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
    graph = read_graph(fn)
    nodes = [Node(g.index, g.operation, g.operation.name, type(g.operation).__name__, parents=list(g.parents),
                  in_shape=g.input_shapes[0] if g.input_shapes else None,
                  out_shape=g.output_shapes[0] if g.output_shapes else None)
             for g in graph.nodes]
    for node in nodes:
        for p in node.parents:
            nodes[p].children.append(node.index)
    names = list(getattr(model, "output_names", None) or [])
    if len(names) != len(graph.outputs):
        names = [nodes[i].name for i in graph.outputs]
    return Net(nodes, graph.inputs, graph.outputs, names, model=model)


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
    if start is None and items and ignored_input_shape(items[0]) is not None:
        start = (None, *ignored_input_shape(items[0]))
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
        fn = functional_of(layer) or layer
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
    """Parameters of the node's layer: Keras' count when built, else the rule of ``layer_rules``; None if unknown."""
    layer = node.layer
    if layer is None:
        return 0
    if getattr(layer, "built", False):
        try:
            return int(layer.count_params())
        except Exception:  # noqa: BLE001 - some layers cannot count before build
            pass
    try:
        return count(layer, node.in_shape).total   # a layer without weights needs no shape
    except (Unknown, ShapeError, AttributeError, TypeError, ValueError):  # a config the rule cannot read
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
