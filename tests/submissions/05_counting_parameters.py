"""Typical wrong answers for lesson 05, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks.
"""

DENSE_OK = (
    "def dense_params(n_in, units, use_bias=True):\n"
    "    return n_in * units + (units if use_bias else 0)\n"
)

WRONG_ANSWERS = {
    # Forgets the bias: only the kernel n_in·units.
    "dense_without_bias": {
        "answers": {
            "dense_formula": (
                "def dense_params(n_in, units, use_bias=True):\n"
                "    return n_in * units\n"
                "\n"
                "def mlp_params(sizes):\n"
                "    return sum(dense_params(a, b) for a, b in zip(sizes[:-1], sizes[1:]))\n"
            ),
        },
        "fails": ["dense_formula_tests"],
    },
    # Adds a bias even when use_bias=False.
    "bias_flag_ignored": {
        "answers": {
            "dense_formula": (
                "def dense_params(n_in, units, use_bias=True):\n"
                "    return n_in * units + units\n"
                "\n"
                "def mlp_params(sizes):\n"
                "    return sum(dense_params(a, b) for a, b in zip(sizes[:-1], sizes[1:]))\n"
            ),
        },
        "fails": ["dense_formula_tests"],
    },
    # The MLP total counts a bias for the input layer too (one bias per entry of sizes).
    "bias_for_input_layer": {
        "answers": {
            "dense_formula": DENSE_OK + (
                "\n"
                "def mlp_params(sizes):\n"
                "    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:])) + sum(sizes)\n"
            ),
        },
        "fails": ["dense_formula_tests"],
    },
    # c_in missing: a 2-D filter counted as k_h·k_w weights, as if the image had one channel.
    "conv_without_c_in": {
        "answers": {
            "conv_formula": (
                "def conv_params(kernel_size, c_in, filters, groups=1, use_bias=True):\n"
                "    return (int(np.prod(kernel_size)) + (1 if use_bias else 0)) * filters\n"
            ),
        },
        "fails": ["conv_formula_tests"],
    },
    # groups ignored: right for ordinary convolutions only (the visible tests).
    "conv_groups_ignored": {
        "answers": {
            "conv_formula": (
                "def conv_params(kernel_size, c_in, filters, groups=1, use_bias=True):\n"
                "    return (int(np.prod(kernel_size)) * c_in + (1 if use_bias else 0)) * filters\n"
            ),
        },
        "fails": ["conv_formula_tests"],
    },
    # The LSTM counted like a SimpleRNN (the 4 gates forgotten).
    "lstm_times_four_forgotten": {
        "answers": {
            "rnn_formula": (
                "def rnn_params(kind, d, u, reset_after=True):\n"
                "    block = u * (d + u) + u\n"
                "    if kind == 'gru':\n"
                "        return 3 * block + (3 * u if reset_after else 0)\n"
                "    return block\n"
            ),
        },
        "fails": ["rnn_formula_tests"],
    },
    # The GRU's second bias (reset_after=True, the Keras default) forgotten.
    "gru_reset_after_bias_forgotten": {
        "answers": {
            "rnn_formula": (
                "def rnn_params(kind, d, u, reset_after=True):\n"
                "    block = u * (d + u) + u\n"
                "    return {'simple_rnn': 1, 'lstm': 4, 'gru': 3}[kind] * block\n"
            ),
        },
        "fails": ["rnn_formula_tests"],
    },
    # The recurrent kernel (u, u) forgotten: counted like a Dense layer on d inputs.
    "recurrent_kernel_forgotten": {
        "answers": {
            "rnn_formula": (
                "def rnn_params(kind, d, u, reset_after=True):\n"
                "    block = u * d + u\n"
                "    if kind == 'simple_rnn':\n"
                "        return block\n"
                "    if kind == 'lstm':\n"
                "        return 4 * block\n"
                "    return 3 * block + (3 * u if reset_after else 0)\n"
            ),
        },
        "fails": ["rnn_formula_tests"],
    },
    # reset_after ignored: the GRU always gets the extra 3u.
    "gru_flag_ignored": {
        "answers": {
            "rnn_formula": (
                "def rnn_params(kind, d, u, reset_after=True):\n"
                "    block = u * (d + u) + u\n"
                "    return {'simple_rnn': block, 'lstm': 4 * block, 'gru': 3 * block + 3 * u}[kind]\n"
            ),
        },
        "fails": ["rnn_formula_tests"],
    },
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
}
