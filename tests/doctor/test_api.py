"""The doctor's contract: what check() accepts and returns, that it changes nothing, and how it reads losses."""

import functools
import re
import subprocess
import sys

import keras
import numpy as np
import pytest
from keras import layers

import mlp_kit.doctor
from mlp_kit import doctor
from mlp_kit.doctor.findings import CODES, Finding, Findings
from mlp_kit.doctor.targets import read_loss, read_targets
from mlp_kit.errors import ShapeError

from .cases import ids, onehot, seq, tabular


def test_import_does_not_load_tensorflow():
    """`import mlp_kit.doctor` stays NumPy-only, so the NumPy lessons start instantly."""
    code = ("import sys, mlp_kit.doctor; bad = [m for m in ('tensorflow', 'keras') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"importing mlp_kit.doctor loaded {result.stdout.strip()}"


def test_check_changes_nothing_in_a_compiled_model():
    """Weights, compile state, built flags and the optimizer are exactly as before."""
    model = seq(keras.Input((20,)), layers.Dense(16, activation="relu"), layers.Dense(3, activation="softmax"))
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    weights = [w.copy() for w in model.get_weights()]
    config, optimizer = model.get_compile_config(), model.optimizer
    n_vars = len(optimizer.variables)

    findings = doctor.check(model, tabular(20), ids(3), loss="categorical_crossentropy", validation_split=0.2)

    assert "categorical-loss-int-labels" in findings.codes  # the loss argument was used ...
    assert model.loss == "sparse_categorical_crossentropy"  # ... without touching the compiled one
    assert model.get_compile_config() == config and model.optimizer is optimizer
    assert len(optimizer.variables) == n_vars and model.compiled
    for before, after in zip(weights, model.get_weights(), strict=True):
        np.testing.assert_array_equal(before, after)


def test_check_does_not_build_unbuilt_models_or_layers():
    """An unbuilt Sequential (with x) and a list of layers stay unbuilt and uncompiled."""
    model = seq(layers.Dense(8, activation="relu"), layers.Dense(1))
    doctor.check(model, tabular(5), np.zeros(240), loss="mse")
    assert not model.built and not model.compiled and all(not layer.built for layer in model.layers)

    stack = [keras.Input((10,)), layers.Dense(32), layers.SimpleRNN(8)]
    doctor.check(stack)
    assert not stack[1].built and not stack[2].built


@pytest.mark.parametrize(("width", "expected"), [(32, ["(32, 1)", "(8, 4)"]), (10, ["(10, 1)", "(5, 2)"]),
                                                 (7, ["(7, 1)"])])
def test_rnn_reshape_fix_uses_the_real_width(width, expected):
    """Dense(width) → SimpleRNN: the suggested Reshape multiplies out to the width."""
    (f,) = doctor.check([keras.Input((10,)), layers.Dense(width), layers.SimpleRNN(8)]).errors
    assert f.code == "rnn-input-2d"
    assert [s for s in re.findall(r"Reshape\((\(\d+, \d+\))\)", f.fix)] == expected


def test_stacked_rnn_fix_is_return_sequences_not_reshape():
    """LSTM(32) → LSTM(16): the fix names return_sequences=True on the first LSTM, not a Reshape."""
    first = layers.LSTM(32, name="lstm_a")
    (f,) = doctor.check([keras.Input((20, 3)), first, layers.LSTM(16), layers.Dense(1)]).errors
    assert f.code == "rnn-input-2d"
    assert "return_sequences=True on 'lstm_a'" in f.fix and "Reshape" not in f.fix


def test_findings_report_text_and_html():
    """str() is a plain report, _repr_html_ a table; errors come first; HTML is escaped."""
    info = Finding("dense-after-flatten", "info", "d<1>", "Big. Fix: layers.X()", "layers.X()")
    error = Finding("xy-length", "error", None, "Off by one. Fix: y = y[:-1]", "y = y[:-1]")
    findings = Findings([info, error])
    assert findings.codes == ["xy-length", "dense-after-flatten"]
    text = str(findings)
    assert text.splitlines()[0] == "doctor: 1 error, 1 info."
    assert "[error] xy-length: Off by one." in text and "(layer 'd<1>')" in text
    page = findings._repr_html_()
    assert "<table>" in page and "d&lt;1&gt;" in page and "<code>y = y[:-1]</code>" in page
    assert not findings.ok and len(findings.errors) == 1 and len(findings.infos) == 1
    assert str(Findings()) == "doctor: no problems found." and Findings().ok
    assert "no problems" in Findings()._repr_html_()


def test_docstring_lists_every_code_with_its_severity():
    """The lesson text (the package docstring) and the registry agree."""
    doc = mlp_kit.doctor.__doc__
    for code, (severity, _) in CODES.items():
        assert f"``{code}`` ({severity})" in doc, code
    assert set(re.findall(r"- ``([a-z0-9-]+)`` \(", doc)) == set(CODES)


@pytest.mark.parametrize(("spec", "kind", "logits"), [
    ("categorical_crossentropy", "categorical", False),
    ("CategoricalCrossentropy", "categorical", False),
    ("sparse_categorical_crossentropy", "sparse", False),
    ("binary_crossentropy", "binary", False),
    ("bce", "binary", False),
    ("BCE", "binary", False),
    ("mse", "regression", False),
    ("MSE", "regression", False),
    ("mean_squared_error", "regression", False),
    ("mae", "regression", False),
    ("huber", "regression", False),
    ("Huber", "regression", False),
    ("log_cosh", "regression", False),
    ("hinge", "other", False),
    ("kld", "other", False),
    ("categorical_crossentropie", "unknown", False),
    (keras.losses.CategoricalCrossentropy, "categorical", False),
    (keras.losses.CategoricalCrossentropy(from_logits=True), "categorical", True),
    (keras.losses.SparseCategoricalCrossentropy(from_logits=True), "sparse", True),
    (keras.losses.BinaryCrossentropy(from_logits=True), "binary", True),
    (keras.losses.BinaryFocalCrossentropy(), "binary", False),
    (keras.losses.MeanSquaredError(), "regression", False),
    (keras.losses.Huber(delta=2.0), "regression", False),
    (keras.losses.sparse_categorical_crossentropy, "sparse", False),
    (keras.losses.binary_crossentropy, "binary", False),
    (functools.partial(keras.losses.sparse_categorical_crossentropy, from_logits=True), "sparse", True),
    (lambda y, p: (y - p) ** 2, "custom", False),
])
def test_read_loss(spec, kind, logits):
    """Losses as strings, aliases, classes, instances, functions and partials."""
    loss = read_loss(spec)
    assert (loss.kind, loss.from_logits) == (kind, logits)


@pytest.mark.parametrize(("y", "kind", "cols"), [
    (ids(10), "ids", 1),
    (ids(10).reshape(-1, 1), "ids", 1),
    (ids(2).astype(bool), "ids", 1),
    (onehot(10), "onehot", 10),
    (np.array([[1, 0, 1], [0, 1, 0], [1, 1, 1]]), "multilabel", 3),
    (np.array([[0.2, 0.8], [0.5, 0.5]]), "probs", 2),
    (np.array([0.5, -1.5, 3.0]), "continuous", 1),
    (np.array([[0.5, 7.0], [1.0, 2.0]]), "continuous", 2),
])
def test_read_targets(y, kind, cols):
    t = read_targets(y, out_rank=2)
    assert (t.kind, t.cols) == (kind, cols)


def test_loss_from_compile_or_argument():
    """Without loss=, the compiled loss is used; loss= overrides it; no loss at all checks the rest."""
    model = seq(keras.Input((8,)), layers.Dense(10, activation="softmax"), loss="sparse_categorical_crossentropy")
    assert doctor.check(model, tabular(8), onehot(10)).codes == ["sparse-loss-onehot"]
    assert doctor.check(model, tabular(8), onehot(10), loss="categorical_crossentropy").ok
    bare = seq(keras.Input((8,)), layers.Dense(10, activation="softmax"))
    assert doctor.check(bare, tabular(8), onehot(10)).ok


def test_multi_output_with_dicts():
    """x and y as dicts by input/output name; each head gets its own loss and targets."""
    inp = keras.Input((12,), name="features")
    h = layers.Dense(32, activation="relu")(inp)
    kind = layers.Dense(4, activation="softmax", name="kind")(h)
    price = layers.Dense(1, activation="sigmoid", name="price")(h)
    model = keras.Model(inp, {"kind": kind, "price": price})
    model.compile(loss={"kind": "categorical_crossentropy", "price": "mse"})
    y = {"kind": ids(4), "price": np.linspace(1e4, 9e4, 240)}
    findings = doctor.check(model, {"features": tabular(12)}, y)
    assert sorted(findings.codes) == ["categorical-loss-int-labels", "output-range"]
    assert {f.layer for f in findings} == {"kind", "price"}


def test_activation_in_its_own_layer():
    """Dense(10) followed by Activation('softmax') or Softmax() counts as a softmax output."""
    for act in (layers.Activation("softmax"), layers.Softmax()):
        model = seq(keras.Input((8,)), layers.Dense(10), act, loss="binary_crossentropy")
        assert doctor.check(model, tabular(8), onehot(10)).codes == ["binary-loss-softmax"]


@pytest.mark.parametrize(("args", "kwargs", "words"), [
    ((42,), {}, "expected a Keras model or a list of layers"),
    (([keras.Input((3,)), "dense"],), {}, "must be a Keras layer"),
    (([keras.Input((3,)), layers.Dense(1)],), {"validation_split": 1.5}, "between 0 and 1"),
    (([keras.Input((3,)), layers.Dense(1)], iter([1, 2])), {}, "x must be an array"),
])
def test_bad_arguments_raise_shape_error(args, kwargs, words):
    with pytest.raises(ShapeError, match=words):
        doctor.check(*args, **kwargs)


def test_findings_are_unique_and_sorted():
    """One finding per (code, layer), errors before warnings before infos."""
    model = [keras.Input((3, 150, 150)), layers.Conv2D(32, 3), layers.Conv2D(32, 3), layers.MaxPooling2D(),
             layers.Flatten(), layers.Dense(10, activation="softmax")]
    findings = doctor.check(model, loss="categorical_crossentropy")
    order = {"error": 0, "warning": 1, "info": 2}
    assert [order[f.severity] for f in findings] == sorted(order[f.severity] for f in findings)
    assert len({(f.code, f.layer) for f in findings}) == len(findings)
    assert "channels-first-model" in findings.codes and "shape-error" not in findings.codes


def test_subclassed_model_still_checks_loss_against_y():
    from .cases import Subclassed

    findings = doctor.check(Subclassed(), tabular(784), onehot(10), loss="sparse_categorical_crossentropy")
    assert sorted(findings.codes) == ["sparse-loss-onehot", "subclassed-model"]


def test_tensorflow_activation_functions_are_recognised():
    """activation=tf.nn.softmax is named softmax_v2 by TensorFlow; it is still a softmax."""
    import tensorflow as tf

    model = seq(keras.Input((8,)), layers.Dense(1, activation=tf.nn.softmax), loss="binary_crossentropy")
    assert doctor.check(model).codes == ["softmax-single-unit"]


def test_unusual_containers():
    """pandas frames, SciPy sparse x, and string labels (which Keras cannot use) do not crash the doctor."""
    import pandas as pd
    from scipy import sparse

    model = seq(keras.Input((50,)), layers.Dense(8, activation="relu"), layers.Dense(3, activation="softmax"),
                loss="sparse_categorical_crossentropy")
    frame = pd.DataFrame(tabular(50))
    assert doctor.check(model, frame, pd.Series(ids(3))).ok
    assert doctor.check(model, sparse.random(240, 50, density=0.1, format="csr"), ids(3)).ok
    assert doctor.check(model, tabular(50), np.array(["cat", "dog", "owl"] * 80)).ok
    assert doctor.check(model, sparse.random(240, 40, format="csr"), ids(3)).codes == ["x-shape-mismatch"]


def test_later_input_shape_without_known_shapes_is_still_reported():
    """Keras ignores input_shape on a later layer whether or not the shapes are known."""
    findings = doctor.check([layers.Dense(32, activation="relu"), layers.Dense(8, input_shape=(10,))])
    assert sorted(findings.codes) == ["input-shape-ignored", "shapes-unknown"]
    assert doctor.check([keras.Input((3,)), layers.Dense(1)], validation_split=0.0).ok
