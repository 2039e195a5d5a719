"""Checks of the training arrays: their shapes against the model, pixel scaling, validation_split.

Statistics of x come from evenly spaced rows (``targets.sample_rows``), so a
60,000-image array costs a few milliseconds; class counts for
``validation_split`` use every label (one ``bincount`` or column sum per part).
"""

from math import floor, isqrt

import numpy as np

from mlp_kit.doctor import net as N
from mlp_kit.doctor.findings import finding
from mlp_kit.doctor.targets import class_counts, sample_rows

# Layers that leave raw pixel values as they are on the way to the first weighted layer.
UNSCALED = N.PASS | {"InputLayer", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
                     "RandomCrop", "Resizing", "CenterCrop"}


def check_xy_length(xs, ys):
    n_x = {len(x) for x in xs}
    for name, y in ys:
        if n_x and len(y) not in n_x:
            n = min(n_x)
            yield finding("xy-length", None,
                          f"x has {n:,} samples but y{name} has {len(y):,}.",
                          "fit() needs one target per sample and stops with 'Data cardinality is ambiguous'; "
                          "a length that is off usually means x and y were filtered, split or shuffled "
                          "separately.",
                          "select rows of x and y with the same index, e.g. idx = rng.permutation(len(x)); "
                          "x, y = x[idx], y[idx]")
            return


def check_x_shapes(net, xs):
    """Each x array against the shape its model input expects."""
    for node_index, x in zip(net.inputs, xs, strict=False):
        want = net.nodes[node_index].out_shape
        if want is None or x is None:
            continue
        want, got = want[1:], x.shape[1:]
        if len(want) == len(got) and all(w is None or w == g for w, g in zip(want, got, strict=True)):
            continue
        if len(got) == 3 and len(want) == 3 and got[0] in (1, 3, 4) and got == (want[2], want[0], want[1]):
            yield finding("channels-first-data", None,
                          f"x has shape {x.shape}: channels first (N, {got[0]}, {got[1]}, {got[2]}), but the "
                          f"model expects channels-last input {N.fmt_shape((None, *want))}.",
                          "Keras layers expect (height, width, channels) by default; fit() stops with an "
                          "input-shape error.",
                          "x = np.transpose(x, (0, 2, 3, 1))  # (N, C, H, W) -> (N, H, W, C)")
            continue
        yield finding("x-shape-mismatch", None,
                      f"x has shape {x.shape}, but the model expects {N.fmt_shape((None, *want))} "
                      f"(the first axis is the batch).",
                      "fit() stops with 'Input ... is incompatible with the layer' (or a shape error in the "
                      "first layer).", _x_fix(x.shape, want))


def _x_fix(shape, want):
    got = shape[1:]
    if None in want:
        return f"give the model keras.Input({N.fmt_shape(got)}), or reshape x to match"
    size, need = int(np.prod(got)), int(np.prod(want))
    if size == need:
        if got == want[:-1] and want[-1] == 1:
            return "x = x[..., np.newaxis]  # add the channel (or feature) axis"
        return f"x = x.reshape(len(x), {', '.join(str(d) for d in want)})"
    return f"keras.Input({N.fmt_shape(got)}) as the model's input, or reshape x to (N, {', '.join(map(str, want))})"


def _image_like(x):
    if x.ndim >= 4 or (x.ndim == 3 and min(x.shape[1:]) >= 8):
        return True
    if x.ndim == 2:
        cols = x.shape[1]
        side = isqrt(cols // 3) if cols % 3 == 0 and isqrt(cols // 3) ** 2 == cols // 3 else isqrt(cols)
        return x.dtype == np.uint8 or (side >= 8 and side * side in (cols, cols // 3))
    return False


def _scaled_inside(net, start):
    """True if something other than weighted layers may rescale the input before the first weighted layer."""
    stack, seen = [start], set()
    while stack:
        node = net.nodes[stack.pop()]
        if node.index in seen:
            continue
        seen.add(node.index)
        if node.kind in N.WEIGHTED or N.is_recurrent(node.layer):
            continue
        if node.kind not in UNSCALED and not (N.is_model(node.layer) and _only_unscaled(node.layer)):
            return True
        stack.extend(node.children)
    return False


def _only_unscaled(model):
    return all(type(layer).__name__ in UNSCALED for layer in getattr(model, "layers", [None]))


def _first_layer(net, start):
    node = net.nodes[start]
    while node.children and node.kind in UNSCALED | {"InputLayer"}:
        node = net.nodes[node.children[0]]
    return node


def check_pixels(net, xs):
    for node_index, x in zip(net.inputs, xs, strict=False):
        if x is None or x.size == 0 or not _image_like(x) or _scaled_inside(net, node_index):
            continue
        part = sample_rows(x, 1_000_000)
        if not (np.issubdtype(part.dtype, np.number) and part.dtype != bool):
            continue
        lo, hi = float(part.min()), float(part.max())
        if part.dtype == np.uint8:
            integer = True
        else:
            integer = bool(np.all(part == np.round(part)))
        if not (integer and lo >= 0 and 100 < hi <= 255):
            continue
        first = _first_layer(net, node_index)
        yield finding("pixels-unscaled", first.name,
                      f"x looks like images with pixel values from {lo:g} to {hi:g} (shape {x.shape}), and the "
                      f"model has no Rescaling or Normalization layer before {first.kind} {first.name!r}.",
                      "Inputs in the hundreds make the first layer's outputs large, saturate activations and "
                      "make training slow or unstable; networks train best on inputs around [0, 1].",
                      'x = x.astype("float32") / 255, or layers.Rescaling(1 / 255) as the first layer (for '
                      "keras.applications models, their preprocess_input)")


def check_validation_split(y, split, out_rank=2):
    """The last ``split`` fraction of y (what Keras validates on) against the part it trains on."""
    n = len(y)
    at = int(floor(n * (1.0 - split)))
    if at in (0, n):
        return
    train, val = class_counts(y[:at], out_rank), class_counts(y[at:], out_rank)
    if train is None or val is None:
        return
    k = max(len(train), len(val))
    train, val = np.pad(train, (0, k - len(train))), np.pad(val, (0, k - len(val)))
    unseen = np.flatnonzero((val > 0) & (train == 0))
    if unseen.size and val[unseen].sum() < 0.05 * val.sum():
        unseen = unseen[:0]  # a handful of rare samples, not a sorted data set: left to the skew test
    why = ("Keras takes the LAST fraction of x and y as validation data, before any shuffling (shuffle=True "
           "only shuffles the training part).")
    fix = ("shuffle once before fit: idx = np.random.default_rng(0).permutation(len(x)); x, y = x[idx], y[idx] "
           "— or pass validation_data from sklearn's train_test_split(x, y, stratify=y)")
    if unseen.size:
        shown = ", ".join(str(c) for c in unseen[:10]) + (", ..." if unseen.size > 10 else "")
        yield finding("validation-split-unseen", None,
                      f"validation_split={split} validates on the last {n - at:,} samples, and {unseen.size} "
                      f"class{'es' if unseen.size > 1 else ''} there ({shown}) never appear in the first "
                      f"{at:,} that the model trains on.",
                      why + " On data sorted by class, val_accuracy then measures classes the model never saw.",
                      fix)
        return
    used = (train + val) > 0
    p, q = train[used] / train.sum(), val[used] / val.sum()
    tvd = 0.5 * float(np.abs(p - q).sum())
    if tvd >= 0.2 and _p_value(train[used], val[used]) < 1e-6:
        top = int(np.argmax(np.abs(p - q)))
        cls = int(np.flatnonzero(used)[top])
        yield finding("validation-split-skewed", None,
                      f"validation_split={split} validates on the last {n - at:,} samples, whose class "
                      f"proportions differ from the training part by {tvd:.0%} (class {cls}: {q[top]:.0%} of "
                      f"validation, {p[top]:.0%} of training).",
                      why + " With labels sorted or clustered at the end, validation measures rarely "
                      "trained classes.", fix)


def _p_value(a, b):
    """Chi-square test of homogeneity for two count vectors (small p: different proportions)."""
    from scipy.stats import chi2

    table = np.vstack([a, b]).astype(float)
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    stat = float(((table - expected) ** 2 / np.where(expected > 0, expected, 1)).sum())
    return float(chi2.sf(stat, max(1, table.shape[1] - 1)))
