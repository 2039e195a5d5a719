"""A matplotlib backend for grading: figures are closed, never drawn.

Graders discard a notebook's outputs, and drawing a figure to PNG costs a
good part of a second per plot. With ``MPLBACKEND=module://mlp_kit.grading.noshow``
(set in the sandbox, see ``sandbox.py``) ``plt.show()`` closes the figures
instead, and figures still open when a cell ends are closed too -- exactly
when the notebook's usual inline backend would have drawn and closed them --
so a cell never sees a figure left over from an earlier one.
"""

from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase


def show(*args, **kwargs):
    import matplotlib.pyplot as plt

    plt.close("all")


def _close_after_cell(*args):
    import sys

    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


try:  # inside an IPython kernel: close figures at the end of every cell
    from IPython import get_ipython

    _shell = get_ipython()
    if _shell is not None and _close_after_cell not in _shell.events.callbacks["post_execute"]:
        _shell.events.register("post_execute", _close_after_cell)
except Exception:  # noqa: BLE001 - not in IPython: plt.show() is enough
    pass
