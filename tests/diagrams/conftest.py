"""Diagram tests draw off-screen and close every figure they open."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def patches_of(ax, kind):
    """The patches of type ``kind`` drawn on ``ax``, in drawing order."""
    return [p for p in ax.patches if isinstance(p, kind)]
