"""``explain(model)``: one row per layer of a Keras model, with its parameter count written out.

The input shape of each layer comes from the model's graph (``keras_graph``), the
count from the layer's configuration through the rules of ``layer_rules`` (never by
asking Keras for it). ``mlp_kit.params.explain`` and ``mlp_kit.params.count_params``
are these functions.
"""

import html
from dataclasses import asdict, dataclass

from mlp_kit.errors import ShapeError
from mlp_kit.keras_graph import built_input_shape, functional_of, has_own_weights, read_graph
from mlp_kit.layer_rules import LAYERS, Part, Unknown, count

# ---------------------------------------------------------------------------
# explain(model): one row per layer
# ---------------------------------------------------------------------------


class UnknownLayerError(NotImplementedError):
    """count_params() met a layer whose count it cannot compute (explain() shows which)."""


@dataclass(frozen=True)
class Row:
    """One layer of ``explain(model)``. ``params`` is None when the count was not computed.

    ``depth`` is 0 for the model's own layers, 1 for layers of a nested model (named
    ``outer/inner``), and so on. ``formula`` is the arithmetic with this layer's numbers.
    """

    name: str
    layer_type: str
    output_shape: object
    params: int | None
    trainable: int | None
    non_trainable: int | None
    formula: str
    input_shape: object = None
    depth: int = 0

    def __getitem__(self, key):
        return getattr(self, key)


_COLUMNS = ("Layer (type)", "Output shape", "Params", "Trainable", "Non-trainable", "Formula")


def _num(n):
    return "?" if n is None else f"{n:,}"


def _cells(row):
    label = "  " * row.depth + f"{row.name} ({row.layer_type})"
    shape = str(row.output_shape).replace("'", "")
    return (label, shape, _num(row.params), _num(row.trainable), _num(row.non_trainable),
            row.formula)


class Explanation:
    """The rows of ``explain(model)``: iterate, index (by position or name), print, or display.

    ``total``, ``trainable`` and ``non_trainable`` add the model's own layers (depth 0;
    a nested model's row is the sum of its layers). They are None when a layer's count
    could not be computed; ``unknown`` lists those rows.
    """

    def __init__(self, model_name, rows):
        self.model_name = model_name
        self.rows = list(rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, key):
        if isinstance(key, str):
            for row in self.rows:
                if row.name == key:
                    return row
            raise KeyError(f"no layer named {key!r}; names: {[r.name for r in self.rows]}")
        return self.rows[key]

    @property
    def unknown(self):
        return [row for row in self.rows if row.params is None]

    def _sum(self, field):
        values = [getattr(row, field) for row in self.rows if row.depth == 0]
        return None if any(v is None for v in values) else sum(values)

    @property
    def total(self):
        return self._sum("params")

    @property
    def trainable(self):
        return self._sum("trainable")

    @property
    def non_trainable(self):
        return self._sum("non_trainable")

    def footer(self):
        if self.total is None:
            kinds = sorted({row.layer_type for row in self.unknown})
            return f"Total: not computed, {len(self.unknown)} row(s) of unknown type {kinds}"
        return (f"Total: {self.total:,} (trainable {self.trainable:,}, "
                f"non-trainable {self.non_trainable:,})")

    def __str__(self):
        table = [_COLUMNS] + [_cells(row) for row in self.rows]
        widths = [max(len(line[i]) for line in table) for i in range(len(_COLUMNS))]
        right = (False, False, True, True, True, False)
        lines = ["  ".join(cell.rjust(w) if r else cell.ljust(w)
                           for cell, w, r in zip(line, widths, right, strict=True)).rstrip()
                 for line in table]
        rule = "-" * max(len(line) for line in lines)
        return "\n".join([f'Model "{self.model_name}"', rule, lines[0], rule, *lines[1:], rule,
                          self.footer()])

    __repr__ = __str__

    def _repr_html_(self):
        def tr(cells, tag="td"):
            styles = ("", "", ' style="text-align:right"', ' style="text-align:right"',
                      ' style="text-align:right"', "")
            return "<tr>" + "".join(f"<{tag}{s}>{html.escape(c)}</{tag}>"
                                    for c, s in zip(cells, styles, strict=True)) + "</tr>"
        body = "".join(tr(_cells(row)).replace("<td>", f'<td style="padding-left:'
                                               f'{0.3 + 1.5 * row.depth}em">', 1)
                       for row in self.rows)
        return (f"<table><caption>Model {html.escape(self.model_name)}</caption>"
                f"<thead>{tr(_COLUMNS, 'th')}</thead><tbody>{body}</tbody>"
                f'<tfoot><tr><td colspan="6">{html.escape(self.footer())}</td></tr></tfoot>'
                "</table>")

    def to_dataframe(self):
        """The rows as a pandas DataFrame (pandas is imported here, not at module import)."""
        import pandas as pd

        return pd.DataFrame([asdict(row) for row in self.rows])


def explain(model):
    """One row per layer of a built Keras model, with the count computed from its configuration.

    For each layer the input shape comes from the model's graph (functional models)
    or by passing the model's input shape through each layer's
    ``compute_output_spec`` (Sequential). A nested model (e.g. a VGG16 base) gets a
    row with its sum, followed by rows for its layers named ``vgg16/block1_conv1``.
    A frozen layer (``layer.trainable = False``), or any layer inside a frozen
    model, counts all its weights as non-trainable, as ``model.trainable_weights``
    does. A layer type this module does not know gets ``params=None`` and the
    formula says so ("unknown layer type X: count not computed"): it never guesses.
    Nor do quantized or LoRA-enabled layers, or weights a subclassed model creates
    itself.

    >>> explain(model)                        # doctest: +SKIP
    Layer (type)         Output shape   Params  Trainable  Non-trainable  Formula
    conv1d (Conv1D)      (None, 2, 1)        3          3              0  (2·1 + 1)·1 = 3
    """
    return Explanation(getattr(model, "name", type(model).__name__), model_rows(model))


def count_params(model):
    """Total parameter count of a built Keras model, computed as in ``explain(model)``.

    Raises UnknownLayerError (a NotImplementedError) when any layer's count could
    not be computed, naming the layers: a partial sum would be a wrong number.
    """
    table = explain(model)
    if table.unknown:
        names = ", ".join(f"{row.name} ({row.layer_type})" for row in table.unknown)
        raise UnknownLayerError(
            f"count_params(): cannot count {names}: mlp_kit.params has no formula for that "
            f"layer type. Fix: explain(model) shows every other row; count the unknown layer "
            f"from the weight shapes in its build() method."
        )
    return table.total


# ---------------------------------------------------------------------------
# Walking a model: one (layer, input shape, output shape) after the other
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


def _walk_sequential(model):
    import keras

    x = keras.KerasTensor(tuple(model.input_shape), dtype=model.inputs[0].dtype)
    for layer in model.layers:
        out = _spec(layer, x) if x is not None else None
        flat = keras.tree.flatten(out) if out is not None else []
        yield layer, tuple(x.shape) if x is not None else None, _shapes(flat) if flat else None
        x = flat[0] if len(flat) == 1 else None


def _one_or_list(shapes):
    return shapes[0] if len(shapes) == 1 else shapes


def _walk_graph(model, functional):
    nodes = {}
    for node in sorted(read_graph(functional).nodes, key=lambda n: n.depth):  # a shared layer: its
        nodes.setdefault(id(node.operation), node)                           # call nearest the output
    for layer in model.layers:
        node = nodes.get(id(layer))
        if node is None:
            yield _built_layer(layer)
        else:
            yield layer, _one_or_list(node.input_shapes or node.output_shapes), _one_or_list(node.output_shapes)


def _walk(model):
    """(layer, input shape, output shape) for each layer of ``model``, in order."""
    functional = functional_of(model)
    if functional is not None and functional is not model:  # a built Sequential
        return _walk_sequential(model)
    if functional is not None:
        return _walk_graph(model, functional)
    return (_built_layer(layer) for layer in model.layers)  # a subclassed model: no graph


def _built_layer(layer):
    """(layer, input shape, output shape) from the shape the layer was built with."""
    import keras

    shape = built_input_shape(layer)
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
    if has_own_weights(model):
        rows.append(Row(prefix + "(own weights)", type(model).__name__, None, None, None, None,
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
        return [Row(name, kind, out, None, None, None, str(why), shape, depth)]
    return [Row(name, kind, out, part.total, part.trainable, part.non_trainable,
                  part.formula(), shape, depth)]


def _nested_rows(model, shape, out, frozen, name, depth):
    inner = model_rows(model, frozen, name + "/", depth + 1)
    own = [row for row in inner if row.depth == depth + 1]
    kind = type(model).__name__
    if any(row.params is None for row in own):
        head = Row(name, kind, out, None, None, None,
                     "contains a layer of unknown type: count not computed", shape, depth)
    else:
        t, nt = sum(r.trainable for r in own), sum(r.non_trainable for r in own)
        head = Row(name, kind, out, t + nt, t, nt,
                     f"sum of its {len(own)} layers below = {t + nt:,}", shape, depth)
    return [head, *inner]


def _submodel(model, shape):  # a model wrapped in another layer (e.g. TimeDistributed(model))
    rows = [row for row in model_rows(model) if row.depth == 0]
    if any(row.params is None for row in rows):
        raise Unknown(f"{model.name} contains a layer of unknown type: count not computed")
    return Part(sum(r.trainable for r in rows), sum(r.non_trainable for r in rows),
                f"sum of its {len(rows)} layers")


LAYERS.update(dict.fromkeys(["Sequential", "Functional"], _submodel))  # a model inside a wrapper
