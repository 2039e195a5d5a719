"""A multilayer perceptron from scratch in NumPy (lesson 03).

``sizes = [n_in, h1, ..., n_out]``; layer l holds ``weights[l]`` (n_in_l, n_out_l)
and ``biases[l]`` (n_out_l,). A whole batch X (B, n_in) goes forward with one
matrix product per layer::

    Z = A_prev @ W + b        # (B, n_out_l)   pre-activations
    A = f(Z)                  # (B, n_out_l)   activations; A_prev of the next layer

Backpropagation walks back from the loss with the chain rule::

    dW = A_prev.T @ dZ        # (n_in_l, n_out_l)
    db = dZ.sum(0)            # (n_out_l,)
    dA_prev = dZ @ W.T        # (B, n_in_l)
    dZ_prev = dA_prev * f'(Z_prev)

Losses (mean over the batch) and the output activations they pair with:

=====================  ===========================  =====================================
loss                   output_activation            targets y
=====================  ===========================  =====================================
cross_entropy          softmax                      integer class labels (B,)
binary_cross_entropy   sigmoid                      0/1 matrix (B, n_out), one column per label
mse                    linear (or sigmoid, softmax)  floats (B, n_out), or (B,) if n_out == 1
=====================  ===========================  =====================================

For softmax + cross_entropy and sigmoid + binary_cross_entropy the output
layer's gradient simplifies to ``dZ = (P - Y) / B`` (P the outputs, Y the
one-hot or 0/1 targets). Both losses are computed from the logits Z, never
from log(P), so they stay finite for confident predictions. binary_cross_entropy
sums over the n_out labels of a sample (like scikit-learn; Keras averages
them, i.e. divides by n_out); mse averages over all B * n_out entries.

Every formula above appears once below, as written here: one forward pass, one
backward pass, and the optimiser's update ``p -= lr * g`` (``mlp_kit.optimizers``).
"""

from itertools import pairwise

import numpy as np

from mlp_kit import activations
from mlp_kit.activations import check_name
from mlp_kit.errors import ShapeError, as_2d_float, check_finite
from mlp_kit.optimizers import OPTIMIZERS

HIDDEN_ACTIVATIONS = ("relu", "leaky_relu", "elu", "prelu", "sigmoid", "tanh", "linear", "step")
LOSSES = {  # loss -> the output activations it works with
    "cross_entropy": ("softmax",),
    "binary_cross_entropy": ("sigmoid",),
    "mse": ("linear", "sigmoid", "softmax"),
}
OUTPUT_ACTIVATIONS = ("softmax", "sigmoid", "linear")
LOSS_FOR_OUTPUT = {"softmax": "cross_entropy", "sigmoid": "binary_cross_entropy", "linear": "mse"}
INITS = ("he", "glorot", "zeros")


def _positive(value, name, where, integer=False):
    kinds = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    if isinstance(value, bool) or not isinstance(value, kinds) or not value > 0 \
            or not np.isfinite(value):
        kind = "integer" if integer else "number"
        raise ShapeError(f"{where}: {name} must be a positive {kind}, got {name}={value!r}.")
    return value


class MLP:
    """A fully connected network: ``MLP([n_in, h1, ..., n_out])``.

    ``init`` is "he" (default for the ReLU family), "glorot" (default for
    sigmoid, tanh, linear, step) or "zeros" (to watch symmetry stop learning).
    ``alpha`` is the slope/scale of leaky_relu, elu or prelu hidden layers.
    Computation happens in ``dtype`` (float32 unless float64 is asked for).
    """

    def __init__(self, sizes, hidden_activation="relu", output_activation="softmax",
                 loss="cross_entropy", seed=0, dtype="float32", init=None, alpha=None):
        where = "MLP()"
        self.sizes = self._check_sizes(sizes)
        self.hidden_activation = check_name(hidden_activation, HIDDEN_ACTIVATIONS,
                                            "hidden_activation", where)
        self.output_activation = check_name(output_activation, OUTPUT_ACTIVATIONS,
                                            "output_activation", where)
        self.loss_name = check_name(loss, LOSSES, "loss", where)
        if self.output_activation not in LOSSES[self.loss_name]:
            raise ShapeError(
                f"{where}: loss={loss!r} does not pair with output_activation="
                f"{output_activation!r}. Use output_activation={LOSSES[loss][0]!r} with this "
                f"loss, or loss={LOSS_FOR_OUTPUT[output_activation]!r} with "
                f"{output_activation} outputs."
            )
        if self.output_activation == "softmax" and self.sizes[-1] < 2:
            raise ShapeError(
                f"{where}: softmax over 1 output unit always outputs 1. For two classes use "
                f"sizes[-1]=2 with softmax, or output_activation='sigmoid' with "
                f"loss='binary_cross_entropy'."
            )
        if dtype not in ("float32", "float64", np.float32, np.float64):
            raise ShapeError(f"{where}: dtype must be 'float32' or 'float64', got {dtype!r}.")
        self.dtype = np.dtype(dtype)
        default_init = "he" if hidden_activation in ("relu", "leaky_relu", "elu", "prelu") \
            else "glorot"
        self.init = check_name(default_init if init is None else init, INITS, "init", where)
        self.alpha = alpha
        self._f, self._df = activations.get(hidden_activation, alpha)
        self._f_out = activations.get(output_activation)[0]
        self.seed = seed
        self._rng = np.random.default_rng(seed)       # draws the weights, then the shuffles
        self.weights, self.biases = [], []
        for n_in, n_out in pairwise(self.sizes):
            self.weights.append(self._initial_weights(n_in, n_out))   # (n_in, n_out)
            self.biases.append(np.zeros(n_out, dtype=self.dtype))     # (n_out,)
        self.optimizer_ = None
        self.history_ = {}

    @staticmethod
    def _check_sizes(sizes):
        where = "MLP()"
        arr = np.asarray(sizes) if isinstance(sizes, (list, tuple, np.ndarray)) else np.array([])
        if not (arr.ndim == 1 and arr.size and np.issubdtype(arr.dtype, np.number)
                and (arr == np.round(arr)).all() and (arr > 0).all()):
            raise ShapeError(
                f"{where}: sizes must be a list of positive integers [n_in, h1, ..., n_out], "
                f"e.g. [784, 300, 100, 10]; got {sizes!r}."
            )
        if len(arr) < 2:
            raise ShapeError(
                f"{where}: sizes={list(sizes)} has only the input size; add at least the output "
                f"size, e.g. [{int(arr[0])}, 3]."
            )
        return [int(s) for s in arr]

    def _initial_weights(self, n_in, n_out):
        if self.init == "zeros":
            return np.zeros((n_in, n_out), dtype=self.dtype)
        fan = n_in + n_out if self.init == "glorot" else n_in
        limit = np.sqrt(6.0 / fan)        # uniform(-limit, limit) has variance 2 / fan
        return self._rng.uniform(-limit, limit, size=(n_in, n_out)).astype(self.dtype)

    # ------------------------------------------------------------ input checks

    def _check_params(self, where):
        """Make sure weights/biases (possibly set by hand) have the right shapes and dtype."""
        for l, (n_in, n_out) in enumerate(pairwise(self.sizes)):
            for kind, params, shape in [("weights", self.weights, (n_in, n_out)),
                                        ("biases", self.biases, (n_out,))]:
                p = params[l] = np.asarray(params[l], dtype=self.dtype)
                if p.shape != shape:
                    hint = " Did you assign a transposed matrix?" if p.shape == shape[::-1] else ""
                    raise ShapeError(
                        f"{where}: {kind}[{l}] has shape {p.shape} but layer {l} maps {n_in} "
                        f"inputs to {n_out} outputs, so it must be {shape}.{hint}"
                    )

    def _check_X(self, X, where, name="X"):
        self._check_params(where)
        X = as_2d_float(X, name, where, self.dtype)
        n_in = self.sizes[0]
        if X.shape[1] != n_in:
            hint = f" Did you pass {name}.T?" if X.shape[0] == n_in else \
                f" Pass one column per input feature ({n_in})."
            raise ShapeError(
                f"{where}: {name} has {X.shape[1]} columns but the first layer expects {n_in} "
                f"(weights[0] is {self.weights[0].shape}).{hint}"
            )
        return X

    def _targets(self, y, n, where, name="y"):
        """Targets as a (n, n_out) matrix: one-hot for cross_entropy, as given otherwise."""
        n_out = self.sizes[-1]
        try:
            y = np.asarray(y, dtype=float)
        except (TypeError, ValueError):
            raise ShapeError(f"{where}: {name} must be numbers.") from None
        if y.ndim == 0 or y.shape[0] != n:
            got = "a single number" if y.ndim == 0 else f"{y.shape[0]} rows"
            raise ShapeError(f"{where}: X has {n} rows but {name} has {got}; "
                             f"they must match, one target per row of X.")
        check_finite(y, name, where)
        if self.loss_name == "cross_entropy":
            return self._one_hot(y, where, name)
        if y.ndim == 1 and n_out == 1:
            y = y[:, None]
        if y.ndim != 2 or y.shape[1] != n_out:
            hint = ""
            if self.loss_name == "binary_cross_entropy" and y.ndim == 1:
                hint = (" For one class label per sample use output_activation='softmax' with "
                        "loss='cross_entropy'; for several yes/no labels pass a 0/1 matrix.")
            raise ShapeError(
                f"{where}: expected {name} of shape ({n}, {n_out}), one column per output "
                f"unit, got shape {y.shape}.{hint}"
            )
        if self.loss_name == "binary_cross_entropy" and (y.min() < 0 or y.max() > 1):
            raise ShapeError(f"{where}: binary_cross_entropy needs targets between 0 and 1, "
                             f"got values from {y.min():g} to {y.max():g}.")
        return y.astype(self.dtype)

    def _one_hot(self, y, where, name):
        n_out = self.sizes[-1]
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim == 2:
            one_hot = y.shape[1] == n_out and np.isin(y, [0, 1]).all() and (y.sum(1) == 1).all()
            hint = (f"{name} looks one-hot encoded; pass integer labels {name}.argmax(1)."
                    if one_hot else f"Pass one integer label per sample, shape ({len(y)},).")
            raise ShapeError(f"{where}: cross_entropy expects integer class labels, got a "
                             f"{name} of shape {y.shape}. {hint}")
        if not (y == np.round(y)).all():
            raise ShapeError(
                f"{where}: cross_entropy expects integer class labels 0..{n_out - 1}, but {name} "
                f"holds fractions such as {y[y != np.round(y)][0]:g}. For numeric targets use "
                f"output_activation='linear' with loss='mse'."
            )
        bad = (y < 0) | (y >= n_out)
        if bad.any():
            hint = f" Labels 1..{n_out}? Use {name} - 1." if y.min() >= 1 and y.max() == n_out \
                else f" Does the last layer need {int(y.max()) + 1} units?"
            raise ShapeError(
                f"{where}: {name} contains the label {y[bad][0]:g} but the output layer has "
                f"{n_out} units, so labels must be 0..{n_out - 1}.{hint}"
            )
        Y = np.zeros((len(y), n_out), dtype=self.dtype)   # (n, n_out) one-hot
        Y[np.arange(len(y)), y.astype(int)] = 1
        return Y

    # ------------------------------------------------------------ forward, loss, backward

    def _forward(self, X):
        """Forward pass keeping what backprop needs: pre-activations Zs and activations As."""
        As, Zs = [X], []
        last = len(self.weights) - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            Z = As[-1] @ W + b             # (B, n_out_l); the bias is broadcast over the batch
            Zs.append(Z)
            As.append(self._f_out(Z) if l == last else self._f(Z))
        return Zs, As

    def forward(self, X):
        """Outputs of the network for a batch ``X`` (B, n_in): an array (B, n_out)."""
        return self._forward(self._check_X(X, "forward()"))[1][-1]

    @np.errstate(under="ignore")
    def _loss_value(self, Z, P, Y):
        """Mean loss of a batch from the last layer's logits Z, outputs P and targets Y."""
        B = len(Y)
        if self.loss_name == "cross_entropy":            # -sum_k y_k log p_k
            return float(-(Y * activations.log_softmax(Z)).sum() / B)
        if self.loss_name == "binary_cross_entropy":     # -[y log p + (1-y) log(1-p)], stably
            return float((np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))).sum() / B)
        return float(((P - Y) ** 2).mean())

    def loss(self, X, y):
        """Mean loss over the batch ``X`` (B, n_in) for targets ``y`` (see the module docstring)."""
        X = self._check_X(X, "loss()")
        Y = self._targets(y, len(X), "loss()")
        Zs, As = self._forward(X)
        return self._loss_value(Zs[-1], As[-1], Y)

    def _output_delta(self, Z, P, Y):
        """dL/dZ of the output layer, from its logits Z, outputs P and the targets Y."""
        if self.loss_name == "mse":
            dP = 2 * (P - Y) / Y.size                      # d mean((P - Y)**2) / dP
            return activations.backward(self.output_activation, Z, dP)
        return (P - Y) / len(Y)                            # softmax+CE, sigmoid+BCE: P - Y

    def _backward(self, Zs, As, Y):
        """Backpropagation from the cached forward pass: lists dW, db (same shapes as W, b)."""
        dZ = self._output_delta(Zs[-1], As[-1], Y)        # (B, n_out)
        dWs, dbs = [None] * len(self.weights), [None] * len(self.weights)
        for l in reversed(range(len(self.weights))):
            dWs[l] = As[l].T @ dZ                          # (n_in_l, n_out_l)
            dbs[l] = dZ.sum(axis=0)                        # (n_out_l,)
            if l > 0:                                      # (the input X needs no gradient)
                dA_prev = dZ @ self.weights[l].T           # (B, n_in_l)
                dZ = dA_prev * self._df(Zs[l - 1])         # (B, n_in_l) through f'
        return dWs, dbs

    def gradients(self, X, y):
        """Gradients of ``loss(X, y)``: ``(dW, db)``, lists shaped like ``weights``, ``biases``."""
        X = self._check_X(X, "gradients()")
        Y = self._targets(y, len(X), "gradients()")
        return self._backward(*self._forward(X), Y)

    # ------------------------------------------------------------ training

    def _make_optimizer(self, optimizer, lr, momentum, beta_1, beta_2, epsilon):
        where = "fit()"
        check_name(optimizer, OPTIMIZERS, "optimizer", where)
        _positive(lr, "lr", where)
        if not (isinstance(momentum, (int, float)) and 0 <= momentum < 1):
            raise ShapeError(f"{where}: momentum must be in [0, 1), got momentum={momentum!r}; "
                             f"0.9 is a common choice.")
        if optimizer == "sgd":
            new = OPTIMIZERS["sgd"](lr, momentum)
        else:
            if momentum:
                raise ShapeError(f"{where}: momentum is for optimizer='sgd'; Adam's momentum "
                                 f"is beta_1 (default 0.9).")
            new = OPTIMIZERS["adam"](lr, beta_1, beta_2, epsilon)
        if self.optimizer_ is not None and self.optimizer_.config() == new.config():
            return self.optimizer_                         # same settings: keep its state
        return new

    def _n_correct(self, P, Y):
        if self.loss_name == "cross_entropy":
            return int((P.argmax(axis=1) == Y.argmax(axis=1)).sum())
        return float(((P >= 0.5) == (Y >= 0.5)).mean(axis=1).sum())   # Keras binary accuracy

    def fit(self, X, y, epochs=10, batch_size=32, lr=0.01, optimizer="sgd", momentum=0.0,
            shuffle=True, validation_data=None, verbose=0, beta_1=0.9, beta_2=0.999,
            epsilon=1e-7):
        """Train with mini-batch gradient descent; return this call's history (dict of lists).

        ``batch_size=1`` updates after every sample, ``batch_size=len(X)`` once per
        epoch (full batch). Each epoch visits the samples in a new order drawn from
        the model's seeded generator (``shuffle=True``). ``history["loss"]`` (and
        ``"accuracy"`` for classifiers) is the mean over the epoch's batches, measured
        before each batch's update, as in Keras; ``val_loss`` / ``val_accuracy`` are
        measured after the epoch when ``validation_data=(X_val, y_val)`` is given.
        Calling fit again continues training (and keeps the optimiser's state).
        """
        where = "fit()"
        X = self._check_X(X, where)
        Y = self._targets(y, len(X), where)
        epochs = _positive(epochs, "epochs", where, integer=True)
        batch_size = min(_positive(batch_size, "batch_size", where, integer=True), len(X))
        opt = self.optimizer_ = self._make_optimizer(optimizer, lr, momentum, beta_1, beta_2,
                                                     epsilon)
        if validation_data is not None:
            if not (isinstance(validation_data, (tuple, list)) and len(validation_data) == 2):
                raise ShapeError(f"{where}: validation_data must be a pair (X_val, y_val).")
            X_val = self._check_X(validation_data[0], where, "X_val")
            Y_val = self._targets(validation_data[1], len(X_val), where, "y_val")
        classifier = self.loss_name != "mse"
        keys = ["loss"] + (["accuracy"] if classifier else [])
        keys += [f"val_{k}" for k in keys] if validation_data is not None else []
        history = {k: [] for k in keys}
        params = self.weights + self.biases                # updated in place
        n = len(X)
        for _ in range(epochs):
            order = self._rng.permutation(n) if shuffle else np.arange(n)
            total_loss, correct = 0.0, 0
            for start in range(0, n, batch_size):
                batch = order[start:start + batch_size]    # indices of this mini-batch
                Xb, Yb = X[batch], Y[batch]                # (b, n_in), (b, n_out)
                Zs, As = self._forward(Xb)
                total_loss += self._loss_value(Zs[-1], As[-1], Yb) * len(Xb)
                if classifier:
                    correct += self._n_correct(As[-1], Yb)
                dWs, dbs = self._backward(Zs, As, Yb)
                opt.step(params, dWs + dbs)                # p <- p - lr * g (plain SGD)
            history["loss"].append(total_loss / n)
            if classifier:
                history["accuracy"].append(correct / n)
            if validation_data is not None:
                Zs, As = self._forward(X_val)
                history["val_loss"].append(self._loss_value(Zs[-1], As[-1], Y_val))
                if classifier:
                    history["val_accuracy"].append(self._n_correct(As[-1], Y_val) / len(Y_val))
            for k, v in history.items():
                self.history_.setdefault(k, []).append(v[-1])
            if verbose:
                epoch = len(self.history_["loss"])
                scores = " - ".join(f"{k} {v[-1]:.4f}" for k, v in history.items())
                print(f"epoch {epoch}: {scores}")
        return history

    # ------------------------------------------------------------ predictions

    def predict_proba(self, X):
        """Probabilities (B, n_out): softmax rows, or independent sigmoid outputs."""
        if self.output_activation == "linear":
            raise ShapeError("predict_proba(): a linear output layer gives values, not "
                             "probabilities; use predict(X).")
        return self._forward(self._check_X(X, "predict_proba()"))[1][-1]

    def predict(self, X):
        """Class labels (B,) for softmax, a 0/1 matrix (B, n_out) for sigmoid, values for linear."""
        P = self._forward(self._check_X(X, "predict()"))[1][-1]
        if self.output_activation == "softmax":
            return P.argmax(axis=1)
        if self.output_activation == "sigmoid":
            return (P >= 0.5).astype(int)
        return P

    def score(self, X, y):
        """Accuracy on ``X``, ``y`` (per-label accuracy for sigmoid outputs)."""
        if self.loss_name == "mse":
            raise ShapeError("score(): accuracy needs a classifier; for regression use loss(X, y).")
        X = self._check_X(X, "score()")
        Y = self._targets(y, len(X), "score()")
        return self._n_correct(self._forward(X)[1][-1], Y) / len(X)

    # ------------------------------------------------------------ housekeeping

    @property
    def n_params(self):
        """Number of weights and biases: sum of n_in * n_out + n_out over the layers."""
        return sum(n_in * n_out + n_out for n_in, n_out in pairwise(self.sizes))

    def astype(self, dtype):
        """A copy of this network computing in ``dtype`` (e.g. "float64" for gradient checks)."""
        clone = MLP(self.sizes, self.hidden_activation, self.output_activation, self.loss_name,
                    self.seed, dtype, self.init, self.alpha)
        clone.weights = [np.array(W, dtype=dtype) for W in self.weights]
        clone.biases = [np.array(b, dtype=dtype) for b in self.biases]
        return clone

    def __repr__(self):
        alpha = "" if self.alpha is None else f", alpha={self.alpha}"
        return (f"MLP({self.sizes}, hidden_activation={self.hidden_activation!r}, "
                f"output_activation={self.output_activation!r}, loss={self.loss_name!r}, "
                f"init={self.init!r}{alpha}, dtype='{self.dtype}')  # {self.n_params:,} parameters")
