"""The doctor: finds the classic beginner mistakes in a Keras model, its loss and its data.

    from mlp_kit import doctor
    doctor.check(model, x_train, y_train)                   # compiled model: the loss comes from compile
    doctor.check(model, x, y, loss="binary_crossentropy", validation_split=0.2)
    doctor.check([keras.Input((10,)), layers.Dense(32), layers.SimpleRNN(8)])   # a stack Keras refuses to build

``check`` accepts a built or compiled model, an unbuilt ``Sequential``, or a
plain list of layers (optionally starting with ``keras.Input(...)``) — the form
to use when ``keras.Sequential([...])`` itself raises. It never builds, trains,
compiles or changes the model. It returns a ``Findings`` list (errors first);
each ``Finding`` has a stable ``code``, a ``severity``, the ``layer`` it concerns
(a name, or None for the data) and a ``message``: what is wrong, why it matters,
and the fix in Keras 3 code (``fix`` holds the fix alone). In a notebook the
list shows as a table; ``print(findings)`` gives the same as text.

Severity: ``error`` — training breaks or its results mean nothing; ``warning`` —
very likely a mistake; ``info`` — worth knowing.

Codes
-----
Output layer, loss and targets:

- ``softmax-single-unit`` (error): Dense(1, activation="softmax") always outputs 1.0.
- ``categorical-single-unit`` (error): categorical cross-entropy on one output unit is always 0.
- ``logits-without-from-logits`` (error): an output without activation goes to a cross-entropy that expects
  probabilities.
- ``softmax-multilabel`` (error): softmax output on multi-label targets (rows of y with several 1s).
- ``categorical-loss-multilabel`` (error): categorical cross-entropy on multi-label targets.
- ``sparse-loss-onehot`` (error): sparse_categorical_crossentropy with one-hot (or multi-label) y.
- ``categorical-loss-int-labels`` (error): categorical_crossentropy with integer class labels.
- ``binary-loss-targets`` (error): binary cross-entropy with targets outside [0, 1] (class ids, -1/1).
- ``units-mismatch`` (error): output units differ from the number of classes or target columns.
- ``output-rank`` (error): the output keeps time/space axes but y has one label per sample.
- ``output-range`` (error): the output activation cannot reach the regression targets (sigmoid on prices,
  relu on negative targets, softmax on unbounded ones).
- ``loss-unknown`` (error): a loss name Keras does not know.
- ``sigmoid-categorical`` (warning): sigmoid outputs with (sparse) categorical cross-entropy.
- ``binary-loss-softmax`` (warning): binary cross-entropy on a softmax output with more than 2 classes.
- ``from-logits-activation`` (warning): from_logits=True on a softmax/sigmoid output (a double activation).

The stack of layers:

- ``rnn-input-2d`` (error): a recurrent layer gets 2-D input ("expected ndim=3, found ndim=2"); the fix
  gives the Reshape computed from the real width, e.g. Dense(32) → ``layers.Reshape((32, 1))`` or ``(8, 4)``.
- ``layer-input-ndim`` (error): a layer gets input of the wrong rank, e.g. Conv2D on (28, 28).
- ``shape-error`` (error): Keras cannot apply a layer to its input shape (e.g. a Reshape of the wrong size).
- ``linear-stack`` (warning): Dense/Conv layers with no nonlinearity between them collapse into one
  linear map (also when only the last layer has an activation).
- ``input-shape-later`` (warning): input_shape/input_dim on a later layer disagrees with what it gets.
- ``channels-first-model`` (warning): the input looks channels-first, e.g. Input((3, 150, 150)) before Conv2D.
- ``input-shape-ignored`` (info): input_shape/input_dim on a later layer, ignored by Keras 3.
- ``dense-after-flatten`` (info): a Dense after Flatten of a feature map holds most of the parameters.
- ``shapes-unknown`` (info): no input shape yet (no keras.Input, no x), so shapes were not checked.
- ``subclassed-model`` (info): a subclassed model hides how its layers connect; only loss and data checked.

The training data:

- ``x-shape-mismatch`` (error): x does not have the shape the model's input expects.
- ``channels-first-data`` (error): x is (N, 3, H, W) but the model is channels-last (H, W, 3).
- ``xy-length`` (error): x and y have different numbers of samples.
- ``validation-split-unseen`` (error): validation_split validates on classes the training part never shows.
- ``pixels-unscaled`` (warning): image-like x in 0–255 reaches the model without scaling.
- ``validation-split-skewed`` (warning): validation_split validates on very different class proportions.

What cannot be seen
-------------------
- ``input_shape``/``input_dim`` on a later layer: Keras 3 accepts it with a generic
  UserWarning, keeps it in a private attribute (not in ``get_config()``), and uses
  it only on the first layer of a ``Sequential``. The doctor reads it through
  ``mlp_kit.keras_graph.ignored_input_shape``; on the first layer of a built model it cannot
  tell a repeated shape from the one that created the Input (both are fine).
- A subclassed model's ``call()`` is code, not a graph: only loss and data are checked.
- Without x and without an input shape, an unbuilt ``Sequential`` has no shapes
  to check. Targets are only checked when y is given; multi-output models need y
  (and a loss) as a list or dict per output.
- Designed linear bottlenecks (a 1×1 projection into fewer channels followed by
  BatchNormalization, as in MobileNetV2) are not reported as linear stacks.

``import mlp_kit.doctor`` does not import TensorFlow; Keras is used only when a
loss is given by name.
"""

from mlp_kit.doctor import data as D
from mlp_kit.doctor import heads as H
from mlp_kit.doctor import net as N
from mlp_kit.doctor import stack as S
from mlp_kit.doctor.findings import CODES, Finding, Findings
from mlp_kit.doctor.targets import as_array, read_loss, read_targets
from mlp_kit.errors import ShapeError

__all__ = ["CODES", "Finding", "Findings", "check"]


def check(model, x=None, y=None, *, loss=None, validation_split=None):
    """Findings for ``model`` (a Keras model or a list of layers), its loss and, if given, its data.

    ``x``/``y`` are arrays (lists/dicts of arrays for several inputs/outputs); ``loss``
    overrides the compiled loss (string, ``keras.losses`` class, instance or function);
    ``validation_split`` is the fraction you pass to ``fit``. Returns ``Findings``.
    """
    if validation_split is not None and not (isinstance(validation_split, (int, float))
                                             and 0 <= validation_split < 1):
        raise ShapeError(
            f"check(): validation_split must be a number between 0 and 1, as in fit(), received "
            f"{validation_split!r}. Fix: e.g. validation_split=0.2."
        )
    xs = _split(x, "x", _n_inputs(model))
    net = N.read(model, [None if a is None else a.shape[1:] for a in xs] if xs else None)
    if xs and isinstance(x, dict):
        xs = [_as(x.get(net.nodes[i].name), "x") for i in net.inputs]

    found = list(S.check_visibility(net))
    channels_first, at = S.check_channels_first(net)
    found += channels_first
    found += S.check_problems(net, skip_after=at)
    found += S.check_linear_stack(net)
    found += S.check_input_shape_args(net)
    found += S.check_dense_after_flatten(net, N.total_params(net))

    heads, ys = _heads(net, model, y, loss)
    for head in heads:
        found += H.check_head(head)
    if xs:
        found += D.check_xy_length([a for a in xs if a is not None], ys)
        found += D.check_x_shapes(net, xs)
        found += D.check_pixels(net, xs)
    if validation_split:
        found += _validation(heads, validation_split)
    return Findings(_unique(found))


def _validation(heads, split):
    for head in heads:
        t, kind = head.targets, head.loss.kind if head.loss is not None else None
        if t is None or kind == "regression":
            continue
        classes = kind in ("categorical", "sparse", "binary") or t.kind in ("onehot", "multilabel") or (
            t.kind == "ids" and t.n_classes <= 100)
        if classes:
            out_rank = len(head.out_shape) if head.out_shape else 2
            return list(D.check_validation_split(head.y, split, out_rank))
    return []


def _unique(found):
    seen, out = set(), []
    for f in found:
        if (f.code, f.layer) not in seen:
            seen.add((f.code, f.layer))
            out.append(f)
    return out


def _n_inputs(model):
    if isinstance(model, (list, tuple)):
        return 1
    try:
        return len(model.inputs) if getattr(model, "built", False) else 1
    except (AttributeError, ValueError):
        return 1


def _as(a, name):
    return None if a is None else as_array(a, name)


def _split(data, name, n):
    """Per-input (or per-output) arrays: a list/tuple/dict of arrays for several, else one array."""
    if data is None:
        return []
    if isinstance(data, dict):
        return [_as(a, name) for a in data.values()]  # reordered by name once the net is known
    if isinstance(data, (list, tuple)) and n > 1 and len(data) == n and all(hasattr(a, "shape") for a in data):
        return [_as(a, name) for a in data]
    return [_as(data, name)]


def _heads(net, model, y, loss):
    """One Head per output, with its loss and targets; and [(label, y array)] for the data checks."""
    spec = loss if loss is not None else getattr(model, "loss", None) if not isinstance(model, (list, tuple)) else None
    names = net.output_names
    heads, ys = [], []
    outputs = net.outputs if not net.subclassed else [None]  # subclassed: check the loss against y only
    for i, (out, name) in enumerate(zip(outputs, names or [""], strict=True)):
        head = H.read_head(net, out, name) if out is not None else H.Head(name, None, None, None, None, None, None)
        head.loss = read_loss(_pick(spec, i, name, len(names)))
        target = _pick(y, i, name, len(names), arrays=True)
        if target is not None:
            target = as_array(target, "y")
            ys.append((f"[{name!r}]" if len(names) > 1 else "", target))
            head.y = target
            head.targets = read_targets(target, len(head.out_shape) if head.out_shape else 2)
        heads.append(head)
    return heads, ys


def _pick(spec, i, name, n, arrays=False):
    if spec is None:
        return None
    if isinstance(spec, dict):
        return spec.get(name)
    if isinstance(spec, (list, tuple)) and n > 1:
        if arrays and not all(hasattr(a, "shape") for a in spec):
            return None
        return spec[i] if i < len(spec) else None
    if n > 1 and arrays:
        return None  # one array for several outputs: cannot tell which
    return spec
