"""Small training experiments that repeat over data sizes and seeds (lesson 06).

``accuracy_vs_size`` answers "which architecture needs less data?": it trains
each model from scratch on the first ``n`` images of a seeded shuffle, for
several ``n`` and several seeds, and measures test accuracy. Keras is imported
inside the function.
"""

import numpy as np

from mlp_kit.errors import ShapeError
from mlp_kit.progress import track


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

    Every run starts from scratch. For speed the model is compiled once per
    architecture and, before each run, given the weights of a freshly built copy
    and its optimizer's freshly built state: compiling a new model costs a second or
    two of tracing, more than a small run itself. ``progress`` shows a one-line run
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
            compiled[name] = _compiled(builders[name], seeds[0], lr)
        model, fresh_optimizer = compiled[name]
        keras.utils.set_random_seed(seed)
        model.set_weights(builders[name]().get_weights())
        for var, value in zip(model.optimizer.variables, fresh_optimizer, strict=True):
            var.assign(value)
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


def _compiled(build, seed, lr):
    """A model of ``build`` compiled with Adam(lr), and its optimizer's fresh state."""
    import keras

    keras.utils.set_random_seed(seed)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(lr), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.optimizer.build(model.trainable_variables)
    return model, [v.numpy() for v in model.optimizer.variables]
