"""Speed of ``mlp_kit.doctor.check`` on models of millions of parameters and 60,000-sample arrays.

Scenarios (each a realistic broken or correct set-up, so that every group of checks runs):

- ``mnist-cnn``: a small CNN on x uint8 (60000, 28, 28, 1) never scaled, labels sorted by class,
  ``validation_split=0.2`` — pixels-unscaled and validation-split-unseen.
- ``emotions-cnn``: the 4.8-million-parameter facial-expression CNN of lesson 05b on (60000, 48, 48, 1)
  uint8 with one-hot y — dense-after-flatten.
- ``mnist-mlp``: 784-300-100-10 on float32 (60000, 784), one-hot y, validation_split — clean.
- ``spectra``: softmax over 11 multi-label targets (60000, 167) — softmax-multilabel.
- ``resnet50``: ResNet50 (weights=None, 25.6 M parameters, 177 layers) — the largest graph.
- ``rnn-stack``: the unbuilt stack [Input((10,)), Dense(32), SimpleRNN(8)] — rnn-input-2d.

Clock: ``check()`` only (building the models and the arrays is outside). The first call is shown
apart (it imports SciPy and lets Keras resolve a loss name); the figure is the median of
``--repeats`` later calls.

Run:  python -m benchmarks.bench_doctor [--repeats 5] [--skip resnet50]
"""

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results"
N = 60_000


def scenarios(skip):
    import keras
    from keras import layers

    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(10), N // 10)  # sorted by class, as many data sets are stored

    def mnist_cnn():
        model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"),
                                  layers.MaxPooling2D(), layers.Conv2D(64, 3, activation="relu"),
                                  layers.MaxPooling2D(), layers.Flatten(), layers.Dense(128, activation="relu"),
                                  layers.Dense(10, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        x = rng.integers(0, 256, (N, 28, 28, 1), dtype=np.uint8)
        return model, dict(x=x, y=labels, validation_split=0.2)

    def emotions_cnn():
        model = keras.Sequential([keras.Input((48, 48, 1)), layers.Conv2D(32, 3, padding="same"),
                                  layers.BatchNormalization(), layers.PReLU(), layers.MaxPooling2D(),
                                  layers.Flatten(), layers.Dense(256), layers.BatchNormalization(), layers.PReLU(),
                                  layers.Dropout(0.5), layers.Dense(7, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        x = rng.integers(0, 256, (N, 48, 48, 1), dtype=np.uint8).astype(np.float32) / 255
        return model, dict(x=x, y=np.eye(7, dtype=np.float32)[rng.integers(0, 7, N)], validation_split=0.1)

    def mnist_mlp():
        model = keras.Sequential([keras.Input((784,)), layers.Dense(300, activation="relu"),
                                  layers.Dense(100, activation="relu"), layers.Dense(10, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        x = rng.random((N, 784), dtype=np.float32)
        return model, dict(x=x, y=np.eye(10, dtype=np.float32)[rng.permutation(labels)], validation_split=0.2)

    def spectra():
        model = keras.Sequential([keras.Input((167,)), layers.Dense(64, activation="relu"),
                                  layers.Dense(11, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        y = (rng.random((N, 11)) < 0.2).astype(np.float32)
        return model, dict(x=rng.normal(size=(N, 167)).astype(np.float32), y=y)

    def resnet50():
        model = keras.applications.ResNet50(weights=None, input_shape=(64, 64, 3), classes=10)
        x = rng.random((256, 64, 64, 3), dtype=np.float32)
        return model, dict(x=x, y=np.eye(10)[rng.integers(0, 10, 256)], loss="categorical_crossentropy")

    def rnn_stack():
        return [keras.Input((10,)), layers.Dense(32), layers.SimpleRNN(8)], {}

    table = {"mnist-cnn": mnist_cnn, "emotions-cnn": emotions_cnn, "mnist-mlp": mnist_mlp,
             "spectra": spectra, "resnet50": resnet50, "rnn-stack": rnn_stack}
    return {name: make for name, make in table.items() if name not in skip}


def count(model):
    return model.count_params() if hasattr(model, "count_params") else 0


def measure(name, make, repeats):
    from mlp_kit import doctor

    model, kwargs = make()
    start = time.perf_counter()
    findings = doctor.check(model, **kwargs)
    first = time.perf_counter() - start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        doctor.check(model, **kwargs)
        times.append(time.perf_counter() - start)
    x = kwargs.get("x")
    return {"scenario": name, "params": count(model), "x_shape": list(x.shape) if x is not None else None,
            "first_ms": first * 1e3, "median_ms": statistics.median(times) * 1e3,
            "max_ms": max(times) * 1e3, "codes": findings.codes}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_doctor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip", default="", help="comma-separated scenarios to leave out")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    import mlp_kit  # noqa: F401  (sets the quiet TensorFlow environment first)

    rows = []
    for name, make in scenarios(set(args.skip.split(","))).items():
        row = measure(name, make, args.repeats)
        rows.append(row)
        print(f"  {name:13s} {row['params']:>12,} params  x {str(row['x_shape']):22s} first {row['first_ms']:7.1f} ms"
              f"  median {row['median_ms']:7.1f} ms  max {row['max_ms']:7.1f} ms  {', '.join(row['codes'])}",
              flush=True)
    worst = max(r["median_ms"] for r in rows)
    print(f"\nslowest median check(): {worst:.1f} ms (goal: well under 1000 ms)")
    report = {"rows": rows, "repeats": args.repeats, "slowest_median_ms": worst,
              "versions": {"python": platform.python_version(), "numpy": np.__version__,
                           "keras": keras.__version__}, "cpus": os.cpu_count()}
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "bench_doctor.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"saved {path.relative_to(RESULTS.parent.parent)}")
    return report


if __name__ == "__main__":
    main()
