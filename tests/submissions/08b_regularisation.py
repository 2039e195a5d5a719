"""Typical wrong answers for lesson 08b (regularisation and hyperparameters), and the test cells each
one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks.
"""

WRONG_ANSWERS = {
    # Penalises the biases too: a *kernel* regulariser leaves them alone.
    "l2_includes_biases": {
        "answers": {
            "l2_penalty": (
                "def l2_penalty(weights, lam):\n"
                "    return float(lam * sum(np.sum(w ** 2) for w in weights))\n"
            ),
        },
        "fails": ["l2_penalty_tests"],
    },
    # The textbook's lam / 2 * sum(w**2): Keras' L2 has no one half.
    "l2_half_factor": {
        "answers": {
            "l2_penalty": (
                "def l2_penalty(weights, lam):\n"
                "    return float(lam / 2 * sum(np.sum(w ** 2) for w in weights if w.ndim == 2))\n"
            ),
        },
        "fails": ["l2_penalty_tests"],
    },
    # The norm, not its square: lam * ||W|| per kernel.
    "l2_norm_not_squared": {
        "answers": {
            "l2_penalty": (
                "def l2_penalty(weights, lam):\n"
                "    return float(lam * sum(np.linalg.norm(w) for w in weights if w.ndim == 2))\n"
            ),
        },
        "fails": ["l2_penalty_tests"],
    },
    # The L1 penalty: absolute values instead of squares.
    "l1_instead_of_l2": {
        "answers": {
            "l2_penalty": (
                "def l2_penalty(weights, lam):\n"
                "    return float(lam * sum(np.sum(np.abs(w)) for w in weights if w.ndim == 2))\n"
            ),
        },
        "fails": ["l2_penalty_tests"],
    },
    # Drops but forgets to scale the survivors: the expected output shrinks by 1 - rate.
    "dropout_no_rescale": {
        "answers": {
            "dropout_forward": (
                "def dropout(a, rate, rng):\n"
                "    return a * (rng.random(np.shape(a)) >= rate)\n"
            ),
        },
        "fails": ["dropout_forward_tests"],
    },
    # Reads rate as the keep probability: keeps a share `rate` instead of dropping it.
    "dropout_rate_is_keep_probability": {
        "answers": {
            "dropout_forward": (
                "def dropout(a, rate, rng):\n"
                "    keep = rng.random(np.shape(a)) < rate\n"
                "    return np.where(keep, a / rate, 0.0)\n"
            ),
        },
        "fails": ["dropout_forward_tests"],
    },
    # Scales the wrong way: multiplies the survivors by 1 - rate (what old-style dropout does at test time).
    "dropout_multiplies_by_keep": {
        "answers": {
            "dropout_forward": (
                "def dropout(a, rate, rng):\n"
                "    keep = rng.random(np.shape(a)) >= rate\n"
                "    return np.where(keep, a * (1 - rate), 0.0)\n"
            ),
        },
        "fails": ["dropout_forward_tests"],
    },
    # Works in place: the caller's array is zeroed and scaled behind its back.
    "dropout_in_place": {
        "answers": {
            "dropout_forward": (
                "def dropout(a, rate, rng):\n"
                "    a[rng.random(a.shape) < rate] = 0\n"
                "    a /= 1 - rate\n"
                "    return a\n"
            ),
        },
        "fails": ["dropout_forward_tests"],
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
