"""The shipped transfer-learning base (lesson 11): checksum, accuracy, and the script that makes it."""

import importlib.util

import numpy as np
import pytest

from mlp_kit import datasets
from tests.conftest import ROOT

DOCUMENTED_ACCURACY = 0.982   # datasets/README.md: test accuracy of the shipped base on digits 0-4


def _make_base_module():
    path = ROOT / "datasets" / "transfer_base" / "make_base.py"
    spec = importlib.util.spec_from_file_location("make_base", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_splits_are_disjoint_and_balanced():
    (Xb, yb), (Xbt, ybt) = datasets.transfer_split("base")
    (Xt, yt), (Xtt, ytt) = datasets.transfer_split("target", n_per_class=10)
    assert Xb.shape == (2000, 28, 28, 1) and Xbt.shape == (500, 28, 28, 1)
    assert Xt.shape == (50, 28, 28, 1) and Xtt.shape == (1500, 28, 28, 1)
    assert np.bincount(yt).tolist() == [10] * 5 and set(np.unique(ytt)) == set(range(5))
    X_all, _ = datasets.load_mnist(shuffle=False)
    flat = X_all.reshape(5000, -1)
    index = {row.tobytes(): i for i, row in enumerate(flat)}
    ids = [{index[x.reshape(-1).tobytes()] for x in part} for part in (Xb, Xbt, Xt, Xtt)]
    assert all(a.isdisjoint(b) for i, a in enumerate(ids) for b in ids[i + 1:])
    with pytest.raises(ValueError, match="n_per_class must be between 1 and 200"):
        datasets.transfer_split("target", n_per_class=300)


def test_shipped_base_matches_checksum_and_documented_accuracy():
    model = datasets.load_transfer_base()
    _, (X_test, y_test) = datasets.transfer_split("base")
    accuracy = float(np.mean(model.predict(X_test, verbose=0).argmax(1) == y_test))
    assert accuracy == pytest.approx(DOCUMENTED_ACCURACY, abs=0.002)
    assert model.count_params() == 121_605
    assert not model.compiled and getattr(model, "optimizer", None) is None   # weights only: no optimizer state
    assert "| 0.982 |" in (ROOT / "datasets" / "README.md").read_text()


def test_build_transfer_base_is_the_shipped_architecture():
    """The untrained architecture lesson 11 trains from scratch is layer for layer the shipped one."""
    fresh, shipped = datasets.build_transfer_base(), datasets.load_transfer_base()
    assert [l.get_config() | {"dtype": None} for l in fresh.layers] == \
        [l.get_config() | {"dtype": None} for l in shipped.layers]
    assert [w.shape for w in fresh.weights] == [w.shape for w in shipped.weights]


def test_corrupt_base_is_refused(tmp_path):
    bad = tmp_path / "transfer_base" / "digits_0_4_cnn.keras"
    bad.parent.mkdir()
    bad.write_bytes(b"not a model")
    with pytest.raises(ValueError, match="does not match its checksum"):
        datasets.load_transfer_base(bad)


@pytest.mark.slow
def test_script_regenerates_a_similar_base():
    make_base = _make_base_module()
    model, accuracy = make_base.train_base()
    shipped = datasets.load_transfer_base()
    assert [(l.name, type(l).__name__) for l in model.layers] == [(l.name, type(l).__name__) for l in shipped.layers]
    assert model.count_params() == shipped.count_params()
    assert accuracy > DOCUMENTED_ACCURACY - 0.02
