"""What the lessons say Keras does (warns, raises, refuses, removed), checked against the installed Keras.

A lesson that says "Keras 3 warns" or "this import fails" usually shows it in an
executed cell too; this file keeps every such claim in one place, so that a Keras
upgrade that changes the behaviour fails here, with the lesson to re-read named.
"""

import importlib
import warnings

import keras  # tests/conftest.py has quietened TensorFlow's start-up log before this import
import numpy as np
import pytest


def sequential(*layers, inputs=(3,)):
    return keras.Sequential([keras.Input(inputs), *layers])


def caught_warnings(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in caught]


@pytest.mark.parametrize("name, lesson", [
    ("predict_classes", "02b, 04"), ("fit_generator", "04b, 09"), ("to_yaml", "04b"),
])
def test_removed_model_methods_are_gone(name, lesson):
    """Old Model methods learners copy from the web no longer exist in Keras 3 (lessons named in the table)."""
    model = sequential(keras.layers.Dense(2))
    assert not hasattr(model, name), f"Keras has Model.{name} again: re-read lesson {lesson}"


def test_model_from_yaml_and_locally_connected_layers_are_gone():
    """Lessons 04b (YAML) and 05 (LocallyConnected2D is not a convolution, and Keras 3 removed it)."""
    assert not hasattr(keras.models, "model_from_yaml")
    assert not hasattr(keras.layers, "LocallyConnected1D") and not hasattr(keras.layers, "LocallyConnected2D")


def test_scikit_learn_wrappers_module_is_gone():
    """Lessons 04b and 08: `keras.wrappers.scikit_learn` is gone (scikeras replaces it)."""
    with pytest.raises(ImportError):
        importlib.import_module("keras.wrappers.scikit_learn")


def test_image_data_generator_import_raises():
    """Lesson 09: `from keras.preprocessing.image import ImageDataGenerator` raises ImportError in Keras 3."""
    module = importlib.import_module("keras.preprocessing.image")
    assert not hasattr(module, "ImageDataGenerator")
    with pytest.raises(ImportError, match="ImageDataGenerator"):
        exec("from keras.preprocessing.image import ImageDataGenerator", {})


@pytest.mark.parametrize("layer, old", [
    (lambda: keras.layers.Dense(3, init="uniform"), "init"),
    (lambda: keras.layers.Conv2D(32, 3, border_mode="same"), "border_mode"),
    (lambda: keras.optimizers.SGD(lr=0.1), "lr"),
])
def test_keras_2_keyword_spellings_raise(layer, old):
    """CURRICULUM's old spellings (`init=`, `border_mode=`, `lr=`) are refused with a ValueError naming them."""
    with pytest.raises(ValueError, match=old):
        layer()


def test_input_dim_is_accepted_with_a_warning():
    """Lessons 07 and 10: `input_dim` still works in Keras 3 but draws a UserWarning (use keras.Input)."""
    messages = caught_warnings(lambda: sequential(keras.layers.Dense(3, input_dim=3)))
    assert any("input_dim" in m for m in messages), messages


def test_input_dim_on_a_later_layer_warns_once_per_layer_and_is_not_used():
    """Lesson 07: an `input_dim` on a later layer, even a wrong one, warns per layer and the shape is inferred."""
    def build():
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, input_dim=3),
                                  keras.layers.Dense(2, input_dim=99)])
        assert model.layers[1].kernel.shape == (4, 2), "the second Dense infers 4 inputs, ignoring input_dim=99"
    messages = [m for m in caught_warnings(build) if "input_dim" in m]
    assert len(messages) == 2, messages


def test_dense_into_simple_rnn_is_refused_with_the_ndim_message():
    """Lesson 07: a recurrent layer after a Dense layer (2-D output) is refused: 'expected ndim=3, found ndim=2'."""
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        sequential(keras.layers.Dense(8), keras.layers.SimpleRNN(4))


def test_channels_first_convolution_does_not_run_on_the_cpu():
    """Lesson 06: TensorFlow's CPU kernels refuse a channels_first Conv2D when the model runs."""
    model = sequential(keras.layers.Conv2D(2, 3, data_format="channels_first"), inputs=(3, 8, 8))
    with pytest.raises(Exception, match="only supports the NHWC tensor format on the CPU"):
        model.predict(np.zeros((1, 3, 8, 8), "float32"), verbose=0)
