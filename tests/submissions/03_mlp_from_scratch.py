"""Typical wrong answers for lesson 03 (forward and backward pass), and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. The backward pass calls the
learner's forward and dense_backward by design, so their mistakes fail it too.
"""

# An MLP of the kit holding the given weights (the start of the kit-delegation cases).
KIT_NET = (
    "    net = MLP([W.shape[0] for W in weights] + [weights[-1].shape[1]], dtype='float64')\n"
    "    net.weights, net.biases = list(weights), list(biases)\n"
)

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
    # The kit's MLP as the answer, three ways (a method, an alias of the function, a lambda):
    # the tests run forward and backward with MLP's own passes switched off, so each gets 0.
    "kit_forward_method": {
        "answers": {
            "forward_pass": (
                "def forward(X, weights, biases):\n"
                + KIT_NET +
                "    return net._forward(np.asarray(X, dtype=float))[1]\n"
            ),
        },
        "fails": ["forward_pass_tests"],
    },
    "kit_gradients_alias": {
        "answers": {
            "backward_pass": (
                "kit_gradients = MLP.gradients\n\n\n"
                "def backward(X, y, weights, biases):\n"
                + KIT_NET +
                "    return kit_gradients(net, X, y)\n"
            ),
        },
        "fails": ["backward_pass_tests"],
    },
    "kit_gradients_lambda": {
        "answers": {
            "backward_pass": (
                "def backward(X, y, weights, biases):\n"
                + KIT_NET +
                "    grads = lambda: net.gradients(X, y)\n"
                "    return grads()\n"
            ),
        },
        "fails": ["backward_pass_tests"],
    },
}
