"""Choosing hyperparameters (lessons 08 and 08b): where early stopping stops, the learning-rate range test.

``early_stopping_point`` replays Keras' ``EarlyStopping`` rule on a list of
validation losses, so a plot or a widget can show where training would have
stopped for any patience without training again. ``best_epoch_by_size`` trains
on training sets of several sizes, several seeds each, and reports where early
stopping finds the best epoch.

``lr_range_test`` grows the learning rate exponentially over mini-batches and
records the loss of each batch: the loss hardly moves while the rate is too
small, falls, and explodes once the steps overshoot. One batch's loss is noisy,
so ``smooth_losses`` averages the curve (exponentially weighted, bias-corrected)
and ``suggest_learning_rate`` returns a tenth of the rate where the smoothed loss
is lowest. Why a tenth: at that rate the loss is about to turn up; the smoothed
curve lags behind the batches; and each loss of the test was reached with rates
that were still growing, so a whole training at that rate is less stable than the
test suggests. One step of ten is the usual margin (fastai's ``lr_find`` suggests
the same "minimum / 10").

Keras is imported inside the functions that train only (``import mlp_kit`` stays NumPy-only).
"""

import numpy as np

from mlp_kit.errors import ShapeError


def early_stopping_point(val_loss, patience, min_delta=0.0):
    """Where ``EarlyStopping(monitor="val_loss", patience=patience)`` stops on these losses.

    Same rule as Keras: an epoch improves when its loss is below the best so far
    minus ``min_delta``; training stops after ``patience`` epochs in a row
    without improvement. Returns ``(epochs_run, best_epoch)``, both counted
    from 1 like Keras' "Epoch 1/20" lines; ``epochs_run == len(val_loss)`` when
    it never stops. With ``restore_best_weights=True`` the model keeps the
    weights of ``best_epoch``.
    """
    losses = np.asarray(val_loss, dtype=float).ravel()
    if losses.size == 0:
        raise ShapeError("early_stopping_point(): val_loss is empty; pass one loss per epoch.")
    if patience < 0:
        raise ShapeError(f"early_stopping_point(): patience must be >= 0, got {patience}.")
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(losses):
        wait += 1
        if loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
            continue
        if wait >= patience and epoch > 0:
            return epoch + 1, best_epoch + 1
    return len(losses), best_epoch + 1


def lr_schedule(min_lr, max_lr, n_steps):
    """``n_steps`` learning rates growing by the same factor each step, from ``min_lr`` to ``max_lr``."""
    if not 0 < min_lr < max_lr:
        raise ShapeError(f"lr_schedule(): need 0 < min_lr < max_lr, got min_lr={min_lr}, max_lr={max_lr}.")
    if n_steps < 2:
        raise ShapeError(f"lr_schedule(): n_steps must be at least 2, got {n_steps}.")
    return min_lr * (max_lr / min_lr) ** (np.arange(n_steps) / (n_steps - 1))


def smooth_losses(losses, beta=0.95):
    """Exponentially weighted average of a loss curve, bias-corrected: an array of the same length.

    ``a = 0``; for the k-th loss (k = 1, 2, ...): ``a = beta * a + (1 - beta) * loss_k`` and
    ``smoothed_k = a / (1 - beta**k)``. The division corrects the start (without it
    ``smoothed_1 = (1 - beta) * loss_1``, far too low), as Adam corrects its moments;
    ``smoothed_k`` is then the mean of ``loss_1 .. loss_k`` with weights ``beta**(k - i)``
    (pandas' ``Series.ewm(alpha=1 - beta, adjust=True).mean()``). ``beta = 0.95``
    averages over about the last 20 losses (``1 / (1 - beta)``). A loss that is ``inf`` or ``nan`` makes it
    and every later value ``inf`` or ``nan``.
    """
    losses = np.asarray(losses, dtype=float).ravel()
    if not 0 <= beta < 1:
        raise ShapeError(f"smooth_losses(): expected 0 <= beta < 1, received beta={beta}. "
                         "Fix: beta=0.95 averages over about the last 20 losses.")
    smoothed, average = np.empty_like(losses), 0.0
    with np.errstate(invalid="ignore"):                   # inf - inf after a blow-up: nan, as documented
        for k, loss in enumerate(losses, start=1):
            average = beta * average + (1 - beta) * loss
            smoothed[k - 1] = average / (1 - beta**k)
    return smoothed


def suggest_learning_rate(lrs, losses, beta=0.95, divisor=10.0):
    """A tenth (``1 / divisor``) of the learning rate where the smoothed range-test loss is lowest.

    ``lrs``, ``losses``: the two arrays ``lr_range_test`` returns. The losses are smoothed
    with ``smooth_losses(losses, beta)``; values that are not finite (the test ran into
    a blow-up) are never the lowest. Returns a float.
    """
    lrs, losses = np.asarray(lrs, dtype=float).ravel(), np.asarray(losses, dtype=float).ravel()
    if lrs.shape != losses.shape or lrs.size == 0:
        raise ShapeError(f"suggest_learning_rate(): expected one loss per learning rate, received {lrs.size} rates "
                         f"and {losses.size} losses. Fix: pass the two arrays lr_range_test returns.")
    if divisor <= 0:
        raise ShapeError(f"suggest_learning_rate(): expected divisor > 0, received {divisor}. Fix: divisor=10.")
    smoothed = smooth_losses(losses, beta)
    finite = np.isfinite(smoothed)
    if not finite.any():
        raise ShapeError("suggest_learning_rate(): every loss is inf or nan, so no rate trained. "
                         "Fix: start the range test at a smaller min_lr.")
    lowest = int(np.argmin(np.where(finite, smoothed, np.inf)))
    return float(lrs[lowest] / divisor)


def lr_range_test(model, X, y, min_lr=1e-5, max_lr=10.0, n_steps=100, batch_size=32, seed=0,
                  stop_factor=4.0, beta=0.95):
    """Learning-rate range test: one mini-batch per rate, rates growing exponentially.

    ``model`` must be compiled. Step ``k`` sets the optimizer's learning rate to
    ``lr_schedule(min_lr, max_lr, n_steps)[k]`` and trains on the next
    mini-batch of a shuffled pass over ``(X, y)`` (``train_on_batch``, so each
    recorded loss is that batch's loss, not a running mean). The test stops
    early, after the batch where the loss is not finite or where the smoothed
    loss (``smooth_losses(losses, beta)``) exceeds ``stop_factor`` times its
    lowest value so far: the loss has exploded, larger rates only diverge
    further. Smoothing keeps one unlucky batch from stopping the test.
    Afterwards the model is put back as it was: its weights, and its optimizer's
    state (learning rate, step count, Adam's moments), so the same model can run
    the test again (with another ``seed``) or train for real.

    Returns ``(lrs, losses)``: two float arrays of the same length (<= n_steps); the
    test stopped early when it is shorter than ``n_steps``.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ShapeError(f"lr_range_test(): X has {len(X)} samples but y has {len(y)}; pass matching arrays.")
    if getattr(model, "optimizer", None) is None:
        raise ShapeError("lr_range_test(): the model is not compiled; call model.compile(...) first.")
    if stop_factor <= 1:
        raise ShapeError(f"lr_range_test(): expected stop_factor > 1, received {stop_factor}. "
                         "Fix: stop_factor=4 stops once the smoothed loss is 4 times its lowest.")
    rates = lr_schedule(min_lr, max_lr, n_steps)
    rng = np.random.default_rng(seed)
    optimizer = model.optimizer
    if not getattr(optimizer, "built", True):              # a Keras optimizer makes its state on first use
        optimizer.build(model.trainable_variables)
    start_weights = model.get_weights()
    start_state = [v.numpy() for v in getattr(optimizer, "variables", [])]
    order, pos = rng.permutation(len(X)), 0
    lrs, losses = [], []
    average, lowest = 0.0, np.inf
    try:
        for k, lr in enumerate(rates, start=1):
            if pos + batch_size > len(X):
                order, pos = rng.permutation(len(X)), 0
            batch = order[pos: pos + batch_size]
            pos += batch_size
            optimizer.learning_rate = float(lr)
            logs = model.train_on_batch(X[batch], y[batch], return_dict=True)
            loss = float(logs["loss"])
            lrs.append(float(lr))
            losses.append(loss)
            if not np.isfinite(loss):
                break
            average = beta * average + (1 - beta) * loss        # smooth_losses, one step at a time
            smoothed = average / (1 - beta**k)
            lowest = min(lowest, smoothed)
            if smoothed > stop_factor * lowest:
                break
    finally:
        model.set_weights(start_weights)
        for var, value in zip(getattr(optimizer, "variables", []), start_state, strict=True):
            var.assign(value)
    return np.array(lrs), np.array(losses)


def best_epoch_by_size(make_model, X, y, X_val, y_val, sizes, seeds=(0, 1, 2), patience=3, max_epochs=50,
                       batch_size=32, progress=True):
    """Where early stopping finds the best epoch, for training sets of several sizes and several seeds.

    make_model : function returning a fresh *compiled* Keras model.
    X, y : the pool of training examples; sizes : training-set sizes (each <= len(X)).
    X_val, y_val : the validation set every run is measured on.

    One run per (size ``n``, seed): ``keras.utils.set_random_seed(seed)``, then
    ``make_model()`` (its weights are drawn with that seed); the training set is the
    first ``n`` examples of ``np.random.default_rng(seed).permutation(len(X))`` (for
    one seed a small set is part of every larger one); then
    ``fit(..., epochs=max_epochs, batch_size=batch_size, validation_data=(X_val, y_val),
    callbacks=[EarlyStopping(monitor="val_loss", patience=patience)])`` (the validation
    set in one batch: the same loss, measured faster).

    Returns a pandas DataFrame, one row per run: ``size``, ``seed``, ``best_epoch``
    (1-based epoch of the lowest ``val_loss``: the one ``restore_best_weights=True``
    keeps), ``epochs_run``, ``updates`` (weight updates up to the best epoch,
    ``best_epoch * ceil(size / batch_size)``) and ``val_loss`` (the lowest).

    For speed the first model made trains in every run: before each run it takes
    the weights of a freshly made model and its optimizer's initial state, so a run
    is what training that fresh model would give (a test checks), without Keras
    tracing a new training step for each model (about half a second each).
    """
    import keras
    import pandas as pd

    X, y = np.asarray(X), np.asarray(y)
    sizes, seeds = [int(n) for n in sizes], [int(s) for s in seeds]
    if len(X) != len(y) or len(X_val) != len(y_val):
        raise ShapeError(f"best_epoch_by_size(): expected one label per example, received {len(X)} / {len(y)} "
                         f"(training pool) and {len(X_val)} / {len(y_val)} (validation). Fix: pass matching arrays.")
    if not sizes or min(sizes) < 1 or max(sizes) > len(X):
        raise ShapeError(f"best_epoch_by_size(): expected sizes between 1 and len(X) = {len(X)}, received {sizes}. "
                         "Fix: pass a larger pool X or smaller sizes.")
    if not seeds:
        raise ShapeError("best_epoch_by_size(): expected at least one seed, received none. Fix: seeds=(0, 1, 2).")
    runs = [(n, seed) for n in sizes for seed in seeds]
    if progress:
        from mlp_kit.progress import track

        runs = track(runs, "runs", labels=lambda run: f"{run[0]} images, seed {run[1]}")
    rows, runner, initial_state = [], None, None
    for n, seed in runs:
        keras.utils.set_random_seed(seed)
        fresh = make_model()
        if runner is None:
            runner = fresh
            runner.optimizer.build(runner.trainable_variables)
            initial_state = [v.numpy() for v in runner.optimizer.variables]
        else:
            runner.set_weights(fresh.get_weights())
            for var, value in zip(runner.optimizer.variables, initial_state, strict=True):
                var.assign(value)
        chosen = np.random.default_rng(seed).permutation(len(X))[:n]
        history = runner.fit(X[chosen], y[chosen], validation_data=(X_val, y_val), epochs=max_epochs,
                             batch_size=batch_size, validation_batch_size=len(X_val), verbose=0,
                             callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)])
        val = np.asarray(history.history["val_loss"], dtype=float)
        best = int(np.argmin(val)) + 1
        rows.append({"size": n, "seed": seed, "best_epoch": best, "epochs_run": len(val),
                     "updates": best * -(-n // batch_size), "val_loss": float(val.min())})
    return pd.DataFrame(rows)
