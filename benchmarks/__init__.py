"""Speed and memory measurements against peer libraries (not unit tests).

Each ``benchmarks/bench_*.py`` module has a ``main()`` that prints a table and
saves its figures as JSON under ``benchmarks/results/`` (git-ignored). Run one
with ``python -m benchmarks.bench_mlp`` or all with ``python -m benchmarks``
(``make bench``).
"""
