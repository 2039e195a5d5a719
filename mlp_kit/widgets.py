"""Interactive demos with ipywidgets. Imported only by notebooks, never by ``import mlp_kit``.

Each demo returns an ipywidgets container whose ``update(...)`` logic is a
plain function, so tests can drive it without a browser.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from mlp_kit import plotting
from mlp_kit.neurons import Perceptron

# ---------------------------------------------------------------- shared


def _tie(controls, draw):
    """Tie ``draw(*values)`` to ``controls`` (a list of widgets, one per argument), both ways.

    Moving a control redraws with every control's current value. The returned
    ``update(*values)`` first moves each control to its value (when the control
    can show it), then draws, so the controls always show what the plot shows;
    a ``None`` value keeps the control's current one. Returns ``update``, which
    returns what ``draw`` returns. ``controls`` is read at every call, so a widget
    may grow it; ``update.watch(control)`` makes a new control redraw when moved.
    """
    moving = []

    def update(*values):
        if len(values) > len(controls):
            raise TypeError(f"update() takes at most {len(controls)} values (one per control), got {len(values)}.")
        values = list(values) + [None] * (len(controls) - len(values))
        for control, value in zip(controls, values, strict=True):
            if value is not None and value != control.value and _can_show(control, value):
                moving.append(control)
                try:
                    control.value = value
                finally:
                    moving.pop()
        return draw(*(c.value if v is None else v for c, v in zip(controls, values, strict=True)))

    def watch(control):
        control.observe(lambda change: None if moving else update(), names="value")

    for control in controls:
        watch(control)
    update.watch = watch
    return update


def _can_show(control, value):
    options = getattr(control, "options", None)
    if options is not None:
        return value in [o[1] if isinstance(o, tuple) else o for o in options]
    if isinstance(control, widgets.Checkbox):
        return isinstance(value, (bool, np.bool_))
    return control.min <= value <= control.max


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

    box = widgets.VBox([slider, out])
    box.update = _tie([slider], update)
    box.path = path
    box.update()
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

    def draw(name, alpha):
        parametric = name in DEFAULT_ALPHA
        slider.layout.display = "" if parametric else "none"
        with out:
            out.clear_output(wait=True)
            if box.figure is not None:
                plt.close(box.figure)
            box.figure, ax = plt.subplots(figsize=(5.5, 3.8))
            plotting.plot_activation(name, alpha if parametric else None, ax=ax, z_range=z_range)
            plt.show()

    # Picking leaky_relu, elu or prelu in the dropdown moves the slider to its default alpha.
    # Registered before _tie's observers, so the first redraw already uses that alpha.
    dropdown.observe(lambda change: change["new"] in DEFAULT_ALPHA and
                     setattr(slider, "value", DEFAULT_ALPHA[change["new"]]), names="value")
    tied = _tie([dropdown, slider], draw)

    def update(name=None, alpha=None):
        """Show ``name`` (a parametric one at its default alpha unless ``alpha`` is given)."""
        if name is not None and name != dropdown.value and alpha is None:
            alpha = DEFAULT_ALPHA.get(name)
        return tied(name, alpha)

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

    box = widgets.VBox([slider, out])
    box.update = _tie([slider], update)
    box.update()
    return box


# ---- lesson 03


def batch_size_explorer(X, y, batch_sizes=(1, 8, 32, 128, None), lrs=(0.01, 0.03, 0.1, 0.3, 1.0),
                        lr=0.1, epochs=10, hidden=32, seed=0):
    """Train one MLP architecture with the batch size and learning rate you pick; compare curves.

    Every run starts from the same weights (``MLP([n_features, hidden, n_classes], seed=seed)``)
    and sees the samples in the same seeded orders. ``None`` in ``batch_sizes`` stands for the
    full batch (one update per epoch). Runs are cached in ``box.runs`` ((batch_size, lr) ->
    losses per epoch), so the plot shows every batch size tried so far at the current learning
    rate, the selected one thick (``plotting.plot_batch_size_curves``).

    Returns a ``VBox`` with ``selector`` (batch size), ``lr`` (learning rate), ``out``,
    ``figure``, ``runs`` and ``update(batch_size=None, lr=None)``.
    """
    from mlp_kit.mlp import MLP

    X = np.asarray(X, dtype=np.float32)
    y = np.asarray(y)
    n = len(X)
    sizes = [n if b is None else min(int(b), n) for b in batch_sizes]
    labels = {b: f"{b} (per sample)" if b == 1 else f"{b} (full batch)" if b == n else str(b)
              for b in sizes}
    selector = widgets.SelectionSlider(options=[(labels[b], b) for b in sizes],
                                       value=32 if 32 in sizes else sizes[0],
                                       description="batch size", continuous_update=False)
    lr_box = widgets.Dropdown(options=list(lrs), value=lr if lr in lrs else lrs[0],
                              description="learning rate")
    out = widgets.Output()
    box = widgets.VBox([widgets.HBox([selector, lr_box]), out])
    box.selector, box.lr, box.out, box.figure, box.runs = selector, lr_box, out, None, {}

    def losses_for(batch_size, rate):
        key = (batch_size, rate)
        if key not in box.runs:
            model = MLP([X.shape[1], hidden, int(y.max()) + 1], seed=seed)
            box.runs[key] = model.fit(X, y, epochs=epochs, batch_size=batch_size, lr=rate)["loss"]
        return box.runs[key]

    def update(batch_size, rate):
        losses_for(batch_size, rate)
        shown = {f"batch {labels.get(b, b)}": (b, losses)
                 for (b, r), losses in sorted(box.runs.items()) if r == rate}
        with out:
            out.clear_output(wait=True)
            if box.figure is not None:
                plt.close(box.figure)
            box.figure, axes = plt.subplots(1, 2, figsize=(10, 3.6))
            plotting.plot_batch_size_curves(shown, n, axes=axes,
                                            highlight=f"batch {labels.get(batch_size, batch_size)}")
            box.figure.suptitle(f"learning rate {rate:g}, {epochs} epochs, {n} samples")
            box.figure.tight_layout()
            plt.show()

    box.update = _tie([selector, lr_box], update)
    box.update()
    return box


# ---- lesson 08


def early_stopping_explorer(history, max_patience=None):
    """A patience slider over a finished training run: where would EarlyStopping have stopped?

    Replays Keras' rule on ``history``'s ``val_loss`` (no training). Returns a
    ``VBox(slider, output)``; ``box.update(patience)`` redraws and returns
    ``(epochs_run, best_epoch)``.
    """
    from mlp_kit.tuning import early_stopping_point

    val = getattr(history, "history", history)["val_loss"]
    max_patience = max_patience or max(1, len(val) - 1)
    slider = widgets.IntSlider(value=min(3, max_patience), min=0, max=max_patience,
                               description="patience")
    out = widgets.Output()

    def update(patience):
        with out:
            out.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(6, 3.8))
            plotting.plot_early_stopping(history, patience, ax=ax)
            plt.show()
        return early_stopping_point(val, patience)

    box = widgets.VBox([slider, out])
    box.update = _tie([slider], update)
    box.update()
    return box


# ---- lesson 09


def augmentation_explorer(images, n_copies=6, seed=0):
    """Sliders for rotation, zoom and shift factors; shows random augmented copies of ``images``.

    ``images`` is (n, H, W) or (n, H, W, 1) with values in [0, 1]; each row of the
    figure is one image, then ``n_copies`` augmented versions (Keras
    ``RandomRotation``, ``RandomZoom``, ``RandomTranslation`` in training mode).
    Returns a ``VBox``; ``box.update(rotation, zoom, shift)`` redraws and returns the
    augmented array (n, n_copies, H, W).
    """
    import keras

    images = np.asarray(images, dtype="float32")
    images = images[..., None] if images.ndim == 3 else images          # (n, H, W, 1)
    rot = widgets.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.05, description="rotation")
    zoom = widgets.FloatSlider(value=0.2, min=0.0, max=0.5, step=0.05, description="zoom")
    shift = widgets.FloatSlider(value=0.1, min=0.0, max=0.4, step=0.05, description="shift")
    out = widgets.Output()

    def update(rotation, zoom_factor, shift_factor):
        layers = [keras.layers.RandomRotation(rotation, fill_mode="constant", seed=seed),
                  keras.layers.RandomZoom(zoom_factor, fill_mode="constant", seed=seed + 1),
                  keras.layers.RandomTranslation(shift_factor, shift_factor, fill_mode="constant",
                                                 seed=seed + 2)]
        batch = np.repeat(images, n_copies, axis=0)                      # (n * n_copies, H, W, 1)
        for layer in layers:
            batch = layer(batch, training=True)
        batch = np.asarray(batch).reshape(len(images), n_copies, *images.shape[1:3])
        with out:
            out.clear_output(wait=True)
            fig, axes = plt.subplots(len(images), n_copies + 1,
                                     figsize=(1.1 * (n_copies + 1), 1.1 * len(images)), squeeze=False)
            for i, row in enumerate(axes):
                row[0].imshow(images[i, ..., 0], cmap="gray_r", vmin=0, vmax=1)
                for j in range(n_copies):
                    row[j + 1].imshow(batch[i, j], cmap="gray_r", vmin=0, vmax=1)
                for ax in row:
                    ax.set_xticks([])
                    ax.set_yticks([])
            axes[0, 0].set_title("original", fontsize=8)
            fig.suptitle(f"rotation {rotation:g}, zoom {zoom_factor:g}, shift {shift_factor:g}",
                         fontsize=9)
            plt.show()
        return batch

    box = widgets.VBox([widgets.HBox([rot, zoom, shift]), out])
    box.update = _tie([rot, zoom, shift], update)
    box.update()
    return box


# ---- lesson 04


def multilabel_scores(Y_true, proba, threshold=0.5):
    """Exact match, Hamming loss and per-sample F1 of multi-label probabilities at ``threshold``.

    ``Y_true`` (n, n_labels) 0/1; ``proba`` (n, n_labels). A label counts as predicted
    when its probability is >= ``threshold``. Returns a dict of the three scores.
    """
    from sklearn.metrics import accuracy_score, f1_score, hamming_loss

    Y_hat = (np.asarray(proba) >= threshold).astype(int)
    return {"exact match": float(accuracy_score(Y_true, Y_hat)),
            "Hamming loss": float(hamming_loss(Y_true, Y_hat)),
            "F1 (samples)": float(f1_score(Y_true, Y_hat, average="samples", zero_division=0))}


def multilabel_threshold_explorer(Y_true, probas, thresholds=None):
    """A threshold slider over the predictions of several multi-label models (no training).

    ``probas`` maps a model's name to its probabilities (n, n_labels). Left: exact match
    against the threshold for every model; right: the three scores of
    ``multilabel_scores`` at the chosen threshold. Returns a ``VBox(slider, output)``;
    ``box.update(threshold)`` redraws and returns ``{name: scores}``.
    """
    thresholds = np.round(np.arange(0.05, 0.96, 0.05), 2) if thresholds is None else thresholds
    curves = {name: [multilabel_scores(Y_true, p, t)["exact match"] for t in thresholds]
              for name, p in probas.items()}
    slider = widgets.FloatSlider(value=0.5, min=float(min(thresholds)), max=float(max(thresholds)),
                                 step=0.05, description="threshold", continuous_update=False)
    out = widgets.Output()

    def update(threshold):
        scores = {name: multilabel_scores(Y_true, p, threshold) for name, p in probas.items()}
        with out:
            out.clear_output(wait=True)
            fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6))
            for name, curve in curves.items():
                left.plot(thresholds, curve, marker=".", label=name)
            left.axvline(threshold, color="k", linestyle=":", linewidth=1)
            left.set(xlabel="threshold", ylabel="exact match", ylim=(0, 1.02),
                     title="Exact match against the threshold")
            left.legend(fontsize=8)
            names = list(next(iter(scores.values())))
            width = 0.8 / len(scores)
            for k, (name, values) in enumerate(scores.items()):
                right.bar(np.arange(len(names)) + (k - (len(scores) - 1) / 2) * width,
                          [values[n] for n in names], width, label=name)
            right.set(xticks=range(len(names)), xticklabels=names, ylim=(0, 1.02),
                      title=f"Scores at threshold {threshold:.2f} (Hamming: lower is better)")
            right.legend(fontsize=8)
            plt.tight_layout()
            plt.show()
        return scores

    box = widgets.VBox([slider, out])
    box.update = _tie([slider], update)
    box.update()
    return box


# ---- lesson 05


PARAM_KINDS = ("Dense", "Conv2D", "SimpleRNN", "LSTM", "GRU")


def param_count(kind, n_in, units, kernel=3):
    """Parameters of one layer and its arithmetic, as ``params.explain`` writes it: ``(count, text)``.

    ``n_in`` is the input width (Dense), input channels (Conv2D) or features per time
    step (RNNs); ``units`` the neurons, filters or RNN units; ``kernel`` the side of a
    square Conv2D kernel.
    """
    from mlp_kit import layer_rules

    if kind == "Dense":
        part = layer_rules.dense_part(n_in, units)
    elif kind == "Conv2D":
        part = layer_rules.conv_part((kernel, kernel), n_in, units)
    elif kind in ("SimpleRNN", "LSTM", "GRU"):
        part = layer_rules.rnn_part(kind, n_in, units)
    else:
        raise ValueError(f"param_count(): unknown kind {kind!r}; choose one of {list(PARAM_KINDS)}.")
    return part.total, part.expr


def param_count_explorer(max_units=256):
    """Pick a layer type and its sizes; see the formula with numbers and how the count grows.

    Returns a ``VBox``; ``box.update(kind, n_in, units, kernel)`` redraws (count against
    units for the current inputs, the chosen point marked) and returns ``(count, text)``.
    """
    kind = widgets.Dropdown(options=list(PARAM_KINDS), value="Dense", description="layer")
    n_in = widgets.IntSlider(value=64, min=1, max=512, description="inputs / c_in / d",
                             style={"description_width": "initial"}, continuous_update=False)
    units = widgets.IntSlider(value=32, min=1, max=max_units, description="units / filters",
                              style={"description_width": "initial"}, continuous_update=False)
    kernel = widgets.IntSlider(value=3, min=1, max=7, description="kernel side",
                               continuous_update=False)
    out = widgets.Output()

    def update(kind_value, n_in_value, units_value, kernel_value=3):
        kernel.layout.display = "" if kind_value == "Conv2D" else "none"
        count, text = param_count(kind_value, n_in_value, units_value, kernel_value)
        grid = np.arange(1, max_units + 1)
        curve = [param_count(kind_value, n_in_value, int(g), kernel_value)[0] for g in grid]
        with out:
            out.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(6.5, 3.8))
            ax.plot(grid, curve)
            ax.plot([units_value], [count], "o", color="tab:red")
            ax.set(xlabel="units / filters", ylabel="parameters",
                   title=f"{kind_value}: {text} = {count:,}")
            fig.tight_layout()
            plt.show()
        return count, text

    box = widgets.VBox([widgets.HBox([kind, kernel]), widgets.HBox([n_in, units]), out])
    box.update = _tie([kind, n_in, units, kernel], update)
    box.update()
    return box


# ---- lesson 06


def conv_explorer(n=6, k=3, stride=1, padding=0):
    """Sliders for input size, kernel size, stride and padding; draws where the kernel lands.

    Shows ``plotting.plot_conv_grid`` and the formula floor((n + 2p - k)/s) + 1 with
    the numbers filled in. ``box.update(n, k, stride, padding)`` redraws and returns
    the output size (or None when the kernel does not fit).
    """
    from mlp_kit.conv import output_size

    sliders = {
        "n": widgets.IntSlider(value=n, min=3, max=10, description="input n"),
        "k": widgets.IntSlider(value=k, min=1, max=5, description="kernel k"),
        "stride": widgets.IntSlider(value=stride, min=1, max=3, description="stride s"),
        "padding": widgets.IntSlider(value=padding, min=0, max=2, description="padding p"),
    }
    formula = widgets.HTML()
    out = widgets.Output()

    def update(n, k, stride, padding):
        with out:
            out.clear_output(wait=True)
            if k > n + 2 * padding:
                formula.value = (f"<b>The {k}×{k} kernel does not fit in the padded input "
                                 f"({n} + 2·{padding} = {n + 2 * padding}).</b>")
                return None
            size = output_size(n, k, stride, padding)
            formula.value = (f"output size = floor(({n} + 2·{padding} − {k}) / {stride}) + 1 = "
                             f"floor({n + 2 * padding - k}/{stride}) + 1 = <b>{size}</b>")
            plotting.plot_conv_grid(n, k, stride, padding)
            plt.show()
            return size

    box = widgets.VBox([widgets.HBox(list(sliders.values())[:2]), widgets.HBox(list(sliders.values())[2:]),
                        formula, out])
    box.update = _tie(list(sliders.values()), update)
    box.sliders = sliders
    box.formula = formula
    box.update()
    return box


# ---- lesson 07b


def rnn_stack_rows(steps, features, stack):
    """Build ``Input((steps, features))`` + the layers in ``stack`` with Keras; one row per layer.

    stack : list of ``(kind, units, return_sequences)`` with kind "SimpleRNN", "LSTM"
    or "GRU". Returns ``(rows, error)``: rows are ``(name, output_shape, params)``
    for the layers Keras could build; ``error`` is Keras' message (first line) for
    the first layer it rejected, else None.
    """
    import keras

    x = keras.Input((steps, features))
    rows = []
    for i, (kind, units, return_sequences) in enumerate(stack, start=1):
        layer = getattr(keras.layers, kind)(units, return_sequences=return_sequences, name=f"{kind.lower()}_{i}")
        try:
            x = layer(x)
        except ValueError as exc:
            return rows, str(exc).splitlines()[0]
        rows.append((f"{layer.name} ({kind})", tuple(x.shape), layer.count_params()))
    return rows, None


def rnn_stack_explorer(steps=10, features=3):
    """Stacked recurrent layers: pick their types, units and return_sequences, see shapes and counts.

    Untick return_sequences on the first layer to meet "expected ndim=3, found ndim=2".
    ``box.update(steps, features, stack)`` sets the controls to that stack (one row
    per layer, so a stack of any depth shows), redraws and returns ``(rows, error)``
    of ``rnn_stack_rows``.
    """
    kinds = ["SimpleRNN", "LSTM", "GRU"]
    sizes = [widgets.IntSlider(value=steps, min=1, max=50, description="timesteps T"),
             widgets.IntSlider(value=features, min=1, max=16, description="features F")]
    layers = []                                   # one (kind, units, return_sequences) trio per layer
    controls = list(sizes)                        # T, F, then every layer's trio
    out = widgets.Output()
    box = widgets.VBox()

    def draw(steps, features, *layer_values):
        stack = [tuple(layer_values[i:i + 3]) for i in range(0, len(layer_values), 3)]
        rows, error = rnn_stack_rows(steps, features, stack)
        with out:
            out.clear_output(wait=True)
            print(f"{'layer':<26}{'output shape':<18}{'params':>8}")
            print(f"{'input':<26}{str((None, steps, features)):<18}{0:>8}")
            for name, shape, params in rows:
                print(f"{name:<26}{str(shape):<18}{params:>8,}")
            if error:
                print("\nKeras refuses the next layer:\n" + error)
                print("Fix: return_sequences=True on every recurrent layer that feeds another one.")
        return rows, error

    tied = _tie(controls, draw)

    def set_depth(n):
        """One row of controls per layer (rows are rebuilt only when the depth changes)."""
        if n == len(layers) and box.children:
            return
        del layers[n:]
        while len(layers) < n:
            trio = (widgets.Dropdown(options=kinds, value="LSTM", description=f"layer {len(layers) + 1}"),
                    widgets.IntSlider(value=8, min=1, max=32, description="units"),
                    widgets.Checkbox(value=True, description="return_sequences"))
            for control in trio:
                tied.watch(control)
            layers.append(trio)
        controls[2:] = [control for trio in layers for control in trio]
        box.children = [widgets.HBox(sizes), *(widgets.HBox(list(trio)) for trio in layers), out]

    def update(steps=None, features=None, stack=None):
        if stack is None:
            return tied(steps, features)
        set_depth(len(stack))
        return tied(steps, features, *(value for layer in stack for value in layer))

    box.update = update
    update(steps, features, [("LSTM", 8, True), ("GRU", 4, False)])
    return box
