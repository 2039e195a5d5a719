"""One-line progress counters for cells that train for a while.

``track(items, "runs")`` yields the items and keeps one line up to date:
``runs 3/12: dense, 500 images`` ... ``runs 12/12 done``;
``epoch_progress("L2")`` is a Keras callback that does the same for the epochs
of one ``fit``: ``L2: epoch 7/15`` ... ``L2: 15 epochs done``. The line is
rewritten with a carriage return, which JupyterLab and terminals show as one
line in place. It shows no timings, so a stored notebook keeps the same text
on every run (nbval compares it exactly).
"""

import sys


class _Line:
    """One output line rewritten in place with a carriage return."""

    def __init__(self, stream=None):
        self.out = sys.stdout if stream is None else stream
        self.width = 0

    def show(self, text):
        self.out.write("\r" + text.ljust(self.width))      # pad over a longer previous text
        self.out.flush()
        self.width = max(self.width, len(text))

    def end(self, text):
        self.show(text)
        self.out.write("\n")
        self.out.flush()


def track(items, what, labels=None, stream=None):
    """Yield ``items`` while printing ``what i/n: label`` on one line; end with ``what n/n done``.

    items : a sized iterable (a list, a range, ``dict.items()``).
    labels : optional function item -> short text naming the item (shown after the count).
    stream : where to write (default ``sys.stdout``, the cell's output).
    """
    items = list(items)
    line, n = _Line(stream), len(items)
    for i, item in enumerate(items, start=1):
        line.show(f"{what} {i}/{n}" + (f": {labels(item)}" if labels else ""))
        yield item
    line.end(f"{what} {n}/{n} done")


def epoch_progress(label, stream=None):
    """A Keras callback showing ``label: epoch i/n`` during ``fit``, then ``label: k epochs done``.

    Use it in place of ``verbose=1`` (whose bar shows timings that change on every run):
    ``model.fit(X, y, epochs=15, verbose=0, callbacks=[epoch_progress("L2 1e-2")])``.
    """
    import keras

    class EpochProgress(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.line, self.done = _Line(stream), 0

        def on_epoch_begin(self, epoch, logs=None):
            self.line.show(f"{label}: epoch {epoch + 1}/{self.params.get('epochs', '?')}")

        def on_epoch_end(self, epoch, logs=None):
            self.done = epoch + 1

        def on_train_end(self, logs=None):
            self.line.end(f"{label}: {self.done} epochs done")

    return EpochProgress()
