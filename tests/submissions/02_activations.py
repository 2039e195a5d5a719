"""Typical wrong answers for lesson 02 (activation functions), and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. Every case here already fails a
visible test, so the learner sees the mistake before grading.
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
    # ELU's derivative without alpha (exp(z) on the left) is right only for alpha = 1; the visible
    # test elu_derivative(-1, alpha=0.5) catches it.
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
    # Shifts by the maximum of the whole array instead of each row's maximum: a row far below the
    # global maximum underflows to 0 / 0 (the visible rows 1000 apart).
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
    # The derivative written with >= : ReLU gets slope 1 at z = 0 (the lesson and Keras use 0).
    "relu_derivative_one_at_zero": {
        "answers": {
            "relu_family": (
                "def relu(z):\n"
                "    return np.maximum(z, 0.0)\n"
                "def relu_derivative(z):\n"
                "    return (np.asarray(z) >= 0).astype(float)\n"
                "def leaky_relu(z, alpha=0.01):\n"
                "    z = np.asarray(z, dtype=float)\n"
                "    return np.where(z > 0, z, alpha * z)\n"
                "def leaky_relu_derivative(z, alpha=0.01):\n"
                "    return np.where(np.asarray(z) > 0, 1.0, alpha)\n"
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
    # Normalises along the wrong axis: the columns of a batch sum to 1 instead of its rows.
    "softmax_wrong_axis": {
        "answers": {
            "softmax": (
                "def softmax(z):\n"
                "    z = np.asarray(z, dtype=float)\n"
                "    e = np.exp(z - np.max(z, axis=0, keepdims=True))\n"
                "    return e / e.sum(axis=0, keepdims=True)\n"
            ),
        },
        "fails": ["softmax_tests"],
    },
    # The kit's answers, reached three ways (module attribute, from-import alias, lambdas): the tests
    # run each answer with mlp_kit.activations' own functions switched off, so each gets 0.
    "kit_softmax_through_module": {
        "answers": {"softmax": "def softmax(z):\n    return activations.softmax(z)\n"},
        "fails": ["softmax_tests"],
    },
    "kit_sigmoid_through_alias": {
        "answers": {
            "sigmoid_tanh": (
                "from mlp_kit.activations import sigmoid as s, sigmoid_derivative as ds, tanh_derivative as dt\n\n\n"
                "def sigmoid(z):\n    return s(z)\n\n\n"
                "def sigmoid_derivative(z):\n    return ds(z)\n\n\n"
                "def tanh_derivative(z):\n    return dt(z)\n"
            ),
        },
        "fails": ["sigmoid_tanh_tests"],
    },
    "kit_relu_through_lambdas": {
        "answers": {
            "relu_family": (
                "relu = lambda z: activations.relu(z)\n"
                "relu_derivative = lambda z: activations.relu_derivative(z)\n"
                "leaky_relu = lambda z, alpha=0.01: activations.leaky_relu(z, alpha)\n"
                "leaky_relu_derivative = lambda z, alpha=0.01: activations.leaky_relu_derivative(z, alpha)\n"
                "elu = lambda z, alpha=1.0: activations.elu(z, alpha)\n"
                "elu_derivative = lambda z, alpha=1.0: activations.elu_derivative(z, alpha)\n"
            ),
        },
        "fails": ["relu_family_tests"],
    },
}
