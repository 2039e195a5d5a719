"""Typical wrong answers for lesson 03, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. The backward pass calls the
learner's forward and dense_backward by design, so their mistakes fail it too.
Cases marked "hidden" pass the visible tests and are caught only by the hidden ones.
"""

SYMMETRY_TRAINING = (
    "net_zero = MLP([64, 16, 10], hidden_activation='sigmoid', init='zeros')\n"
    "net_random = MLP([64, 16, 10], hidden_activation='sigmoid', seed=0)\n"
    "fit_unit_by_unit(net_zero, X_train, y_train, epochs=30, batch_size=32, lr=0.5)\n"
    "fit_unit_by_unit(net_random, X_train, y_train, epochs=30, batch_size=32, lr=0.5)\n"
    "distinct_zero = count_distinct_units(net_zero.weights[0])\n"
    "distinct_random = count_distinct_units(net_random.weights[0])\n"
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
    # range(len(X) // batch_size): the last, smaller batch is never used.
    "epoch_drops_last_batch": {
        "answers": {
            "train_epoch": (
                "def train_epoch(model, X, y, batch_size, lr):\n"
                "    n_batches = len(X) // batch_size\n"
                "    for k in range(n_batches):\n"
                "        Xb, yb = X[k * batch_size:(k + 1) * batch_size], y[k * batch_size:(k + 1) * batch_size]\n"
                "        dWs, dbs = model.gradients(Xb, yb)\n"
                "        for l in range(len(model.weights)):\n"
                "            model.weights[l] -= lr * dWs[l]\n"
                "            model.biases[l] -= lr * dbs[l]\n"
                "    return n_batches\n"
            ),
        },
        "fails": ["train_epoch_tests"],
    },
    # The lesson's misconception: "all samples at once" -- one full-batch step whatever batch_size says.
    "epoch_one_full_batch_step": {
        "answers": {
            "train_epoch": (
                "def train_epoch(model, X, y, batch_size, lr):\n"
                "    dWs, dbs = model.gradients(X, y)\n"
                "    for l in range(len(model.weights)):\n"
                "        model.weights[l] -= lr * dWs[l]\n"
                "        model.biases[l] -= lr * dbs[l]\n"
                "    return 1\n"
            ),
        },
        "fails": ["train_epoch_tests"],
    },
    # Counts distinct rows (input pixels) instead of columns (hidden units).
    "counts_rows_not_columns": {
        "answers": {
            "symmetry": (
                "def count_distinct_units(W, tol=1e-6):\n"
                "    return len({tuple(np.round(row, 6)) for row in np.asarray(W)})\n"
                + SYMMETRY_TRAINING
            ),
        },
        "fails": ["symmetry_tests"],
    },
    # hidden: exact equality (np.unique) ignores tol; columns 1e-9 apart count as different.
    "counts_ignore_tolerance": {
        "answers": {
            "symmetry": (
                "def count_distinct_units(W, tol=1e-6):\n"
                "    return np.unique(np.asarray(W), axis=1).shape[1]\n"
                + SYMMETRY_TRAINING
            ),
        },
        "fails": ["symmetry_tests"],
    },
    # Hard-codes the expected counts without training the networks.
    "symmetry_hard_coded": {
        "answers": {
            "symmetry": (
                "def count_distinct_units(W, tol=1e-6):\n"
                "    W = np.asarray(W, dtype=float)\n"
                "    reps = []\n"
                "    for j in range(W.shape[1]):\n"
                "        if not any(np.max(np.abs(W[:, j] - r)) <= tol for r in reps):\n"
                "            reps.append(W[:, j])\n"
                "    return len(reps)\n"
                "net_zero = MLP([64, 16, 10], hidden_activation='sigmoid', init='zeros')\n"
                "net_random = MLP([64, 16, 10], hidden_activation='sigmoid', seed=0)\n"
                "distinct_zero, distinct_random = 1, 16\n"
            ),
        },
        "fails": ["symmetry_tests"],
    },
}
