"""Optimisers for ``MLP.fit``: plain/momentum SGD and Adam (lesson 03).

An optimiser gets the list of parameter arrays and the list of their
gradients, in the same order, and updates the parameters *in place*::

    opt = SGD(lr=0.1)
    opt.step(params, grads)     # p <- p - lr * g   for every (p, g)

Optimisers with memory (momentum, Adam's running averages) keep one state
array per parameter, so calling ``MLP.fit`` again continues where it stopped.
The formulas are the ones Keras uses, so both take the same steps.
"""

import numpy as np


class SGD:
    """Stochastic gradient descent, optionally with momentum.

    Without momentum:  p <- p - lr * g
    With momentum:     v <- momentum * v - lr * g;   p <- p + v
    """

    def __init__(self, lr=0.01, momentum=0.0):
        self.lr = float(lr)
        self.momentum = float(momentum)
        self.velocities = None          # one array per parameter, created on the first step

    def step(self, params, grads):
        """Update every array in ``params`` in place from ``grads``."""
        if self.momentum == 0.0:
            for p, g in zip(params, grads, strict=True):
                g *= self.lr            # g is ours to overwrite: saves a temporary array
                p -= g                  # p <- p - lr * g
            return
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.velocities, strict=True):
            v *= self.momentum
            g *= self.lr
            v -= g                      # v <- momentum * v - lr * g
            p += v

    def config(self):
        return {"name": "sgd", "lr": self.lr, "momentum": self.momentum}

    def __repr__(self):
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g})"


class Adam:
    """Adam: momentum on the gradient (m) divided by a running RMS of the gradient (v).

        m <- beta_1 * m + (1 - beta_1) * g
        v <- beta_2 * v + (1 - beta_2) * g**2
        p <- p - lr_t * m / (sqrt(v) + epsilon)

    where lr_t = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) undoes the bias of m
    and v towards zero in the first steps t = 1, 2, ...
    """

    def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.lr = float(lr)
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)
        self.t = 0
        self.m = self.v = None

    def step(self, params, grads):
        """Update every array in ``params`` in place from ``grads``."""
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        lr_t = self.lr * float(np.sqrt(1 - b2**self.t)) / (1 - b1**self.t)
        for p, g, m, v in zip(params, grads, self.m, self.v, strict=True):
            m += (1 - b1) * (g - m)     # same as m <- b1 * m + (1 - b1) * g
            v += (1 - b2) * (g * g - v)
            p -= lr_t * m / (np.sqrt(v) + self.epsilon)

    def config(self):
        return {"name": "adam", "lr": self.lr, "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}

    def __repr__(self):
        return (f"Adam(lr={self.lr:g}, beta_1={self.beta_1:g}, beta_2={self.beta_2:g}, "
                f"epsilon={self.epsilon:g})")


OPTIMIZERS = {"sgd": SGD, "adam": Adam}
