"""Typical wrong answers for lesson 08 (overfitting, validation, early stopping), and the test cells
each one must fail.

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
    # Draws the order from a fresh unseeded generator: every run (and every grader) gets another split.
    "ignores_the_seed": {
        "answers": {
            "shuffle_fix": (
                "def shuffle_together(X, y, seed):\n"
                "    perm = np.random.default_rng().permutation(len(y))\n"
                "    return X[perm], y[perm]\n"
                "\n"
                "X_fixed, y_fixed = shuffle_together(X_sorted, y_sorted, seed=0)\n"
            ),
        },
        "fails": ["shuffle_fix_tests"],
    },
    # Watches the training loss: it keeps falling, so training never stops.
    "monitors_training_loss": {
        "answers": {
            "early_stopping_callback": (
                "class StopAtBestEpoch(keras.callbacks.Callback):\n"
                "    def __init__(self, patience):\n"
                "        super().__init__()\n"
                "        self.patience = patience\n"
                "    def on_train_begin(self, logs=None):\n"
                "        self.best, self.best_epoch, self.best_weights, self.wait = np.inf, 0, None, 0\n"
                "    def on_epoch_end(self, epoch, logs=None):\n"
                "        if logs['loss'] < self.best:\n"
                "            self.best, self.best_epoch, self.wait = logs['loss'], epoch + 1, 0\n"
                "            self.best_weights = self.model.get_weights()\n"
                "        else:\n"
                "            self.wait += 1\n"
                "            if self.wait >= self.patience:\n"
                "                self.model.stop_training = True\n"
                "    def on_train_end(self, logs=None):\n"
                "        if self.best_weights is not None:\n"
                "            self.model.set_weights(self.best_weights)\n"
            ),
        },
        "fails": ["early_stopping_callback_tests"],
    },
    # Stops at the right time but keeps the last (overfitted) weights: no on_train_end.
    "no_restore_best_weights": {
        "answers": {
            "early_stopping_callback": (
                "class StopAtBestEpoch(keras.callbacks.Callback):\n"
                "    def __init__(self, patience):\n"
                "        super().__init__()\n"
                "        self.patience = patience\n"
                "    def on_train_begin(self, logs=None):\n"
                "        self.best, self.best_epoch, self.best_weights, self.wait = np.inf, 0, None, 0\n"
                "    def on_epoch_end(self, epoch, logs=None):\n"
                "        if logs['val_loss'] < self.best:\n"
                "            self.best, self.best_epoch, self.wait = logs['val_loss'], epoch + 1, 0\n"
                "            self.best_weights = self.model.get_weights()\n"
                "        else:\n"
                "            self.wait += 1\n"
                "            if self.wait >= self.patience:\n"
                "                self.model.stop_training = True\n"
            ),
        },
        "fails": ["early_stopping_callback_tests"],
    },
    # Off by one: waits patience + 1 epochs without improvement before stopping.
    "stops_one_epoch_late": {
        "answers": {
            "early_stopping_callback": (
                "class StopAtBestEpoch(keras.callbacks.Callback):\n"
                "    def __init__(self, patience):\n"
                "        super().__init__()\n"
                "        self.patience = patience\n"
                "    def on_train_begin(self, logs=None):\n"
                "        self.best, self.best_epoch, self.best_weights, self.wait = np.inf, 0, None, 0\n"
                "    def on_epoch_end(self, epoch, logs=None):\n"
                "        if logs['val_loss'] < self.best:\n"
                "            self.best, self.best_epoch, self.wait = logs['val_loss'], epoch + 1, 0\n"
                "            self.best_weights = self.model.get_weights()\n"
                "        else:\n"
                "            self.wait += 1\n"
                "            if self.wait > self.patience:\n"
                "                self.model.stop_training = True\n"
                "    def on_train_end(self, logs=None):\n"
                "        if self.best_weights is not None:\n"
                "            self.model.set_weights(self.best_weights)\n"
            ),
        },
        "fails": ["early_stopping_callback_tests"],
    },
    # Never restarts the count after a new lowest: stops `patience` bad epochs after the first, in total.
    "wait_not_reset": {
        "answers": {
            "early_stopping_callback": (
                "class StopAtBestEpoch(keras.callbacks.Callback):\n"
                "    def __init__(self, patience):\n"
                "        super().__init__()\n"
                "        self.patience = patience\n"
                "    def on_train_begin(self, logs=None):\n"
                "        self.best, self.best_epoch, self.best_weights, self.wait = np.inf, 0, None, 0\n"
                "    def on_epoch_end(self, epoch, logs=None):\n"
                "        if logs['val_loss'] < self.best:\n"
                "            self.best, self.best_epoch = logs['val_loss'], epoch + 1\n"
                "            self.best_weights = self.model.get_weights()\n"
                "        else:\n"
                "            self.wait += 1\n"
                "            if self.wait >= self.patience:\n"
                "                self.model.stop_training = True\n"
                "    def on_train_end(self, logs=None):\n"
                "        if self.best_weights is not None:\n"
                "            self.model.set_weights(self.best_weights)\n"
            ),
        },
        "fails": ["early_stopping_callback_tests"],
    },
    # Sets its state up in __init__: a second fit with the same callback starts from the old best.
    "state_only_in_init": {
        "answers": {
            "early_stopping_callback": (
                "class StopAtBestEpoch(keras.callbacks.Callback):\n"
                "    def __init__(self, patience):\n"
                "        super().__init__()\n"
                "        self.patience = patience\n"
                "        self.best, self.best_epoch, self.best_weights, self.wait = np.inf, 0, None, 0\n"
                "    def on_epoch_end(self, epoch, logs=None):\n"
                "        if logs['val_loss'] < self.best:\n"
                "            self.best, self.best_epoch, self.wait = logs['val_loss'], epoch + 1, 0\n"
                "            self.best_weights = self.model.get_weights()\n"
                "        else:\n"
                "            self.wait += 1\n"
                "            if self.wait >= self.patience:\n"
                "                self.model.stop_training = True\n"
                "    def on_train_end(self, logs=None):\n"
                "        if self.best_weights is not None:\n"
                "            self.model.set_weights(self.best_weights)\n"
            ),
        },
        "fails": ["early_stopping_callback_tests"],
    },
}
