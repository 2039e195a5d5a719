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


# ---------------------------------------------------------------- lesson 02


def activation_explorer(names=None, z_range=(-5, 5)):
    """Pick an activation from a dropdown (and alpha from a slider) to see f and f'.

    Returns a ``VBox`` with attributes ``dropdown``, ``slider``, ``out``, ``figure``
    (the current matplotlib figure) and ``update(name=None, alpha=None)``, which
    redraws for the given (default: the selected) activation. The slider shows
    only for leaky_relu, elu and prelu, and jumps to their default alpha.
    """
    from mlp_kit.activations import ACTIVATIONS, DEFAULT_ALPHA

    names = list(ACTIVATIONS) if names is None else list(names)
    dropdown = widgets.Dropdown(options=names, value="relu" if "relu" in names else names[0],
                                description="activation")
    slider = widgets.FloatSlider(value=0.25, min=0.0, max=2.0, step=0.01, description="alpha",
                                 continuous_update=False)
    out = widgets.Output()
    box = widgets.VBox([widgets.HBox([dropdown, slider]), out])
    box.dropdown, box.slider, box.out, box.figure = dropdown, slider, out, None
    syncing = []                                   # non-empty while we move the slider ourselves

    def update(name=None, alpha=None):
        name = dropdown.value if name is None else name
        parametric = name in DEFAULT_ALPHA
        slider.layout.display = "" if parametric else "none"
        alpha = (slider.value if alpha is None else alpha) if parametric else None
        with out:
            out.clear_output(wait=True)
            if box.figure is not None:
                plt.close(box.figure)
            box.figure, ax = plt.subplots(figsize=(5.5, 3.8))
            plotting.plot_activation(name, alpha, ax=ax, z_range=z_range)
            plt.show()

    def on_name(change):
        if change["new"] in DEFAULT_ALPHA:
            syncing.append(True)
            slider.value = DEFAULT_ALPHA[change["new"]]
            syncing.clear()
        update()

    dropdown.observe(on_name, names="value")
    slider.observe(lambda change: None if syncing else update(), names="value")
    box.update = update
    update()
    return box


# ---- lesson 10


def fit_square_net(half_range, n_samples=200, hidden=8, seed=0):
    """Fit a 1-``hidden``-1 ReLU network (scikit-learn, L-BFGS) to y = x² on [-half_range, half_range].

    Inputs and targets are scaled to about [-1, 1] for training. Returns ``predict(x)``
    mapping an (n,) array of x values to predictions in the original units.
    """
    from sklearn.neural_network import MLPRegressor

    rng = np.random.default_rng(seed)
    x = rng.uniform(-half_range, half_range, n_samples)
    net = MLPRegressor(hidden_layer_sizes=(hidden,), activation="relu", solver="lbfgs",
                       max_iter=300, random_state=seed)
    net.fit((x / half_range)[:, None], (x / half_range) ** 2)
    return lambda xs: net.predict((np.asarray(xs, dtype=float) / half_range)[:, None]) * half_range**2


def extrapolation_explorer(half_ranges=(100, 250, 500, 1000), view=2000):
    """A slider over the training range of a y = x² network; plots truth and prediction on [-view, view].

    Returns a ``VBox(slider, output)``; ``box.update(half_range)`` redraws and returns the
    mean absolute error outside the training range (shown in the title).
    """
    slider = widgets.SelectionSlider(options=list(half_ranges), value=half_ranges[-2],
                                     description="train on ±")
    out = widgets.Output()
    xs = np.linspace(-view, view, 801)

    def update(half_range):
        predict = fit_square_net(half_range)
        pred = predict(xs)
        outside = np.abs(xs) > half_range
        error_out = float(np.mean(np.abs(pred[outside] - xs[outside] ** 2)))
        with out:
            out.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(6, 3.5))
            ax.plot(xs, xs**2, "k--", label="y = x²")
            ax.plot(xs, pred, label="network")
            ax.axvspan(-half_range, half_range, color="tab:green", alpha=0.1, label="training range")
            ax.set(xlabel="x", ylabel="y", title=f"trained on ±{half_range}: mean |error| outside = {error_out:,.0f}")
            ax.legend(loc="upper center", fontsize=8)
            plt.show()
        return error_out

    slider.observe(lambda change: update(change["new"]), names="value")
    box = widgets.VBox([slider, out])
    box.update = update
    update(slider.value)
    return box
