"""Execute solution notebooks in place so that their stored outputs are fresh.

    python scripts/execute_solutions.py              # every lesson
    python scripts/execute_solutions.py 03 05        # lessons whose name starts with 03 or 05

Each notebook runs in its own folder, like nbval and nbgrader run it. A cell
that raises stops the run, unless it is tagged ``raises-exception`` (a lesson
that shows an error on purpose). Stream outputs are merged and carriage
returns applied (as JupyterLab shows them and nbval compares them), so a
progress counter is stored as its final line. Prints the wall time of each notebook.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

ROOT = Path(__file__).resolve().parent.parent


def solution_notebooks(prefixes=()):
    """Paths of solutions/NN_topic/NN_topic.ipynb, filtered by lesson-name prefixes."""
    paths = sorted((ROOT / "solutions").glob("*/*.ipynb"))
    paths = [p for p in paths if p.stem == p.parent.name]
    if prefixes:
        paths = [p for p in paths if any(p.stem.startswith(x) for x in prefixes)]
    return paths


def execute(path, timeout=300):
    """Run one notebook in place; return its wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    nbformat.write(nb, path)
    return elapsed


def main(argv):
    paths = solution_notebooks(argv)
    if not paths:
        sys.exit(f"No solution notebook matches {argv}; see solutions/.")
    for path in paths:
        print(f"{path.relative_to(ROOT)} ... ", end="", flush=True)
        print(f"{execute(path):.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
