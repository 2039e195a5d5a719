"""Run every benchmark: ``python -m benchmarks [name ...]`` (names without ``bench_``).

Calls ``main()`` of each ``benchmarks/bench_*.py`` in alphabetical order, or only of
the ones named on the command line; arguments after ``--`` go to every ``main()``.
"""

import importlib
import sys
from pathlib import Path


def discover():
    """Module names of all benchmarks, e.g. ['bench_mlp', ...]."""
    return sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))


def run(argv):
    names, extra = argv, []
    if "--" in argv:
        split = argv.index("--")
        names, extra = argv[:split], argv[split + 1:]
    available = discover()
    wanted = [n if n.startswith("bench_") else f"bench_{n}" for n in names] or available
    unknown = [n for n in wanted if n not in available]
    if unknown:
        sys.exit(f"unknown benchmark(s) {unknown}; available: {available}")
    for name in wanted:
        print(f"\n=== {name} ===", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        module.main(extra)   # a list, even if empty: main() must not read our own sys.argv


if __name__ == "__main__":
    run(sys.argv[1:])
