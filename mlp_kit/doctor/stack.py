"""Checks of the stack of layers itself: ranks, linear collapse, stray input shapes, parameter hogs.

Each ``check_*`` takes a ``net.Net`` and yields findings.
"""

from math import isqrt, prod

from mlp_kit.doctor import net as N
from mlp_kit.doctor.findings import finding
from mlp_kit.keras_graph import ignored_input_shape

# Layers that may sit between an Input and the first convolution without changing the image's layout.
PREPROCESS = N.PASS | {"Rescaling", "Normalization", "RandomFlip", "RandomRotation", "RandomZoom",
                       "RandomTranslation", "RandomContrast", "RandomCrop", "RandomBrightness", "Resizing",
                       "CenterCrop"}
SPATIAL_2D = {"Conv2D", "SeparableConv2D", "DepthwiseConv2D", "MaxPooling2D", "AveragePooling2D"}


def _desc(node):
    return "the model input" if node.kind == "InputLayer" else f"{node.kind} {node.name!r}"


def check_problems(net, skip_after=None):
    """Layers that cannot take the shape they get (from the propagation in ``net.read``)."""
    for p in net.problems:
        if skip_after is not None and p.node > skip_after:
            continue
        node = net.nodes[p.node]
        prev = net.nodes[node.parents[0]]
        shape = node.in_shape
        if p.why == "ndim" and N.is_recurrent(node.layer) and len(shape) == 2:
            yield _rnn_2d(node, prev, shape)
        elif p.why == "ndim":
            yield _ndim(node, prev, shape, p.expected)
        else:
            detail = p.detail if p.why == "keras" else f"it expects {p.expected}, but {p.detail}"
            yield finding("shape-error", node.name,
                          f"Keras cannot apply {node.kind} {node.name!r} to its input {N.fmt_shape(shape)}: "
                          f"{detail}.",
                          "Building the model fails at this layer, so nothing after it can run.",
                          _shape_fix(node, shape))


def _rnn_2d(node, prev, shape):
    w = shape[-1]
    pair = N.balanced_pair(w) if w else None
    if N.is_recurrent(prev.layer):
        fix = (f"return_sequences=True on {prev.name!r}, so it passes on its output at every time step "
               f"(shape (batch, timesteps, {w})) instead of only the last one")
        return finding("rnn-input-2d", node.name,
                       f"{node.kind} {node.name!r} gets 2-D input {N.fmt_shape(shape)} from {_desc(prev)}, which "
                       f"returns only its last output; recurrent layers need 3-D input (batch, timesteps, features).",
                       "Keras refuses to build the model ('expected ndim=3, found ndim=2'): a stacked recurrent "
                       "layer needs the whole sequence from the layer below.", fix)
    if prev.kind == "InputLayer":
        alt = f" (or ({pair[0]}, {pair[1]}): {pair[0]} steps of {pair[1]} features)" if pair else ""
        fix = (f"keras.Input(({w}, 1)) and x = x.reshape(len(x), {w}, 1): {w} time steps of 1 feature{alt}; "
               f"for real sequences, shape the data as (samples, timesteps, features)")
    else:
        alt = f", or layers.Reshape(({pair[0]}, {pair[1]})) for {pair[0]} steps of {pair[1]} features" if pair else ""
        fix = (f"layers.Reshape(({w}, 1)) between {prev.name!r} and {node.name!r} ({w} steps of 1 feature{alt}); "
               f"or put the recurrent layer first, on inputs shaped (timesteps, features)")
    return finding("rnn-input-2d", node.name,
                   f"{node.kind} {node.name!r} gets 2-D input {N.fmt_shape(shape)} from {_desc(prev)}, but "
                   f"recurrent layers need 3-D input (batch, timesteps, features).",
                   f"Keras refuses to build the model ('expected ndim=3, found ndim=2'): "
                   f"{'a ' + prev.kind + ' layer outputs' if prev.kind != 'InputLayer' else 'the input has'} "
                   f"one vector per sample, with no time axis to step through.", fix)


def _ndim(node, prev, shape, expected):
    want = int(expected.split("=")[1])
    rank = len(shape)
    if rank < want:
        dims = list(shape[1:])
        if want - rank == 2 and dims[-1] and isqrt(dims[-1]) ** 2 == dims[-1]:
            target = (*dims[:-1], isqrt(dims[-1]), isqrt(dims[-1]), 1)
        else:
            target = (*dims, *([1] * (want - rank)))
    else:
        keep = list(shape[1:want - 1])
        rest = shape[want - 1:]
        target = (*keep, prod(rest) if None not in rest else -1)
    if prev.kind == "InputLayer" and rank < want:
        axes = ", ".join(["..."] + ["np.newaxis"] * (want - rank))
        fix = f"keras.Input({N.fmt_shape(target)}) and x = x[{axes}]"
    else:
        fix = f"layers.Reshape({N.fmt_shape(target)}) before {node.name!r}"
    return finding("layer-input-ndim", node.name,
                   f"{node.kind} {node.name!r} expects input with {expected} (batch axis included) but gets "
                   f"{N.fmt_shape(shape)} from {_desc(prev)}.",
                   f"Keras refuses to build the model ('expected {expected}, found ndim={rank}').", fix)


def _shape_fix(node, shape):
    if node.kind == "Reshape" and None not in shape[1:]:
        total = prod(shape[1:])
        pair = N.balanced_pair(total)
        eg = f"layers.Reshape(({pair[0]}, {pair[1]}))" if pair else f"layers.Reshape(({total}, 1))"
        return f"a target shape whose sizes multiply to {total:,}, e.g. {eg}"
    if "Pool" in node.kind or "Conv" in node.kind:
        return (f'padding="same" in the layers before {node.name!r}, fewer pooling steps, or a larger input '
                f"(it is only {N.fmt_shape(shape)} here)")
    return f"change the layer before {node.name!r} so that it outputs a shape {node.kind} accepts"


def check_linear_stack(net):
    """Weighted layers with no nonlinearity between them: one finding per maximal chain."""
    nxt = {}
    for node in net.nodes:
        if node.kind in N.WEIGHTED and node.activation == "linear":
            pair = _next_weighted(net, node)
            if pair is not None:
                nxt[node.index] = pair
    targets = set(nxt.values())
    for start in sorted(nxt):
        if start in targets:
            continue  # inside a chain reported from its first layer
        chain = [start]
        while chain[-1] in nxt:
            chain.append(nxt[chain[-1]])
        nodes = [net.nodes[i] for i in chain]
        last = nodes[-1]
        names = " → ".join(f"{n.kind} {n.name!r}" for n in nodes)
        ending = f" (the final {last.activation} does not change that)" if last.activation != "linear" else ""
        fixes = "; ".join(N.spell(n.layer, activation="relu") for n in nodes[:-1])
        yield finding("linear-stack", nodes[0].name,
                      f"{names} have no activation between them.",
                      f"Without a nonlinearity stacked layers collapse, W2(W1·x + b1) + b2 = W·x + b: these "
                      f"{len(nodes)} layers can learn no more than one {last.kind} layer{ending}.",
                      f"{fixes} (or a layers.ReLU() after each)")


def _next_weighted(net, node):
    """The next weighted node reached from ``node`` through single-input linear layers only, or None."""
    cur, path = node, []
    while len(cur.children) == 1:
        child = net.nodes[cur.children[0]]
        if len(child.parents) != 1:
            return None
        if child.kind in N.WEIGHTED:
            a_in, a_out, b_out = N.width(node.in_shape), N.width(node.out_shape), N.width(child.out_shape)
            bottleneck = None not in (a_in, a_out, b_out) and a_out <= a_in and a_out < b_out
            if bottleneck and any(p.kind == "BatchNormalization" for p in path):
                return None  # a designed linear bottleneck (MobileNetV2, EfficientNet)
            return child.index
        if child.kind in N.LINEAR or (child.kind == "Activation" and child.activation == "linear"):
            path.append(child)
            cur = child
            continue
        return None
    return None


def check_input_shape_args(net):
    """``input_shape``/``input_dim`` on layers other than the first: Keras 3 ignores it."""
    for node in net.nodes:
        arg = ignored_input_shape(node.layer)
        if arg is None or node.index == net.input_from_arg:
            continue
        arg, got = tuple(arg), node.in_shape[1:] if node.in_shape is not None else None
        if got is None:
            got = arg  # shape unknown: ignored all the same; nothing to compare
        first = len(node.parents) == 1 and node.parents[0] in net.inputs
        same = len(arg) == len(got) and all(a is None or g is None or a == g for a, g in zip(arg, got, strict=True))
        if first and same:
            continue  # used (or harmlessly repeated) to declare the input
        prev = net.nodes[node.parents[0]] if node.parents else None
        fix = (f"{N.spell(node.layer)} without input_shape/input_dim; declare the shape once, with "
               f"keras.Input(...) as the first layer")
        why = ("Keras 3 uses input_shape/input_dim only on the first layer of a Sequential model (to create "
               "its Input); everywhere else it is ignored, with a generic UserWarning.")
        what = f"{node.kind} {node.name!r} was given input_shape={N.fmt_shape(arg)} (or input_dim)"
        if node.in_shape is not None:
            what += f", and it receives {N.fmt_shape(got)} from {_desc(prev) if prev else 'its input'}"
        if same:
            yield finding("input-shape-ignored", node.name, what + ".", why, fix)
        else:
            yield finding("input-shape-later", node.name, what + ": the two disagree.",
                          why + " The disagreement suggests the planned shapes are not the real ones.", fix)


def check_channels_first(net):
    """The first 2-D convolution/pooling fed an input shaped like (3, 150, 150): ([finding], node index)
    or ([], None)."""
    for node in net.nodes:
        if node.kind not in SPATIAL_2D or node.in_shape is None or len(node.in_shape) != 4:
            continue
        if getattr(node.layer, "data_format", "channels_last") != "channels_last":
            return [], None
        src = net.walk(node.parents[0], PREPROCESS) if node.parents else None
        if src is None or src.kind != "InputLayer":
            return [], None
        _, c, h, w = node.in_shape
        if c in (1, 3, 4) and h is not None and w is not None and h >= 16 and w >= 16:
            return [finding("channels-first-model", node.name,
                            f"{node.kind} {node.name!r} gets input {N.fmt_shape(node.in_shape)}: the axis after "
                            f"the batch is {c}, which looks like colour channels first, but Keras layers are "
                            f"channels-last (height, width, channels).",
                            f"The layer reads {c} as the image height and {w} as the channels, so it filters "
                            f"across channels instead of across the image, and pooling soon runs out of height.",
                            f"keras.Input(({h}, {w}, {c})), and x = np.transpose(x, (0, 2, 3, 1)) if your "
                            f"arrays are channels-first")], node.index
        return [], None
    return [], None


def check_dense_after_flatten(net, total):
    """A Dense right after Flatten of a computed feature map that holds most of the parameters."""
    if not total:
        return
    for node in net.nodes:
        if node.kind != "Dense" or len(node.parents) != 1:
            continue
        flat = net.walk(node.parents[0], {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise"})
        if flat.kind != "Flatten" or flat.in_shape is None or len(flat.in_shape) < 3 or not flat.parents:
            continue
        if net.nodes[flat.parents[0]].kind == "InputLayer" or None in flat.in_shape[1:]:
            continue  # flattening raw inputs (an MLP on images) is a different lesson
        count = N.params_of(node)
        if not count or count < 100_000 or count / total < 0.5:
            continue
        units, n_in, c = node.layer.units, prod(flat.in_shape[1:]), flat.in_shape[-1]
        gap = "GlobalAveragePooling2D" if len(flat.in_shape) == 4 else (
            "GlobalAveragePooling1D" if len(flat.in_shape) == 3 else "GlobalAveragePooling3D")
        yield finding("dense-after-flatten", node.name,
                      f"Dense {node.name!r} after Flatten holds {count / total:.0%} of the {total:,} parameters "
                      f"({n_in:,}·{units} + {units} = {count:,}).",
                      f"Flatten turns the {N.fmt_shape(flat.in_shape)} feature map into {n_in:,} numbers, each "
                      f"connected to all {units} units: fully connected layers dominate the count, which costs "
                      f"memory and invites overfitting.",
                      f"layers.{gap}() instead of layers.Flatten() ({c}·{units} + {units} = "
                      f"{c * units + units:,} parameters), or more pooling before Flatten, or fewer units")


def check_visibility(net):
    """Say what could not be checked: a chain without input shape, a subclassed model."""
    if net.subclassed:
        yield finding("subclassed-model", None,
                      f"{type(net.model).__name__} is a subclassed model: its call() decides how layers "
                      f"connect, which the doctor cannot read.",
                      "Only the loss against y, and the data, were checked.",
                      "check the layers as a list, e.g. check([keras.Input((784,)), layers.Dense(128, "
                      "activation=\"relu\"), layers.Dense(10, activation=\"softmax\")])")
    elif net.chain and net.nodes[0].out_shape is None and len(net.nodes) > 1:
        yield finding("shapes-unknown", None,
                      "The model has no input shape yet (no keras.Input, and no x was given), so shapes were "
                      "not checked.",
                      "Keras builds such a model only when it first sees data; shape mistakes surface then.",
                      "start with keras.Input(shape), e.g. keras.Sequential([keras.Input((784,)), ...]), or "
                      "pass x to check()")
