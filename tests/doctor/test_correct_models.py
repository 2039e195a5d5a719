"""No false positives: correct models from the lessons, and keras.applications, get no error or warning.

Each factory returns the keyword arguments of one check() call: a model as a
lesson would build it, with its loss and realistic (small) data.
"""

import keras
import numpy as np
import pytest
from keras import layers

from mlp_kit import doctor

from .cases import emotions_cnn, ids, images, multilabel, onehot, seq, tabular

rng = np.random.default_rng(2)


def mnist_mlp():
    return dict(model=seq(keras.Input((28, 28)), layers.Flatten(), layers.Dense(300, activation="relu"),
                          layers.Dense(100, activation="relu"), layers.Dense(10, activation="softmax"),
                          loss="sparse_categorical_crossentropy"),
                x=images((28, 28)), y=ids(10, 64), validation_split=0.1)


def mnist_mlp_onehot():
    return dict(model=seq(keras.Input((784,)), layers.Dense(128, activation="relu"), layers.Dropout(0.2),
                          layers.Dense(10, activation="softmax"), loss="categorical_crossentropy"),
                x=images((784,), scaled=False).astype("float32") / 255, y=onehot(10, 64))


def logits_classifier():
    return dict(model=seq(keras.Input((20,)), layers.Dense(32, activation="relu"), layers.Dense(5),
                          loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)),
                x=tabular(20), y=ids(5))


def binary_classifier():
    model = seq(keras.Input((30,)), layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid"),
                loss=keras.losses.BinaryCrossentropy())
    return dict(model=model, x=tabular(30), y=(rng.random(240) < 0.3).astype("float32"), validation_split=0.2)


def logistic_regression():
    return dict(model=seq(keras.Input((4,)), layers.Dense(1, activation="sigmoid"), loss="bce"),
                x=tabular(4), y=ids(2))


def housing_regression():
    return dict(model=seq(keras.Input((8,)), layers.Dense(30, activation="relu"), layers.Dense(30, activation="relu"),
                          layers.Dense(1), loss="mse"),
                x=tabular(8), y=rng.uniform(0.5, 5.0, 240), validation_split=0.2)


def huber_with_outliers():
    y = rng.normal(size=240)
    y[::40] = 50
    return dict(model=seq(keras.Input((8,)), layers.Dense(16, activation="elu"), layers.Dense(1)),
                x=tabular(8), y=y, loss=keras.losses.Huber(delta=2.0))


def bounded_regression():
    """Targets in [0, 1] (a rate) with a sigmoid output, counts with relu: both reachable."""
    return dict(model=seq(keras.Input((6,)), layers.Dense(16, activation="tanh"), layers.Dense(1, activation="sigmoid"),
                          loss="mae"), x=tabular(6), y=rng.random(240))


def count_regression():
    return dict(model=seq(keras.Input((6,)), layers.Dense(16, activation="relu"), layers.Dense(1, activation="relu"),
                          loss="mean_squared_error"), x=tabular(6), y=rng.poisson(3, 240))


def square_net():
    """y = x² on [-500, 500] with Dense(8, relu) + Dense(1): 25 parameters (lesson 10)."""
    x = np.linspace(-500, 500, 240).reshape(-1, 1)
    return dict(model=seq(keras.Input((1,)), layers.Dense(8, activation="relu"), layers.Dense(1), loss="mse"),
                x=x, y=x[:, 0] ** 2)


def multilabel_spectra():
    return dict(model=seq(keras.Input((167,)), layers.Dense(64, activation="relu"),
                          layers.Dense(11, activation="sigmoid"), loss="binary_crossentropy"),
                x=tabular(167), y=multilabel(11), validation_split=0.2)


def small_cnn():
    return dict(model=seq(keras.Input((28, 28, 1)), layers.Rescaling(1 / 255), layers.Conv2D(32, 3, activation="relu"),
                          layers.MaxPooling2D(), layers.Conv2D(64, 3, padding="same"), layers.BatchNormalization(),
                          layers.ReLU(), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"),
                          loss="sparse_categorical_crossentropy"),
                x=images(scaled=False), y=ids(10, 64))


def cats_vs_dogs():
    """The 150×150×3 stack of lesson 05b ending in (17, 17, 64), with augmentation in a nested Sequential."""
    augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1), layers.RandomZoom(0.2)])
    model = seq(keras.Input((150, 150, 3)), augment, layers.Rescaling(1 / 255),
                layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
                layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
                layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
                layers.Flatten(), layers.Dropout(0.5), layers.Dense(64, activation="relu"),
                layers.Dense(1, activation="sigmoid"), loss="binary_crossentropy")
    return dict(model=model, x=images((150, 150, 3), n=8, scaled=False), y=ids(2, 8))


def emotions():
    return dict(model=emotions_cnn(), x=images((48, 48, 3), n=16), y=onehot(7, 16))


def conv1d_signal():
    return dict(model=seq(keras.Input((40, 1)), layers.Conv1D(16, 5, activation="relu"), layers.MaxPooling1D(),
                          layers.Conv1D(32, 3, activation="relu"), layers.GlobalMaxPooling1D(),
                          layers.Dense(10, activation="softmax"), loss="sparse_categorical_crossentropy"),
                x=tabular(40).reshape(-1, 40, 1), y=ids(10))


def rnn_regression():
    return dict(model=seq(keras.Input((20, 3)), layers.SimpleRNN(16, return_sequences=True), layers.LSTM(16),
                          layers.Dense(1), loss="mse"),
                x=tabular(60).reshape(-1, 20, 3), y=rng.normal(size=240), validation_split=0.2)


def rnn_classifier():
    return dict(model=seq(keras.Input((30, 4)), layers.Bidirectional(layers.GRU(8)),
                          layers.Dense(3, activation="softmax"), loss="categorical_crossentropy"),
                x=tabular(120).reshape(-1, 30, 4), y=onehot(3))


def seq2seq_tagger():
    """One label per time step: output (None, 30, 5), y (N, 30)."""
    return dict(model=seq(keras.Input((30, 4)), layers.LSTM(16, return_sequences=True),
                          layers.Dense(5, activation="softmax"), loss="sparse_categorical_crossentropy"),
                x=tabular(120).reshape(-1, 30, 4), y=rng.integers(0, 5, (240, 30)))


def reshape_into_rnn():
    return dict(model=seq(keras.Input((10,)), layers.Dense(32, activation="relu"), layers.Reshape((8, 4)),
                          layers.SimpleRNN(8), layers.Dense(1), loss="mse"), x=tabular(10), y=rng.normal(size=240))


def text_classifier():
    x = rng.integers(0, 10_000, (240, 100))
    return dict(model=seq(keras.Input((100,), dtype="int32"), layers.Embedding(10_000, 16),
                          layers.GlobalAveragePooling1D(), layers.Dense(16, activation="relu"),
                          layers.Dense(1, activation="sigmoid"), loss="binary_crossentropy"), x=x, y=ids(2))


def autoencoder():
    x = images((784,))
    return dict(model=seq(keras.Input((784,)), layers.Dense(32, activation="relu"),
                          layers.Dense(784, activation="sigmoid"), loss="binary_crossentropy"), x=x, y=x)


def segmentation():
    return dict(model=seq(keras.Input((32, 32, 3)), layers.Conv2D(16, 3, padding="same", activation="relu"),
                          layers.Conv2D(4, 1, activation="softmax"), loss="sparse_categorical_crossentropy"),
                x=images((32, 32, 3), n=8), y=rng.integers(0, 4, (8, 32, 32)))


def wide_and_deep():
    """Two inputs, two outputs, loss per output and loss_weights (lesson 04)."""
    wide, deep = keras.Input((5,), name="wide"), keras.Input((6,), name="deep")
    h = layers.Dense(30, activation="relu")(deep)
    h = layers.Dense(30, activation="relu")(h)
    main = layers.Dense(1, name="main")(layers.Concatenate()([wide, h]))
    aux = layers.Dense(1, name="aux")(h)
    model = keras.Model([wide, deep], [main, aux])
    model.compile(optimizer="adam", loss=["mse", "mse"], loss_weights=[0.9, 0.1])
    y = rng.normal(size=240)
    return dict(model=model, x=[tabular(5), tabular(6)], y=[y, y])


def functional_dict_losses():
    inp = keras.Input((12,), name="features")
    h = layers.Dense(32, activation="relu")(inp)
    kind = layers.Dense(4, activation="softmax", name="kind")(h)
    price = layers.Dense(1, name="price")(h)
    model = keras.Model(inp, {"kind": kind, "price": price})
    model.compile(optimizer="adam", loss={"kind": "sparse_categorical_crossentropy", "price": "mae"})
    return dict(model=model, x={"features": tabular(12)}, y={"kind": ids(4), "price": rng.normal(size=240)})


def transfer_learning():
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3))
    base.trainable = False
    model = seq(keras.Input((32, 32, 3)), base, layers.GlobalAveragePooling2D(), layers.Dense(5, activation="softmax"),
                loss="categorical_crossentropy")
    return dict(model=model, x=images((32, 32, 3), n=8), y=onehot(5, 8))


def resnet_block():
    inp = keras.Input((16, 16, 8))
    h = layers.Conv2D(8, 3, padding="same")(inp)
    h = layers.BatchNormalization()(h)
    h = layers.Activation("relu")(h)
    h = layers.Conv2D(8, 3, padding="same")(h)
    h = layers.BatchNormalization()(h)
    h = layers.Activation("relu")(layers.Add()([inp, h]))
    out = layers.Dense(2, activation="softmax")(layers.GlobalAveragePooling2D()(h))
    model = keras.Model(inp, out)
    model.compile(loss="sparse_categorical_crossentropy")
    return dict(model=model, x=tabular(16 * 16 * 8, 8).reshape(8, 16, 16, 8), y=ids(2, 8))


def layer_list():
    return dict(model=[keras.Input((10,)), layers.Dense(32, activation="relu"), layers.Reshape((32, 1)),
                       layers.LSTM(8), layers.Dense(1)], x=tabular(10), y=rng.normal(size=240), loss="mse")


def unbuilt_with_x():
    return dict(model=seq(layers.Dense(64, activation="relu"), layers.Dense(3, activation="softmax"),
                          loss="sparse_categorical_crossentropy"), x=tabular(7), y=ids(3))


def sorted_time_series():
    """Regression targets that trend over time: validating on the last part is what forecasting wants."""
    return dict(model=seq(keras.Input((5,)), layers.Dense(16, activation="relu"), layers.Dense(1), loss="mse"),
                x=tabular(5), y=np.linspace(0, 100, 240), validation_split=0.2)


def rare_class():
    y = ids(10, 500)
    y[-3:] = 10  # three samples of a rare class, all at the end after shuffling
    return dict(model=seq(keras.Input((8,)), layers.Dense(16, activation="relu"),
                          layers.Dense(11, activation="softmax"), loss="sparse_categorical_crossentropy"),
                x=tabular(8, 500), y=y, validation_split=0.2)


CORRECT = [mnist_mlp, mnist_mlp_onehot, logits_classifier, binary_classifier, logistic_regression,
           housing_regression, huber_with_outliers, bounded_regression, count_regression, square_net,
           multilabel_spectra, small_cnn, cats_vs_dogs, emotions, conv1d_signal, rnn_regression, rnn_classifier,
           seq2seq_tagger, reshape_into_rnn, text_classifier, autoencoder, segmentation, wide_and_deep,
           functional_dict_losses, transfer_learning, resnet_block, layer_list, unbuilt_with_x,
           sorted_time_series, rare_class]


@pytest.mark.parametrize("factory", CORRECT, ids=lambda f: f.__name__)
def test_correct_model_is_clean(factory):
    """A correct model with its loss and data: no error, no warning."""
    kwargs = factory()
    findings = doctor.check(kwargs.pop("model"), **kwargs)
    assert findings.ok, f"{factory.__name__}:\n{findings}"


# MobileNetV3 and EfficientNet end their blocks with linear 1×1 bottlenecks, which must not count as
# linear stacks. (Also clean, but slow to build: DenseNet121, ConvNeXtTiny, Xception, InceptionV3, NASNetMobile.)
APPLICATIONS = ["VGG16", "MobileNetV2", "ResNet50", "MobileNetV3Small", "EfficientNetB0"]


@pytest.mark.slow
@pytest.mark.parametrize("name", APPLICATIONS)
def test_keras_applications_are_clean(name):
    """keras.applications architectures (weights=None, 32×32 inputs, 10 classes): no error or warning."""
    model = getattr(keras.applications, name)(weights=None, input_shape=(32, 32, 3), classes=10)
    x = rng.random((2, 32, 32, 3)).astype("float32")
    findings = doctor.check(model, x, keras.utils.to_categorical([0, 1], 10), loss="categorical_crossentropy")
    assert findings.ok, f"{name}:\n{findings}"
