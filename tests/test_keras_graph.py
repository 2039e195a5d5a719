"""mlp_kit.keras_graph: the only place that reads private Keras attributes, pinned on the installed Keras.

If a Keras upgrade renames one of them, these tests fail here with the function's name,
instead of explain() or the doctor failing somewhere deep inside.
"""

import re
import warnings
from pathlib import Path

import pytest

import mlp_kit  # noqa: F401  (quiet TensorFlow before Keras loads)
from mlp_kit import keras_graph as G

keras = pytest.importorskip("keras")
layers = keras.layers


def branching_model():
    """image -> conv -> flat -> two heads (a shared Dense used twice) -> add."""
    x = keras.Input((6, 6, 1), name="image")
    h = layers.Flatten(name="flat")(layers.Conv2D(2, 3, name="conv")(x))
    shared = layers.Dense(4, name="shared")
    a = shared(h)
    b = shared(layers.Dense(32, name="widen")(h))
    return keras.Model(x, layers.Add(name="add")([a, b]), name="branching")


def test_functional_of_each_kind_of_model():
    functional = branching_model()
    assert G.functional_of(functional) is functional
    built = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    assert "Functional" in G.kinds(G.functional_of(built))
    assert G.functional_of(keras.Sequential([layers.Dense(2)])) is None        # no input shape yet

    class Sub(keras.Model):
        def call(self, x):
            return x

    assert G.functional_of(Sub()) is None


def test_read_graph_gives_nodes_inputs_first_with_parents_and_shapes():
    graph = G.read_graph(branching_model())
    names = [node.operation.name for node in graph.nodes]
    assert names[0] == "image" and names[-1] == "add"
    assert names.count("shared") == 2                                          # one node per call
    by_name = {}
    for node in graph.nodes:
        by_name.setdefault(node.operation.name, []).append(node)
    conv = by_name["conv"][0]
    assert conv.input_shapes == [(None, 6, 6, 1)] and conv.output_shapes == [(None, 4, 4, 2)]
    assert [graph.nodes[p].operation.name for p in conv.parents] == ["image"]
    add = by_name["add"][0]
    assert sorted(graph.nodes[p].operation.name for p in add.parents) == ["shared", "shared"]
    assert add.depth == 0 and conv.depth > add.depth
    assert [graph.nodes[i].operation.name for i in graph.inputs] == ["image"]
    assert [graph.nodes[i].operation.name for i in graph.outputs] == ["add"]
    for node in graph.nodes:
        assert all(p < node.index for p in node.parents)                      # topological order


def test_built_input_shape_and_own_weights():
    dense = layers.Dense(3)
    assert G.built_input_shape(dense) is None
    dense.build((None, 5))
    assert G.built_input_shape(dense) == (None, 5)

    class WithScale(keras.Model):
        def build(self, shape):
            self.scale = self.add_weight(shape=(), initializer="ones")

        def call(self, x):
            return x * self.scale

    model = WithScale()
    model(keras.ops.ones((1, 2)))
    assert G.has_own_weights(model)
    assert not G.has_own_weights(keras.Sequential([keras.Input((3,)), layers.Dense(2)]))


def test_ignored_input_shape_is_read_from_the_layer():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)                          # Keras warns about it
        later = layers.Dense(2, input_shape=(7,))
        by_dim = layers.Dense(2, input_dim=4)
    assert G.ignored_input_shape(later) == (7,)
    assert G.ignored_input_shape(by_dim) == (4,)
    assert G.ignored_input_shape(layers.Dense(2)) is None
    assert G.ignored_input_shape(None) is None


PRIVATE = ("_nodes_by_depth", "_keras_history", "_inbound_nodes", "_functional", "_input_shape_arg",
           "_build_shapes_dict", "_trainable_variables", "_non_trainable_variables")


def test_no_other_module_reads_a_private_keras_attribute():
    package = Path(G.__file__).parent
    readers = {}
    for path in sorted(package.rglob("*.py")):
        if path.name == "keras_graph.py":
            continue
        found = [name for name in PRIVATE if re.search(rf"\b{name}\b", path.read_text())]
        if found:
            readers[str(path.relative_to(package))] = found
    assert not readers, f"read private Keras attributes outside keras_graph.py: {readers}"
