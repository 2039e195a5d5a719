"""Typical wrong answers for lesson 09, and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks.
"""

WRONG_ANSWERS = {
    # Adds a horizontal flip "for more variety": it turns digits into other digits.
    "pipeline_with_flip": {
        "answers": {
            "augmenter": (
                "def build_augmenter(rotation, zoom, shift, seed=0):\n"
                "    return keras.Sequential([\n"
                "        layers.RandomFlip('horizontal', seed=seed),\n"
                "        layers.RandomRotation(rotation, fill_mode='constant', seed=seed),\n"
                "        layers.RandomZoom(zoom, fill_mode='constant', seed=seed),\n"
                "        layers.RandomTranslation(shift, shift, fill_mode='constant', seed=seed),\n"
                "    ])\n"
            ),
        },
        "fails": ["augmenter_tests"],
    },
    # Augments at inference too: a Lambda that always calls the layers with training=True.
    "augments_at_inference": {
        "answers": {
            "augmenter": (
                "def build_augmenter(rotation, zoom, shift, seed=0):\n"
                "    steps = [layers.RandomRotation(rotation, fill_mode='constant', seed=seed),\n"
                "             layers.RandomZoom(zoom, fill_mode='constant', seed=seed),\n"
                "             layers.RandomTranslation(shift, shift, fill_mode='constant', seed=seed)]\n"
                "    class Always(keras.Sequential):\n"
                "        def call(self, x, training=None):\n"
                "            return super().call(x, training=True)\n"
                "    return Always(steps)\n"
            ),
        },
        # The strong model of section 4 is built with it, but the graded cells measure
        # the model with their own calls; only the pipeline test must notice.
        "fails": ["augmenter_tests", "gap_exp_b_tests"],
    },
    # Mirrors up-down (axis 1) instead of left-right (axis 2), and says flips are fine.
    "flip_wrong_axis": {
        "answers": {
            "flip_check": (
                "mirrored = np.flip(X_val, axis=1)\n"
                "same = plain.predict(X_val, verbose=0).argmax(1) == plain.predict(mirrored, verbose=0).argmax(1)\n"
                "flip_agreement = float(np.mean(same))\n"
                "random_flip_ok_for_digits = True\n"
            ),
        },
        "fails": ["flip_check_tests"],
    },
    # Training minus validation: the sign of the gap flipped.
    "gap_sign_flipped": {
        "answers": {
            "gap_exp_a": (
                "def final_gap(history):\n"
                "    logs = history.history if hasattr(history, 'history') else history\n"
                "    return float(logs['accuracy'][-1] - logs['val_accuracy'][-1])\n"
                "\n"
                "gaps = {name: final_gap(h) for name, h in histories.items()}\n"
                "gap_closes_with_weaker_augmentation = bool(\n"
                "    gaps['full strength'] > gaps['half strength'] > gaps['none (dropout only)'])\n"
            ),
        },
        "fails": ["gap_exp_a_tests"],
    },
    # Applies the augmenter in inference mode: it does nothing, so validation looks as easy as ever.
    "augmenter_in_inference_mode": {
        "answers": {
            "gap_exp_b": (
                "def accuracy(model, X, y, augmenter=None):\n"
                "    if augmenter is not None:\n"
                "        X = augmenter(X)\n"
                "    return float(np.mean(model.predict(X, verbose=0).argmax(axis=1) == y))\n"
                "\n"
                "val_clean = accuracy(strong, X_val, y_val)\n"
                "val_augmented = accuracy(strong, X_val, y_val, strong_aug)\n"
                "train_augmented = accuracy(strong, X_train, y_train, strong_aug)\n"
                "validation_harder_when_augmented = val_augmented < val_clean\n"
            ),
        },
        "fails": ["gap_exp_b_tests"],
    },
}
