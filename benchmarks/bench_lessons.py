"""Wall time of every solution notebook, run top to bottom in a fresh kernel as nbval runs it.

Targets (issue #12): every notebook in at most 60 s, the whole course in at most 300 s, on 2 cores.
Machines of this kind differ in speed by 2x or more, so each time is also given as a ratio to a
reference workload timed in the same run (``reference()``: 100 Adam updates of lesson 11's
121,605-parameter CNN on batches of 16 digits, plus one 1,000 x 1,000 float64 matrix product
repeated 20 times), measured before and after the notebooks; the ratio is against their median.

Clock: from the kernel's start to the last cell's end (what nbval's run of the notebook costs;
pytest's own start-up is outside). Runs each notebook once: a notebook is deterministic, and a
second run costs as much as the first.

Run:  python -m benchmarks.bench_lessons [--lessons 11_transfer_learning 06b_cnns_in_keras]
"""

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_EACH, TARGET_COURSE = 60.0, 300.0      # seconds


def reference():
    """Seconds of the reference workload (Keras CNN training and a NumPy matrix product)."""
    import mlp_kit  # noqa: F401, I001  (first: quietens TensorFlow)
    import numpy as np

    from mlp_kit import datasets
    from mlp_kit.experiments import Restartable

    rng = np.random.default_rng(0)
    X = rng.random((160, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 5, 160)
    runner = Restartable(datasets.build_transfer_base(), 1e-3, steps=100, batch_size=16)
    weights = runner.model.get_weights()
    runner.train(X, y, weights)                               # traced once, outside the clock
    a = rng.random((1000, 1000))
    start = time.perf_counter()
    runner.train(X, y, weights)
    for _ in range(20):
        a @ a
    return time.perf_counter() - start


def run_notebook(path):
    """Seconds to run the notebook at ``path`` in a fresh python3 kernel (its folder as working directory)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench_lessons", description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", nargs="*", help="lesson folders under solutions/ (default: all)")
    args = parser.parse_args(argv or [])
    lessons = args.lessons or sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
    refs = [reference()]
    seconds = {}
    for lesson in lessons:
        seconds[lesson] = run_notebook(ROOT / "solutions" / lesson / f"{lesson}.ipynb")
        print(f"{lesson:<24} {seconds[lesson]:6.1f} s", flush=True)
    refs.append(reference())
    ref = statistics.median(refs)
    total = sum(seconds.values())
    heaviest = max(seconds, key=seconds.get)
    print(f"\nreference workload: {ref:.2f} s (runs: {', '.join(f'{r:.2f}' for r in refs)})")
    print(f"{'lesson':<24} {'seconds':>8} {'/ reference':>12}  target <= {TARGET_EACH:.0f} s")
    for lesson, s in seconds.items():
        print(f"{lesson:<24} {s:8.1f} {s / ref:12.1f}  {'ok' if s <= TARGET_EACH else 'OVER'}")
    print(f"{'whole course' if not args.lessons else 'these lessons':<24} {total:8.1f} {total / ref:12.1f}"
          f"  target <= {TARGET_COURSE:.0f} s for the whole course")
    print(f"heaviest: {heaviest} ({seconds[heaviest]:.1f} s, {seconds[heaviest] / ref:.1f} x the reference)")
    RESULTS.mkdir(exist_ok=True)
    report = {"machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count()},
              "reference_seconds": refs, "seconds": seconds, "ratio": {k: v / ref for k, v in seconds.items()},
              "total_seconds": total, "targets": {"each": TARGET_EACH, "course": TARGET_COURSE},
              "met": {"each": max(seconds.values()) <= TARGET_EACH,
                      "course": bool(args.lessons) or total <= TARGET_COURSE}}
    (RESULTS / "lessons.json").write_text(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
