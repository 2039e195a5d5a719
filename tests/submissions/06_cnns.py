"""Typical wrong answers for lesson 06 (convolutions by hand), and the test cells each one must fail.

"answers" maps an exercise's grade_id to the learner's cell source (every other
exercise keeps the reference answer); "fails" lists the test cells that must
score 0 — all others must still get full marks. No demo or test cell uses
another exercise's answer, so each mistake costs exactly its own exercise (the
round trip packs mistakes of different exercises into one submission).
"""

WRONG_ANSWERS = {
    # A dense layer for everything: "it works on any input once flattened".
    "dense_everywhere": {
        "answers": {
            "choose_layers": (
                "layer_choice = {key: 'dense' for key in ['skin_photos', 'keyword_audio', 'gesture_video',\n"
                "                                         'customer_table', 'review_sentiment', 'final_layer']}\n"
            ),
        },
        "fails": ["choose_layers_tests"],
    },
    # Right on the visible items, but audio and video treated as images (hidden tests).
    "everything_is_an_image": {
        "answers": {
            "choose_layers": (
                "layer_choice = {'skin_photos': 'conv2d', 'keyword_audio': 'conv2d', 'gesture_video': 'conv2d',\n"
                "                'customer_table': 'dense', 'review_sentiment': 'recurrent', 'final_layer': 'dense'}\n"
            ),
        },
        "fails": ["choose_layers_tests"],
    },
    # The columns of a table read as a 1-D signal (their order means nothing).
    "table_as_signal": {
        "answers": {
            "choose_layers": (
                "layer_choice = {'skin_photos': 'conv2d', 'keyword_audio': 'conv1d', 'gesture_video': 'conv3d',\n"
                "                'customer_table': 'conv1d', 'review_sentiment': 'recurrent', 'final_layer': 'dense'}\n"
            ),
        },
        "fails": ["choose_layers_tests"],
    },
    # The textbook convolution: the kernel is flipped (Keras does not flip).
    "flipped_kernel": {
        "answers": {
            "conv2d_numpy": (
                "def conv2d(image, kernel, stride=1):\n"
                "    return signal.convolve2d(np.asarray(image, float), np.asarray(kernel, float),\n"
                "                             mode='valid')[::stride, ::stride]\n"
            ),
        },
        "fails": ["conv2d_numpy_tests"],
    },
    # Accepts stride but slides one pixel at a time anyway.
    "stride_ignored": {
        "answers": {
            "conv2d_numpy": (
                "def conv2d(image, kernel, stride=1):\n"
                "    image = np.asarray(image, float); kernel = np.asarray(kernel, float)\n"
                "    k_h, k_w = kernel.shape\n"
                "    out = np.zeros((image.shape[0] - k_h + 1, image.shape[1] - k_w + 1))\n"
                "    for i in range(out.shape[0]):\n"
                "        for j in range(out.shape[1]):\n"
                "            out[i, j] = np.sum(image[i:i + k_h, j:j + k_w] * kernel)\n"
                "    return out\n"
            ),
        },
        "fails": ["conv2d_numpy_tests"],
    },
    # Off by one: range(n - k) misses the last window of every row and column.
    "conv_misses_last_window": {
        "answers": {
            "conv2d_numpy": (
                "def conv2d(image, kernel, stride=1):\n"
                "    image = np.asarray(image, float); kernel = np.asarray(kernel, float)\n"
                "    k_h, k_w = kernel.shape\n"
                "    rows = range(0, image.shape[0] - k_h, stride)\n"
                "    cols = range(0, image.shape[1] - k_w, stride)\n"
                "    return np.array([[np.sum(image[i:i + k_h, j:j + k_w] * kernel) for j in cols] for i in rows])\n"
            ),
        },
        "fails": ["conv2d_numpy_tests"],
    },
    # Forgets the +1 (counts the steps between windows, not the windows).
    "size_without_plus_one": {
        "answers": {
            "output_size": (
                "def conv_output_size(n, k, stride=1, padding=0):\n"
                "    return (n + 2 * padding - k) // stride\n"
            ),
        },
        "fails": ["output_size_tests"],
    },
    # Pads only one side: n + p instead of n + 2p.
    "size_pads_one_side": {
        "answers": {
            "output_size": (
                "def conv_output_size(n, k, stride=1, padding=0):\n"
                "    return (n + padding - k) // stride + 1\n"
            ),
        },
        "fails": ["output_size_tests"],
    },
    # True division: returns 13.5 / 26.0 floats instead of whole numbers.
    "size_float_division": {
        "answers": {
            "output_size": (
                "def conv_output_size(n, k, stride=1, padding=0):\n"
                "    return (n + 2 * padding - k) / stride + 1\n"
            ),
        },
        "fails": ["output_size_tests"],
    },
    # Rounds up: a last window that sticks out is counted.
    "size_ceil": {
        "answers": {
            "output_size": (
                "import math\n"
                "def conv_output_size(n, k, stride=1, padding=0):\n"
                "    return math.ceil((n + 2 * padding - k) / stride) + 1\n"
            ),
        },
        "fails": ["output_size_tests"],
    },
    # Hands the work to the kit: mlp_kit.conv.conv2d under another name (the tests withhold it).
    "conv2d_from_the_kit": {
        "answers": {
            "conv2d_numpy": (
                "from mlp_kit.conv import conv2d as kit_conv2d\n"
                "def conv2d(image, kernel, stride=1):\n"
                "    return kit_conv2d(image, kernel, stride=stride)\n"
            ),
        },
        "fails": ["conv2d_numpy_tests"],
    },
    # Hands the work to the kit through a lambda: mlp_kit.conv.output_size.
    "size_from_the_kit": {
        "answers": {
            "output_size": (
                "conv_output_size = lambda n, k, stride=1, padding=0: conv.output_size(n, k, stride, padding)\n"
            ),
        },
        "fails": ["output_size_tests"],
    },
}
