"""Experiments of lesson 11 (transfer learning): many short runs over data sizes and seeds.

``Restartable`` trains one compiled Keras model many times, each run from its own
starting weights. Compiling a new model for each run costs a second or two of
tracing, more than a small run itself, so the model is compiled once and, before
each run, given the run's starting weights and the optimizer's freshly built
state (Adam's step count and moment estimates): a run gives what a freshly
compiled model with those weights would give. ``experiments.accuracy_vs_size``
(lesson 06) does the same inside; this class exposes it for experiments in
several phases, such as training a head and then fine-tuning the layers under it.
Which layers train is fixed when the model is compiled: set ``trainable`` before
building the ``Restartable``.

``per_class`` draws the same number of examples of every class;
``accuracy_table`` and ``plot_accuracy_by_size`` show the results of the runs,
kept as ``{(method, size): [accuracy of each seed]}``.
"""

import numpy as np

from mlp_kit.errors import ShapeError


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
        self.model.set_weights(weights)
        for variable, value in zip(self.model.optimizer.variables, self._fresh_optimizer, strict=True):
            variable.assign(value)
        rng = np.random.default_rng(seed)
        n_seen = self.steps * self.batch_size
        passes = -(-n_seen // len(X))
        order = np.concatenate([rng.permutation(len(X)) for _ in range(passes)])[:n_seen]
        self.model.fit(X[order], y[order], batch_size=self.batch_size, epochs=1, shuffle=False, verbose=0)
        return self.model

    def accuracy(self, X, y, batch_size=None):
        """Accuracy of the model on (X, y); in one batch unless ``batch_size`` is given.

        Keras compiles its evaluation step again for every new batch shape: evaluating sets
        of several sizes, pass one ``batch_size`` that divides them all.
        """
        batch_size = len(X) if batch_size is None else int(batch_size)
        return float(self.model.evaluate(X, y, batch_size=batch_size, verbose=0, return_dict=True)["accuracy"])


def per_class(labels, n_per_class, seed):
    """Indices of ``n_per_class`` examples of every class in ``labels``, drawn with ``seed``, in shuffled order.

    labels : (n,) integer labels. Returns an (n_per_class · number of classes,) index array.
    """
    labels = np.asarray(labels)
    classes, counts = np.unique(labels, return_counts=True)
    if isinstance(n_per_class, bool) or int(n_per_class) != n_per_class or not 1 <= n_per_class <= counts.min():
        raise ShapeError(f"per_class(): expected n_per_class between 1 and {counts.min()} (the rarest class has "
                         f"{counts.min()} examples), received {n_per_class!r}. Fix: draw fewer per class.")
    rng = np.random.default_rng(seed)
    chosen = [rng.choice(np.flatnonzero(labels == c), int(n_per_class), replace=False) for c in classes]
    return rng.permutation(np.concatenate(chosen))


def _check_results(accuracy, where):
    if not accuracy or any(not isinstance(key, tuple) or len(key) != 2 or not len(values)
                           for key, values in accuracy.items()):
        raise ShapeError(f"{where}: expected a dict {{(method, size): [accuracy of each seed]}} with at least one "
                         f"accuracy per entry, received {accuracy!r:.200}. Fix: collect the runs with "
                         f"accuracy.setdefault((method, size), []).append(value).")


def accuracy_table(accuracy, corner="size"):
    """A text table of runs ``{(method, size): [accuracy of each seed]}``: mean (lowest-highest) per method and size.

    One row per method (in the order they first appear), one column per size; "-" where
    a method was not run at that size. ``corner`` names the sizes in the header row.
    """
    _check_results(accuracy, "accuracy_table()")
    methods = list(dict.fromkeys(method for method, _ in accuracy))
    sizes = sorted({size for _, size in accuracy})
    width = max(len(m) for m in [*methods, corner]) + 2
    lines = [f"{corner:<{width}}" + "".join(f"{size:>21}" for size in sizes)]
    for method in methods:
        cells = [f"{np.mean(a):.3f} ({min(a):.3f}-{max(a):.3f})" if (a := accuracy.get((method, size))) else "-"
                 for size in sizes]
        lines.append(f"{method:<{width}}" + "".join(f"{cell:>21}" for cell in cells))
    return "\n".join(lines)


def plot_accuracy_by_size(accuracy, ax=None, xlabel="training images per class (log scale)",
                          title="Test accuracy: mean of the seeds, bars from lowest to highest"):
    """Mean accuracy of each method against the size (log x), with a bar from the lowest to the highest seed.

    accuracy : ``{(method, size): [accuracy of each seed]}``. Methods are drawn side by
    side (shifted a little along x) so that their bars do not hide each other.
    Returns the ``ax``.
    """
    import matplotlib.pyplot as plt

    _check_results(accuracy, "plot_accuracy_by_size()")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
    methods = list(dict.fromkeys(method for method, _ in accuracy))
    sizes = sorted({size for _, size in accuracy})
    for i, method in enumerate(methods):
        ns = [n for n in sizes if (method, n) in accuracy]
        values = [np.asarray(accuracy[method, n], dtype=float) for n in ns]
        centre = np.array([v.mean() for v in values])
        bars = [centre - [v.min() for v in values], [v.max() for v in values] - centre]
        shift = 10 ** (0.03 * (i - (len(methods) - 1) / 2))
        ax.errorbar([n * shift for n in ns], centre, yerr=bars, marker="os^Dv"[i % 5], capsize=3, label=method,
                    linestyle="-" if len(ns) > 1 else "none")
    ax.set_xscale("log")
    ax.minorticks_off()
    ax.set_xticks(sizes, [str(n) for n in sizes])
    ax.set(xlabel=xlabel, ylabel="test accuracy", title=title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    return ax
