"""Gradient checking with central differences (lesson 03).

Backpropagation is easy to get subtly wrong: a missing transpose, a forgotten
``/ B``, the wrong derivative. A gradient check catches all of these by
comparing your analytic gradient with a numerical estimate that needs nothing
but the loss itself. For every single parameter p::

    dL/dp  ~  (L(p + eps) - L(p - eps)) / (2 * eps)       # central difference

The central difference is accurate to about eps**2 (a one-sided difference
only to about eps). Two cautions:

* Use float64. In float32, L(p + eps) - L(p - eps) is mostly round-off.
* Compare *relative* errors, and relative to the largest gradient entry of the
  array: an entry whose true gradient is almost 0 has an estimate that is
  mostly round-off (about 1e-10 here), so its own relative error means nothing.

For each parameter array we report::

    max |analytic - numerical|  /  max(max |analytic|, max |numerical|)

Rules of thumb in float64: below 1e-7 the gradients are right; 1e-7 to 1e-4
look closer (ReLU kinks: a pre-activation within eps of 0 gives a bad
estimate); above 1e-4 there is almost surely a bug.

Checking costs two loss evaluations per parameter, so use a small network
and a handful of samples.
"""

import numpy as np

from mlp_kit.errors import ShapeError


def numerical_gradient(f, param, eps=1e-6):
    """Central-difference estimate of df/dparam, same shape as ``param``.

    ``f()`` takes no arguments and returns the loss as a number; ``param`` is an
    array that ``f`` reads, changed here in place one entry at a time (and put back).
    """
    grad = np.zeros(param.shape, dtype=np.float64)
    for idx in np.ndindex(param.shape):                     # every entry, one at a time
        saved = param[idx]
        param[idx] = saved + eps
        loss_plus = f()
        param[idx] = saved - eps
        loss_minus = f()
        param[idx] = saved                                  # restore
        grad[idx] = (loss_plus - loss_minus) / (2 * eps)
    return grad


def relative_error(analytic, numerical):
    """max |a - n| / max(max |a|, max |n|): 0 when they agree, about 1 when unrelated."""
    analytic, numerical = np.asarray(analytic, float), np.asarray(numerical, float)
    scale = max(np.abs(analytic).max(initial=0), np.abs(numerical).max(initial=0))
    return 0.0 if scale == 0 else float(np.abs(analytic - numerical).max() / scale)


def check_gradients(f, params, analytic_grads, eps=1e-6):
    """Compare analytic gradients with central differences; return one relative error per array.

    ``f()`` returns the loss; ``params`` is a list of float64 arrays that ``f``
    reads (modified in place during the check, then restored);
    ``analytic_grads`` the matching list of your gradients. Example::

        errors = check_gradients(lambda: model.loss(X, y), model.weights,
                                 model.gradients(X, y)[0])
        assert max(errors) < 1e-6
    """
    if len(params) != len(analytic_grads):
        raise ShapeError(
            f"check_gradients(): got {len(params)} parameter arrays but {len(analytic_grads)} "
            f"gradients; pass one gradient per parameter, in the same order."
        )
    errors = []
    for i, (p, g) in enumerate(zip(params, analytic_grads, strict=True)):
        g = np.asarray(g)
        if not isinstance(p, np.ndarray) or p.dtype != np.float64:
            raise ShapeError(
                f"check_gradients(): params[{i}] must be a float64 NumPy array that f() reads, "
                f"got {type(p).__name__} {getattr(p, 'dtype', '')}. In float32 the differences "
                f"are mostly round-off; convert the model to float64 first."
            )
        if g.shape != p.shape:
            hint = " (transposed?)" if g.shape == p.shape[::-1] else ""
            raise ShapeError(
                f"check_gradients(): gradient {i} has shape {g.shape} but its parameter has "
                f"shape {p.shape}{hint}; a gradient has the shape of its parameter."
            )
        errors.append(relative_error(g, numerical_gradient(f, p, eps)))
    return errors


def check_mlp(mlp, X, y, eps=1e-6):
    """Gradient check of an ``MLP`` on (a few samples of) ``X``, ``y``, in float64.

    Returns ``{"weights[0]": err, "biases[0]": err, ...}``: the relative error of
    ``mlp.gradients`` against central differences of ``mlp.loss``, per array.
    The model itself is not changed (a float64 copy is checked).
    """
    model = mlp.astype("float64")
    dWs, dbs = model.gradients(X, y)
    params = model.weights + model.biases
    errors = check_gradients(lambda: model.loss(X, y), params, dWs + dbs, eps)
    names = [f"weights[{l}]" for l in range(len(dWs))] + [f"biases[{l}]" for l in range(len(dbs))]
    return dict(zip(names, errors, strict=True))
