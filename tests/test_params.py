"""Tests for mlp_kit.params: the formulas, and explain(model) against Keras' own counts.

Reference: for every layer, Keras' ``layer.count_params()`` and the sizes of
``layer.trainable_weights`` / ``layer.non_trainable_weights``. explain() must
reproduce them from the configuration and input shape alone.
"""

import subprocess
import sys
import warnings
from math import prod

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keras import layers as L

from mlp_kit import params
from mlp_kit.errors import ShapeError
from mlp_kit.params import Counts, UnknownLayerError, count_params, explain


def keras_counts(layer):
    """(total, trainable, non_trainable) as Keras counts them."""
    size = lambda weights: sum(prod(w.shape) for w in weights)  # noqa: E731
    return layer.count_params(), size(layer.trainable_weights), size(layer.non_trainable_weights)


def row_counts(row):
    return row.params, row.trainable, row.non_trainable


def check_against_keras(model):
    """explain(model) rows (all depths) and totals equal Keras; returns the Explanation."""
    table = explain(model)
    rows = {row.name: row for row in table}

    def visit(m, prefix):
        for layer in m.layers:
            row = rows[prefix + layer.name]
            assert row_counts(row) == keras_counts(layer), (row, keras_counts(layer))
            if isinstance(layer, keras.Model):
                visit(layer, prefix + layer.name + "/")

    visit(model, "")
    total, trainable, non_trainable = keras_counts(model)
    assert (table.total, table.trainable, table.non_trainable) == (total, trainable, non_trainable)
    assert count_params(model) == total
    return table


# ---------------------------------------------------------------------------
# The pure formulas
# ---------------------------------------------------------------------------


def test_formulas_worked_examples():
    """The numbers of CURRICULUM lesson 05, worked by hand."""
    assert params.dense(784, 300) == 235_500                  # 784·300 + 300
    assert params.dense(300, 100) + params.dense(100, 10) == 31_110
    assert params.dense(1, 8) + params.dense(8, 1) == 25      # y = x² net: 16 + 9
    assert params.conv(2, 1, 1) == 3                          # Conv1D(1, 2) on (3, 1)
    assert params.conv((3, 3), 3, 32) == 896                  # (3·3·3 + 1)·32
    assert params.conv(3, 3, 32, rank=2) == 896
    assert params.conv((3, 3), 6, 9, groups=3) == (3 * 3 * 2 + 1) * 9
    assert params.conv((3, 3), 3, 32, use_bias=False) == 864
    assert params.simple_rnn(3, 4) == 32
    assert params.lstm(3, 4) == 128
    assert params.gru(3, 4) == 108
    assert params.gru(3, 4, reset_after=False) == 96
    assert params.batch_norm(32) == Counts(64, 64)
    assert params.batch_norm(32).total == 128
    assert params.batch_norm(32, center=False, scale=False) == Counts(0, 64)
    assert params.layer_norm(64) == 128
    assert params.prelu((48, 48, 32)) == 73_728
    assert params.prelu((48, 48, 32), shared_axes=[1, 2]) == 32
    assert params.embedding(100, 8) == 800
    assert params.depthwise_conv((3, 3), 3, depth_multiplier=2) == 60
    assert params.separable_conv((3, 3), 3, 8, depth_multiplier=2) == 110
    assert params.normalization(3) == Counts(0, 7)
    assert "total=128" in repr(params.batch_norm(32))


sizes = st.integers(1, 64)


@settings(max_examples=25, deadline=None)
@given(n_in=sizes, units=sizes, k=st.lists(st.integers(1, 5), min_size=1, max_size=3),
       g=st.integers(1, 4), bias=st.booleans())
def test_formulas_return_non_negative_ints(n_in, units, k, g, bias):
    values = [
        params.dense(n_in, units, bias),
        params.conv(tuple(k), n_in * g, units * g, groups=g, use_bias=bias),
        params.depthwise_conv(tuple(k), n_in, g, bias),
        params.separable_conv(tuple(k), n_in, units, g, bias),
        params.simple_rnn(n_in, units, bias), params.lstm(n_in, units, bias),
        params.gru(n_in, units, bias, bias), params.embedding(n_in, units),
        params.layer_norm(n_in, bias, True), params.prelu((n_in, units), shared_axes=[1]),
        *params.batch_norm(n_in, bias, True), *params.normalization((n_in, units)),
    ]
    assert all(type(v) is int and v >= 0 for v in values), values


@settings(max_examples=25, deadline=None)
@given(d=sizes, u=sizes)
def test_recurrent_formulas_are_gate_multiples(d, u):
    """An LSTM is four SimpleRNNs; a GRU three, plus 3u for the second bias."""
    assert params.lstm(d, u) == 4 * params.simple_rnn(d, u)
    assert params.gru(d, u) == 3 * params.simple_rnn(d, u) + 3 * u
    assert params.gru(d, u, reset_after=False) == 3 * params.simple_rnn(d, u)


BAD_ARGUMENTS = [
    (lambda: params.dense(-1, 3), ["dense()", "n_in", "received n_in=-1", ">= 1"]),
    (lambda: params.dense(0, 3), ["received n_in=0"]),
    (lambda: params.dense(2.5, 3), ["whole number", "received n_in=2.5"]),
    (lambda: params.dense(784.0, 3), ["pass n_in=784"]),
    (lambda: params.dense(True, 3), ["received n_in=True"]),
    (lambda: params.dense("784", 3), ["received n_in='784'"]),
    (lambda: params.dense(3, 4, use_bias="yes"), ["use_bias to be True or False"]),
    (lambda: params.conv((3, 3), 8, 16, groups=3),
     ["groups to divide c_in=8", "received groups=3", "[1, 2, 4, 8]"]),
    (lambda: params.conv(3, 6, 8, groups=3), ["groups to divide filters=8"]),
    (lambda: params.conv((3, 0), 3, 8), ["kernel_size", "received kernel_size=0"]),
    (lambda: params.conv((3, 3), 3, 32, rank=1), ["one entry per spatial axis"]),
    (lambda: params.conv((), 3, 32), ["one entry per spatial axis"]),
    (lambda: params.conv((3, 3), -3, 32), ["received c_in=-3"]),
    (lambda: params.lstm(3, -4), ["received u=-4"]),
    (lambda: params.gru(3, 2.5), ["received u=2.5"]),
    (lambda: params.batch_norm(0), ["received channels=0"]),
    (lambda: params.prelu((4, 4, 3), shared_axes=[0]), ["shared_axes between 1 and 3"]),
    (lambda: params.embedding(100, None), ["received output_dim=None"]),
]


@pytest.mark.parametrize("call, phrases", BAD_ARGUMENTS)
def test_bad_arguments_raise_shape_error(call, phrases):
    with pytest.raises(ShapeError) as info:
        call()
    message = str(info.value)
    assert all(phrase in message for phrase in phrases), message
    assert "Fix" in message or "True or False" in message


# ---------------------------------------------------------------------------
# A zoo of layers: every row equals Keras' count
# ---------------------------------------------------------------------------

ZOO = {
    # Dense, also on 3-D and 4-D input (applied to the last axis)
    "dense": (lambda: L.Dense(5), (4,)),
    "dense_no_bias": (lambda: L.Dense(5, use_bias=False), (4,)),
    "dense_3d": (lambda: L.Dense(4), (5, 3)),
    "dense_4d": (lambda: L.Dense(2, activation="relu"), (2, 3, 4)),
    # convolutions
    "conv1d_lesson": (lambda: L.Conv1D(1, 2), (3, 1)),
    "conv1d_strides_same": (lambda: L.Conv1D(8, 3, strides=2, padding="same"), (20, 4)),
    "conv1d_dilation_groups": (lambda: L.Conv1D(6, 3, dilation_rate=2, groups=2), (20, 4)),
    "conv1d_causal_no_bias": (lambda: L.Conv1D(4, 5, padding="causal", use_bias=False), (20, 3)),
    "conv2d": (lambda: L.Conv2D(32, 3), (28, 28, 1)),
    "conv2d_rect_strides": (lambda: L.Conv2D(16, (3, 5), strides=(2, 1), padding="same"),
                            (16, 16, 3)),
    "conv2d_groups": (lambda: L.Conv2D(9, 3, groups=3), (8, 8, 6)),
    "conv2d_dilation_no_bias": (lambda: L.Conv2D(8, 3, dilation_rate=2, use_bias=False),
                                (16, 16, 4)),
    "conv2d_channels_first": (lambda: L.Conv2D(4, 3, data_format="channels_first"), (3, 16, 16)),
    "conv3d": (lambda: L.Conv3D(4, 3), (8, 8, 8, 2)),
    "conv3d_groups_strides": (lambda: L.Conv3D(4, (1, 3, 3), strides=2, groups=2), (8, 8, 8, 2)),
    "depthwise2d": (lambda: L.DepthwiseConv2D(3), (8, 8, 3)),
    "depthwise2d_multiplier": (lambda: L.DepthwiseConv2D(3, depth_multiplier=2), (8, 8, 3)),
    "depthwise2d_no_bias": (lambda: L.DepthwiseConv2D(5, strides=2, use_bias=False), (12, 12, 4)),
    "depthwise1d": (lambda: L.DepthwiseConv1D(3, depth_multiplier=3), (10, 4)),
    "separable2d": (lambda: L.SeparableConv2D(8, 3), (8, 8, 3)),
    "separable2d_multiplier": (lambda: L.SeparableConv2D(8, 3, depth_multiplier=2), (8, 8, 3)),
    "separable2d_no_bias": (lambda: L.SeparableConv2D(8, (3, 5), use_bias=False), (8, 8, 3)),
    "separable1d": (lambda: L.SeparableConv1D(6, 3), (10, 4)),
    "conv2d_transpose": (lambda: L.Conv2DTranspose(4, 3, strides=2), (8, 8, 3)),
    "conv2d_transpose_no_bias": (lambda: L.Conv2DTranspose(4, 3, padding="same", use_bias=False),
                                 (8, 8, 3)),
    "conv1d_transpose": (lambda: L.Conv1DTranspose(3, 2), (10, 4)),
    "conv3d_transpose": (lambda: L.Conv3DTranspose(2, 3), (4, 4, 4, 2)),
    # layers without weights
    "maxpool1d": (lambda: L.MaxPooling1D(), (10, 3)),
    "maxpool2d": (lambda: L.MaxPooling2D(), (8, 8, 3)),
    "avgpool2d": (lambda: L.AveragePooling2D(pool_size=3), (9, 9, 3)),
    "maxpool3d": (lambda: L.MaxPooling3D(), (4, 4, 4, 2)),
    "global_avg2d": (lambda: L.GlobalAveragePooling2D(), (8, 8, 3)),
    "global_max1d": (lambda: L.GlobalMaxPooling1D(), (10, 3)),
    "flatten": (lambda: L.Flatten(), (3, 4)),
    "reshape": (lambda: L.Reshape((6, 2)), (3, 4)),
    "permute": (lambda: L.Permute((2, 1)), (3, 4)),
    "repeat_vector": (lambda: L.RepeatVector(3), (4,)),
    "dropout": (lambda: L.Dropout(0.3), (4,)),
    "spatial_dropout2d": (lambda: L.SpatialDropout2D(0.3), (8, 8, 3)),
    "gaussian_noise": (lambda: L.GaussianNoise(0.1), (4,)),
    "activation": (lambda: L.Activation("relu"), (4,)),
    "relu": (lambda: L.ReLU(max_value=6), (4,)),
    "leaky_relu": (lambda: L.LeakyReLU(), (4,)),
    "softmax": (lambda: L.Softmax(), (4,)),
    "elu": (lambda: L.ELU(), (4,)),
    "zero_padding2d": (lambda: L.ZeroPadding2D(1), (8, 8, 3)),
    "cropping2d": (lambda: L.Cropping2D(1), (8, 8, 3)),
    "upsampling2d": (lambda: L.UpSampling2D(), (8, 8, 3)),
    "masking": (lambda: L.Masking(), (5, 3)),
    "unit_normalization": (lambda: L.UnitNormalization(), (4,)),
    "identity": (lambda: L.Identity(), (4,)),
    "lambda": (lambda: L.Lambda(lambda x: x * 2), (4,)),
    "activity_regularization": (lambda: L.ActivityRegularization(l1=0.1), (4,)),
    # normalization
    "batch_norm_4d": (lambda: L.BatchNormalization(), (8, 8, 3)),
    "batch_norm_2d": (lambda: L.BatchNormalization(), (10,)),
    "batch_norm_axis1": (lambda: L.BatchNormalization(axis=1), (8, 5, 3)),
    "batch_norm_no_center": (lambda: L.BatchNormalization(center=False), (8, 8, 3)),
    "batch_norm_no_scale": (lambda: L.BatchNormalization(scale=False), (8, 8, 3)),
    "batch_norm_neither": (lambda: L.BatchNormalization(center=False, scale=False), (8, 8, 3)),
    "batch_norm_renorm": (lambda: L.BatchNormalization(renorm=True), (6,)),
    "layer_norm": (lambda: L.LayerNormalization(), (5, 7)),
    "layer_norm_axes": (lambda: L.LayerNormalization(axis=[1, 2]), (5, 7)),
    "layer_norm_no_center": (lambda: L.LayerNormalization(center=False), (5, 7)),
    "layer_norm_no_scale": (lambda: L.LayerNormalization(scale=False), (5, 7)),
    "rms_normalization": (lambda: L.RMSNormalization(), (5, 7)),
    "group_norm": (lambda: L.GroupNormalization(groups=2), (8, 8, 4)),
    "group_norm_no_center": (lambda: L.GroupNormalization(groups=2, center=False), (8, 8, 4)),
    # PReLU
    "prelu_image": (lambda: L.PReLU(), (8, 8, 3)),
    "prelu_shared_hw": (lambda: L.PReLU(shared_axes=[1, 2]), (8, 8, 3)),
    "prelu_shared_time": (lambda: L.PReLU(shared_axes=[1]), (5, 7)),
    "prelu_flat": (lambda: L.PReLU(), (10,)),
    # embedding and recurrent layers
    "embedding": (lambda: L.Embedding(100, 8), (10,)),
    "embedding_mask_zero": (lambda: L.Embedding(50, 3, mask_zero=True), (7,)),
    "simple_rnn": (lambda: L.SimpleRNN(4), (5, 3)),
    "simple_rnn_seq_no_bias": (lambda: L.SimpleRNN(4, use_bias=False, return_sequences=True),
                               (5, 3)),
    "lstm": (lambda: L.LSTM(4), (5, 3)),
    "lstm_no_bias": (lambda: L.LSTM(6, use_bias=False), (5, 3)),
    "gru": (lambda: L.GRU(4), (5, 3)),
    "gru_reset_before": (lambda: L.GRU(4, reset_after=False), (5, 3)),
    "gru_no_bias": (lambda: L.GRU(4, use_bias=False), (5, 3)),
    "rnn_lstm_cell": (lambda: L.RNN(L.LSTMCell(3)), (5, 2)),
    "bidirectional_lstm": (lambda: L.Bidirectional(L.LSTM(4)), (5, 3)),
    "bidirectional_gru_sum": (lambda: L.Bidirectional(L.GRU(3), merge_mode="sum"), (5, 3)),
    "bidirectional_rnn_mul": (lambda: L.Bidirectional(L.SimpleRNN(2, return_sequences=True),
                                                      merge_mode="mul"), (5, 3)),
    "bidirectional_ave": (lambda: L.Bidirectional(L.GRU(3, reset_after=False),
                                                  merge_mode="ave"), (5, 3)),
    "bidirectional_other_backward": (
        lambda: L.Bidirectional(L.LSTM(4), backward_layer=L.LSTM(3, go_backwards=True)),
        (5, 3)),
    "time_distributed_dense": (lambda: L.TimeDistributed(L.Dense(4)), (5, 3)),
    "time_distributed_conv": (lambda: L.TimeDistributed(L.Conv2D(4, 3)), (5, 8, 8, 3)),
    # preprocessing and augmentation
    "random_flip": (lambda: L.RandomFlip(), (8, 8, 3)),
    "random_rotation": (lambda: L.RandomRotation(0.1), (8, 8, 3)),
    "random_zoom": (lambda: L.RandomZoom(0.1), (8, 8, 3)),
    "random_translation": (lambda: L.RandomTranslation(0.1, 0.1), (8, 8, 3)),
    "random_contrast": (lambda: L.RandomContrast(0.2), (8, 8, 3)),
    "rescaling": (lambda: L.Rescaling(1 / 255), (8, 8, 3)),
    "resizing": (lambda: L.Resizing(4, 4), (8, 8, 3)),
    "center_crop": (lambda: L.CenterCrop(4, 4), (8, 8, 3)),
    "normalization": (lambda: L.Normalization(), (8, 8, 3)),
    "normalization_flat": (lambda: L.Normalization(), (5,)),
    "normalization_axis_none": (lambda: L.Normalization(axis=None), (8, 8, 3)),
    "normalization_two_axes": (lambda: L.Normalization(axis=(1, 2)), (8, 5, 3)),
    "normalization_constants": (lambda: L.Normalization(mean=0.5, variance=2.0), (4,)),
}


def build(factory, shape, api):
    layer = factory()
    dtype = "int32" if isinstance(layer, L.Embedding) else "float32"
    inputs = keras.Input(shape, dtype=dtype)
    if api == "sequential":
        return keras.Sequential([inputs, layer]), layer
    return keras.Model(inputs, layer(inputs)), layer


@pytest.mark.parametrize("api", ["functional", "sequential"])
@pytest.mark.parametrize("key", sorted(ZOO))
def test_zoo_rows_equal_keras(key, api):
    factory, shape = ZOO[key]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model, layer = build(factory, shape, api)
    table = check_against_keras(model)
    row = table[layer.name]
    assert row.layer_type == type(layer).__name__
    assert row.params is not None and str(row.params) in row.formula.replace(",", "")
    assert row.output_shape == tuple(layer.output.shape) or isinstance(row.output_shape, list)


@pytest.mark.parametrize("key", ["dense_3d", "conv2d_groups", "batch_norm_4d", "lstm",
                                 "bidirectional_lstm", "time_distributed_dense", "prelu_image"])
def test_frozen_layers_count_as_non_trainable(key):
    factory, shape = ZOO[key]
    model, layer = build(factory, shape, "functional")
    layer.trainable = False
    table = check_against_keras(model)
    row = table[layer.name]
    assert row.trainable == 0 and row.non_trainable == row.params > 0
    assert "frozen" in row.formula


def test_input_layer_row():
    model, _ = build(*ZOO["conv1d_lesson"], "functional")
    row = explain(model)[0]
    assert (row.layer_type, row.params, row.output_shape) == ("InputLayer", 0, (None, 3, 1))


def test_normalization_after_adapt_counts_mean_variance_and_count():
    """Keras 3 creates mean (3,), variance (3,) and an int scalar count: 7, none trainable."""
    norm = L.Normalization()
    norm.adapt(np.random.default_rng(0).normal(size=(20, 3)))
    model = keras.Sequential([keras.Input((3,)), norm, L.Dense(1)])
    table = check_against_keras(model)
    assert row_counts(table[norm.name]) == (7, 0, 7)
    assert table[norm.name].formula.startswith("2·3 + 1 = 7")


def test_merge_layers_with_several_inputs():
    a, b = keras.Input((4,)), keras.Input((4,))
    x = L.Concatenate(name="concat")([L.Add()([a, b]), L.Multiply()([a, b]),
                                      L.Subtract()([a, b])])
    x = L.Dense(3)(x)                                         # 12·3 + 3
    y = L.Dot(axes=1)([L.Average()([a, b]), L.Maximum()([a, b])])
    model = keras.Model([a, b], [x, y])
    table = check_against_keras(model)
    assert table.total == 39
    assert table["concat"].input_shape == [(None, 4)] * 3


def test_shared_layer_counts_once():
    shared = L.Dense(4)
    a, b = keras.Input((3,)), keras.Input((3,))
    model = keras.Model([a, b], L.Add()([shared(a), shared(b)]))
    assert check_against_keras(model).total == 16


def test_sequential_built_without_input():
    model = keras.Sequential([L.Dense(3), L.Dense(2)])
    model.build((None, 5))
    assert check_against_keras(model).total == 18 + 8


# ---------------------------------------------------------------------------
# The CURRICULUM models: literals from lesson 05, and equal to Keras
# ---------------------------------------------------------------------------


def test_square_net_has_25():
    model = keras.Sequential([keras.Input((1,)), L.Dense(8, activation="relu"), L.Dense(1)])
    table = check_against_keras(model)
    assert count_params(model) == 25 == model.count_params()
    assert [row.formula for row in table] == ["1·8 + 8 = 16", "8·1 + 1 = 9"]


def test_mnist_mlp_has_266_610():
    model = keras.Sequential([keras.Input((28, 28)), L.Flatten(), L.Dense(300, activation="relu"),
                              L.Dense(100, activation="relu"), L.Dense(10, activation="softmax")])
    table = check_against_keras(model)
    assert count_params(model) == 266_610 == model.count_params()
    assert [row.params for row in table] == [0, 235_500, 30_100, 1_010]
    assert table[1].formula == "784·300 + 300 = 235,500"
    assert table[0].output_shape == (None, 784)


def test_facial_expression_cnn_has_4_796_679():
    inputs = keras.Input((48, 48, 3))
    x = L.Conv2D(32, (3, 3), padding="same")(inputs)
    x = L.BatchNormalization()(x)
    x = L.PReLU()(x)
    x = L.MaxPooling2D()(x)
    x = L.Flatten()(x)
    x = L.Dense(256)(x)
    x = L.BatchNormalization()(x)
    x = L.PReLU()(x)
    x = L.Dropout(0.5)(x)
    model = keras.Model(inputs, L.Dense(7, activation="softmax")(x))
    table = check_against_keras(model)
    assert count_params(model) == 4_796_679 == model.count_params()
    formulas = [row.formula for row in table]
    assert "(3·3·3 + 1)·32 = 896" in formulas
    assert "18,432·256 + 256 = 4,718,848" in formulas
    assert any(f.startswith("48·48·32 = 73,728") for f in formulas)
    assert any(f.startswith("2·32 + 2·32 = 128") for f in formulas)


def test_cats_vs_dogs_stack_has_28_640():
    model = keras.Sequential([
        keras.Input((150, 150, 3)),
        L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(),
        L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(),
        L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(),
    ])
    table = check_against_keras(model)
    assert count_params(model) == 28_640 == model.count_params()    # 896 + 9,248 + 18,496
    assert table[-1].output_shape == (None, 17, 17, 64) == model.output_shape
    assert [row.params for row in table if row.params] == [896, 9_248, 18_496]


def test_conv1d_lesson_example():
    """Conv1D with 3 inputs, one filter of width 2: 3 params, output (None, 2, 1); +Dense(1) = 6."""
    conv_only = keras.Sequential([keras.Input((3, 1)), L.Conv1D(1, 2)])
    table = check_against_keras(conv_only)
    assert table.total == 3 and table[0].output_shape == (None, 2, 1)
    assert "(2·1 + 1)·1 = 3" in table[0].formula
    model = keras.Sequential([keras.Input((3, 1)), L.Conv1D(1, 2), L.Flatten(), L.Dense(1)])
    table = check_against_keras(model)
    assert count_params(model) == 6 == model.count_params()
    assert table[-1].formula == "2·1 + 1 = 3"


def test_recurrent_formulas_in_rows():
    model = keras.Sequential([keras.Input((5, 3)), L.SimpleRNN(4, return_sequences=True)])
    assert explain(model)[0].formula == "4·(3 + 4) + 4 = 32"
    for layer, text in [(L.LSTM(4), "4·(4·(3 + 4) + 4) = 128"),
                        (L.GRU(4), "3·(4·(3 + 4) + 4) + 3·4 = 108"),
                        (L.GRU(4, reset_after=False), "3·(4·(3 + 4) + 4) = 96"),
                        (L.Bidirectional(L.LSTM(4)), "2·(4·(4·(3 + 4) + 4)) = 256")]:
        model = keras.Sequential([keras.Input((5, 3)), layer])
        assert explain(model)[0].formula.startswith(text)
        assert check_against_keras(model)


def test_vgg19_without_top_has_20_024_384():
    base = keras.applications.VGG19(weights=None, include_top=False)
    table = check_against_keras(base)
    assert count_params(base) == 20_024_384 == base.count_params()
    assert table["block1_conv1"].formula == "(3·3·3 + 1)·64 = 1,792"


@pytest.mark.slow
def test_vgg19_with_top_has_143_667_240():
    model = keras.applications.VGG19(weights=None)
    table = check_against_keras(model)
    assert count_params(model) == 143_667_240 == model.count_params()
    assert table["fc1"].formula == "25,088·4,096 + 4,096 = 102,764,544"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["MobileNetV2", "ResNet50"])
def test_applications_row_by_row(name):
    model = getattr(keras.applications, name)(weights=None)
    check_against_keras(model)


def test_frozen_vgg16_base_in_a_transfer_model():
    """Feature extraction: the frozen base is all non-trainable, the new head trainable."""
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(150, 150, 3))
    base.trainable = False
    model = keras.Sequential([keras.Input((150, 150, 3)), base, L.Flatten(),
                              L.Dense(256, activation="relu"), L.Dense(1, activation="sigmoid")])
    table = check_against_keras(model)
    assert (table.total, table.trainable) == (16_812_353, 2_097_665)
    head = table["vgg16"]
    assert (head.depth, head.trainable, head.params) == (0, 0, 14_714_688)
    assert table["vgg16/block1_conv1"].depth == 1
    assert "sum of its 19 layers below = 14,714,688" in head.formula


def test_sequential_nested_in_functional():
    augment = keras.Sequential([L.RandomFlip(name="flip"), L.RandomRotation(0.1, name="rotate")],
                               name="augment")
    block = keras.Sequential([L.Conv2D(4, 3, name="conv"), L.BatchNormalization(name="bn")],
                             name="block")
    inputs = keras.Input((16, 16, 3))
    x = L.Rescaling(1 / 255)(augment(inputs))
    x = L.GlobalAveragePooling2D()(block(x))
    model = keras.Model(inputs, L.Dense(2)(x))
    block.layers[1].trainable = False
    table = check_against_keras(model)
    assert [row.name for row in table if row.depth == 1] == [
        "augment/flip", "augment/rotate", "block/conv", "block/bn"]
    assert table["block/conv"].formula == "(3·3·3 + 1)·4 = 112"
    assert row_counts(table["block/bn"]) == (16, 0, 16)      # frozen: γ, β not trainable
    assert row_counts(table["block"]) == (128, 112, 16)


def test_subclassed_model_uses_build_shapes():
    class TwoLayers(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = L.Dense(8)
            self.out = L.Dense(1)

        def call(self, x):
            return self.out(self.hidden(x))

    model = TwoLayers()
    model(np.zeros((2, 3), dtype="float32"))
    assert check_against_keras(model).total == 32 + 9


def test_subclassed_model_with_its_own_weight_is_flagged():
    class Shifted(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = L.Dense(2)

        def build(self, input_shape):
            self.shift = self.add_weight(shape=(2,), initializer="zeros")

        def call(self, x):
            return self.dense(x) + self.shift

    model = Shifted()
    model(np.zeros((1, 3), dtype="float32"))
    table = explain(model)
    assert table[0].params == 8 and table[0].output_shape == (1, 2)
    assert table[-1].params is None and "model itself" in table[-1].formula
    with pytest.raises(UnknownLayerError):
        count_params(model)


def test_models_inside_wrappers_and_sequentials():
    frames = keras.Sequential([L.Conv2D(4, 3), L.Flatten()], name="frames")
    model = keras.Sequential([keras.Input((5, 8, 8, 3)), L.TimeDistributed(frames),
                              L.LSTM(2, name="lstm"),
                              keras.Sequential([L.Dense(3), L.Dense(2)], name="head")])
    table = check_against_keras(model)
    assert table[0].formula.startswith("sum of its 2 layers = 112")
    assert table["lstm"].formula == "4·(2·(144 + 2) + 2) = 1,176"
    assert [row.depth for row in table] == [0, 0, 0, 1, 1]


# ---------------------------------------------------------------------------
# Additivity (property test)
# ---------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(widths=st.lists(st.integers(1, 40), min_size=2, max_size=5), bias=st.booleans())
def test_counts_are_additive_over_dense_stacks(widths, bias):
    model = keras.Sequential([keras.Input((widths[0],))]
                             + [L.Dense(w, use_bias=bias) for w in widths[1:]])
    table = explain(model)
    by_hand = sum(params.dense(a, b, bias) for a, b in zip(widths, widths[1:], strict=False))
    assert sum(row.params for row in table) == table.total == count_params(model) == by_hand
    assert by_hand == model.count_params()


# ---------------------------------------------------------------------------
# Unknown layers, bad input, display
# ---------------------------------------------------------------------------


class Scale(keras.layers.Layer):
    """A custom layer with one weight per feature: explain() cannot know that."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.w


class MyDense(L.Dense):
    """A subclass of Dense may create other weights: it is not trusted to count like Dense."""


@pytest.mark.parametrize("custom", [Scale, lambda: MyDense(3)])
def test_unknown_layer_type_is_reported_not_guessed(custom):
    model = keras.Sequential([keras.Input((4,)), custom(), L.Dense(2)])
    table = explain(model)
    row = table[0]
    kind = type(model.layers[0]).__name__
    assert row.params is None and row.trainable is None and row.non_trainable is None
    assert row.formula == f"unknown layer type {kind}: count not computed"
    assert table[1].params is not None
    assert table.total is None and table.unknown == [row]
    assert "not computed" in str(table) and "?" in str(table)
    with pytest.raises(UnknownLayerError, match=kind):
        count_params(model)


def test_unknown_layer_inside_nested_model_marks_the_sum_unknown():
    inner = keras.Sequential([Scale(name="scale"), L.Dense(2, name="d2")], name="inner")
    inputs = keras.Input((4,))
    model = keras.Model(inputs, L.Dense(1)(inner(inputs)))
    table = explain(model)
    assert table["inner/scale"].params is None and table["inner/d2"].params == 10
    assert table["inner"].params is None and "unknown" in table["inner"].formula
    assert table.total is None
    with pytest.raises(UnknownLayerError):
        count_params(model)


def test_explain_rejects_non_models_and_unbuilt_models():
    with pytest.raises(ShapeError, match="expected a Keras model, received Dense"):
        explain(L.Dense(3))
    with pytest.raises(ShapeError, match="expected a Keras model, received str"):
        explain("model")
    with pytest.raises(ShapeError, match="expected a built model.*keras.Input"):
        explain(keras.Sequential([L.Dense(3)]))


def test_explanation_displays_as_table():
    model = keras.Sequential([keras.Input((28, 28)), L.Flatten(), L.Dense(300), L.Dense(10)],
                             name="mlp")
    table = explain(model)
    text = str(table)
    assert 'Model "mlp"' in text and "Layer (type)" in text and "Formula" in text
    assert "235,500" in text and "Total: 238,510" in text
    assert repr(table) == text
    page = table._repr_html_()
    assert page.startswith("<table") and page.count("<tr>") == 1 + 3 + 1
    assert "784·300 + 300 = 235,500" in page
    frame = table.to_dataframe()
    assert list(frame.columns)[:7] == ["name", "layer_type", "output_shape", "params",
                                       "trainable", "non_trainable", "formula"]
    assert frame["params"].sum() == 238_510
    assert len(table) == 3 and [r.name for r in table] == list(frame["name"])
    assert table[1]["params"] == 235_500 == table[table[1].name].params
    with pytest.raises(KeyError, match="no layer named"):
        table["nope"]


def test_importing_params_does_not_import_tensorflow():
    code = ("import sys, mlp_kit.params; "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, "
            "sorted(m for m in sys.modules if m.startswith(('tensorflow', 'keras')))[:5]")
    subprocess.run([sys.executable, "-c", code], check=True)
