"""Small training experiments that repeat over data sizes and seeds (lessons 06b and 11).

``Restartable`` trains one compiled Keras model many times, each run from its own
starting weights. Compiling a new model for each run costs a second or two of
tracing, more than a small run itself, so the model is compiled once and, before
each run, given the run's starting weights and the optimizer's freshly built
state (Adam's step count and moment estimates): a run gives what a freshly
compiled model with those weights would give. Which layers train is fixed when
the model is compiled: set ``trainable`` before building the ``Restartable``.

``accuracy_vs_size`` answers "which architecture needs less data?" with it: it
trains each model from scratch on the first ``n`` images of a seeded shuffle, for
several ``n`` and several seeds, and measures test accuracy. Keras is imported
inside the functions.
"""

import warnings

import numpy as np

from mlp_kit.errors import ShapeError
from mlp_kit.progress import track


class Restartable:
    """A Keras model compiled once with Adam(learning_rate), trained from given weights at each ``train``.

    model : an uncompiled Keras classifier with softmax outputs; labels are integers
        (sparse categorical cross-entropy), the metric is accuracy.
    steps, batch_size : every run makes exactly ``steps`` updates on mini-batches of
        ``batch_size`` examples, whatever the size of its training set (a small set
        is repeated, in a new seeded order on each pass).
    """

    def __init__(self, model, learning_rate, steps=100, batch_size=16):
        import keras

        self.model, self.steps, self.batch_size = model, int(steps), int(batch_size)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        model.optimizer.build(model.trainable_variables)
        self._fresh_optimizer = [v.numpy() for v in model.optimizer.variables]

    def restart(self, weights):
        """Give the model ``weights`` and Adam its freshly built state; returns the model, untrained."""
        self.model.set_weights(weights)
        for variable, value in zip(self.model.optimizer.variables, self._fresh_optimizer, strict=True):
            variable.assign(value)
        return self.model

    def train(self, X, y, weights, seed=0):
        """Set the model's weights to ``weights`` and Adam to its fresh state, then train; returns the model.

        X : (n, ...) inputs; y : (n,) integer labels.
        weights : a list of arrays as ``model.get_weights()`` returns (frozen weights included).
        seed : the order in which the examples are shown.
        """
        if len(X) != len(y) or len(X) == 0:
            raise ShapeError(f"Restartable.train(): expected X and y with one label per example (n >= 1), "
                             f"received {len(X)} inputs and {len(y)} labels. Fix: pass matching arrays.")
        expected = [tuple(w.shape) for w in self.model.weights]
        received = [tuple(np.shape(w)) for w in weights]
        if received != expected:
            raise ShapeError(f"Restartable.train(): expected weights shaped {expected} (model.get_weights() of "
                             f"this architecture), received {received}. Fix: take the weights from a model "
                             f"built like this one.")
        self.restart(weights)
        rng = np.random.default_rng(seed)
        n_seen = self.steps * self.batch_size
        passes = -(-n_seen // len(X))
        order = np.concatenate([rng.permutation(len(X)) for _ in range(passes)])[:n_seen]
        self.model.fit(X[order], y[order], batch_size=self.batch_size, epochs=1, shuffle=False, verbose=0)
        return self.model

    def accuracy(self, X, y, batch_size=500):
        """Fraction of (X, y) whose highest output is the label; the model is called on ``batch_size`` rows at a time.

        Calling the model (as ``predict`` does, without its per-call set-up) costs a
        small head about a millisecond where ``evaluate`` costs a tenth of a second:
        over dozens of runs that is most of an experiment's time.
        """
        import keras

        if len(X) != len(y) or len(X) == 0:
            raise ShapeError(f"Restartable.accuracy(): expected X and y with one label per example (n >= 1), "
                             f"received {len(X)} inputs and {len(y)} labels. Fix: pass matching arrays.")
        with warnings.catch_warnings():   # a Functional model built on a Sequential's input asks for a list of one
            warnings.filterwarnings("ignore", message="The structure of `inputs` doesn't match")
            predicted = np.concatenate([keras.ops.convert_to_numpy(self.model(X[i:i + batch_size], training=False))
                                        .argmax(axis=1) for i in range(0, len(X), int(batch_size))])
        return float(np.mean(predicted == np.asarray(y)))


def accuracy_vs_size(builders, X_train, y_train, X_test, y_test, sizes, seeds=(0, 1), steps=100,
                     batch_size=32, lr=5e-3, progress=True):
    """Test accuracy of each architecture trained on ``n`` examples, for every ``n`` and seed.

    builders : dict name -> function returning a fresh, uncompiled Keras model.
    sizes : training-set sizes (each <= len(X_train)); seeds : one run per seed.

    One run = weights drawn with ``seed``; ``n`` examples picked with ``seed``;
    exactly ``steps`` Adam updates on mini-batches of ``batch_size`` (so every
    size gets the same number of updates: a small set is repeated, in a new
    order each pass); then the accuracy on the whole test set. Labels are
    integers (sparse categorical cross-entropy).

    Every run starts from scratch: a ``Restartable`` per architecture, restarted
    from the weights of a freshly built copy. ``progress`` shows a one-line run
    counter (``mlp_kit.progress.track``).

    Returns ``(results, models)``: a pandas DataFrame with one row per run (columns
    ``model``, ``size``, ``seed``, ``accuracy``, ``params``) and a dict name -> the
    trained model of the last run (largest size, last seed).
    """
    import keras
    import pandas as pd

    sizes, seeds = [int(n) for n in sizes], [int(s) for s in seeds]
    if not sizes or max(sizes) > len(X_train) or min(sizes) < 1:
        raise ShapeError(
            f"accuracy_vs_size(): expected sizes between 1 and len(X_train) = {len(X_train)}, "
            f"received {sizes}."
        )
    if len(X_train) != len(y_train) or len(X_test) != len(y_test):
        raise ShapeError(
            f"accuracy_vs_size(): X and y must have one label per example, received "
            f"{len(X_train)} / {len(y_train)} (train) and {len(X_test)} / {len(y_test)} (test)."
        )
    rows, models, compiled = [], {}, {}
    n_seen = steps * batch_size
    runs = [(name, n, seed) for name in builders for n in sizes for seed in seeds]
    if progress:
        runs = track(runs, "runs", labels=lambda run: f"{run[0]}, {run[1]} examples, seed {run[2]}")
    for name, n, seed in runs:
        if name not in compiled:
            keras.utils.set_random_seed(seeds[0])
            compiled[name] = Restartable(builders[name](), lr, steps, batch_size)
        keras.utils.set_random_seed(seed)
        model = compiled[name].restart(builders[name]().get_weights())
        rng = np.random.default_rng(seed)
        chosen = rng.permutation(len(X_train))[:n]
        passes = -(-n_seen // n)
        order = np.concatenate([rng.permutation(chosen) for _ in range(passes)])[:n_seen]
        model.fit(X_train[order], y_train[order], batch_size=batch_size, epochs=1, shuffle=False, verbose=0)
        scores = model.evaluate(X_test, y_test, batch_size=1000, verbose=0, return_dict=True)
        rows.append({"model": name, "size": n, "seed": seed,
                     "accuracy": float(scores["accuracy"]), "params": model.count_params()})
        models[name] = model
    return pd.DataFrame(rows), models

