"""Choosing hyperparameters (lesson 08): where early stopping stops, the learning-rate range test.

``early_stopping_point`` replays Keras' ``EarlyStopping`` rule on a list of
validation losses, so a plot or a widget can show where training would have
stopped for any patience without training again. ``lr_range_test`` grows the
learning rate exponentially over mini-batches and records the loss of each
batch: the loss falls while the rate is useful and explodes when it is too
large; a good rate is about half the one where it explodes.

Keras is imported inside ``lr_range_test`` only (``import mlp_kit`` stays NumPy-only).
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


def lr_range_test(model, X, y, min_lr=1e-5, max_lr=10.0, n_steps=100, batch_size=32, seed=0,
                  stop_factor=10.0):
    """Learning-rate range test: one mini-batch per rate, rates growing exponentially.

    ``model`` must be compiled. Step ``k`` sets the optimizer's learning rate to
    ``lr_schedule(min_lr, max_lr, n_steps)[k]`` and trains on the next
    mini-batch of a shuffled pass over ``(X, y)`` (``train_on_batch``, so each
    recorded loss is that batch's loss, not a running mean). The test stops
    early once the loss is not finite or exceeds ``stop_factor`` times the
    lowest loss seen. Afterwards the model's weights are put back as they were
    (its optimizer state is not: build a fresh model for the real training).

    Returns ``(lrs, losses)``: two float arrays of the same length (<= n_steps).
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ShapeError(f"lr_range_test(): X has {len(X)} samples but y has {len(y)}; pass matching arrays.")
    if getattr(model, "optimizer", None) is None:
        raise ShapeError("lr_range_test(): the model is not compiled; call model.compile(...) first.")
    rates = lr_schedule(min_lr, max_lr, n_steps)
    rng = np.random.default_rng(seed)
    start_weights = model.get_weights()
    order, pos = rng.permutation(len(X)), 0
    lrs, losses = [], []
    try:
        for lr in rates:
            if pos + batch_size > len(X):
                order, pos = rng.permutation(len(X)), 0
            batch = order[pos: pos + batch_size]
            pos += batch_size
            model.optimizer.learning_rate = float(lr)
            logs = model.train_on_batch(X[batch], y[batch], return_dict=True)
            loss = float(logs["loss"])
            lrs.append(float(lr))
            losses.append(loss)
            if not np.isfinite(loss) or loss > stop_factor * min(losses):
                break
    finally:
        model.set_weights(start_weights)
    return np.array(lrs), np.array(losses)
