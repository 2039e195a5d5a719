"""Typical wrong answers for lesson 02, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. Cases marked "hidden" pass the
visible tests and are caught only by the hidden ones.
"""

SIGMOID_TANH_OK = (
    "def sigmoid(z):\n"
    "    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))\n"
)

RELU_OK = (
    "def relu(z):\n"
    "    return np.maximum(z, 0.0)\n"
    "def relu_derivative(z):\n"
    "    return (np.asarray(z) > 0).astype(float)\n"
    "def leaky_relu(z, alpha=0.01):\n"
    "    z = np.asarray(z, dtype=float)\n"
    "    return np.where(z > 0, z, alpha * z)\n"
)

WRONG_ANSWERS = {
    # The derivative written with the input instead of the output: sigmoid(z) * (1 - z).
    "sigmoid_derivative_uses_z": {
        "answers": {
            "sigmoid_tanh": SIGMOID_TANH_OK + (
                "def sigmoid_derivative(z):\n"
                "    return sigmoid(z) * (1 - z)\n"
                "def tanh_derivative(z):\n"
                "    return 1 - np.tanh(z) ** 2\n"
            ),
        },
        "fails": ["sigmoid_tanh_tests"],
    },
    # tanh' written as 1 - tanh(z): the square is missing.
    "tanh_derivative_not_squared": {
        "answers": {
            "sigmoid_tanh": SIGMOID_TANH_OK + (
                "def sigmoid_derivative(z):\n"
                "    return sigmoid(z) * (1 - sigmoid(z))\n"
                "def tanh_derivative(z):\n"
                "    return 1 - np.tanh(z)\n"
            ),
        },
        "fails": ["sigmoid_tanh_tests"],
    },
    # Copies the ReLU derivative for leaky ReLU: slope 0 instead of alpha on the left.
    "leaky_derivative_forgets_alpha": {
        "answers": {
            "relu_family": RELU_OK + (
                "def leaky_relu_derivative(z, alpha=0.01):\n"
                "    return (np.asarray(z) > 0).astype(float)\n"
                "def elu(z, alpha=1.0):\n"
                "    z = np.asarray(z, dtype=float)\n"
                "    return np.where(z > 0, z, alpha * (np.exp(np.minimum(z, 0)) - 1))\n"
                "def elu_derivative(z, alpha=1.0):\n"
                "    z = np.asarray(z, dtype=float)\n"
                "    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0)))\n"
            ),
        },
        "fails": ["relu_family_tests"],
    },
    # hidden: ELU's derivative without alpha (exp(z) on the left) is right only for alpha = 1,
    # the value the visible tests use.
    "elu_derivative_ignores_alpha": {
        "answers": {
            "relu_family": RELU_OK + (
                "def leaky_relu_derivative(z, alpha=0.01):\n"
                "    return np.where(np.asarray(z) > 0, 1.0, alpha)\n"
                "def elu(z, alpha=1.0):\n"
                "    z = np.asarray(z, dtype=float)\n"
                "    return np.where(z > 0, z, alpha * (np.exp(np.minimum(z, 0)) - 1))\n"
                "def elu_derivative(z, alpha=1.0):\n"
                "    z = np.asarray(z, dtype=float)\n"
                "    return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0)))\n"
            ),
        },
        "fails": ["relu_family_tests"],
    },
    # The textbook formula without the max-shift: exp(1000) overflows to inf, inf / inf = nan.
    "softmax_without_shift": {
        "answers": {
            "softmax": (
                "def softmax(z):\n"
                "    e = np.exp(np.asarray(z, dtype=float))\n"
                "    return e / e.sum(axis=-1, keepdims=True)\n"
            ),
        },
        "fails": ["softmax_tests"],
    },
    # hidden: shifts by the maximum of the whole array instead of each row's maximum; rows
    # far below the global maximum underflow to 0 / 0.
    "softmax_global_max": {
        "answers": {
            "softmax": (
                "def softmax(z):\n"
                "    z = np.asarray(z, dtype=float)\n"
                "    e = np.exp(z - z.max())\n"
                "    return e / e.sum(axis=-1, keepdims=True)\n"
            ),
        },
        "fails": ["softmax_tests"],
    },
    # Multiplies the weights out but keeps only the last bias (b1 W2 W3 + b2 W3 is lost).
    "collapse_keeps_last_bias": {
        "answers": {
            "collapse_linear": (
                "def collapse_linear(weights, biases):\n"
                "    W = weights[0]\n"
                "    for W_l in weights[1:]:\n"
                "        W = W @ W_l\n"
                "    return W, biases[-1]\n"
            ),
        },
        "fails": ["collapse_linear_tests"],
    },
    # hidden: the three-layer formula of section 5 copied; other depths fail.
    "collapse_hard_coded_three_layers": {
        "answers": {
            "collapse_linear": (
                "def collapse_linear(weights, biases):\n"
                "    W1, W2, W3 = weights\n"
                "    b1, b2, b3 = biases\n"
                "    return W1 @ W2 @ W3, b1 @ W2 @ W3 + b2 @ W3 + b3\n"
            ),
        },
        "fails": ["collapse_linear_tests"],
    },
    # Softmax for every 0/1 target matrix: multi-label targets get competing outputs.
    "softmax_for_multilabel": {
        "answers": {
            "output_layer": (
                "def output_layer_for(y):\n"
                "    y = np.asarray(y)\n"
                "    if y.ndim == 1 and np.issubdtype(y.dtype, np.integer):\n"
                "        k = int(y.max()) + 1\n"
                "        return (1, 'sigmoid') if k <= 2 else (k, 'softmax')\n"
                "    if y.ndim == 2 and np.isin(y, [0, 1]).all():\n"
                "        return (y.shape[1], 'softmax')\n"
                "    return (1 if y.ndim == 1 else y.shape[1], 'linear')\n"
            ),
        },
        "fails": ["output_layer_tests"],
    },
    # hidden: every regression target gets a linear output, even fractions in [0, 1].
    "regression_ignores_range": {
        "answers": {
            "output_layer": (
                "def output_layer_for(y):\n"
                "    y = np.asarray(y)\n"
                "    if y.ndim == 1 and np.issubdtype(y.dtype, np.integer):\n"
                "        k = int(y.max()) + 1\n"
                "        return (1, 'sigmoid') if k <= 2 else (k, 'softmax')\n"
                "    if y.ndim == 2 and np.isin(y, [0, 1]).all():\n"
                "        return (y.shape[1], 'softmax' if np.all(y.sum(axis=1) == 1) else 'sigmoid')\n"
                "    return (1 if y.ndim == 1 else y.shape[1], 'linear')\n"
            ),
        },
        "fails": ["output_layer_tests"],
    },
}
