"""Typical wrong answers for lesson 11, and the test cells each one must fail."""

WRONG_ANSWERS = {
    # Forgets to freeze the base: everything stays trainable.
    "base_not_frozen": {
        "answers": {
            "feature_extractor": (
                "def build_feature_extractor(base, cut='flatten', n_classes=5):\n"
                "    head = keras.layers.Dense(n_classes, activation='softmax', name='new_head')\n"
                "    out = head(base.get_layer(cut).output)\n"
                "    return keras.Model(base.inputs, out)\n"
            ),
        },
        # Exercise 3's unfreeze sets every layer's flag itself, so its test still passes.
        "fails": ["feature_extractor_tests"],
    },
    # Counts every parameter, frozen or not.
    "counts_all_weights": {
        "answers": {"count_trainable": "def trainable_params(model):\n    return model.count_params()\n"},
        # Exercise 3's test counts with trainable_params, so it fails too.
        "fails": ["count_trainable_tests", "unfreeze_top_tests"],
    },
    # Freezes the new head along with the rest.
    "head_frozen_too": {
        "answers": {
            "unfreeze_top": (
                "def unfreeze(model, names):\n"
                "    for layer in model.layers:\n"
                "        layer.trainable = layer.name in names\n"
                "    return model\n"
            ),
        },
        "fails": ["unfreeze_top_tests"],
    },
    # Forgets the biases of the head's dense layers.
    "head_without_biases": {
        "answers": {
            "head_params": (
                "def head_params(feature_shape, hidden, n_classes, pooling):\n"
                "    h, w, c = feature_shape\n"
                "    n_in = h * w * c if pooling == 'flatten' else c\n"
                "    return n_in * hidden + hidden * n_classes\n"
            ),
        },
        "fails": ["head_params_tests"],
    },
    # Average pooling treated like flatten (h·w·c inputs either way).
    "pooling_ignored": {
        "answers": {
            "head_params": (
                "def head_params(feature_shape, hidden, n_classes, pooling):\n"
                "    h, w, c = feature_shape\n"
                "    return h * w * c * hidden + hidden + hidden * n_classes + n_classes\n"
            ),
        },
        "fails": ["head_params_tests"],
    },
}
