"""Typical wrong answers for lesson 11, and the test cells each one must fail."""

# A correct class_means, for the cases whose mistake is in nearest_mean.
RIGHT_MEANS = (
    "def class_means(F, y, n_classes):\n"
    "    unit = F / np.linalg.norm(F, axis=1, keepdims=True)\n"
    "    return np.stack([unit[y == c].mean(axis=0) for c in range(n_classes)])\n\n\n"
)

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
    # Averages the raw feature rows: a bold image weighs more than a faint one.
    "means_of_raw_rows": {
        "answers": {
            "class_means": (
                "def class_means(F, y, n_classes):\n"
                "    return np.stack([F[y == c].mean(axis=0) for c in range(n_classes)])\n\n\n"
                "def nearest_mean(F, means):\n"
                "    unit = means / np.linalg.norm(means, axis=1, keepdims=True)\n"
                "    return np.argmax(F @ unit.T, axis=1)\n"
            ),
        },
        "fails": ["class_means_tests"],
    },
    # Picks the largest dot product: a long mean wins even when it points elsewhere.
    "dot_product_not_cosine": {
        "answers": {
            "class_means": (
                RIGHT_MEANS +
                "def nearest_mean(F, means):\n"
                "    return np.argmax(F @ means.T, axis=1)\n"
            ),
        },
        "fails": ["class_means_tests"],
    },
    # Nearest by Euclidean distance to the means: not the cosine the exercise asks for.
    "euclidean_nearest": {
        "answers": {
            "class_means": (
                RIGHT_MEANS +
                "def nearest_mean(F, means):\n"
                "    d = ((F[:, None, :] - means[None, :, :]) ** 2).sum(axis=2)\n"
                "    return np.argmin(d, axis=1)\n"
            ),
        },
        "fails": ["class_means_tests"],
    },
    # Makes the named layers trainable but leaves every other layer as it was.
    "others_left_trainable": {
        "answers": {
            "unfreeze_top": (
                "def unfreeze(model, names):\n"
                "    for layer in model.layers:\n"
                "        if layer.name in names or layer.name == 'new_head':\n"
                "            layer.trainable = True\n"
                "    return model\n"
            ),
        },
        "fails": ["unfreeze_top_tests"],
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
