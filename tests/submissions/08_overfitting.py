"""Typical wrong answers for lesson 08, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks.
"""

WRONG_ANSWERS = {
    # Looks at the training loss: it keeps falling, so the "best" epoch is always the last.
    "argmin_training_loss": {
        "answers": {
            "best_epoch": (
                "def best_epoch(history):\n"
                "    logs = history.history if hasattr(history, 'history') else history\n"
                "    return int(np.argmin(logs['loss'])) + 1\n"
            ),
        },
        "fails": ["best_epoch_tests"],
    },
    # Off by one: returns the 0-based index, not the epoch number Keras prints.
    "zero_based_epoch": {
        "answers": {
            "best_epoch": (
                "def best_epoch(history):\n"
                "    logs = history.history if hasattr(history, 'history') else history\n"
                "    return int(np.argmin(logs['val_loss']))\n"
            ),
        },
        # early_use prints with best_epoch, but only its asserts (not a graded cell) use it.
        "fails": ["best_epoch_tests"],
    },
    # Shuffles X and y with two different permutations: images lose their labels.
    "two_permutations": {
        "answers": {
            "shuffle_fix": (
                "def shuffle_together(X, y, seed):\n"
                "    rng = np.random.default_rng(seed)\n"
                "    return X[rng.permutation(len(X))], y[rng.permutation(len(y))]\n"
                "\n"
                "X_fixed, y_fixed = shuffle_together(X_sorted, y_sorted, seed=0)\n"
            ),
        },
        "fails": ["shuffle_fix_tests"],
    },
    # Shuffles in place with the global, unseeded generator: not reproducible, and it
    # reorders the caller's arrays (X_sorted, y_sorted) behind their back.
    "unseeded_in_place_shuffle": {
        "answers": {
            "shuffle_fix": (
                "def shuffle_together(X, y, seed):\n"
                "    perm = np.random.permutation(len(y))\n"
                "    X[:] = X[perm]\n"
                "    y[:] = y[perm]\n"
                "    return X, y\n"
                "\n"
                "X_fixed, y_fixed = shuffle_together(X_sorted.copy(), y_sorted.copy(), seed=0)\n"
            ),
        },
        "fails": ["shuffle_fix_tests"],
    },
    # Monitors the training loss: it keeps falling, so training never stops.
    "monitor_training_loss": {
        "answers": {
            "early_stopping": (
                "def make_early_stopping(patience):\n"
                "    return keras.callbacks.EarlyStopping(monitor='loss', patience=patience,\n"
                "                                         restore_best_weights=True)\n"
            ),
        },
        "fails": ["early_stopping_tests"],
    },
    # Stops at the right time but keeps the last (overfitted) weights.
    "no_restore_best_weights": {
        "answers": {
            "early_stopping": (
                "def make_early_stopping(patience):\n"
                "    return keras.callbacks.EarlyStopping(monitor='val_loss', patience=patience)\n"
            ),
        },
        "fails": ["early_stopping_tests"],
    },
    # Reads the rate off the raw batch losses: one lucky batch decides.
    "raw_minimum_no_smoothing": {
        "answers": {
            "pick_lr": (
                "def pick_learning_rate(lrs, losses, beta=0.95):\n"
                "    return float(np.asarray(lrs)[np.nanargmin(losses)] / 10)\n"
            ),
        },
        "fails": ["pick_lr_tests"],
    },
    # Smooths without the bias correction: the first values are tiny, so the first rate wins.
    "no_bias_correction": {
        "answers": {
            "pick_lr": (
                "def pick_learning_rate(lrs, losses, beta=0.95):\n"
                "    a, smoothed = 0.0, []\n"
                "    for loss in losses:\n"
                "        a = beta * a + (1 - beta) * loss\n"
                "        smoothed.append(a)\n"
                "    smoothed = np.where(np.isfinite(smoothed), smoothed, np.inf)\n"
                "    return float(np.asarray(lrs)[np.argmin(smoothed)] / 10)\n"
            ),
        },
        "fails": ["pick_lr_tests"],
    },
    # Forgets the margin: returns the rate where the smoothed loss is lowest, at the edge.
    "not_a_tenth": {
        "answers": {
            "pick_lr": (
                "def pick_learning_rate(lrs, losses, beta=0.95):\n"
                "    a, smoothed = 0.0, []\n"
                "    for k, loss in enumerate(losses, start=1):\n"
                "        a = beta * a + (1 - beta) * loss\n"
                "        smoothed.append(a / (1 - beta**k))\n"
                "    smoothed = np.where(np.isfinite(smoothed), smoothed, np.inf)\n"
                "    return float(np.asarray(lrs)[np.argmin(smoothed)])\n"
            ),
        },
        "fails": ["pick_lr_tests"],
    },
    # Lets a nan count: np.argmin returns the position of the first nan, i.e. a rate where training blew up.
    "nan_counts_as_lowest": {
        "answers": {
            "pick_lr": (
                "def pick_learning_rate(lrs, losses, beta=0.95):\n"
                "    a, smoothed = 0.0, []\n"
                "    for k, loss in enumerate(losses, start=1):\n"
                "        a = beta * a + (1 - beta) * loss\n"
                "        smoothed.append(a / (1 - beta**k))\n"
                "    return float(np.asarray(lrs)[np.argmin(smoothed)] / 10)\n"
            ),
        },
        "fails": ["pick_lr_tests"],
    },
    # The divergence-point rule of thumb applied to a range test: half the rate where the raw loss
    # first exceeds 4 x its running minimum.
    "half_the_explosion_rate": {
        "answers": {
            "pick_lr": (
                "def pick_learning_rate(lrs, losses, beta=0.95):\n"
                "    lrs, losses = np.asarray(lrs, float), np.asarray(losses, float)\n"
                "    finite = np.where(np.isfinite(losses), losses, np.inf)\n"
                "    hit = np.nonzero(finite > 4 * np.minimum.accumulate(finite))[0]\n"
                "    return float((lrs[hit[0]] if hit.size else lrs[-1]) / 2)\n"
            ),
        },
        "fails": ["pick_lr_tests"],
    },
}
