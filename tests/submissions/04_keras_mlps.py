"""Typical wrong answers for lesson 04, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks.
"""

WRONG_ANSWERS = {
    # The loss for integer labels whatever the label format: fit() would fail on one-hot rows.
    "sparse_loss_for_onehot": {
        "answers": {
            "build_classifier": (
                "def build_classifier(n_inputs, hidden, n_classes, one_hot=False):\n"
                "    model = keras.Sequential([keras.Input(shape=(n_inputs,))])\n"
                "    for units in hidden:\n"
                "        model.add(layers.Dense(units, activation='relu'))\n"
                "    model.add(layers.Dense(n_classes, activation='softmax'))\n"
                "    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',\n"
                "                  metrics=['accuracy'])\n"
                "    return model\n"
            ),
        },
        "fails": ["build_classifier_tests"],
    },
    # Output layer without softmax: logits go to a loss that expects probabilities.
    "no_output_softmax": {
        "answers": {
            "build_classifier": (
                "def build_classifier(n_inputs, hidden, n_classes, one_hot=False):\n"
                "    model = keras.Sequential([keras.Input(shape=(n_inputs,))])\n"
                "    for units in hidden:\n"
                "        model.add(layers.Dense(units, activation='relu'))\n"
                "    model.add(layers.Dense(n_classes))\n"
                "    loss = 'categorical_crossentropy' if one_hot else 'sparse_categorical_crossentropy'\n"
                "    model.compile(optimizer='adam', loss=loss, metrics=['accuracy'])\n"
                "    return model\n"
            ),
        },
        "fails": ["build_classifier_tests"],
    },
    # Fits the visible example only: one hidden layer of hidden[0] units, whatever the list says.
    "one_hidden_layer_only": {
        "answers": {
            "build_classifier": (
                "def build_classifier(n_inputs, hidden, n_classes, one_hot=False):\n"
                "    model = keras.Sequential([keras.Input(shape=(n_inputs,)),\n"
                "                              layers.Dense(hidden[0], activation='relu'),\n"
                "                              layers.Dense(n_classes, activation='softmax')])\n"
                "    loss = 'categorical_crossentropy' if one_hot else 'sparse_categorical_crossentropy'\n"
                "    model.compile(optimizer='adam', loss=loss, metrics=['accuracy'])\n"
                "    return model\n"
            ),
        },
        "fails": ["build_classifier_tests"],
    },
    # Data leak: the scaler sees the test rows.
    "scaler_fitted_on_all_data": {
        "answers": {
            "scale_split": (
                "def scale_split(X_train, X_test):\n"
                "    scaler = StandardScaler().fit(np.vstack([X_train, X_test]))\n"
                "    return scaler.transform(X_train), scaler.transform(X_test)\n"
            ),
        },
        "fails": ["scale_split_tests"],
    },
    # Each part scaled with its own statistics: the test set no longer speaks the training units.
    "scaled_separately": {
        "answers": {
            "scale_split": (
                "def scale_split(X_train, X_test):\n"
                "    return (StandardScaler().fit_transform(X_train),\n"
                "            StandardScaler().fit_transform(X_test))\n"
            ),
        },
        "fails": ["scale_split_tests"],
    },
    # The main output sees the deep path only; the wide input is concatenated into the aux branch.
    "wide_input_to_aux": {
        "answers": {
            "build_wide_deep": (
                "def build_wide_deep(n_wide, n_deep, units=16):\n"
                "    wide = keras.Input(shape=(n_wide,), name='wide_in')\n"
                "    deep = keras.Input(shape=(n_deep,), name='deep_in')\n"
                "    h = layers.Dense(units, activation='relu')(deep)\n"
                "    h = layers.Dense(units, activation='relu')(h)\n"
                "    main = layers.Dense(1, name='main')(h)\n"
                "    aux = layers.Dense(1, name='aux')(layers.Concatenate()([wide, h]))\n"
                "    model = keras.Model(inputs=[wide, deep], outputs=[main, aux])\n"
                "    model.compile(optimizer='adam', loss='mse', loss_weights=[0.8, 0.2])\n"
                "    return model\n"
            ),
        },
        "fails": ["build_wide_deep_tests"],
    },
    # Forgets loss_weights: both outputs count the same.
    "no_loss_weights": {
        "answers": {
            "build_wide_deep": (
                "def build_wide_deep(n_wide, n_deep, units=16):\n"
                "    wide = keras.Input(shape=(n_wide,), name='wide_in')\n"
                "    deep = keras.Input(shape=(n_deep,), name='deep_in')\n"
                "    h = layers.Dense(units, activation='relu')(deep)\n"
                "    h = layers.Dense(units, activation='relu')(h)\n"
                "    main = layers.Dense(1, name='main')(layers.Concatenate()([wide, h]))\n"
                "    aux = layers.Dense(1, name='aux')(h)\n"
                "    model = keras.Model(inputs=[wide, deep], outputs=[main, aux])\n"
                "    model.compile(optimizer='adam', loss='mse')\n"
                "    return model\n"
            ),
        },
        "fails": ["build_wide_deep_tests"],
    },
    # Hard-codes the visible sizes (4 wide, 8 deep, 16 units).
    "hard_coded_sizes": {
        "answers": {
            "build_wide_deep": (
                "def build_wide_deep(n_wide, n_deep, units=16):\n"
                "    wide = keras.Input(shape=(4,), name='wide_in')\n"
                "    deep = keras.Input(shape=(8,), name='deep_in')\n"
                "    h = layers.Dense(16, activation='relu')(deep)\n"
                "    h = layers.Dense(16, activation='relu')(h)\n"
                "    main = layers.Dense(1, name='main')(layers.Concatenate()([wide, h]))\n"
                "    aux = layers.Dense(1, name='aux')(h)\n"
                "    model = keras.Model(inputs=[wide, deep], outputs=[main, aux])\n"
                "    model.compile(optimizer='adam', loss='mse', loss_weights=[0.8, 0.2])\n"
                "    return model\n"
            ),
        },
        "fails": ["build_wide_deep_tests"],
    },
}
