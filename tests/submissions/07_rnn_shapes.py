"""Typical wrong answers for lesson 07, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. No demo or test cell uses
another exercise's answer, so each mistake costs exactly its own exercise.
"""


def _flat(body):
    return "def fix_flat_recordings(X_flat, steps):\n" + body


def _reshape(target):
    return (
        "def fix_dense_to_rnn(n_in, width, steps, units):\n"
        "    return keras.Sequential([\n"
        "        keras.Input((n_in,)),\n"
        "        layers.Dense(width, activation='relu', name='dense'),\n"
        f"        layers.Reshape({target}, name='reshape'),\n"
        "        layers.SimpleRNN(units, name='rnn'),\n"
        "        layers.Dense(1, name='output'),\n"
        "    ])\n"
    )


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

WRONG_ANSWERS = {
    # reshape(N, F, steps): the right numbers, but features and steps swapped.
    "features_and_steps_swapped": {
        "answers": {"flat_recordings": _flat(
            "    X_flat = np.asarray(X_flat); features = X_flat.shape[1] // steps\n"
            "    X_seq = X_flat.reshape(len(X_flat), features, steps)\n"
            "    model = keras.Sequential([keras.Input((features, steps)), layers.GRU(8, name='gru'),\n"
            "                              layers.Dense(1, name='output')])\n"
            "    return X_seq, model\n")},
        "fails": ["flat_recordings_tests"],
    },
    # Every number becomes a time step of one feature: (N, steps*F, 1).
    "each_number_a_step": {
        "answers": {"flat_recordings": _flat(
            "    X_flat = np.asarray(X_flat)\n"
            "    X_seq = X_flat[..., None]\n"
            "    model = keras.Sequential([keras.Input((X_flat.shape[1], 1)), layers.GRU(8, name='gru'),\n"
            "                              layers.Dense(1, name='output')])\n"
            "    return X_seq, model\n")},
        "fails": ["flat_recordings_tests"],
    },
    # T·F taken from the model's input width instead of the Dense width: Keras refuses the Reshape.
    "reshape_wrong_total": {
        "answers": {"reshape_fix": _reshape("(steps, n_in // steps)")},
        "fails": ["reshape_fix_tests"],
    },
    # T·F right, but the axes swapped: (features, steps) instead of (steps, features).
    "reshape_axes_swapped": {
        "answers": {"reshape_fix": _reshape("(width // steps, steps)")},
        "fails": ["reshape_fix_tests"],
    },
    # return_sequences missing on the first LSTM: the ndim error again.
    "first_lstm_without_sequences": {
        "answers": {"stacked_fix": _stacked("False")},
        "fails": ["stacked_fix_tests"],
    },
    # Only the first LSTM returns sequences: right for two layers (visible), wrong for three (hidden).
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
    # The target is the last value of the window (no forecasting at all).
    "target_inside_window": {
        "answers": {"make_windows": (
            "def make_windows(series, steps):\n"
            "    series = np.asarray(series)\n"
            "    X = np.stack([series[i:i + steps] for i in range(len(series) - steps)])[..., None]\n"
            "    return X, series[steps - 1:-1]\n")},
        "fails": ["make_windows_tests"],
    },
    # Windows without the feature axis: (n - steps, steps), which a recurrent layer rejects.
    "windows_without_feature_axis": {
        "answers": {"make_windows": (
            "def make_windows(series, steps):\n"
            "    series = np.asarray(series)\n"
            "    return np.stack([series[i:i + steps] for i in range(len(series) - steps)]), series[steps:]\n")},
        "fails": ["make_windows_tests"],
    },
    # One window too many: the last window has no value after it.
    "one_window_too_many": {
        "answers": {"make_windows": (
            "def make_windows(series, steps):\n"
            "    series = np.asarray(series)\n"
            "    X = np.stack([series[i:i + steps] for i in range(len(series) - steps + 1)])[..., None]\n"
            "    return X, series[steps:]\n")},
        "fails": ["make_windows_tests"],
    },
}
