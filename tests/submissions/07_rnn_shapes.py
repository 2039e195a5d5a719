"""Typical wrong answers for lesson 07 (part one), and the test cells each one must fail.

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


def _axes(body):
    return "def to_batch_time_features(X, layout):\n    X = np.asarray(X)\n" + body


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
    # reshape instead of transpose: the right shape, the numbers still in memory order.
    "reshape_not_transpose": {
        "answers": {"batch_time_features": _axes(
            "    shape = [X.shape[layout.index(axis)] for axis in 'NTF']\n"
            "    return X.reshape(shape)\n")},
        "fails": ["batch_time_features_tests"],
    },
    # The inverse permutation: right for the swaps NFT and TNF, wrong for the rotations TFN and FNT.
    "inverse_permutation": {
        "answers": {"batch_time_features": _axes(
            "    return np.transpose(X, ['NTF'.index(axis) for axis in layout])\n")},
        "fails": ["batch_time_features_tests"],
    },
    # Always (N, F, T) -> (N, T, F), whatever the layout says.
    "always_swap_last_two": {
        "answers": {"batch_time_features": _axes("    return np.swapaxes(X, 1, 2)\n")},
        "fails": ["batch_time_features_tests"],
    },
}
