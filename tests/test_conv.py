"""mlp_kit.conv: convolution, pooling and the output-size formula, compared with SciPy and Keras."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from mlp_kit import ShapeError, conv
from mlp_kit.testing import ExerciseFailure, without_kit


def test_worked_example_by_hand():
    # x = 0..15 in a 4x4 grid, kernel [[1, 0], [0, -1]]: every window gives x[i, j] - x[i+1, j+1] = -5.
    x = np.arange(16.0).reshape(4, 4)
    assert np.array_equal(conv.conv2d(x, [[1, 0], [0, -1]]), np.full((3, 3), -5.0))


def test_no_kernel_flip():
    # A kernel with a single 1 at the top right picks the top-right pixel of each window.
    x = np.arange(16.0).reshape(4, 4)
    assert np.array_equal(conv.conv2d(x, [[0, 1], [0, 0]]), x[:3, 1:])


@settings(max_examples=40, deadline=None)
@given(h=st.integers(3, 12), w=st.integers(3, 12), kh=st.integers(1, 3), kw=st.integers(1, 3),
       stride=st.integers(1, 3), padding=st.integers(0, 2), seed=st.integers(0, 10_000))
def test_matches_scipy_correlate(h, w, kh, kw, stride, padding, seed):
    rng = np.random.default_rng(seed)
    image, kernel = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
    ref = signal.correlate2d(np.pad(image, padding), kernel, mode="valid")[::stride, ::stride]
    out = conv.conv2d(image, kernel, stride=stride, padding=padding)
    assert out.shape == (conv.output_size(h, kh, stride, padding), conv.output_size(w, kw, stride, padding))
    np.testing.assert_allclose(out, ref, atol=1e-10)


@pytest.mark.slow
@pytest.mark.parametrize("stride", [1, 2, 3])
def test_matches_keras_conv2d(stride):
    import keras

    rng = np.random.default_rng(stride)
    image, kernel = rng.normal(size=(11, 9)).astype("float32"), rng.normal(size=(3, 2)).astype("float32")
    layer = keras.layers.Conv2D(1, (3, 2), strides=stride, use_bias=False)
    layer.build((None, 11, 9, 1))
    layer.set_weights([kernel[:, :, None, None]])
    theirs = np.asarray(layer(image[None, :, :, None]))[0, :, :, 0]
    np.testing.assert_allclose(conv.conv2d(image, kernel, stride), theirs, rtol=1e-4, atol=1e-5)


@pytest.mark.slow
@pytest.mark.parametrize("n", [5, 8, 28, 150])
@pytest.mark.parametrize("k", [1, 3, 5])
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_output_size_matches_keras(n, k, stride, padding):
    import keras

    layer = keras.layers.Conv2D(1, k, strides=stride, padding=padding)
    assert layer.compute_output_shape((None, n, n, 1))[1] == conv.output_size(n, k, stride, padding)


def test_output_size_formula():
    assert conv.output_size(28, 3) == 26
    assert conv.output_size(28, 3, padding=1) == 28
    assert conv.output_size(28, 3, stride=2) == 13           # floor(25 / 2) + 1
    assert conv.output_size(150, 3, padding="same") == 150
    assert conv.output_size(150, 3, stride=2, padding="same") == 75
    assert isinstance(conv.output_size(10, 3, 2), int)


@pytest.mark.parametrize("args", [(0, 3), (5, 0), (5, 3, 0), (5, 3, 1, -1), (2, 5), (5.0, 3), (5, 3, True)])
def test_output_size_rejects_bad_arguments(args):
    with pytest.raises(ShapeError):
        conv.output_size(*args)


def test_conv2d_rejects_non_2d():
    with pytest.raises(ShapeError, match="2-D image"):
        conv.conv2d(np.zeros((1, 5, 5, 1)), np.ones((3, 3)))


def test_pool2d_max_and_mean():
    x = np.arange(25.0).reshape(5, 5)
    assert np.array_equal(conv.pool2d(x, 2), [[6, 8], [16, 18]])          # last row and column dropped
    assert np.array_equal(conv.pool2d(x, 2, mode="mean"), [[3, 5], [13, 15]])
    with pytest.raises(ShapeError):
        conv.pool2d(x, 2, mode="median")


def test_kernels():
    assert conv.gaussian_kernel(5, 1.0).shape == (5, 5)
    assert conv.gaussian_kernel(5, 1.0).sum() == pytest.approx(1.0)
    assert conv.KERNELS["blur"].sum() == pytest.approx(1.0)
    # sobel_x responds positively to a step from dark (left) to bright (right).
    step = np.hstack([np.zeros((3, 2)), np.ones((3, 2))])
    assert conv.conv2d(step, conv.KERNELS["sobel_x"]).min() > 0
    assert np.array_equal(conv.KERNELS["sobel_y"], conv.KERNELS["sobel_x"].T)


# ---- lessons 06/06b withhold the kit's convolutions with mlp_kit.testing.without_kit

KIT = (conv.conv2d, conv.output_size, conv.pool2d)   # what their exercise tests withhold

def _mine(x, k, stride=1):
    x, k = np.asarray(x, float), np.asarray(k, float)
    n = (x.shape[0] - k.shape[0]) // stride + 1
    m = (x.shape[1] - k.shape[1]) // stride + 1
    return np.array([[np.sum(x[i * stride:i * stride + k.shape[0], j * stride:j * stride + k.shape[1]] * k)
                      for j in range(m)] for i in range(n)])


def test_without_kit_runs_an_own_answer():
    x = np.arange(16.0).reshape(4, 4)
    assert np.array_equal(without_kit(_mine, *KIT)(x, [[1, 0], [0, -1]]), np.full((3, 3), -5.0))


def _by_attribute(x, k, stride=1):
    return conv.conv2d(x, k, stride)


_alias = conv.conv2d


def _by_alias(x, k, stride=1):
    return _alias(x, k, stride)


_by_lambda = lambda x, k, stride=1: (lambda *a: conv.conv2d(*a))(x, k, stride)  # noqa: E731


def _size_by_kit(n, k, stride=1, padding=0):
    from mlp_kit.conv import output_size as size
    return size(n, k, stride, padding)


@pytest.mark.parametrize("answer, name", [(_by_attribute, "conv2d"), (_by_alias, "conv2d"),
                                          (_by_lambda, "conv2d"), (_size_by_kit, "output_size"),
                                          (lambda x: conv.pool2d(x, 2), "pool2d")])
def test_without_kit_refuses_the_kits_answer_by_any_route(answer, name):
    args = {"conv2d": (np.ones((4, 4)), np.ones((2, 2))), "output_size": (7, 3), "pool2d": (np.ones((4, 4)),)}[name]
    with pytest.raises(ExerciseFailure, match=f"mlp_kit.conv.{name}, the kit's own answer"):
        without_kit(answer, *KIT)(*args)
    # outside the wrapper, and after a refusal, the kit works again
    assert conv.output_size(28, 3) == 26
    assert np.array_equal(conv.conv2d(np.ones((4, 4)), np.ones((2, 2))), np.full((3, 3), 4.0))
    assert answer(*args) is not None


def test_without_kit_restores_after_nested_calls():
    inner = without_kit(_mine, *KIT)
    outer = without_kit(lambda x, k: inner(x, k) + 0, *KIT)
    assert outer(np.ones((3, 3)), np.ones((2, 2))).shape == (2, 2)
    assert conv.output_size(5, 3) == 3
