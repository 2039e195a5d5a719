"""Threshold logic units and the perceptron learning rule (lesson 01).

A threshold logic unit (TLU) computes a weighted sum of its inputs and passes
it through a step function::

    z = X @ w + b            # (n_samples,)
    y_hat = heaviside(z)     # 0 or 1

The perceptron learning rule nudges the weights after every mistake::

    w <- w + lr * (y - y_hat) * x
    b <- b + lr * (y - y_hat)          # the bias is a weight on a constant input 1
"""

import numpy as np

from mlp_kit.errors import ShapeError, as_2d_float, check_binary_labels


def heaviside(z):
    """Step function: 1 where ``z >= 0``, else 0 (integers, same shape as ``z``)."""
    return (np.asarray(z) >= 0).astype(int)


def sign_step(z):
    """Sign variant of the step: +1 where ``z > 0``, -1 where ``z < 0``, 0 at 0."""
    return np.sign(np.asarray(z)).astype(int)


STEPS = {"heaviside": heaviside, "sign": sign_step}


class TLU:
    """A threshold logic unit with fixed ``weights`` (n_features,) and ``bias``.

    >>> TLU([1, 1], -1.5).predict([[0, 0], [0, 1], [1, 0], [1, 1]])   # AND
    array([0, 0, 0, 1])
    """

    def __init__(self, weights, bias=0.0, step="heaviside"):
        self.weights = np.asarray(weights, dtype=float)
        if self.weights.ndim != 1:
            raise ShapeError(
                f"TLU(): weights must be a 1-D array with one weight per input, got shape "
                f"{self.weights.shape}."
            )
        self.bias = float(bias)
        if step not in STEPS:
            raise ShapeError(f"TLU(): unknown step {step!r}; known steps: {sorted(STEPS)}.")
        self.step = step

    def net_input(self, X):
        """Weighted sums ``X @ w + b``, shape (n_samples,)."""
        X = as_2d_float(X, where="TLU.predict()")
        if X.shape[1] != self.weights.shape[0]:
            raise ShapeError(
                f"TLU.predict(): X has {X.shape[1]} columns but the unit has "
                f"{self.weights.shape[0]} weights. Pass one column per input"
                + (" (did you pass X.T?)." if X.shape[0] == self.weights.shape[0] else ".")
            )
        return X @ self.weights + self.bias

    def predict(self, X):
        """Outputs of the step function, shape (n_samples,)."""
        return STEPS[self.step](self.net_input(X))

    def __repr__(self):
        return f"TLU(weights={self.weights.tolist()}, bias={self.bias}, step={self.step!r})"


class Perceptron:
    """A single TLU trained with the perceptron learning rule.

    Weights start at zero. Samples are visited in order (or shuffled each epoch
    with ``shuffle=True``); after every mistake ``coef_ += lr * (y - y_hat) * x``
    and ``intercept_ += lr * (y - y_hat)``. Training stops early after an epoch
    with no mistakes.

    Learned attributes: ``coef_`` (n_features,), ``intercept_`` (float),
    ``n_updates_`` (weight updates made in total), ``errors_`` (mistakes per epoch),
    ``n_iter_`` (epochs run), ``converged_`` (an epoch had no mistakes),
    ``path_`` (the (coef, intercept) pairs after 0, 1, 2, ... updates).
    """

    def __init__(self, lr=1.0, n_epochs=100, shuffle=False, random_state=None):
        self.lr = lr
        self.n_epochs = n_epochs
        self.shuffle = shuffle
        self.random_state = random_state

    def _check_params(self):
        if not (isinstance(self.lr, (int, float)) and np.isfinite(self.lr) and self.lr > 0):
            raise ShapeError(
                f"Perceptron(): lr must be a positive number, got lr={self.lr!r}. Try lr=1.0."
            )
        if not (isinstance(self.n_epochs, (int, np.integer)) and self.n_epochs >= 1):
            raise ShapeError(
                f"Perceptron(): n_epochs must be a positive integer, got n_epochs={self.n_epochs!r}."
            )

    def fit(self, X, y):
        """Learn from ``X`` (n_samples, n_features) and labels ``y`` in {0, 1}; return ``self``."""
        self._check_params()
        X = as_2d_float(X, where="Perceptron.fit()")
        y = check_binary_labels(y, X.shape[0], where="Perceptron.fit()")
        rng = np.random.default_rng(self.random_state)
        self.coef_ = np.zeros(X.shape[1])
        self.intercept_ = 0.0
        self.n_updates_ = 0
        self.errors_ = []
        self.converged_ = False
        self.path_ = [(self.coef_.copy(), self.intercept_)]
        order = np.arange(X.shape[0])
        for _ in range(self.n_epochs):
            if self.shuffle:
                rng.shuffle(order)
            mistakes = 0
            for i in order:
                y_hat = 1 if X[i] @ self.coef_ + self.intercept_ >= 0 else 0
                error = y[i] - y_hat                      # -1, 0 or +1
                if error != 0:
                    self.coef_ += self.lr * error * X[i]
                    self.intercept_ += self.lr * error
                    self.n_updates_ += 1
                    self.path_.append((self.coef_.copy(), self.intercept_))
                    mistakes += 1
            self.errors_.append(mistakes)
            if mistakes == 0:
                self.converged_ = True
                break
        self.n_iter_ = len(self.errors_)
        return self

    def _check_fitted(self, where):
        if not hasattr(self, "coef_"):
            raise ShapeError(f"Perceptron.{where}(): call fit(X, y) before {where}().")

    def decision_function(self, X):
        """Weighted sums ``X @ coef_ + intercept_``, shape (n_samples,)."""
        self._check_fitted("decision_function")
        return TLU(self.coef_, self.intercept_).net_input(X)

    def predict(self, X):
        """Predicted labels in {0, 1}, shape (n_samples,)."""
        self._check_fitted("predict")
        return heaviside(self.decision_function(X))

    def score(self, X, y):
        """Accuracy on ``X``, ``y``."""
        return float(np.mean(self.predict(X) == np.asarray(y).ravel()))

    def __repr__(self):
        return (
            f"Perceptron(lr={self.lr}, n_epochs={self.n_epochs}, shuffle={self.shuffle}, "
            f"random_state={self.random_state})"
        )
