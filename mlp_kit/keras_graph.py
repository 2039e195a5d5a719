"""Every private Keras attribute the course reads, in one place, each with why.

Keras 3 has no public API for three things ``params.explain`` and the doctor need:
which layer call feeds which in a model's graph, the input shape a layer was
built with, and the ``input_shape=`` a layer was given but ignored. This module
reads them from Keras' private attributes and hands out plain values; nothing
else in ``mlp_kit`` touches a private Keras name. ``tests/test_keras_graph.py``
pins each function on the installed Keras, so an upgrade that moves one fails
there, with its name, instead of deep inside explain() or the doctor.

Keras is never imported here: objects are recognised by their class names.
"""

from dataclasses import dataclass, field


def kinds(obj):
    """The class names of ``obj`` and its bases, e.g. {'LSTM', 'RNN', 'Layer', ...}."""
    return {c.__name__ for c in type(obj).__mro__}


def _shape(shape):
    return None if shape is None else tuple(None if d is None else int(d) for d in shape)


@dataclass
class GraphNode:
    """One call of one layer in a functional graph. Shapes include the batch axis."""

    index: int  # position in topological order (inputs first)
    operation: object  # the layer (or nested model) called
    depth: int  # Keras' depth: 0 for the outputs, growing towards the inputs
    input_shapes: list  # one shape per input tensor
    output_shapes: list  # one shape per output tensor
    parents: list = field(default_factory=list)  # indices of the nodes that feed it


@dataclass
class Graph:
    nodes: list  # GraphNode, inputs first
    inputs: list  # indices of the nodes that make the model's inputs
    outputs: list  # indices of the nodes that make the model's outputs


def functional_of(model):
    """The functional graph behind ``model``, or None (a subclassed model, an unbuilt Sequential).

    A functional ``Model`` is its own graph; a ``Sequential`` keeps one in the private
    ``_functional`` once it knows its input shape.
    """
    if "Functional" in kinds(model):
        return model
    if "Sequential" in kinds(model) and getattr(model, "built", False):
        return getattr(model, "_functional", None)
    return None


def read_graph(functional):
    """The :class:`Graph` of a functional model (from the private ``_nodes_by_depth``)."""
    by_depth = functional._nodes_by_depth
    ordered = [(depth, node) for depth in sorted(by_depth, reverse=True) for node in by_depth[depth]]
    index = {id(node): i for i, (_, node) in enumerate(ordered)}
    nodes = [GraphNode(i, node.operation, depth,
                       [_shape(t.shape) for t in node.input_tensors],
                       [_shape(t.shape) for t in node.outputs],
                       [index[id(p)] for p in node.parent_nodes if id(p) in index])
             for i, (depth, node) in enumerate(ordered)]

    def made_by(tensor):  # the node that produced a tensor: its private _keras_history
        operation, node_index, _ = tensor._keras_history
        return index[id(operation._inbound_nodes[node_index])]

    return Graph(nodes, [made_by(t) for t in functional.inputs], [made_by(t) for t in functional.outputs])


def built_input_shape(layer):
    """The input shape ``layer`` was built with (a tuple, a list for several inputs), or None."""
    shapes = [tuple(s) for s in (getattr(layer, "_build_shapes_dict", None) or {}).values()]
    return shapes[0] if len(shapes) == 1 else (shapes or None)


def ignored_input_shape(layer):
    """The ``input_shape=`` given to a layer (Keras 3 keeps it, warns, and uses it only on a first layer)."""
    arg = getattr(layer, "_input_shape_arg", None)
    return None if arg is None else _shape(arg)


def has_own_weights(model):
    """Whether ``model`` created weights itself (``self.add_weight`` in a subclass), not in its layers."""
    return bool(getattr(model, "_trainable_variables", None) or getattr(model, "_non_trainable_variables", None))
