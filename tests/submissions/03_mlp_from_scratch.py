"""Typical wrong answers for lesson 03 (forward and backward pass), and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. The backward pass calls the
learner's forward and dense_backward by design, so their mistakes fail it too.
"""

WRONG_ANSWERS = {
    # ReLU on every layer, the output included: no softmax, rows are not probabilities.
    "forward_relu_on_output": {
        "answers": {
            "forward_pass": (
                "def forward(X, weights, biases):\n"
                "    As = [np.asarray(X, dtype=float)]\n"
                "    for W, b in zip(weights, biases):\n"
                "        As.append(activations.relu(As[-1] @ W + b))\n"
                "    return As\n"
            ),
        },
        "fails": ["forward_pass_tests", "backward_pass_tests"],
    },
    # Forgets the bias: Z = A @ W.
    "forward_without_bias": {
        "answers": {
            "forward_pass": (
                "def forward(X, weights, biases):\n"
                "    As = [np.asarray(X, dtype=float)]\n"
                "    for l, W in enumerate(weights):\n"
                "        Z = As[-1] @ W\n"
                "        As.append(activations.softmax(Z) if l == len(weights) - 1 else activations.relu(Z))\n"
                "    return As\n"
            ),
        },
        "fails": ["forward_pass_tests", "backward_pass_tests"],
    },
    # dW = dZ.T @ X: the transpose of the gradient, shape (n_out, n_in).
    "dW_transposed": {
        "answers": {
            "dense_backward": (
                "def dense_backward(dZ, A_prev, W):\n"
                "    return dZ @ W.T, dZ.T @ A_prev, dZ.sum(axis=0)\n"
            ),
        },
        "fails": ["dense_backward_tests", "backward_pass_tests"],
    },
    # Averages instead of summing over the batch: the 1/B is counted twice.
    "db_averaged": {
        "answers": {
            "dense_backward": (
                "def dense_backward(dZ, A_prev, W):\n"
                "    return dZ @ W.T, A_prev.T @ dZ, dZ.mean(axis=0)\n"
            ),
        },
        "fails": ["dense_backward_tests", "backward_pass_tests"],
    },
    # Passes the gradient straight through the hidden layers: the ReLU derivative is missing.
    "backward_without_relu_derivative": {
        "answers": {
            "backward_pass": (
                "def backward(X, y, weights, biases):\n"
                "    As = forward(X, weights, biases)\n"
                "    Y = np.eye(weights[-1].shape[1])[np.asarray(y)]\n"
                "    dZ = (As[-1] - Y) / len(X)\n"
                "    dWs, dbs = [None] * len(weights), [None] * len(weights)\n"
                "    for l in reversed(range(len(weights))):\n"
                "        dZ, dWs[l], dbs[l] = dense_backward(dZ, As[l], weights[l])\n"
                "    return dWs, dbs\n"
            ),
        },
        "fails": ["backward_pass_tests"],
    },
    # Starts from P - Y: the gradient of the summed loss, B times too large for the mean.
    "backward_forgets_batch_mean": {
        "answers": {
            "backward_pass": (
                "def backward(X, y, weights, biases):\n"
                "    As = forward(X, weights, biases)\n"
                "    Y = np.eye(weights[-1].shape[1])[np.asarray(y)]\n"
                "    dZ = As[-1] - Y\n"
                "    dWs, dbs = [None] * len(weights), [None] * len(weights)\n"
                "    for l in reversed(range(len(weights))):\n"
                "        dA, dWs[l], dbs[l] = dense_backward(dZ, As[l], weights[l])\n"
                "        dZ = dA * (As[l] > 0)\n"
                "    return dWs, dbs\n"
            ),
        },
        "fails": ["backward_pass_tests"],
    },
}
