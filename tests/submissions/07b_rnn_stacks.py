"""Typical wrong answers for lesson 07b, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. No demo or test cell uses
another exercise's answer, so each mistake costs exactly its own exercise.
"""


def _stacked(return_sequences):
    return (
        "def fix_stacked(steps, features, units):\n"
        "    model = keras.Sequential([keras.Input((steps, features))])\n"
        "    for i, u in enumerate(units):\n"
        f"        model.add(layers.LSTM(u, return_sequences={return_sequences}, name=f'lstm_{{i + 1}}'))\n"
        "    model.add(layers.Dense(1, name='output'))\n"
        "    return model\n"
    )


def _shapes(params_line, shape_line, next_d):
    return (
        "def rnn_stack_shapes(steps, features, stack):\n"
        "    blocks = {'SimpleRNN': 1, 'LSTM': 4, 'GRU': 3}\n"
        "    rows, d = [], features\n"
        "    for kind, units, return_sequences in stack:\n"
        f"        {params_line}\n"
        f"        {shape_line}\n"
        "        rows.append((shape, n))\n"
        f"        {next_d}\n"
        "    return rows\n"
    )


RIGHT_PARAMS = "n = blocks[kind] * (units * (d + units) + units) + (3 * units if kind == 'GRU' else 0)"
RIGHT_SHAPE = "shape = (None, steps, units) if return_sequences else (None, units)"

def _windows(body):
    return "def make_windows(series, steps, horizon):\n    series = np.asarray(series)\n" + body


# A correct answer built from the kit's one-value-ahead windows: one call per value ahead, cut to the same rows.
KIT_WINDOWS = (
    "    X, _ = {f}(series, steps, horizon)\n"
    "    Y = np.stack([{f}(series, steps, h)[1][:len(X)] for h in range(1, horizon + 1)], axis=1)\n"
    "    return X, Y\n"
)

WRONG_ANSWERS = {
    # return_sequences missing on the first LSTM: the ndim error again.
    "first_lstm_without_sequences": {
        "answers": {"stacked_fix": _stacked("False")},
        "fails": ["stacked_fix_tests"],
    },
    # Only the first LSTM returns sequences: right for two layers, wrong for the visible stack of three.
    "only_first_returns_sequences": {
        "answers": {"stacked_fix": _stacked("i == 0")},
        "fails": ["stacked_fix_tests"],
    },
    # Every LSTM returns sequences: the model outputs one value per step, (None, 30, 1).
    "all_return_sequences": {
        "answers": {"stacked_fix": _stacked("True")},
        "fails": ["stacked_fix_tests"],
    },
    # The GRU count without reset_after's second bias (Keras 2.2 and earlier).
    "gru_without_second_bias": {
        "answers": {"stack_shapes": _shapes("n = blocks[kind] * (units * (d + units) + units)", RIGHT_SHAPE,
                                            "d = units")},
        "fails": ["stack_shapes_tests"],
    },
    # Every layer counted on the input features, not on the units of the layer before it.
    "d_stays_features": {
        "answers": {"stack_shapes": _shapes(RIGHT_PARAMS, RIGHT_SHAPE, "pass")},
        "fails": ["stack_shapes_tests"],
    },
    # Output shape without the time axis, whatever return_sequences says.
    "ignores_return_sequences": {
        "answers": {"stack_shapes": _shapes(RIGHT_PARAMS, "shape = (None, units)", "d = units")},
        "fails": ["stack_shapes_tests"],
    },
    # The targets start one step early: the last value of the window is the first target.
    "targets_start_inside_window": {
        "answers": {"multi_step_windows": _windows(
            "    n = len(series) - steps - horizon + 1\n"
            "    X = np.stack([series[i:i + steps] for i in range(n)])[..., None]\n"
            "    Y = np.stack([series[i + steps - 1:i + steps - 1 + horizon] for i in range(n)])\n"
            "    return X, Y\n")},
        "fails": ["multi_step_windows_tests"],
    },
    # Off by one: n - steps - horizon windows, the last complete window left out.
    "one_window_too_few": {
        "answers": {"multi_step_windows": _windows(
            "    n = len(series) - steps - horizon\n"
            "    X = np.stack([series[i:i + steps] for i in range(n)])[..., None]\n"
            "    Y = np.stack([series[i + steps:i + steps + horizon] for i in range(n)])\n"
            "    return X, Y\n")},
        "fails": ["multi_step_windows_tests"],
    },
    # Windows without the feature axis: (n_windows, steps), which a recurrent layer rejects.
    "windows_without_feature_axis": {
        "answers": {"multi_step_windows": _windows(
            "    n = len(series) - steps - horizon + 1\n"
            "    X = np.stack([series[i:i + steps] for i in range(n)])\n"
            "    Y = np.stack([series[i + steps:i + steps + horizon] for i in range(n)])\n"
            "    return X, Y\n")},
        "fails": ["multi_step_windows_tests"],
    },
    # Only the value `horizon` steps ahead (what sliding_windows' horizon means), not all `horizon` values.
    "only_the_last_target": {
        "answers": {"multi_step_windows": _windows(
            "    n = len(series) - steps - horizon + 1\n"
            "    X = np.stack([series[i:i + steps] for i in range(n)])[..., None]\n"
            "    return X, series[steps + horizon - 1:]\n")},
        "fails": ["multi_step_windows_tests"],
    },
    # The kit's answer, called three ways: through the module, a from-import alias, a lambda wrapper.
    "kit_through_module": {
        "answers": {"multi_step_windows": _windows(KIT_WINDOWS.format(f="sequences.sliding_windows"))},
        "fails": ["multi_step_windows_tests"],
    },
    "kit_through_alias": {
        "answers": {"multi_step_windows": "from mlp_kit.sequences import sliding_windows as cut\n\n\n"
                    + _windows(KIT_WINDOWS.format(f="cut"))},
        "fails": ["multi_step_windows_tests"],
    },
    "kit_through_lambda": {
        "answers": {"multi_step_windows": "cut = lambda *args: mlp_kit.sequences.sliding_windows(*args)\n\n\n"
                    + _windows(KIT_WINDOWS.format(f="cut"))},
        "fails": ["multi_step_windows_tests"],
    },
}
