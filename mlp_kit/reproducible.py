"""One call that makes a lesson deterministic: ``set_seed(0)``."""

import os
import random
import sys

import numpy as np


def set_seed(seed=0):
    """Seed Python, NumPy and (if it is imported or installed) Keras, and ask TF for determinism.

    Returns a ``numpy.random.Generator`` seeded with ``seed`` for the caller's own draws.
    """
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules or "tensorflow" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)
        try:
            import tensorflow as tf

            tf.config.experimental.enable_op_determinism()
        except (ImportError, AttributeError):  # pragma: no cover - other backends
            pass
    return np.random.default_rng(seed)
