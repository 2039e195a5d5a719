"""mlp_kit.neurons: step functions, TLU and the perceptron rule."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlp_kit import datasets
from mlp_kit.errors import ShapeError
from mlp_kit.neurons import TLU, Perceptron, heaviside, sign_step


def test_step_functions_by_hand():
    z = np.array([-2.0, -0.0, 0.0, 1e-9, 3.0])
    assert heaviside(z).tolist() == [0, 1, 1, 1, 1]
    assert sign_step(z).tolist() == [-1, 0, 0, 1, 1]


@pytest.mark.parametrize("gate, w, b", [("and", [1, 1], -1.5), ("or", [1, 1], -0.5), ("nand", [-1, -1], 1.5)])
def test_tlu_computes_logic_gates(gate, w, b):
    X, y = datasets.logic_gate(gate)
    assert TLU(w, b).predict(X).tolist() == y.tolist()


def test_perceptron_first_epoch_on_and_worked_by_hand():
    # Zero start, lr = 1, samples in order (0,0)->0, (0,1)->0, (1,0)->0, (1,1)->1:
    # (0,0): z = 0 -> y_hat 1, error -1: w = (0, 0), b = -1
    # (0,1): z = -1 -> 0, correct
    # (1,0): z = -1 -> 0, correct
    # (1,1): z = -1 -> 0, error +1: w = (1, 1), b = 0
    model = Perceptron(lr=1.0, n_epochs=1).fit(*datasets.logic_gate("and"))
    assert model.coef_.tolist() == [1.0, 1.0]
    assert model.intercept_ == 0.0
    assert model.errors_ == [2]
    assert model.n_updates_ == 2
    assert len(model.path_) == 3


@pytest.mark.parametrize("gate", ["and", "or", "nand", "nor"])
def test_perceptron_learns_separable_gates(gate):
    X, y = datasets.logic_gate(gate)
    model = Perceptron(n_epochs=50).fit(X, y)
    assert model.converged_
    assert model.errors_[-1] == 0
    assert model.predict(X).tolist() == y.tolist()
    assert model.n_updates_ == sum(model.errors_)


def test_perceptron_never_learns_xor():
    X, y = datasets.logic_gate("xor")
    model = Perceptron(n_epochs=200).fit(X, y)
    assert not model.converged_
    assert min(model.errors_) >= 1
    assert model.n_iter_ == 200
    assert model.score(X, y) < 1.0


def test_perceptron_matches_sklearn_on_separable_data():
    from sklearn.linear_model import Perceptron as SkPerceptron

    X, y, _ = datasets.make_separable(200, margin=0.2, seed=4)
    ours = Perceptron(n_epochs=100).fit(X, y)
    theirs = SkPerceptron(eta0=1.0, shuffle=False, tol=None, max_iter=100).fit(X, y)
    assert ours.score(X, y) == 1.0 and theirs.score(X, y) == 1.0
    # Both lines separate the data; their directions agree closely.
    cos = ours.coef_ @ theirs.coef_[0] / np.linalg.norm(ours.coef_) / np.linalg.norm(theirs.coef_[0])
    assert cos > 0.9


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), margin=st.floats(0.05, 0.6), lr=st.floats(0.01, 5.0),
       shuffle=st.booleans())
def test_perceptron_converges_within_the_novikoff_bound(seed, margin, lr, shuffle):
    X, y, w_true = datasets.make_separable(60, margin=margin, seed=seed)
    model = Perceptron(lr=lr, n_epochs=10_000, shuffle=shuffle, random_state=seed).fit(X, y)
    assert model.converged_
    assert model.score(X, y) == 1.0
    X_aug = np.hstack([X, np.ones((len(X), 1))])
    u = np.append(w_true, 0.0)
    gamma = np.min((2 * y - 1) * (X_aug @ u)) / np.linalg.norm(u)
    R = np.max(np.linalg.norm(X_aug, axis=1))
    assert model.n_updates_ <= (R / gamma) ** 2


def test_perceptron_is_deterministic_with_random_state():
    X, y, _ = datasets.make_separable(80, margin=0.1, seed=2)
    a = Perceptron(shuffle=True, random_state=3).fit(X, y)
    b = Perceptron(shuffle=True, random_state=3).fit(X, y)
    assert a.errors_ == b.errors_ and np.array_equal(a.coef_, b.coef_)


@pytest.mark.parametrize(
    "X, y, message",
    [
        ([0, 1, 1], [0, 1, 1], "got a 1-D array of shape (3,). For one sample use X.reshape(1, -1)"),
        (np.zeros((2, 2, 2)), [0, 1], "got 3-D shape (2, 2, 2)"),
        ([[0, 1], [1, 1]], [0, 1, 1], "X has 2 rows but y has 3 labels"),
        ([[0, 1], [1, 1]], [-1, 1],
         "only the labels 0 and 1, got the values [-1, 1]. Labels in {-1, 1}? Use (y + 1) // 2."),
        ([[0, 1], [1, 1]], [0, 2], "only the labels 0 and 1, got the values [0, 2]"),
        ([[0, np.nan], [1, 1]], [0, 1], "contains 1 non-finite value(s) (NaN or inf), the first at index (0, 1)"),
        ([[0, 1], [1, 1]], [0, np.inf], "y contains 1 non-finite value(s)"),
        ([["a", "b"]], [0], "must be numbers"),
        (np.zeros((0, 2)), [], "has no rows"),
    ],
)
def test_perceptron_fit_rejects_bad_input_clearly(X, y, message):
    with pytest.raises(ShapeError) as err:
        Perceptron().fit(X, y)
    assert message in str(err.value)
    assert str(err.value).startswith("Perceptron.fit():")


@pytest.mark.parametrize("kwargs, message", [({"lr": 0}, "lr must be a positive number"),
                                             ({"lr": float("nan")}, "lr must be a positive number"),
                                             ({"n_epochs": 0}, "n_epochs must be a positive integer"),
                                             ({"n_epochs": 2.5}, "n_epochs must be a positive integer")])
def test_perceptron_rejects_bad_hyperparameters(kwargs, message):
    with pytest.raises(ShapeError, match=message):
        Perceptron(**kwargs).fit([[0, 1]], [1])


def test_predict_before_fit_and_transposed_input():
    with pytest.raises(ShapeError, match="call fit"):
        Perceptron().predict([[0, 1]])
    with pytest.raises(ShapeError, match=r"X has 4 columns but the unit has 2 weights.*X\.T"):
        TLU([1, 1], 0).predict(np.zeros((2, 4)))
    with pytest.raises(ShapeError, match="unknown step 'relu'"):
        TLU([1], 0, step="relu")


def test_import_mlp_kit_does_not_import_tensorflow():
    import subprocess
    import sys

    code = ("import sys, mlp_kit, mlp_kit.neurons, mlp_kit.datasets, mlp_kit.testing; "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
