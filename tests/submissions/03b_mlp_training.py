"""Typical wrong answers for lesson 03b (training: batches, symmetry, Keras), and the test cells each must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. Every case here fails a visible test.
"""

SYMMETRY_TRAINING = (
    "net_zero = MLP([64, 16, 10], hidden_activation='sigmoid', init='zeros')\n"
    "net_random = MLP([64, 16, 10], hidden_activation='sigmoid', seed=0)\n"
    "fit_unit_by_unit(net_zero, X_train, y_train, epochs=30, batch_size=32, lr=0.5)\n"
    "fit_unit_by_unit(net_random, X_train, y_train, epochs=30, batch_size=32, lr=0.5)\n"
    "distinct_zero = count_distinct_units(net_zero.weights[0])\n"
    "distinct_random = count_distinct_units(net_random.weights[0])\n"
)


INTERLEAVED = "    model.set_weights([p for W, b in zip(net.weights, net.biases) for p in (W, b)])\n"


def _twin(layers_code, weights_code=INTERLEAVED):
    """A keras_twin answer: the layers, then the weights copied in (by default in the right order)."""
    return ("def keras_twin(net):\n"
            + layers_code
            + weights_code
            + "    return model\n")


TWIN_LAYERS = (
    "    n = len(net.weights)\n"
    "    model = keras.Sequential([keras.Input(shape=(net.sizes[0],))] + [\n"
    "        keras.layers.Dense(k, activation='softmax' if l == n - 1 else {hidden})\n"
    "        for l, k in enumerate(net.sizes[1:])])\n"
)

WRONG_ANSWERS = {
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
    # Exact equality (np.unique) ignores tol: columns 1e-9 apart count as different.
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
    # Updates the weights but forgets the biases.
    "epoch_forgets_biases": {
        "answers": {
            "train_epoch": (
                "def train_epoch(model, X, y, batch_size, lr):\n"
                "    n_updates = 0\n"
                "    for start in range(0, len(X), batch_size):\n"
                "        dWs, dbs = model.gradients(X[start:start + batch_size], y[start:start + batch_size])\n"
                "        for l in range(len(model.weights)):\n"
                "            model.weights[l] -= lr * dWs[l]\n"
                "        n_updates += 1\n"
                "    return n_updates\n"
            ),
        },
        "fails": ["train_epoch_tests"],
    },
    # ReLU on the hidden layers whatever net.hidden_activation says (the digits network is ReLU).
    "twin_always_relu": {
        "answers": {"keras_twin": _twin(TWIN_LAYERS.format(hidden="'relu'"))},
        "fails": ["keras_twin_tests"],
    },
    # The hidden activation on the output layer too: no softmax, the outputs are not probabilities.
    "twin_no_softmax": {
        "answers": {"keras_twin": _twin(TWIN_LAYERS.replace("'softmax' if l == n - 1 else ", "").format(
            hidden="net.hidden_activation"))},
        "fails": ["keras_twin_tests"],
    },
    # Builds the layers but never copies the weights: Keras' own random start.
    "twin_weights_not_copied": {
        "answers": {"keras_twin": _twin(TWIN_LAYERS.format(hidden="net.hidden_activation"), weights_code="")},
        "fails": ["keras_twin_tests"],
    },
    # set_weights with all kernels first, then all biases (Keras wants kernel, bias, kernel, bias, ...).
    "twin_kernels_then_biases": {
        "answers": {"keras_twin": _twin(TWIN_LAYERS.format(hidden="net.hidden_activation"),
                                        weights_code="    model.set_weights(list(net.weights) + list(net.biases))\n")},
        "fails": ["keras_twin_tests"],
    },
    # The digits network hard-coded: 32 ReLU units, then 10 softmax outputs.
    "twin_fixed_digits_network": {
        "answers": {"keras_twin": _twin(
            "    model = keras.Sequential([keras.Input(shape=(net.sizes[0],)),\n"
            "                              keras.layers.Dense(32, activation='relu'),\n"
            "                              keras.layers.Dense(10, activation='softmax')])\n")},
        "fails": ["keras_twin_tests"],
    },
}
