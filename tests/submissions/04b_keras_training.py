"""Typical wrong answers for lesson 04b, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks.
"""


def _heads(substances_act="sigmoid", count_act="softmax", losses=None, count_on_input=False):
    """A build_spectra_heads answer with the given activations, losses and wiring."""
    losses = losses or ("{'substances': 'binary_crossentropy', "
                        "'count': 'sparse_categorical_crossentropy'}")
    count_from = "spectrum" if count_on_input else "h"
    return (
        "def build_spectra_heads(n_points=167, n_substances=11, max_count=3, units=64):\n"
        "    spectrum = keras.Input(shape=(n_points,))\n"
        "    h = layers.Dense(units, activation='relu')(spectrum)\n"
        f"    substances = layers.Dense(n_substances, activation='{substances_act}', name='substances')(h)\n"
        f"    count = layers.Dense(max_count, activation='{count_act}', name='count')({count_from})\n"
        "    model = keras.Model(inputs=spectrum, outputs=[substances, count])\n"
        f"    model.compile(optimizer='adam', loss={losses})\n"
        "    return model\n"
    )


def _wbce(body):
    """A weighted_bce answer whose last line is ``body``."""
    return (
        "def weighted_bce(y, p, class_weight):\n"
        "    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)\n"
        "    bce = -(y * np.log(p) + (1 - y) * np.log(1 - p))\n"
        f"    {body}\n"
    )


WRONG_ANSWERS = {
    # The multi-class recipe on the multi-label head: softmax makes the substances compete.
    "softmax_substances": {
        "answers": {"build_spectra_heads": _heads(substances_act="softmax",
                                                  losses="{'substances': 'categorical_crossentropy', "
                                                         "'count': 'sparse_categorical_crossentropy'}")},
        "fails": ["build_spectra_heads_tests"],
    },
    # Everything multi-label: a sigmoid count head, binary cross-entropy for both.
    "sigmoid_count": {
        "answers": {"build_spectra_heads": _heads(count_act="sigmoid", losses="'binary_crossentropy'")},
        "fails": ["build_spectra_heads_tests"],
    },
    # Softmax count head, but the one-hot loss for integer count targets.
    "categorical_loss_for_count_ids": {
        "answers": {"build_spectra_heads": _heads(losses="{'substances': 'binary_crossentropy', "
                                                         "'count': 'categorical_crossentropy'}")},
        "fails": ["build_spectra_heads_tests"],
    },
    # One loss string for both outputs.
    "one_loss_for_both_heads": {
        "answers": {"build_spectra_heads": _heads(losses="'binary_crossentropy'")},
        "fails": ["build_spectra_heads_tests"],
    },
    # The losses given as a list in the wrong order (count first).
    "losses_in_wrong_order": {
        "answers": {"build_spectra_heads": _heads(losses="['sparse_categorical_crossentropy', "
                                                         "'binary_crossentropy']")},
        "fails": ["build_spectra_heads_tests"],
    },
    # The count head wired to the input instead of the hidden layer.
    "count_head_on_input": {
        "answers": {"build_spectra_heads": _heads(count_on_input=True)},
        "fails": ["build_spectra_heads_tests"],
    },
    # Forgets the weights: plain binary cross-entropy.
    "unweighted_mean": {
        "answers": {"weighted_bce": _wbce("return float(np.mean(bce))")},
        "fails": ["weighted_bce_tests"],
    },
    # A weighted average (divides by the sum of the weights, as scikit-learn's log_loss does), not Keras' mean.
    "divides_by_sum_of_weights": {
        "answers": {"weighted_bce": _wbce(
            "return float(np.average(bce, weights=np.where(y == 1, class_weight[1], class_weight[0])))")},
        "fails": ["weighted_bce_tests"],
    },
    # Weights by the predicted class (p >= 0.5), not the true one.
    "weights_by_predicted_class": {
        "answers": {"weighted_bce": _wbce(
            "return float(np.mean(np.where(p >= 0.5, class_weight[1], class_weight[0]) * bce))")},
        "fails": ["weighted_bce_tests"],
    },
    # Only the rare class is weighted: class_weight[0] ignored.
    "ignores_weight_of_class_0": {
        "answers": {"weighted_bce": _wbce("return float(np.mean(np.where(y == 1, class_weight[1], 1.0) * bce))")},
        "fails": ["weighted_bce_tests"],
    },
    # The two log terms swapped.
    "swapped_log_terms": {
        "answers": {"weighted_bce": (
            "def weighted_bce(y, p, class_weight):\n"
            "    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)\n"
            "    w = np.where(y == 1, class_weight[1], class_weight[0])\n"
            "    return float(np.mean(w * -(y * np.log(1 - p) + (1 - y) * np.log(p))))\n"
        )},
        "fails": ["weighted_bce_tests"],
    },
    # loss / val_loss instead of val_loss / loss.
    "inverted_ratio": {
        "answers": {
            "loss_ratio_callback": (
                "class LossRatio(keras.callbacks.Callback):\n"
                "    def __init__(self, max_ratio=None):\n"
                "        super().__init__()\n"
                "        self.max_ratio = max_ratio\n"
                "        self.ratios = []\n"
                "\n"
                "    def on_epoch_end(self, epoch, logs=None):\n"
                "        ratio = logs['loss'] / logs['val_loss']\n"
                "        self.ratios.append(ratio)\n"
                "        if self.max_ratio is not None and ratio > self.max_ratio:\n"
                "            self.model.stop_training = True\n"
            ),
        },
        "fails": ["loss_ratio_callback_tests"],
    },
    # Records the ratio but never stops training.
    "never_stops": {
        "answers": {
            "loss_ratio_callback": (
                "class LossRatio(keras.callbacks.Callback):\n"
                "    def __init__(self, max_ratio=None):\n"
                "        super().__init__()\n"
                "        self.max_ratio = max_ratio\n"
                "        self.ratios = []\n"
                "\n"
                "    def on_epoch_end(self, epoch, logs=None):\n"
                "        self.ratios.append(logs['val_loss'] / logs['loss'])\n"
            ),
        },
        "fails": ["loss_ratio_callback_tests"],
    },
    # A class attribute: every LossRatio object appends to the same list.
    "shared_class_list": {
        "answers": {
            "loss_ratio_callback": (
                "class LossRatio(keras.callbacks.Callback):\n"
                "    ratios = []\n"
                "\n"
                "    def __init__(self, max_ratio=None):\n"
                "        super().__init__()\n"
                "        self.max_ratio = max_ratio\n"
                "\n"
                "    def on_epoch_end(self, epoch, logs=None):\n"
                "        ratio = logs['val_loss'] / logs['loss']\n"
                "        self.ratios.append(ratio)\n"
                "        if self.max_ratio is not None and ratio > self.max_ratio:\n"
                "            self.model.stop_training = True\n"
            ),
        },
        "fails": ["loss_ratio_callback_tests"],
    },
    # Stops when the ratio reaches max_ratio (>=), not only when it exceeds it.
    "stops_at_equal_ratio": {
        "answers": {
            "loss_ratio_callback": (
                "class LossRatio(keras.callbacks.Callback):\n"
                "    def __init__(self, max_ratio=None):\n"
                "        super().__init__()\n"
                "        self.max_ratio = max_ratio\n"
                "        self.ratios = []\n"
                "\n"
                "    def on_epoch_end(self, epoch, logs=None):\n"
                "        ratio = logs['val_loss'] / logs['loss']\n"
                "        self.ratios.append(ratio)\n"
                "        if self.max_ratio is not None and ratio >= self.max_ratio:\n"
                "            self.model.stop_training = True\n"
            ),
        },
        "fails": ["loss_ratio_callback_tests"],
    },
}
