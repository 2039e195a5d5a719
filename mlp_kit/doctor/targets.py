"""What the loss is and what the targets look like, read with a few vectorised NumPy passes.

``read_loss(spec)`` understands a loss given as a string ("mse", "bce",
"CategoricalCrossentropy", …), a ``keras.losses`` class, instance or function
(with ``from_logits``), or a ``functools.partial``; it returns a ``Loss`` whose
``kind`` is one of::

    categorical   categorical_crossentropy, categorical focal cross-entropy
    sparse        sparse_categorical_crossentropy
    binary        binary_crossentropy, binary focal cross-entropy
    regression    mse, mae, huber, log_cosh, msle, mape
    other         any other Keras loss (hinge, kl_divergence, poisson, ...)
    custom        a function or Loss subclass of your own (not checked)
    unknown       a name Keras does not know (reported as loss-unknown)

``read_targets(y, out_rank)`` sorts y into ``ids`` (integer labels ≥ 0, one per
sample or position), ``onehot``, ``multilabel`` (0/1 rows with several or no 1s),
``probs`` (rows of probabilities) or ``continuous``; ``cols`` is the number of
target columns (1 for a vector of labels).
"""

import difflib
import functools
from dataclasses import dataclass

import numpy as np

KINDS = {
    "categorical_crossentropy": "categorical", "categorical_focal_crossentropy": "categorical",
    "categorical_generalized_cross_entropy": "categorical",
    "sparse_categorical_crossentropy": "sparse",
    "binary_crossentropy": "binary", "binary_focal_crossentropy": "binary",
    "mean_squared_error": "regression", "mean_absolute_error": "regression", "huber": "regression",
    "log_cosh": "regression", "mean_squared_logarithmic_error": "regression",
    "mean_absolute_percentage_error": "regression",
}
CROSS_ENTROPY = {"categorical", "sparse", "binary"}
_SHORT = {"mean_squared_error": "mse", "mean_absolute_error": "mae"}


@dataclass(frozen=True)
class Loss:
    kind: str
    name: str               # canonical Keras name, e.g. "categorical_crossentropy"
    from_logits: bool = False
    given: str = ""         # how it was written, for messages

    @property
    def short(self):
        return _SHORT.get(self.name, self.name)


def _kind(fn_name):
    return KINDS.get(fn_name, "other")


def read_loss(spec):
    """A ``Loss`` for ``spec`` (see the module docstring), or None when there is no loss."""
    if spec is None:
        return None
    if isinstance(spec, str):
        import keras

        try:
            fn = keras.losses.get(spec)
        except ValueError:
            return Loss("unknown", spec, given=spec)
        spec_name = getattr(fn, "__name__", None) or getattr(getattr(fn, "fn", None), "__name__", spec)
        return Loss(_kind(spec_name), spec_name, _logits(fn), given=repr(spec))
    if isinstance(spec, functools.partial):
        inner = read_loss(spec.func)
        logits = bool(spec.keywords.get("from_logits", inner.from_logits if inner else False))
        return inner and Loss(inner.kind, inner.name, logits, given=f"partial({inner.name})")
    if isinstance(spec, type):
        if spec.__module__.startswith("keras"):
            try:
                return read_loss(spec())
            except TypeError:
                pass
        return Loss("custom", spec.__name__, given=spec.__name__)
    fn = getattr(spec, "fn", None)  # keras.losses.LossFunctionWrapper
    if fn is not None and getattr(fn, "__module__", "").startswith("keras"):
        return Loss(_kind(fn.__name__), fn.__name__, _logits(spec), given=type(spec).__name__)
    name = getattr(spec, "__name__", None)
    if callable(spec) and name and getattr(spec, "__module__", "").startswith("keras"):
        return Loss(_kind(name), name, False, given=name)
    return Loss("custom", name or type(spec).__name__, given=name or type(spec).__name__)


def _logits(obj):
    kwargs = getattr(obj, "_fn_kwargs", None) or {}
    return bool(kwargs.get("from_logits", getattr(obj, "from_logits", False)))


def suggest_loss(name):
    """Close Keras loss names for a misspelt ``name``."""
    import keras

    known = sorted(n for n in dir(keras.losses) if not n.startswith("_") and n[0].islower()
                   and n not in ("get", "serialize", "deserialize"))
    known += ["mse", "mae", "mape", "msle", "bce", "kld"]
    return difflib.get_close_matches(name.lower(), known, n=2, cutoff=0.6)


# ---------------------------------------------------------------- targets

# Above this many entries, statistics come from evenly spaced rows (the same every run).
MAX_ENTRIES = 2_000_000


@dataclass
class Targets:
    kind: str            # ids | onehot | multilabel | probs | continuous
    shape: tuple
    cols: int            # target columns (1 for one label per sample / position)
    lo: float
    hi: float
    integer: bool
    per_sample: bool     # False when y has fewer axes than the output (e.g. one label per sample
    #                      for an output (None, 26, 26, 10))
    several: int = 0     # multilabel: rows with two or more 1s
    empty: int = 0       # multilabel: rows with no 1
    values: np.ndarray = None   # flat targets (vector) or the 2-D matrix, possibly subsampled

    @property
    def n_classes(self):
        return int(self.hi) + 1 if self.kind == "ids" else self.cols

    def outside(self, lo, hi):
        """Fraction of target values below ``lo`` or above ``hi``."""
        v = self.values
        return float(np.mean((v < lo) | (v > hi))) if v.size else 0.0


def as_array(data, name):
    """``data`` as a NumPy array (lists, pandas and TensorFlow tensors work), or raise ShapeError."""
    from mlp_kit.errors import ShapeError

    if hasattr(data, "to_numpy"):
        data = data.to_numpy()
    if hasattr(data, "tocsr") and hasattr(data, "shape"):  # a SciPy sparse matrix
        if name == "y":
            return data.toarray()
        return np.broadcast_to(np.zeros((), np.float32), data.shape)  # x: its shape is what is checked
    arr = np.asarray(data)
    if arr.dtype == object or arr.ndim == 0:
        raise ShapeError(
            f"check(): {name} must be an array of numbers with one row per sample, received "
            f"{type(data).__name__}. Pass NumPy arrays (a tf.data.Dataset or generator cannot be "
            f"inspected; take a batch, e.g. x, y = next(iter(dataset)))."
        )
    return arr


def sample_rows(arr, limit=MAX_ENTRIES):
    """Evenly spaced rows of ``arr`` holding at most about ``limit`` entries (all rows when small)."""
    per_row = max(1, arr.size // max(1, len(arr)))
    keep = max(1, limit // per_row)
    if len(arr) <= keep:
        return arr
    return arr[np.linspace(0, len(arr) - 1, keep).astype(int)]


def read_targets(y, out_rank=2):
    """Describe ``y`` for an output of rank ``out_rank`` (with the batch axis), or None if y is empty."""
    y = sample_rows(y)
    if y.size == 0 or not (np.issubdtype(y.dtype, np.number) or y.dtype == bool):
        return None  # empty, or labels as strings: Keras needs numbers (e.g. from a LabelEncoder) anyway
    per_sample = y.ndim >= out_rank - 1
    matrix = y.ndim >= 2 and y.ndim == out_rank and y.shape[-1] > 1
    values = y.reshape(-1, y.shape[-1]) if matrix else y.reshape(-1)
    if values.dtype == bool:
        values = values.astype(np.int8)
    floats = np.issubdtype(values.dtype, np.floating)
    if floats and not np.isfinite(values).all():
        values = values[np.isfinite(values).all(axis=-1)] if matrix else values[np.isfinite(values)]
        if values.size == 0:
            return None
    lo, hi = float(values.min()), float(values.max())
    integer = not floats or bool(np.all(values == np.round(values)))
    common = dict(shape=y.shape, lo=lo, hi=hi, integer=integer, per_sample=per_sample, values=values)
    if not matrix:
        kind = "ids" if integer and lo >= 0 else "continuous"
        return Targets(kind, cols=1, **common)
    cols = values.shape[1]
    binary = integer and lo >= 0 and hi <= 1
    sums = values.sum(axis=1)
    if binary:
        several, empty = int(np.count_nonzero(sums >= 2)), int(np.count_nonzero(sums == 0))
        kind = "multilabel" if several or empty else "onehot"
        return Targets(kind, cols=cols, several=several, empty=empty, **common)
    if lo >= 0 and hi <= 1 and np.allclose(sums, 1, atol=1e-3):
        return Targets("probs", cols=cols, **common)
    return Targets("continuous", cols=cols, **common)


def class_counts(y, out_rank=2):
    """Per-class counts of ``y`` (ids, one-hot or multi-label) over all rows, or None for other targets."""
    t = read_targets(y[: min(len(y), 5000)], out_rank)
    if t is None or t.kind not in ("ids", "onehot", "multilabel"):
        return None
    if t.kind == "ids":
        flat = y.reshape(-1)
        if np.issubdtype(flat.dtype, np.floating):
            if not np.all(flat == np.round(flat)) or flat.min() < 0:
                return None
        if flat.max() > 100_000:
            return None
        return np.bincount(flat.astype(np.int64))
    return y.reshape(-1, y.shape[-1]).sum(axis=0)
