"""Convolution and pooling by hand, in NumPy (lessons 06 and 06b).

What a ``Conv2D`` layer computes for one channel and one filter, written so
that the maths is visible::

    out[i, j] = sum over a, b of  padded[i·s + a, j·s + b] · kernel[a, b]

Like Keras (and every deep-learning library) this is *cross-correlation*: the
kernel is **not** flipped. The textbook convolution flips it first; for a
symmetric kernel (a blur) the two agree, for an edge kernel the sign changes.

>>> output_size(28, 3)                 # floor((28 + 0 - 3) / 1) + 1
26
>>> output_size(28, 3, stride=2, padding=1)
14
"""

from numbers import Integral

import numpy as np

from mlp_kit.errors import ShapeError

# Named 3x3 kernels. "sobel_x" responds to changes from left to right, i.e. to
# vertical edges; "sobel_y" to changes from top to bottom (horizontal edges).
KERNELS = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float32),
    "blur": np.full((3, 3), 1 / 9, dtype=np.float32),
    "sobel_x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32),
    "sobel_y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float32),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float32),
    "laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float32),
}


def gaussian_kernel(size=5, sigma=1.0):
    """A ``size`` x ``size`` Gaussian blur kernel whose entries sum to 1 (float32)."""
    size = _positive_int("gaussian_kernel()", "size", size)
    r = np.arange(size) - (size - 1) / 2
    g = np.exp(-0.5 * (r / sigma) ** 2)
    k = np.outer(g, g)
    return (k / k.sum()).astype(np.float32)


def _positive_int(where, name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ShapeError(
            f"{where}: expected {name} to be a whole number >= {minimum}, received {name}={value!r}."
        )
    return int(value)


def output_size(n, k, stride=1, padding=0):
    """Output length of a convolution or pooling along one axis: ``floor((n + 2p - k) / s) + 1``.

    n : input size, k : kernel (or pool) size, stride : step between windows.
    padding : zeros added on **each** side (an int), or Keras' names: ``"valid"``
        (no padding) and ``"same"`` (Keras pads so that the output is ``ceil(n / s)``).

    >>> output_size(150, 3), output_size(150, 3, padding="same"), output_size(7, 2, stride=2)
    (148, 150, 3)
    """
    where = "output_size()"
    n, k = _positive_int(where, "n", n), _positive_int(where, "k", k)
    stride = _positive_int(where, "stride", stride)
    if padding == "same":
        return -(-n // stride)
    if padding == "valid":
        padding = 0
    padding = _positive_int(where, "padding", padding, minimum=0)
    if n + 2 * padding < k:
        raise ShapeError(
            f"{where}: the kernel ({k}) is larger than the padded input ({n} + 2·{padding} = "
            f"{n + 2 * padding}), so it fits nowhere. Fix: a smaller kernel or more padding."
        )
    return (n + 2 * padding - k) // stride + 1


def _as_image(image, kernel, where):
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ShapeError(
            f"{where}: expected a 2-D image (H, W) and a 2-D kernel (k_h, k_w), received shapes "
            f"{image.shape} and {kernel.shape}. For one channel of a batch use images[i, :, :, c]."
        )
    return image, kernel


def conv2d(image, kernel, stride=1, padding=0):
    """Cross-correlate a 2-D ``image`` (H, W) with a ``kernel`` (k_h, k_w), as Keras' Conv2D does.

    ``padding`` zeros are added on each side first; windows start every ``stride``
    pixels. Returns (out_h, out_w) float64 with the sizes of ``output_size``.
    """
    image, kernel = _as_image(image, kernel, "conv2d()")
    stride = _positive_int("conv2d()", "stride", stride)
    padding = _positive_int("conv2d()", "padding", padding, minimum=0)
    padded = np.pad(image, padding)
    k_h, k_w = kernel.shape
    out_h = output_size(image.shape[0], k_h, stride, padding)
    out_w = output_size(image.shape[1], k_w, stride, padding)
    # windows[i, j] is the (k_h, k_w) patch whose top-left corner is padded[i, j]
    windows = np.lib.stride_tricks.sliding_window_view(padded, (k_h, k_w))
    windows = windows[: (out_h - 1) * stride + 1 : stride, : (out_w - 1) * stride + 1 : stride]
    return np.einsum("ijab,ab->ij", windows, kernel)  # (out_h, out_w)


def pool2d(image, size=2, mode="max"):
    """Non-overlapping ``size`` x ``size`` pooling of a 2-D image (stride = size, no padding).

    Rows and columns that do not fill a whole window are dropped, as in Keras'
    ``MaxPooling2D(size)``. ``mode`` is ``"max"`` or ``"mean"``.
    """
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ShapeError(f"pool2d(): expected a 2-D image (H, W), received shape {image.shape}.")
    size = _positive_int("pool2d()", "size", size)
    if mode not in ("max", "mean"):
        raise ShapeError(f"pool2d(): mode must be 'max' or 'mean', received {mode!r}.")
    h, w = image.shape[0] // size, image.shape[1] // size
    blocks = image[: h * size, : w * size].reshape(h, size, w, size)
    return blocks.max(axis=(1, 3)) if mode == "max" else blocks.mean(axis=(1, 3))
