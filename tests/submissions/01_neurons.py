"""Typical wrong answers for lesson 01, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks.
"""

WRONG_ANSWERS = {
    # z = 0 treated as "not firing": heaviside written with > instead of >=.
    "strict_step": {
        "answers": {
            "tlu_forward": (
                "def tlu_predict(X, w, b):\n"
                "    return (np.asarray(X) @ np.asarray(w) + b > 0).astype(int)\n"
            ),
        },
        "fails": ["tlu_forward_tests"],
    },
    # Off-by-one in the rule: updates with (y_hat - y), the sign flipped.
    "flipped_error_sign": {
        "answers": {
            "perceptron_update": (
                "def perceptron_update(w, b, x, y, lr=1.0):\n"
                "    w = np.asarray(w, dtype=float); x = np.asarray(x, dtype=float)\n"
                "    y_hat = 1 if x @ w + b >= 0 else 0\n"
                "    return w + lr * (y_hat - y) * x, b + lr * (y_hat - y)\n"
            ),
        },
        # train_perceptron calls perceptron_update, so its tests fail too, and the XOR
        # exercise (which trains with it) records a different error history.
        "fails": ["perceptron_update_tests", "perceptron_train_tests", "xor_failure_tests"],
    },
    # Forgets the learning rate on the bias and mutates w in place.
    "bias_ignores_lr_in_place": {
        "answers": {
            "perceptron_update": (
                "def perceptron_update(w, b, x, y, lr=1.0):\n"
                "    y_hat = 1 if np.dot(x, w) + b >= 0 else 0\n"
                "    w += lr * (y - y_hat) * np.asarray(x, dtype=float)\n"
                "    return w, b + (y - y_hat)\n"
            ),
        },
        "fails": ["perceptron_update_tests", "perceptron_train_tests"],
    },
    # Never stops early: keeps training after an epoch without mistakes.
    "no_early_stop": {
        "answers": {
            "perceptron_train": (
                "def train_perceptron(X, y, lr=1.0, n_epochs=20):\n"
                "    X = np.asarray(X, dtype=float)\n"
                "    w, b, errors = np.zeros(X.shape[1]), 0.0, []\n"
                "    for _ in range(n_epochs):\n"
                "        mistakes = 0\n"
                "        for x_i, y_i in zip(X, y):\n"
                "            mistakes += int((1 if x_i @ w + b >= 0 else 0) != y_i)\n"
                "            w, b = perceptron_update(w, b, x_i, y_i, lr)\n"
                "        errors.append(mistakes)\n"
                "    return w, b, errors\n"
            ),
        },
        "fails": ["perceptron_train_tests"],
    },
    # Hard-codes the visible answer instead of training.
    "hard_coded_xor": {
        "answers": {
            "xor_failure": (
                "X_xor, y_xor = datasets.logic_gate('xor')\n"
                "xor_errors = [2] * 100\n"
                "xor_min_errors = 2\n"
                "xor_separable = False\n"
            ),
        },
        "fails": ["xor_failure_tests"],
    },
    # Forgets the constant input 1: R and gamma computed without the bias.
    "bound_without_bias": {
        "answers": {
            "convergence_bound": (
                "def mistake_bound(X, y, u, u0):\n"
                "    X = np.asarray(X, dtype=float); u = np.asarray(u, dtype=float)\n"
                "    signs = 2 * np.asarray(y) - 1\n"
                "    gamma = np.min(signs * (X @ u + u0)) / np.linalg.norm(u)\n"
                "    if gamma <= 0:\n"
                "        return np.inf\n"
                "    return (np.max(np.linalg.norm(X, axis=1)) / gamma) ** 2\n"
            ),
        },
        "fails": ["convergence_bound_tests"],
    },
}
