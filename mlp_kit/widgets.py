"""Interactive demos with ipywidgets. Imported only by notebooks, never by ``import mlp_kit``.

Each demo returns an ipywidgets container whose ``update(...)`` logic is a
plain function, so tests can drive it without a browser.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from mlp_kit import plotting
from mlp_kit.neurons import Perceptron

# ---------------------------------------------------------------- lesson 01


def perceptron_path(X, y, lr=1.0, n_epochs=20):
    """Train a Perceptron and return every (coef, intercept) it passed through.

    Entry 0 is the zero start; entry k the weights after the k-th update.
    """
    model = Perceptron(lr=lr, n_epochs=n_epochs).fit(X, y)
    return model.path_


def perceptron_stepper(X, y, lr=1.0, n_epochs=20):
    """A slider over the perceptron's updates that redraws the decision line.

    Returns a ``VBox(slider, output)``; ``box.update(step)`` redraws step ``step``.
    """
    path = perceptron_path(X, y, lr=lr, n_epochs=n_epochs)
    slider = widgets.IntSlider(value=0, min=0, max=len(path) - 1, description="update")
    out = widgets.Output()

    def update(step):
        coef, intercept = path[step]
        with out:
            out.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(4.5, 4))
            title = f"after {step} update(s): w = {np.round(coef, 2).tolist()}, b = {intercept:g}"
            plotting.plot_linear_boundary(X, y, coef, intercept, ax=ax, title=title)
            plt.show()

    slider.observe(lambda change: update(change["new"]), names="value")
    box = widgets.VBox([slider, out])
    box.update = update
    box.path = path
    update(0)
    return box
