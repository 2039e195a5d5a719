"""Typical wrong answers for lesson 02b (why hidden layers need an activation; the output layer),
and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. Every case here already fails a
visible test, so the learner sees the mistake before grading.
"""

WRONG_ANSWERS = {
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
    # The three-layer formula of section 1 copied: the visible two-layer network fails (and other depths).
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
    # Every regression target gets a linear output, even fractions in [0, 1] (a visible case).
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
    # Class 0 minus class 1: the sigmoid then gives the probability of class 0.
    "two_class_sign_flipped": {
        "answers": {
            "softmax_to_sigmoid": (
                "def softmax_to_sigmoid(W, b):\n"
                "    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)\n"
                "    return (W[:, 0] - W[:, 1]).reshape(-1, 1), np.array([b[0] - b[1]])\n"
            ),
        },
        "fails": ["softmax_to_sigmoid_tests"],
    },
    # The biases forgotten: only the kernels are subtracted, c stays 0.
    "two_class_forgets_bias": {
        "answers": {
            "softmax_to_sigmoid": (
                "def softmax_to_sigmoid(W, b):\n"
                "    W = np.asarray(W, dtype=float)\n"
                "    return (W[:, 1] - W[:, 0]).reshape(-1, 1), np.zeros(1)\n"
            ),
        },
        "fails": ["softmax_to_sigmoid_tests"],
    },
    # A 1-D kernel (n_inputs,) and a scalar bias: right numbers, shapes a Dense(1) layer refuses.
    "two_class_flat_shapes": {
        "answers": {
            "softmax_to_sigmoid": (
                "def softmax_to_sigmoid(W, b):\n"
                "    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)\n"
                "    return W[:, 1] - W[:, 0], b[1] - b[0]\n"
            ),
        },
        "fails": ["softmax_to_sigmoid_tests"],
    },
    # Subtracts in place on a view of W: the returned w is right, but the caller's W is changed.
    "two_class_mutates_W": {
        "answers": {
            "softmax_to_sigmoid": (
                "def softmax_to_sigmoid(W, b):\n"
                "    w = W[:, 1:]\n"
                "    w -= W[:, :1]\n"
                "    return w, np.array([b[1] - b[0]])\n"
            ),
        },
        "fails": ["softmax_to_sigmoid_tests"],
    },
}
