"""Experiments of lesson 11 (transfer learning): many short runs over data sizes and seeds.

``Restartable`` (from ``mlp_kit.experiments``, re-exported here) trains one
compiled model many times from given weights: a head, then fine-tuning under it.

``per_class`` draws the same number of examples of every class;
``accuracy_table`` and ``plot_accuracy_by_size`` show the results of the runs,
kept as ``{(method, size): [accuracy of each seed]}``.
"""

import numpy as np

from mlp_kit.errors import ShapeError
from mlp_kit.experiments import Restartable

__all__ = ["Restartable", "accuracy_table", "per_class", "plot_accuracy_by_size"]


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
