"""Typical wrong answers for lesson 05b, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks.
"""

POOLS_HEAD = "def pools_to_fit(h, w, c, units, budget):\n    pools = 0\n"

WRONG_ANSWERS = {
    # PReLU counted with one alpha per channel (as if shared_axes=[1, 2]).
    "prelu_per_channel": {
        "answers": {
            "fer_counts": (
                "def fer_layer_counts(h, w, c, filters=32, units=256, n_classes=7):\n"
                "    flat = (h // 2) * (w // 2) * filters\n"
                "    return [(9 * c + 1) * filters, 4 * filters, filters, 0, 0, flat * units + units,\n"
                "            4 * units, units, 0, units * n_classes + n_classes]\n"
            ),
        },
        "fails": ["fer_counts_tests"],
    },
    # BatchNormalization counted with its trainable gamma and beta only.
    "batch_norm_trainable_only": {
        "answers": {
            "fer_counts": (
                "def fer_layer_counts(h, w, c, filters=32, units=256, n_classes=7):\n"
                "    flat = (h // 2) * (w // 2) * filters\n"
                "    return [(9 * c + 1) * filters, 2 * filters, h * w * filters, 0, 0, flat * units + units,\n"
                "            2 * units, units, 0, units * n_classes + n_classes]\n"
            ),
        },
        "fails": ["fer_counts_tests"],
    },
    # Pooling rounded up: right for even sizes (the visible 48x48), wrong for odd ones.
    "pooling_rounds_up": {
        "answers": {
            "fer_counts": (
                "def fer_layer_counts(h, w, c, filters=32, units=256, n_classes=7):\n"
                "    flat = ((h + 1) // 2) * ((w + 1) // 2) * filters\n"
                "    return [(9 * c + 1) * filters, 4 * filters, h * w * filters, 0, 0, flat * units + units,\n"
                "            4 * units, units, 0, units * n_classes + n_classes]\n"
            ),
        },
        "fails": ["fer_counts_tests"],
    },
    # The convolution assumed to shrink the image (valid padding) although it is padding="same".
    "same_padding_ignored": {
        "answers": {
            "fer_counts": (
                "def fer_layer_counts(h, w, c, filters=32, units=256, n_classes=7):\n"
                "    h, w = h - 2, w - 2\n"
                "    flat = (h // 2) * (w // 2) * filters\n"
                "    return [(9 * c + 1) * filters, 4 * filters, h * w * filters, 0, 0, flat * units + units,\n"
                "            4 * units, units, 0, units * n_classes + n_classes]\n"
            ),
        },
        "fails": ["fer_counts_tests"],
    },
    # Without padding the image does not shrink in this answer (as if padding="same").
    "stack_as_same_padding": {
        "answers": {
            "conv_stack": (
                "def conv_stack(input_shape, filters, kernel_size=3, pool_size=2):\n"
                "    h, w, c = input_shape\n"
                "    total = 0\n"
                "    for f in filters:\n"
                "        total += (kernel_size * kernel_size * c + 1) * f\n"
                "        h, w, c = h // pool_size, w // pool_size, f\n"
                "    return (h, w, c), total\n"
            ),
        },
        "fails": ["conv_stack_tests"],
    },
    # Every convolution counted with the image's input channels instead of the previous filters.
    "c_in_from_the_image": {
        "answers": {
            "conv_stack": (
                "def conv_stack(input_shape, filters, kernel_size=3, pool_size=2):\n"
                "    h, w, c = input_shape\n"
                "    total = 0\n"
                "    for f in filters:\n"
                "        total += (kernel_size * kernel_size * input_shape[2] + 1) * f\n"
                "        h, w = (h - kernel_size + 1) // pool_size, (w - kernel_size + 1) // pool_size\n"
                "        c = f\n"
                "    return (h, w, c), total\n"
            ),
        },
        "fails": ["conv_stack_tests"],
    },
    # Pooling rounded up (ceil): the visible stack has even sizes before each pooling.
    "stack_pooling_rounds_up": {
        "answers": {
            "conv_stack": (
                "def conv_stack(input_shape, filters, kernel_size=3, pool_size=2):\n"
                "    h, w, c = input_shape\n"
                "    total = 0\n"
                "    for f in filters:\n"
                "        total += (kernel_size * kernel_size * c + 1) * f\n"
                "        h, w, c = h - kernel_size + 1, w - kernel_size + 1, f\n"
                "        h, w = -(-h // pool_size), -(-w // pool_size)\n"
                "    return (h, w, c), total\n"
            ),
        },
        "fails": ["conv_stack_tests"],
    },
    # Pooling rounded up: 17 -> 9 -> 5 -> 3 instead of 17 -> 8 -> 4.
    "pools_round_up": {
        "answers": {
            "pools_to_fit": POOLS_HEAD + (
                "    while h * w * c * units + units > budget:\n"
                "        if h < 2 or w < 2:\n"
                "            return None\n"
                "        h, w, pools = -(-h // 2), -(-w // 2), pools + 1\n"
                "    return pools\n"
            ),
        },
        "fails": ["pools_to_fit_tests"],
    },
    # The Dense layer's bias forgotten: h·w·c·units only.
    "pools_bias_forgotten": {
        "answers": {
            "pools_to_fit": POOLS_HEAD + (
                "    while h * w * c * units > budget:\n"
                "        if h < 2 or w < 2:\n"
                "            return None\n"
                "        h, w, pools = h // 2, w // 2, pools + 1\n"
                "    return pools\n"
            ),
        },
        "fails": ["pools_to_fit_tests"],
    },
    # "At most" read as "below": one pooling too many when the budget is met exactly.
    "pools_strictly_below": {
        "answers": {
            "pools_to_fit": POOLS_HEAD + (
                "    while h * w * c * units + units >= budget:\n"
                "        if h < 2 or w < 2:\n"
                "            return None\n"
                "        h, w, pools = h // 2, w // 2, pools + 1\n"
                "    return pools\n"
            ),
        },
        "fails": ["pools_to_fit_tests"],
    },
    # Stops at a 1x1 map but returns the poolings done instead of None.
    "pools_no_none": {
        "answers": {
            "pools_to_fit": POOLS_HEAD + (
                "    while h * w * c * units + units > budget and h > 1 and w > 1:\n"
                "        h, w, pools = h // 2, w // 2, pools + 1\n"
                "    return pools\n"
            ),
        },
        "fails": ["pools_to_fit_tests"],
    },
}
