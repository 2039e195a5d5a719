"""Checks of each output ("head"): its activation and units against the loss and the targets.

A head is one model output with what belongs to it: the activation it ends
with, its number of units, its loss and its targets. ``check_head`` walks one
decision list per head and reports at most one root cause for the
loss/label pairing, so a learner sees the fix that matters, not its echoes.
"""

from dataclasses import dataclass

import numpy as np

from mlp_kit.doctor import net as N
from mlp_kit.doctor.findings import finding
from mlp_kit.doctor.targets import CROSS_ENTROPY, suggest_loss

# Output range of each activation: (low, high), both reachable in the limit.
RANGES = {
    "linear": (-np.inf, np.inf), "leaky_relu": (-np.inf, np.inf), "relu": (0, np.inf), "relu6": (0, 6),
    "sigmoid": (0, 1), "hard_sigmoid": (0, 1), "tanh": (-1, 1), "hard_tanh": (-1, 1), "softsign": (-1, 1),
    "softplus": (0, np.inf), "exponential": (0, np.inf), "elu": (-1, np.inf), "celu": (-1, np.inf),
    "selu": (-1.7581, np.inf), "gelu": (-0.17, np.inf), "silu": (-0.279, np.inf),
    "hard_silu": (-0.375, np.inf), "mish": (-0.309, np.inf), "log_softmax": (-np.inf, 0),
    "squareplus": (0, np.inf), "sparse_plus": (0, np.inf),
}
LOSS_CLASS = {"categorical_crossentropy": "CategoricalCrossentropy",
              "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
              "binary_crossentropy": "BinaryCrossentropy",
              "binary_focal_crossentropy": "BinaryFocalCrossentropy",
              "categorical_focal_crossentropy": "CategoricalFocalCrossentropy"}
ACT_SKIP = N.PASS | {"BatchNormalization"}


@dataclass
class Head:
    name: str
    layer: str            # name of the layer the findings point at
    act: str | None       # the activation the output ends with; None = cannot tell
    act_owner: object     # the weighted layer that applies ``act`` (None if a separate layer does)
    dense: object         # the last weighted layer (for spelling fixes), or None
    units: int | None
    out_shape: tuple | None
    loss: object = None   # targets.Loss or None
    targets: object = None  # targets.Targets or None
    y: object = None        # the target array

    def with_act(self, act, units=None):
        """Keras code for the output layer with activation ``act`` (None = no activation)."""
        change = {"activation": act or "linear"}
        if units is not None:
            change["units"] = units
        if self.act_owner is not None and N.is_recurrent(self.act_owner):
            rnn = N.spell(self.act_owner, activation="linear")
            return f"{rnn} followed by layers.Dense({units or 1}{_act_arg(act)})"
        if self.act_owner is not None:
            return N.spell(self.act_owner, **change)
        base = N.spell(self.dense, units=units or self.units, activation="linear") if self.dense else ""
        if not act:
            return base or "no activation layer at the output"
        return f'{base} + layers.Activation("{act}")' if base else f'layers.Activation("{act}")'

    def with_units(self, units):
        if self.dense is not None:
            return N.spell(self.dense, units=units)
        return f"an output layer with {units} units"


def _act_arg(act):
    return f', activation="{act}"' if act else ""


def read_head(net, out_index, name):
    """The Head of output ``out_index``: walks back past Dropout/Reshape/... to the activation."""
    node = net.walk(out_index, N.PASS)
    if N.is_model(node.layer) and getattr(node.layer, "built", False):
        try:
            sub = N.read(node.layer)
        except Exception:  # noqa: BLE001 - an odd nested model: report nothing about its head
            sub = None
        if sub is not None and len(sub.outputs) == 1:
            head = read_head(sub, sub.outputs[0], name)
            head.out_shape = net.nodes[out_index].out_shape or head.out_shape
            return head
    act = node.activation if node.layer is not None else None
    owner = node.layer if node.kind in N.WEIGHTED or N.is_recurrent(node.layer) else None
    dense = owner
    if owner is None and act is not None:
        dense_node = net.walk(node.parents[0], ACT_SKIP) if len(node.parents) == 1 else None
        if dense_node is not None and dense_node.kind in N.WEIGHTED:
            dense = dense_node.layer
            if act == "linear":  # Activation("linear") after Dense(...): the Dense decides
                act, owner = dense_node.activation, dense
    out_shape = net.nodes[out_index].out_shape
    units = N.width(out_shape)
    if units is None and dense is not None:
        units = getattr(dense, "units", None) or getattr(dense, "filters", None)
    return Head(name, (dense or node.layer).name if (dense or node.layer) is not None else name,
                act, owner, dense, units, out_shape)


def check_head(h):
    """Findings for one head (see the codes in the package docstring)."""
    L, T, act, units = h.loss, h.targets, h.act, h.units
    kind = L.kind if L is not None else None
    out = []
    if kind == "unknown":
        near = suggest_loss(L.name)
        fix = f'loss="{near[0]}"' if near else 'a Keras loss such as loss="sparse_categorical_crossentropy"'
        out.append(finding("loss-unknown", h.layer, f"Keras does not know the loss {L.name!r}.",
                           "fit() stops with 'Could not interpret loss identifier'.", fix))
        kind = None
    if act == "softmax" and units == 1:
        many = T is not None and T.kind == "ids" and T.n_classes > 2
        fix = (f'{h.with_act("softmax", units=T.n_classes)} with loss="sparse_categorical_crossentropy"' if many
               else f'{h.with_act("sigmoid")} with loss="binary_crossentropy"')
        out.append(finding("softmax-single-unit", h.layer, f"The output layer {h.layer!r} has 1 unit with softmax.",
                           "Softmax makes the outputs of each row sum to 1, so a single output is always "
                           "exactly 1.0: the loss cannot move it and every sample gets the same prediction.",
                           fix))
        return out
    if kind == "categorical" and units == 1:
        out.append(finding("categorical-single-unit", h.layer,
                           f"{L.name} is used with a single output unit ({h.layer!r}).",
                           "Categorical cross-entropy compares a distribution over K >= 2 classes; with one "
                           "unit Keras rescales the output to 1.0, the loss is 0 for every sample and nothing "
                           "is learned.", f'{h.with_act("sigmoid")} with loss="binary_crossentropy"'))
        return out
    if kind in CROSS_ENTROPY and L.from_logits and act in ("softmax", "sigmoid"):
        out.append(finding("from-logits-activation", h.layer,
                           f"The loss has from_logits=True, but the output {h.layer!r} already applies {act}.",
                           f"The loss applies {act} again. The TensorFlow backend notices and warns ('Was this "
                           f"intended?'); with JAX or PyTorch the outputs are squashed twice and training "
                           f"slows down or stalls.",
                           f"{h.with_act(None)} (logits) with from_logits=True, or keep {act} and use "
                           f'loss="{L.name}"'))
    if kind in CROSS_ENTROPY and not L.from_logits and act == "linear":
        cls = LOSS_CLASS.get(L.name, "CategoricalCrossentropy")
        prob = "sigmoid" if kind == "binary" else "softmax"
        out.append(finding("logits-without-from-logits", h.layer,
                           f"The output layer {h.layer!r} has no activation (it outputs logits), but "
                           f"{L.name} expects probabilities (from_logits=False).",
                           "The loss clips or rescales the raw outputs as if they were probabilities: negative "
                           "or large outputs get no useful gradient, training stalls, and predictions are "
                           "not probabilities.",
                           f"loss=keras.losses.{cls}(from_logits=True), or {h.with_act(prob)}"))
    if T is None:
        out.extend(_without_targets(h, kind, act, units))
        return out
    if not T.per_sample and h.out_shape is not None:
        out.append(_output_rank(h))
        return out
    out.extend(_with_targets(h, kind, act, units, T))
    return out


def _without_targets(h, kind, act, units):
    if act == "sigmoid" and kind in ("categorical", "sparse") and (units or 2) > 1:
        yield _sigmoid_categorical(h, "For one class per sample: " + h.with_act("softmax") + '. For several labels '
                                   'per sample: keep sigmoid and use loss="binary_crossentropy"')
    if act == "softmax" and kind == "binary" and units and units > 2:
        yield _binary_softmax(h)
    if kind == "sparse" and units == 1:
        yield finding("units-mismatch", h.layer, f"sparse_categorical_crossentropy with 1 output unit ({h.layer!r}).",
                      "The loss needs one output per class; one unit means a single class, and any label "
                      "other than 0 is out of range.",
                      f'{h.with_act("softmax", units=2)} for two classes, or {h.with_act("sigmoid")} with '
                      'loss="binary_crossentropy"')


def _with_targets(h, kind, act, units, T):
    shape = f"{T.shape}"
    if kind == "binary" and (T.lo < 0 or T.hi > 1):
        if T.kind == "ids":
            fix = f'{h.with_act("softmax", units=T.n_classes)} with loss="sparse_categorical_crossentropy"'
        elif T.integer and T.lo == -1 and T.hi == 1:
            fix = "y = (y + 1) // 2  (labels -1/1 become 0/1)"
        else:
            fix = f'a regression loss such as loss="mse" with {h.with_act(None)}, or scale y into [0, 1]'
        yield finding("binary-loss-targets", h.layer,
                      f"The loss is {L_(h)}, but y runs from {T.lo:g} to {T.hi:g}; it expects targets in [0, 1].",
                      "Binary cross-entropy reads each target as a probability; class ids above 1 or labels "
                      "of -1 make the loss negative or meaningless.", fix)
        return
    if T.kind == "multilabel":
        rows = _rows(T)
        if act == "softmax":
            yield finding("softmax-multilabel", h.layer,
                          f"The output {h.layer!r} uses softmax, but in y (shape {shape}) {rows}: the "
                          f"targets are multi-label.",
                          f"Softmax makes the {T.cols} outputs compete and sum to 1, so the model cannot say "
                          f"'this label and that one' (and with categorical cross-entropy each row's labels "
                          f"are treated as one split distribution).",
                          f'{h.with_act("sigmoid", units=T.cols)} with loss="binary_crossentropy" '
                          f"(one yes/no per label; predict with model.predict(x) > 0.5)")
            return
        if kind == "categorical":
            yield finding("categorical-loss-multilabel", h.layer,
                          f"The loss is {L_(h)}, but in y (shape {shape}) {rows}: the targets are multi-label.",
                          "Categorical cross-entropy treats each row as one distribution over classes; Keras "
                          "rescales the outputs to sum to 1 inside the loss, so the labels compete as with softmax.",
                          f'loss="binary_crossentropy" with {h.with_act("sigmoid", units=T.cols)}')
            return
    if kind == "sparse" and T.cols > 1:
        multi = T.kind == "multilabel"
        yield finding("sparse-loss-onehot", h.layer,
                      f"The loss is sparse_categorical_crossentropy, which expects one integer class id per "
                      f"sample, but y is a {'multi-label' if multi else 'one-hot'} matrix of shape {shape}.",
                      "fit() stops with a shape error ('Argument `output` must have rank (ndim) `target.ndim "
                      "- 1`').",
                      f'loss="binary_crossentropy" with {h.with_act("sigmoid", units=T.cols)}' if multi else
                      'loss="categorical_crossentropy", or keep the loss and pass y.argmax(axis=1)')
        return
    if T.cols > 1:
        if units is not None and units != T.cols:
            yield _units(h, f"y has {T.cols} columns (shape {shape})", T.cols,
                         "Keras needs one output per target column; fit() stops with 'Arguments `target` and "
                         "`output` must have the same shape'.")
            return
        if kind == "categorical" or kind is None or kind == "other":
            if act == "sigmoid" and kind == "categorical" and T.kind in ("onehot", "probs"):
                yield _sigmoid_categorical(h, h.with_act("softmax"))
        if act == "softmax" and kind == "binary" and T.cols > 2 and T.kind in ("onehot", "probs"):
            yield _binary_softmax(h, onehot=True)
        if kind == "regression" or (kind is None and T.kind == "continuous"):
            yield from _range(h, T)
        return
    # One target per sample (or per position): a vector.
    if kind == "categorical":
        if T.kind == "ids":
            k = max(T.n_classes, units or 0)
            yield finding("categorical-loss-int-labels", h.layer,
                          f"The loss is categorical_crossentropy, which expects one-hot rows of shape "
                          f"(N, {units or 'number of classes'}), "
                          f"but y holds integer class labels of shape {shape}.",
                          "fit() stops with 'Arguments `target` and `output` must have the same shape'.",
                          f'loss="sparse_categorical_crossentropy", or y = keras.utils.to_categorical(y, {k})')
        return
    if kind == "sparse":
        if T.kind == "ids" and units is not None and units < T.n_classes:
            start = " The labels start at 1: shift them with y - 1." if T.lo == 1 and T.hi == units else ""
            yield _units(h, f"y holds class ids up to {T.hi:g} ({T.n_classes} classes)", T.n_classes,
                         f"Sparse categorical cross-entropy needs one output per class; fit() fails with "
                         f"'Received a label value of {T.hi:g} which is outside the valid range of "
                         f"[0, {units})'.{start}", alt="y = y - 1" if start else "")
            return
        if act == "sigmoid" and (units or 2) > 1:
            yield _sigmoid_categorical(h, h.with_act("softmax"))
        return
    if kind == "binary":
        if units is not None and units != 1:
            yield _units(h, "y has one 0/1 label per sample", 1,
                         f"binary_crossentropy broadcasts the (N, 1) labels against all {units} outputs, so "
                         f"every output learns the same thing and predictions have {units} columns.")
        return
    if kind == "regression" or (kind is None and T.kind == "continuous" and not T.integer):
        if units is not None and units != 1:
            yield _units(h, "y has one target per sample", 1,
                         f"The loss broadcasts the (N, 1) targets against all {units} outputs, so every output "
                         f"learns the same thing and predictions have {units} columns.")
            return
        yield from _range(h, T)


def L_(h):
    return h.loss.name if h.loss is not None else "the loss"


def _rows(T):
    parts = []
    if T.several:
        parts.append(f"{T.several:,} rows have several 1s")
    if T.empty:
        parts.append(f"{T.empty:,} have none")
    return " and ".join(parts)


def _units(h, what_y, right, why, alt=""):
    fix = h.with_units(right) + (f", or {alt}" if alt else "")
    return finding("units-mismatch", h.layer, f"The output layer {h.layer!r} has {h.units} units but {what_y}.",
                   why, fix)


def _sigmoid_categorical(h, fix):
    return finding("sigmoid-categorical", h.layer, f"The output {h.layer!r} uses sigmoid with {L_(h)}.",
                   "This loss expects one distribution over the classes (softmax): Keras rescales the sigmoid "
                   "outputs to sum to 1 inside the loss, so training runs, but model.predict returns numbers "
                   "that are not class probabilities (rows do not sum to 1).", fix)


def _binary_softmax(h, onehot=False):
    fix = ('loss="categorical_crossentropy"' if onehot else
           'loss="categorical_crossentropy" (one-hot y) or "sparse_categorical_crossentropy" (integer y); '
           "for multi-label y use sigmoid outputs instead")
    return finding("binary-loss-softmax", h.layer,
                   f"The output {h.layer!r} uses softmax over {h.units} classes with {L_(h)}.",
                   f"Binary cross-entropy scores each of the {h.units} outputs as a separate yes/no question; "
                   f"with metrics=['accuracy'] Keras then reports binary accuracy averaged over the outputs, "
                   f"which looks high even for a poor model.", fix)


def _output_rank(h):
    shape = N.fmt_shape(h.out_shape)
    per = "time step" if len(h.out_shape) == 3 else "position"
    if len(h.out_shape) == 3:
        fix = ("return_sequences=False on the last recurrent layer, or layers.GlobalAveragePooling1D() "
               "(or layers.Flatten()) before the output layer")
    else:
        fix = "layers.Flatten() (or layers.GlobalAveragePooling2D()) before the output layer"
    return finding("output-rank", h.layer,
                   f"The model outputs shape {shape}, one prediction per {per}, but y has shape "
                   f"{h.y.shape}: one label per sample.",
                   "The loss cannot pair them: fit() fails with a shape error, or compares every "
                   f"{per} with the sample's label.", fix)


def _range(h, T):
    act = h.act
    if act == "softmax":
        v = T.values.reshape(len(T.values), -1)
        if T.kind in ("onehot", "probs") or (T.lo >= 0 and np.allclose(v.sum(axis=1), 1, atol=1e-3)):
            return
        yield finding("output-range", h.layer,
                      f"The output {h.layer!r} uses softmax on regression targets (y from {T.lo:g} to {T.hi:g}).",
                      "Softmax outputs are non-negative and sum to 1 in every row; the rows of y do not, so "
                      "the model can never predict them.", h.with_act(None))
        return
    if act not in RANGES:
        return
    lo, hi = RANGES[act]
    tol = 1e-6 * max(1.0, abs(T.lo), abs(T.hi))
    share = T.outside(lo - tol, hi + tol)
    if share <= 0.01:
        return
    fix = h.with_act(None) + " (no activation for regression)"
    if act in ("sigmoid", "tanh") and np.isfinite(T.lo) and np.isfinite(T.hi):
        fix += ", or scale y into the range (e.g. sklearn MinMaxScaler)"
    yield finding("output-range", h.layer,
                  f"The output {h.layer!r} uses {act}, whose values lie in [{lo:g}, {hi:g}], but {share:.0%} "
                  f"of the targets (from {T.lo:g} to {T.hi:g}) lie outside it.",
                  "The model can never predict those values; the loss stays high and predictions pile up at "
                  "the edge of the range.", fix)
