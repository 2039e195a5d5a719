"""Broken models as learners post them on forums, each next to its fixed version.

Every ``Case`` names the finding the broken version must produce; the fixed
version applies the fix from that finding's message and must come out clean
(no error, no warning, and not that code). Factories build fresh models and
small arrays each time, so a case never sees another case's state.
"""

from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(0)
N = 240  # samples per toy data set


@dataclass
class Case:
    code: str
    id: str
    broken: Callable
    fixed: Callable


def seq(*items, loss=None):
    model = keras.Sequential(list(items))
    if loss is not None:
        model.compile(optimizer="adam", loss=loss)
    return model


def ids(k, n=N):
    return np.arange(n) % k


def onehot(k, n=N):
    return keras.utils.to_categorical(ids(k, n), k)


def multilabel(k=11, n=N):
    y = (rng.random((n, k)) < 0.25).astype("float32")
    y[:, 0] = 1  # every row has at least one label; most have several
    return y


def tabular(d, n=N):
    return rng.normal(size=(n, d)).astype("float32")


def images(shape=(28, 28, 1), n=64, scaled=True):
    x = rng.integers(0, 256, size=(n, *shape), dtype=np.uint8)
    return x.astype("float32") / 255 if scaled else x


def mlp(n_in, head, hidden=64):
    return [keras.Input((n_in,)), layers.Dense(hidden, activation="relu"), head]


def spectra(head, loss):
    """167-point spectra with 11 substances that can occur together."""
    return dict(model=seq(*mlp(167, head), loss=loss), x=tabular(167), y=multilabel(11))


def digits(head, loss, y):
    return dict(model=seq(*mlp(64, head), loss=loss), x=tabular(64), y=y)


def housing(head, loss="mse", y=None):
    y = rng.uniform(50_000, 500_000, size=N) if y is None else y
    return dict(model=seq(*mlp(8, head, hidden=30), loss=loss), x=tabular(8), y=y)


def emotions_cnn(flatten=True):
    """The facial-expression CNN of lesson 05b: 48×48×3 → ... → Dense 7 (4,796,679 parameters)."""
    pool = layers.Flatten() if flatten else layers.GlobalAveragePooling2D()
    return seq(keras.Input((48, 48, 3)), layers.Conv2D(32, 3, padding="same"), layers.BatchNormalization(),
               layers.PReLU(), layers.MaxPooling2D(), pool, layers.Dense(256), layers.BatchNormalization(),
               layers.PReLU(), layers.Dropout(0.5), layers.Dense(7, activation="softmax"),
               loss="categorical_crossentropy")


def cnn(*body, input_shape=(28, 28, 1), k=10, loss="sparse_categorical_crossentropy"):
    return seq(keras.Input(input_shape), *body, layers.Dense(k, activation="softmax"), loss=loss)


def small_convnet(input_shape=(28, 28, 1), pre=()):
    return cnn(*pre, layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(), layers.Flatten(),
               input_shape=input_shape)


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(64, activation="relu")
        self.out = layers.Dense(10, activation="softmax")

    def call(self, x):
        return self.out(self.hidden(x))


sorted_labels = np.repeat(np.arange(10), 50)            # 0,0,...,9,9 as many data sets are stored
sorted_binary = np.repeat([0, 1], [300, 200])
shuffle = np.random.default_rng(1).permutation


CASES = [
    # ---- output layer, loss and targets
    Case("softmax-single-unit", "binary-softmax-1-unit",
         lambda: digits(layers.Dense(1, activation="softmax"), "binary_crossentropy", ids(2)),
         lambda: digits(layers.Dense(1, activation="sigmoid"), "binary_crossentropy", ids(2))),
    Case("categorical-single-unit", "binary-with-cce",
         lambda: digits(layers.Dense(1, activation="sigmoid"), "categorical_crossentropy", ids(2)),
         lambda: digits(layers.Dense(1, activation="sigmoid"), "binary_crossentropy", ids(2))),
    Case("logits-without-from-logits", "linear-output-scce",
         lambda: digits(layers.Dense(10), "sparse_categorical_crossentropy", ids(10)),
         lambda: digits(layers.Dense(10), keras.losses.SparseCategoricalCrossentropy(from_logits=True), ids(10))),
    Case("logits-without-from-logits", "linear-output-bce",
         lambda: digits(layers.Dense(1), "binary_crossentropy", ids(2)),
         lambda: digits(layers.Dense(1, activation="sigmoid"), "binary_crossentropy", ids(2))),
    Case("softmax-multilabel", "spectra-softmax-cce",
         lambda: spectra(layers.Dense(11, activation="softmax"), "categorical_crossentropy"),
         lambda: spectra(layers.Dense(11, activation="sigmoid"), "binary_crossentropy")),
    Case("softmax-multilabel", "spectra-softmax-bce",
         lambda: spectra(layers.Dense(11, activation="softmax"), "binary_crossentropy"),
         lambda: spectra(layers.Dense(11, activation="sigmoid"), "binary_crossentropy")),
    Case("categorical-loss-multilabel", "spectra-sigmoid-cce",
         lambda: spectra(layers.Dense(11, activation="sigmoid"), "categorical_crossentropy"),
         lambda: spectra(layers.Dense(11, activation="sigmoid"), "binary_crossentropy")),
    Case("sparse-loss-onehot", "to-categorical-then-scce",
         lambda: digits(layers.Dense(10, activation="softmax"), "sparse_categorical_crossentropy", onehot(10)),
         lambda: digits(layers.Dense(10, activation="softmax"), "categorical_crossentropy", onehot(10))),
    Case("categorical-loss-int-labels", "integer-labels-cce",
         lambda: digits(layers.Dense(10, activation="softmax"), "categorical_crossentropy", ids(10)),
         lambda: digits(layers.Dense(10, activation="softmax"), "sparse_categorical_crossentropy", ids(10))),
    Case("binary-loss-targets", "digits-with-bce",
         lambda: digits(layers.Dense(1, activation="sigmoid"), "binary_crossentropy", ids(10)),
         lambda: digits(layers.Dense(10, activation="softmax"), "sparse_categorical_crossentropy", ids(10))),
    Case("binary-loss-targets", "labels-minus-one",
         lambda: digits(layers.Dense(1, activation="sigmoid"), "binary_crossentropy", ids(2) * 2 - 1),
         lambda: digits(layers.Dense(1, activation="sigmoid"), "binary_crossentropy", (ids(2) * 2 - 1 + 1) // 2)),
    Case("units-mismatch", "mnist-head-on-7-emotions",
         lambda: digits(layers.Dense(10, activation="softmax"), "categorical_crossentropy", onehot(7)),
         lambda: digits(layers.Dense(7, activation="softmax"), "categorical_crossentropy", onehot(7))),
    Case("units-mismatch", "labels-start-at-1",
         lambda: digits(layers.Dense(10, activation="softmax"), "sparse_categorical_crossentropy", ids(10) + 1),
         lambda: digits(layers.Dense(10, activation="softmax"), "sparse_categorical_crossentropy", ids(10) + 1 - 1)),
    Case("units-mismatch", "regression-with-10-outputs",
         lambda: housing(layers.Dense(10)), lambda: housing(layers.Dense(1))),
    Case("units-mismatch", "binary-with-2-sigmoids",
         lambda: digits(layers.Dense(2, activation="sigmoid"), "binary_crossentropy", ids(2)),
         lambda: digits(layers.Dense(1, activation="sigmoid"), "binary_crossentropy", ids(2))),
    Case("units-mismatch", "scce-one-unit-no-y",
         lambda: dict(model=seq(*mlp(20, layers.Dense(1, activation="sigmoid")),
                                loss="sparse_categorical_crossentropy")),
         lambda: dict(model=seq(*mlp(20, layers.Dense(1, activation="sigmoid")), loss="binary_crossentropy"))),
    Case("output-rank", "cnn-without-flatten",
         lambda: dict(model=cnn(layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D()),
                      x=images(), y=ids(10, 64)),
         lambda: dict(model=cnn(layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(), layers.Flatten()),
                      x=images(), y=ids(10, 64))),
    Case("output-rank", "lstm-return-sequences",
         lambda: dict(model=seq(keras.Input((20, 3)), layers.LSTM(16, return_sequences=True), layers.Dense(1),
                                loss="mse"), x=tabular(60).reshape(-1, 20, 3), y=rng.normal(size=N)),
         lambda: dict(model=seq(keras.Input((20, 3)), layers.LSTM(16), layers.Dense(1), loss="mse"),
                      x=tabular(60).reshape(-1, 20, 3), y=rng.normal(size=N))),
    Case("output-range", "house-prices-sigmoid",
         lambda: housing(layers.Dense(1, activation="sigmoid")), lambda: housing(layers.Dense(1))),
    Case("output-range", "standardised-target-relu",
         lambda: housing(layers.Dense(1, activation="relu"), y=rng.normal(size=N)),
         lambda: housing(layers.Dense(1), y=rng.normal(size=N))),
    Case("output-range", "softmax-regression",
         lambda: housing(layers.Dense(3, activation="softmax"), y=rng.normal(size=(N, 3))),
         lambda: housing(layers.Dense(3), y=rng.normal(size=(N, 3)))),
    Case("output-range", "lstm-as-output",
         lambda: dict(model=seq(keras.Input((20, 3)), layers.LSTM(1), loss="mae"),
                      x=tabular(60).reshape(-1, 20, 3), y=rng.uniform(10, 40, size=N)),
         lambda: dict(model=seq(keras.Input((20, 3)), layers.LSTM(1), layers.Dense(1), loss="mae"),
                      x=tabular(60).reshape(-1, 20, 3), y=rng.uniform(10, 40, size=N))),
    Case("loss-unknown", "misspelt-loss",
         lambda: dict(model=seq(*mlp(64, layers.Dense(10, activation="softmax"))), x=tabular(64), y=onehot(10),
                      loss="categorical_crossentropie"),
         lambda: dict(model=seq(*mlp(64, layers.Dense(10, activation="softmax"))), x=tabular(64), y=onehot(10),
                      loss="categorical_crossentropy")),
    Case("sigmoid-categorical", "sigmoid-cce-onehot",
         lambda: digits(layers.Dense(10, activation="sigmoid"), "categorical_crossentropy", onehot(10)),
         lambda: digits(layers.Dense(10, activation="softmax"), "categorical_crossentropy", onehot(10))),
    Case("sigmoid-categorical", "sigmoid-scce-ids",
         lambda: digits(layers.Dense(10, activation="sigmoid"), "sparse_categorical_crossentropy", ids(10)),
         lambda: digits(layers.Dense(10, activation="softmax"), "sparse_categorical_crossentropy", ids(10))),
    Case("binary-loss-softmax", "softmax-bce-onehot",
         lambda: digits(layers.Dense(10, activation="softmax"), "binary_crossentropy", onehot(10)),
         lambda: digits(layers.Dense(10, activation="softmax"), "categorical_crossentropy", onehot(10))),
    Case("from-logits-activation", "softmax-from-logits",
         lambda: digits(layers.Dense(10, activation="softmax"),
                        keras.losses.SparseCategoricalCrossentropy(from_logits=True), ids(10)),
         lambda: digits(layers.Dense(10), keras.losses.SparseCategoricalCrossentropy(from_logits=True), ids(10))),
    Case("from-logits-activation", "sigmoid-from-logits",
         lambda: digits(layers.Dense(1, activation="sigmoid"), keras.losses.BinaryCrossentropy(from_logits=True),
                        ids(2)),
         lambda: digits(layers.Dense(1, activation="sigmoid"), keras.losses.BinaryCrossentropy(), ids(2))),
    # ---- the stack of layers
    Case("rnn-input-2d", "dense-then-simplernn",
         lambda: dict(model=[keras.Input((10,)), layers.Dense(32), layers.SimpleRNN(8)]),
         lambda: dict(model=[keras.Input((10,)), layers.Dense(32, activation="relu"), layers.Reshape((32, 1)),
                             layers.SimpleRNN(8)])),
    Case("rnn-input-2d", "lstm-on-flat-features",
         lambda: dict(model=[layers.LSTM(32, input_shape=(10,)), layers.Dense(1)], x=tabular(10), y=rng.normal(size=N),
                      loss="mse"),
         lambda: dict(model=[keras.Input((10, 1)), layers.LSTM(32), layers.Dense(1)],
                      x=tabular(10).reshape(len(tabular(10)), 10, 1), y=rng.normal(size=N), loss="mse")),
    Case("rnn-input-2d", "stacked-lstm-without-return-sequences",
         lambda: dict(model=[keras.Input((20, 3)), layers.LSTM(32), layers.LSTM(16), layers.Dense(1)]),
         lambda: dict(model=[keras.Input((20, 3)), layers.LSTM(32, return_sequences=True), layers.LSTM(16),
                             layers.Dense(1)])),
    Case("layer-input-ndim", "conv2d-without-channel-axis",
         lambda: dict(model=[keras.Input((28, 28)), layers.Conv2D(16, 3, activation="relu"), layers.Flatten(),
                             layers.Dense(10, activation="softmax")]),
         lambda: dict(model=[keras.Input((28, 28, 1)), layers.Conv2D(16, 3, activation="relu"), layers.Flatten(),
                             layers.Dense(10, activation="softmax")])),
    Case("layer-input-ndim", "conv2d-after-dense",
         lambda: dict(model=[keras.Input((100,)), layers.Dense(784, activation="relu"),
                             layers.Conv2D(16, 3, activation="relu")]),
         lambda: dict(model=[keras.Input((100,)), layers.Dense(784, activation="relu"), layers.Reshape((28, 28, 1)),
                             layers.Conv2D(16, 3, activation="relu")])),
    Case("shape-error", "reshape-wrong-size",
         lambda: dict(model=[keras.Input((10,)), layers.Dense(32, activation="relu"), layers.Reshape((8, 8)),
                             layers.LSTM(8)]),
         lambda: dict(model=[keras.Input((10,)), layers.Dense(32, activation="relu"), layers.Reshape((8, 4)),
                             layers.LSTM(8)])),
    Case("linear-stack", "mlp-without-activations",
         lambda: dict(model=seq(keras.Input((784,)), layers.Dense(128), layers.Dense(64),
                                layers.Dense(10, activation="softmax"))),
         lambda: dict(model=seq(keras.Input((784,)), layers.Dense(128, activation="relu"),
                                layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")))),
    Case("linear-stack", "convs-without-activations",
         lambda: dict(model=cnn(layers.Conv2D(32, 3), layers.Conv2D(64, 3), layers.MaxPooling2D(), layers.Flatten())),
         lambda: dict(model=cnn(layers.Conv2D(32, 3, activation="relu"), layers.Conv2D(64, 3, activation="relu"),
                                layers.MaxPooling2D(), layers.Flatten()))),
    Case("input-shape-later", "input-shape-on-every-layer",
         lambda: dict(model=seq(layers.Dense(64, activation="relu", input_shape=(20,)),
                                layers.Dense(32, activation="relu", input_shape=(20,)),
                                layers.Dense(1, activation="sigmoid"))),
         lambda: dict(model=seq(layers.Dense(64, activation="relu", input_shape=(20,)),
                                layers.Dense(32, activation="relu"), layers.Dense(1, activation="sigmoid")))),
    Case("input-shape-ignored", "input-dim-repeated",
         lambda: dict(model=seq(keras.Input((20,)), layers.Dense(64, activation="relu"),
                                layers.Dense(32, activation="relu", input_dim=64),
                                layers.Dense(1, activation="sigmoid"))),
         lambda: dict(model=seq(keras.Input((20,)), layers.Dense(64, activation="relu"),
                                layers.Dense(32, activation="relu"), layers.Dense(1, activation="sigmoid")))),
    Case("channels-first-model", "input-3-150-150",
         lambda: dict(model=[keras.Input((3, 150, 150)), layers.Conv2D(32, 3, activation="relu"),
                             layers.MaxPooling2D(), layers.Flatten(), layers.Dense(1, activation="sigmoid")]),
         lambda: dict(model=[keras.Input((150, 150, 3)), layers.Conv2D(32, 3, activation="relu"),
                             layers.MaxPooling2D(), layers.Flatten(), layers.Dense(1, activation="sigmoid")])),
    Case("dense-after-flatten", "emotions-cnn",
         lambda: dict(model=emotions_cnn(flatten=True)), lambda: dict(model=emotions_cnn(flatten=False))),
    Case("shapes-unknown", "sequential-without-input",
         lambda: dict(model=seq(layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax"))),
         lambda: dict(model=seq(keras.Input((20,)), layers.Dense(64, activation="relu"),
                                layers.Dense(10, activation="softmax")))),
    Case("subclassed-model", "subclassed-mlp",
         lambda: dict(model=Subclassed()),
         lambda: dict(model=[keras.Input((784,)), layers.Dense(64, activation="relu"),
                             layers.Dense(10, activation="softmax")])),
    # ---- the training data
    Case("x-shape-mismatch", "mnist-without-channel-axis",
         lambda: dict(model=small_convnet(), x=images()[..., 0], y=ids(10, 64)),
         lambda: dict(model=small_convnet(), x=images()[..., 0][..., np.newaxis], y=ids(10, 64))),
    Case("x-shape-mismatch", "sequence-as-flat-rows",
         lambda: dict(model=seq(keras.Input((10, 1)), layers.LSTM(16), layers.Dense(1), loss="mse"),
                      x=tabular(10), y=rng.normal(size=N)),
         lambda: dict(model=seq(keras.Input((10, 1)), layers.LSTM(16), layers.Dense(1), loss="mse"),
                      x=tabular(10).reshape(N, 10, 1), y=rng.normal(size=N))),
    Case("channels-first-data", "cifar-channels-first",
         lambda: dict(model=small_convnet((32, 32, 3)), x=images((3, 32, 32)), y=ids(10, 64)),
         lambda: dict(model=small_convnet((32, 32, 3)), x=np.transpose(images((3, 32, 32)), (0, 2, 3, 1)),
                      y=ids(10, 64))),
    Case("xy-length", "labels-off-by-one",
         lambda: digits(layers.Dense(10, activation="softmax"), "sparse_categorical_crossentropy", ids(10, N - 1)),
         lambda: digits(layers.Dense(10, activation="softmax"), "sparse_categorical_crossentropy", ids(10, N))),
    Case("validation-split-unseen", "sorted-digits",
         lambda: dict(model=seq(*mlp(64, layers.Dense(10, activation="softmax")),
                                loss="sparse_categorical_crossentropy"),
                      x=tabular(64, 500), y=sorted_labels, validation_split=0.2),
         lambda: dict(model=seq(*mlp(64, layers.Dense(10, activation="softmax")),
                                loss="sparse_categorical_crossentropy"),
                      x=tabular(64, 500), y=sorted_labels[shuffle(500)], validation_split=0.2)),
    Case("validation-split-skewed", "sorted-binary",
         lambda: dict(model=seq(*mlp(64, layers.Dense(1, activation="sigmoid")), loss="binary_crossentropy"),
                      x=tabular(64, 500), y=sorted_binary, validation_split=0.2),
         lambda: dict(model=seq(*mlp(64, layers.Dense(1, activation="sigmoid")), loss="binary_crossentropy"),
                      x=tabular(64, 500), y=sorted_binary[shuffle(500)], validation_split=0.2)),
    Case("pixels-unscaled", "mnist-uint8",
         lambda: dict(model=small_convnet(), x=images(scaled=False), y=ids(10, 64)),
         lambda: dict(model=small_convnet(), x=images(scaled=False).astype("float32") / 255, y=ids(10, 64))),
    Case("pixels-unscaled", "mnist-uint8-rescaling-layer",
         lambda: dict(model=seq(keras.Input((28, 28)), layers.Flatten(), layers.Dense(128, activation="relu"),
                                layers.Dense(10, activation="softmax"), loss="sparse_categorical_crossentropy"),
                      x=images((28, 28), scaled=False), y=ids(10, 64)),
         lambda: dict(model=seq(keras.Input((28, 28)), layers.Rescaling(1 / 255), layers.Flatten(),
                                layers.Dense(128, activation="relu"), layers.Dense(10, activation="softmax"),
                                loss="sparse_categorical_crossentropy"),
                      x=images((28, 28), scaled=False), y=ids(10, 64))),
]
