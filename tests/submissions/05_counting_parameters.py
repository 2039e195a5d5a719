"""Typical wrong answers for lesson 05, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks.
"""

WIDEST = "def widest_hidden_layer(n_in, n_out, budget):\n"
COUNT_OK = "\n\ndef count_weights(shapes):\n    return sum(math.prod(s) for s in shapes)\n"
CONV_HEAD = "def conv_weight_shapes(kernel_size, c_in, filters, groups=1, use_bias=True):\n"
RNN_HEAD = "def rnn_weight_shapes(kind, d, u, reset_after=True):\n"


def widest(body):
    return {"answers": {"widest_hidden_layer": WIDEST + body}, "fails": ["widest_hidden_layer_tests"]}


def conv(body, count=COUNT_OK):
    return {"answers": {"conv_weight_shapes": CONV_HEAD + body + count}, "fails": ["conv_weight_shapes_tests"]}


def rnn(body):
    return {"answers": {"rnn_weight_shapes": RNN_HEAD + body}, "fails": ["rnn_weight_shapes_tests"]}


WRONG_ANSWERS = {
    # No biases at all: h·(n_in + n_out) <= budget.
    "widest_without_biases": widest("    return max(0, budget // (n_in + n_out))\n"),
    # The output layer's bias forgotten: h·(n_in + 1 + n_out) <= budget.
    "widest_output_bias_forgotten": widest("    return max(0, budget // (n_in + 1 + n_out))\n"),
    # Rounded up: the widest layer then exceeds the budget.
    "widest_rounds_up": widest("    return max(0, math.ceil((budget - n_out) / (n_in + 1 + n_out)))\n"),
    # A budget too small gives a negative width.
    "widest_negative": widest("    return (budget - n_out) // (n_in + 1 + n_out)\n"),
    # Only the hidden layer counted, the output layer forgotten.
    "widest_output_layer_forgotten": widest("    return max(0, budget // (n_in + 1))\n"),
    # groups ignored: every filter sees all c_in channels.
    "conv_groups_ignored": conv("    kernel = tuple(kernel_size) + (c_in, filters)\n"
                                "    return [kernel, (filters,)] if use_bias else [kernel]\n"),
    # The last two axes swapped: (..., filters, c_in) instead of (..., c_in, filters).
    "conv_axes_swapped": conv("    kernel = tuple(kernel_size) + (filters, c_in // groups)\n"
                              "    return [kernel, (filters,)] if use_bias else [kernel]\n"),
    # use_bias ignored: a bias is always listed.
    "conv_bias_flag_ignored": conv("    return [tuple(kernel_size) + (c_in // groups, filters), (filters,)]\n"),
    # The bias given as a number instead of a shape.
    "conv_bias_not_a_shape": conv("    kernel = tuple(kernel_size) + (c_in // groups, filters)\n"
                                  "    return [kernel, filters] if use_bias else [kernel]\n",
                                  count="\n\ndef count_weights(shapes):\n"
                                        "    return sum(math.prod(s) if isinstance(s, tuple) else s\n"
                                        "               for s in shapes)\n"),
    # count_weights adds the sizes of the axes instead of multiplying them.
    "count_adds_axes": conv("    kernel = tuple(kernel_size) + (c_in // groups, filters)\n"
                            "    return [kernel, (filters,)] if use_bias else [kernel]\n",
                            count="\n\ndef count_weights(shapes):\n    return sum(sum(s) for s in shapes)\n"),
    # The GRU's second bias (reset_after=True, the Keras default) forgotten.
    "gru_second_bias_forgotten": rnn("    k = {'simple_rnn': 1, 'lstm': 4, 'gru': 3}[kind]\n"
                                     "    return {'kernel': (d, k * u), 'recurrent_kernel': (u, k * u),\n"
                                     "            'bias': (k * u,)}\n"),
    # reset_after ignored: the GRU always gets the (2, 3u) bias.
    "gru_flag_ignored": rnn("    k = {'simple_rnn': 1, 'lstm': 4, 'gru': 3}[kind]\n"
                            "    bias = (2, 3 * u) if kind == 'gru' else (k * u,)\n"
                            "    return {'kernel': (d, k * u), 'recurrent_kernel': (u, k * u), 'bias': bias}\n"),
    # The recurrent kernel kept (u, u): the gates' blocks only stacked on the input kernel.
    "recurrent_kernel_not_stacked": rnn("    k = {'simple_rnn': 1, 'lstm': 4, 'gru': 3}[kind]\n"
                                        "    bias = (2, 3 * u) if kind == 'gru' and reset_after else (k * u,)\n"
                                        "    return {'kernel': (d, k * u), 'recurrent_kernel': (u, u),\n"
                                        "            'bias': bias}\n"),
    # Gates counted without the candidate: LSTM 3 blocks, GRU 2.
    "gates_without_candidate": rnn("    k = {'simple_rnn': 1, 'lstm': 3, 'gru': 2}[kind]\n"
                                   "    bias = (2, k * u) if kind == 'gru' and reset_after else (k * u,)\n"
                                   "    return {'kernel': (d, k * u), 'recurrent_kernel': (u, k * u), 'bias': bias}\n"),
    # The kernel written (units, inputs), as in the maths W·x, instead of Keras' (inputs, units).
    "rnn_kernel_transposed": rnn("    k = {'simple_rnn': 1, 'lstm': 4, 'gru': 3}[kind]\n"
                                 "    bias = (2, 3 * u) if kind == 'gru' and reset_after else (k * u,)\n"
                                 "    return {'kernel': (k * u, d), 'recurrent_kernel': (k * u, u), 'bias': bias}\n"),
}
