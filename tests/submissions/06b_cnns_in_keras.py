"""Typical wrong answers for lesson 06b (CNNs in Keras), and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. No demo or test cell uses
another exercise's answer, so each mistake costs exactly its own exercise (the
round trip packs mistakes of different exercises into one submission).
"""

WRONG_ANSWERS = {
    # Keeps the channels apart: one output per channel instead of a sum over channels.
    "conv1d_no_channel_sum": {
        "answers": {
            "conv1d_layer": (
                "def conv1d_layer(x, kernel, bias):\n"
                "    x = np.asarray(x, float); kernel = np.asarray(kernel, float)\n"
                "    k = kernel.shape[0]\n"
                "    return np.array([[np.sum(x[t:t + k, f % x.shape[1]] * kernel[:, f % x.shape[1], f]) + bias[f]\n"
                "                      for f in range(kernel.shape[2])] for t in range(len(x) - k + 1)])\n"
            ),
        },
        "fails": ["conv1d_layer_tests"],
    },
    # Forgets the bias.
    "conv1d_no_bias": {
        "answers": {
            "conv1d_layer": (
                "def conv1d_layer(x, kernel, bias):\n"
                "    x = np.asarray(x, float); kernel = np.asarray(kernel, float)\n"
                "    k = kernel.shape[0]\n"
                "    return np.array([np.tensordot(x[t:t + k], kernel, axes=2) for t in range(len(x) - k + 1)])\n"
            ),
        },
        "fails": ["conv1d_layer_tests"],
    },
    # Reads the Keras kernel as (k, filters, c_in): kernel[:, f, :] instead of kernel[:, :, f].
    "conv1d_axes_swapped": {
        "answers": {
            "conv1d_layer": (
                "def conv1d_layer(x, kernel, bias):\n"
                "    x = np.asarray(x, float); kernel = np.asarray(kernel, float)\n"
                "    k = kernel.shape[0]\n"
                "    out = np.zeros((len(x) - k + 1, kernel.shape[2]))\n"
                "    for t in range(out.shape[0]):\n"
                "        for f in range(kernel.shape[2]):\n"
                "            out[t, f] = np.sum(x[t:t + k] * kernel[:, f, :]) + bias[f]\n"
                "    return out\n"
            ),
        },
        "fails": ["conv1d_layer_tests"],
    },
    # The textbook convolution per channel (np.convolve flips the kernel).
    "conv1d_flipped": {
        "answers": {
            "conv1d_layer": (
                "def conv1d_layer(x, kernel, bias):\n"
                "    x = np.asarray(x, float); kernel = np.asarray(kernel, float)\n"
                "    per_filter = [sum(np.convolve(x[:, c], kernel[:, c, f], 'valid') for c in range(x.shape[1]))\n"
                "                  + bias[f] for f in range(kernel.shape[2])]\n"
                "    return np.stack(per_filter, axis=1)\n"
            ),
        },
        "fails": ["conv1d_layer_tests"],
    },
    # Hands each channel to the kit's conv2d as a one-column image (the tests withhold it).
    "conv1d_from_the_kit": {
        "answers": {
            "conv1d_layer": (
                "def conv1d_layer(x, kernel, bias):\n"
                "    x = np.asarray(x, float); kernel = np.asarray(kernel, float)\n"
                "    per_filter = [sum(conv.conv2d(x[:, [c]], kernel[:, [c], f]) for c in range(x.shape[1]))[:, 0]\n"
                "                  + bias[f] for f in range(kernel.shape[2])]\n"
                "    return np.stack(per_filter, axis=1)\n"
            ),
        },
        "fails": ["conv1d_layer_tests"],
    },
    # Builds exactly the first visible example: input shape and class count hard-coded.
    "cnn_hard_coded": {
        "answers": {
            "build_cnn": (
                "def build_cnn(input_shape, n_classes):\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(28, 28, 1)),\n"
                "        layers.Conv2D(16, 3, padding='same', activation='relu', name='conv1'),\n"
                "        layers.MaxPooling2D(2, name='pool1'),\n"
                "        layers.Conv2D(32, 3, activation='relu', name='conv2'),\n"
                "        layers.MaxPooling2D(2, name='pool2'),\n"
                "        layers.Flatten(name='flatten'),\n"
                "        layers.Dense(10, activation='softmax', name='output'),\n"
                "    ])\n"
            ),
        },
        "fails": ["build_cnn_tests"],
    },
    # Forgets padding='same' on conv1: every later shape and the output count change.
    "cnn_no_same_padding": {
        "answers": {
            "build_cnn": (
                "def build_cnn(input_shape, n_classes):\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=input_shape),\n"
                "        layers.Conv2D(16, 3, activation='relu', name='conv1'),\n"
                "        layers.MaxPooling2D(2, name='pool1'),\n"
                "        layers.Conv2D(32, 3, activation='relu', name='conv2'),\n"
                "        layers.MaxPooling2D(2, name='pool2'),\n"
                "        layers.Flatten(name='flatten'),\n"
                "        layers.Dense(n_classes, activation='softmax', name='output'),\n"
                "    ])\n"
            ),
        },
        "fails": ["build_cnn_tests"],
    },
    # The old positional spelling Conv2D(16, 3, 3): kernel 3x3 but stride 3.
    "cnn_old_positional_kernel": {
        "answers": {
            "build_cnn": (
                "def build_cnn(input_shape, n_classes):\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=input_shape),\n"
                "        layers.Conv2D(16, 3, 3, padding='same', activation='relu', name='conv1'),\n"
                "        layers.MaxPooling2D(2, name='pool1'),\n"
                "        layers.Conv2D(32, 3, 3, activation='relu', name='conv2'),\n"
                "        layers.MaxPooling2D(2, name='pool2'),\n"
                "        layers.Flatten(name='flatten'),\n"
                "        layers.Dense(n_classes, activation='softmax', name='output'),\n"
                "    ])\n"
            ),
        },
        "fails": ["build_cnn_tests"],
    },
    # Ignores the stride: every window starts one pixel after the last.
    "gradient_ignores_stride": {
        "answers": {
            "kernel_gradient": (
                "def kernel_gradient(x, upstream, kernel_shape, stride=1):\n"
                "    x = np.asarray(x, float); upstream = np.asarray(upstream, float)\n"
                "    k_h, k_w = kernel_shape\n"
                "    grad = np.zeros((k_h, k_w))\n"
                "    for i in range(upstream.shape[0]):\n"
                "        for j in range(upstream.shape[1]):\n"
                "            grad += upstream[i, j] * x[i:i + k_h, j:j + k_w]\n"
                "    return grad\n"
            ),
        },
        "fails": ["kernel_gradient_tests"],
    },
    # Averages the votes instead of adding them.
    "gradient_mean_of_votes": {
        "answers": {
            "kernel_gradient": (
                "def kernel_gradient(x, upstream, kernel_shape, stride=1):\n"
                "    x = np.asarray(x, float); upstream = np.asarray(upstream, float)\n"
                "    k_h, k_w = kernel_shape\n"
                "    grad = np.zeros((k_h, k_w))\n"
                "    for i in range(upstream.shape[0]):\n"
                "        for j in range(upstream.shape[1]):\n"
                "            grad += upstream[i, j] * x[i * stride:i * stride + k_h, j * stride:j * stride + k_w]\n"
                "    return grad / upstream.size\n"
            ),
        },
        "fails": ["kernel_gradient_tests"],
    },
    # The mathematicians' convolution: each window is flipped before it votes.
    "gradient_flipped": {
        "answers": {
            "kernel_gradient": (
                "def kernel_gradient(x, upstream, kernel_shape, stride=1):\n"
                "    x = np.asarray(x, float); upstream = np.asarray(upstream, float)\n"
                "    k_h, k_w = kernel_shape\n"
                "    grad = np.zeros((k_h, k_w))\n"
                "    for i in range(upstream.shape[0]):\n"
                "        for j in range(upstream.shape[1]):\n"
                "            window = x[i * stride:i * stride + k_h, j * stride:j * stride + k_w]\n"
                "            grad += upstream[i, j] * window[::-1, ::-1]\n"
                "    return grad\n"
            ),
        },
        "fails": ["kernel_gradient_tests"],
    },
    # Hands the work to the kit: mlp_kit.conv.conv2d of the image with upstream (right only at stride 1).
    "gradient_from_the_kit": {
        "answers": {
            "kernel_gradient": (
                "def kernel_gradient(x, upstream, kernel_shape, stride=1):\n"
                "    return conv.conv2d(x, upstream)\n"
            ),
        },
        "fails": ["kernel_gradient_tests"],
    },
}
