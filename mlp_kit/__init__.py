"""mlp_kit: helpers for the course "Neural networks with Keras, from a single neuron to CNNs".

Importing the package is instant: it needs only NumPy. Modules that use Keras
(``params``, ``doctor``, parts of ``datasets``) import it where it is used.

Before TensorFlow is ever imported we quieten its C++ start-up log lines and
switch off oneDNN's non-deterministic kernels, so lessons show no walls of
log text and the same notebook run twice gives the same numbers.
"""

import os as _os

_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
_os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
_os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from mlp_kit.errors import ShapeError  # noqa: E402
from mlp_kit.neurons import TLU, Perceptron, heaviside, sign_step  # noqa: E402
from mlp_kit.reproducible import set_seed  # noqa: E402

__version__ = "0.1.0"

# Submodules load on first use (``mlp_kit.datasets.load_digits()`` works after
# ``import mlp_kit``), so importing the package stays instant.
_SUBMODULES = {
    "activations", "datasets", "diagrams", "doctor", "gradcheck", "mlp", "params", "plotting", "progress", "testing",
    "widgets",
}


def __getattr__(name):
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f"mlp_kit.{name}")
    raise AttributeError(f"module 'mlp_kit' has no attribute {name!r}")

__all__ = ["TLU", "Perceptron", "ShapeError", "heaviside", "set_seed", "sign_step"]
