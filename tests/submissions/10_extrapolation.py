"""Typical wrong answers for lesson 10, and the test cells each one must fail."""

WRONG_ANSWERS = {
    # Puts the activation on the output too: a ReLU output cannot be a regression head here,
    # and the test checks for a linear output.
    "relu_output": {
        "answers": {
            "square_net": (
                "def build_square_net(scale=500.0):\n"
                "    return keras.Sequential([keras.Input((1,)), keras.layers.Rescaling(1.0 / scale),\n"
                "                             keras.layers.Dense(8, activation='relu'),\n"
                "                             keras.layers.Dense(1, activation='relu')])\n"
            ),
        },
        "fails": ["square_net_tests"],
    },
    # Scales by `scale` instead of 1 / scale.
    "rescaling_inverted": {
        "answers": {
            "square_net": (
                "def build_square_net(scale=500.0):\n"
                "    return keras.Sequential([keras.Input((1,)), keras.layers.Rescaling(scale),\n"
                "                             keras.layers.Dense(8, activation='relu'), keras.layers.Dense(1)])\n"
            ),
        },
        "fails": ["square_net_tests"],
    },
    # Uses the open interval, so the end points are counted as outside.
    "open_interval": {
        "answers": {
            "inside_outside": (
                "def errors_inside_outside(x, y_true, y_pred, low, high):\n"
                "    x = np.asarray(x); err = np.abs(np.asarray(y_true) - np.asarray(y_pred))\n"
                "    inside = (x > low) & (x < high)\n"
                "    return float(err[inside].mean()), float(err[~inside].mean())\n"
            ),
        },
        "fails": ["inside_outside_tests"],
    },
    # b / w instead of -b / w, and unsorted.
    "breakpoint_sign": {
        "answers": {
            "breakpoints": (
                "def relu_breakpoints(w, b):\n"
                "    w = np.ravel(w); b = np.ravel(b)\n"
                "    return b[w != 0] / w[w != 0]\n"
            ),
        },
        "fails": ["breakpoints_tests"],
    },
    # Returns the residual at the end point instead of the largest one.
    "last_residual": {
        "answers": {
            "fit_line": (
                "def fit_line(predict, x_start, x_stop, n=200):\n"
                "    xs = np.linspace(x_start, x_stop, n); ys = np.ravel(predict(xs))\n"
                "    slope, intercept = np.polyfit(xs, ys, 1)\n"
                "    return float(slope), float(intercept), float(abs(ys[-1] - slope * xs[-1] - intercept))\n"
            ),
        },
        "fails": ["fit_line_tests"],
    },
    # Feeds only x**2 (drops x) and fits on unscaled 1-D input: shape (n,) not (n, 2).
    "only_square_feature": {
        "answers": {
            "feature_fix": (
                "from sklearn.linear_model import LinearRegression\n\n"
                "def square_features(x):\n"
                "    return np.asarray(x, dtype=float).reshape(-1, 1) ** 2\n\n"
                "feature_model = LinearRegression().fit(square_features(x_train), y_train.ravel())\n"
            ),
        },
        "fails": ["feature_fix_tests"],
    },
}
