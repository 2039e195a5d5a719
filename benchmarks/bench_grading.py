"""Grading a class: plain serial ``nbgrader autograde`` against ``mlp-kit grade``, same submissions.

    python -m benchmarks.bench_grading [--lesson 01_neurons] [--n 100] [--jobs N] [--skip-nbgrader]

Builds a class of N submissions of one lesson -- a realistic mix of the
reference solution, blank notebooks and the typical wrong answers of
tests/submissions/<lesson>.py -- in two identical throw-away courses, then
times ``nbgrader autograde`` (one notebook after the other, no sandbox) in
one and ``mlp-kit grade --jobs N`` (parallel, sandboxed, reference check
included) in the other, both through their command lines. It prints
submissions per minute, the CPU time each used (which, unlike wall time, does
not depend on what else the machine is doing), the ratio of the times, and
whether the two agree on every student's total; the figures go to
benchmarks/results/bench_grading.json.
"""

import argparse
import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def _env():
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


class CpuMeter(threading.Thread):
    """CPU seconds used by a process and all its descendants, sampled every 0.2 s.

    ``getrusage`` misses the kernels: bubblewrap's init does not pass its
    children's times on. Sampling every process of the tree catches them
    (up to 0.2 s per process may be missed at its very end).
    """

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.root, self.seen, self.done = psutil.Process(pid), {}, threading.Event()

    def run(self):
        while not self.done.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                tree = []
            for proc in tree:
                try:
                    t = proc.cpu_times()
                    self.seen[(proc.pid, proc.create_time())] = t.user + t.system
                except psutil.Error:
                    pass
            self.done.wait(0.2)

    def stop(self):
        self.done.set()
        self.join()
        return sum(self.seen.values())


def _run(cmd, cwd):
    """Run a command; returns (wall seconds, process); ``_run.cpu`` holds its CPU seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    meter = CpuMeter(proc.pid)
    meter.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    _run.cpu = meter.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{out[-3000:]}\n{err[-3000:]}")
    return seconds, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def make_course(folder, lesson):
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    shutil.copytree(ROOT / "solutions" / lesson, folder / "solutions" / lesson)
    _run([sys.executable, "-m", "nbgrader", "generate_assignment", lesson, "--force"], folder)
    return folder


def class_of(course, lesson, n):
    """N notebooks: every third the reference, one in ten blank, the rest typical wrong answers."""
    source = nbformat.read(course / "solutions" / lesson / f"{lesson}.ipynb", 4)
    release = nbformat.read(course / "lessons" / lesson / f"{lesson}.ipynb", 4)
    reference = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    path = ROOT / "tests" / "submissions" / f"{lesson}.py"
    wrong = []
    if path.exists():
        spec = importlib.util.spec_from_file_location("wrong_answers", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        wrong = [case["answers"] for case in module.WRONG_ANSWERS.values()]
    notebooks = []
    for i in range(n):
        if i % 10 == 9:
            answers = {}
        elif i % 3 == 0 or not wrong:
            answers = reference
        else:
            answers = {**reference, **wrong[i % len(wrong)]}
        nb = nbformat.from_dict(json.loads(json.dumps(release)))
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid in answers:
                cell.source = answers[gid]
        notebooks.append(nb)
    return notebooks


def submit(course, lesson, notebooks):
    for i, nb in enumerate(notebooks):
        folder = course / "submitted" / f"student{i:03d}" / lesson
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{lesson}.ipynb")


def exported_totals(course):
    _run([sys.executable, "-m", "nbgrader", "export", "--to", "export.csv"], course)
    with open(course / "export.csv") as fh:
        return {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(fh)}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_grading")
    parser.add_argument("--lesson", default="01_neurons")
    parser.add_argument("--n", type=int, default=100, help="number of submissions (default 100)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-nbgrader", action="store_true",
                        help="time only mlp-kit grade (the serial run is the slow part)")
    args = parser.parse_args(argv)
    mlp_kit = Path(sys.executable).parent / "mlp-kit"
    grade_cmd = [str(mlp_kit)] if mlp_kit.exists() else [sys.executable, "-m", "mlp_kit.cli"]
    figures = {"lesson": args.lesson, "submissions": args.n, "jobs": args.jobs,
               "cpus": os.cpu_count(), "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        ours = make_course(Path(tmp) / "mlp_kit", args.lesson)
        notebooks = class_of(ours, args.lesson, args.n)
        submit(ours, args.lesson, notebooks)
        print(f"{args.n} submissions of {args.lesson}; {os.cpu_count()} CPUs; "
              f"load average {figures['load_before']:.1f}", flush=True)
        seconds, proc = _run([*grade_cmd, "grade", args.lesson, "--jobs", str(args.jobs),
                              "--no-progress"], ours)
        figures["mlp_kit_seconds"] = round(seconds, 1)
        figures["mlp_kit_cpu_seconds"] = round(_run.cpu, 1)
        print(f"mlp-kit grade --jobs {args.jobs}: {seconds:7.1f} s "
              f"({60 * args.n / seconds:5.1f} submissions/min), CPU {_run.cpu:.0f} s", flush=True)
        with open(ours / "grading" / args.lesson / "grades.csv") as fh:
            our_totals = {row["student_id"]: float(row["total"]) for row in csv.DictReader(fh)}
        figures["mlp_kit_export_agrees"] = exported_totals(ours) == our_totals
        if not args.skip_nbgrader:
            theirs = make_course(Path(tmp) / "nbgrader", args.lesson)
            submit(theirs, args.lesson, notebooks)
            seconds, _ = _run([sys.executable, "-m", "nbgrader", "autograde", args.lesson,
                               "--create", "--force"], theirs)
            figures["nbgrader_seconds"] = round(seconds, 1)
            figures["nbgrader_cpu_seconds"] = round(_run.cpu, 1)
            print(f"nbgrader autograde (serial): {seconds:7.1f} s "
                  f"({60 * args.n / seconds:5.1f} submissions/min), CPU {_run.cpu:.0f} s", flush=True)
            nb_totals = exported_totals(theirs)
            agree = sum(nb_totals.get(s) == t for s, t in our_totals.items())
            figures["same_totals"] = f"{agree}/{len(our_totals)}"
            figures["ratio"] = round(figures["mlp_kit_seconds"] / figures["nbgrader_seconds"], 3)
            print(f"time ratio mlp-kit / nbgrader: {figures['ratio']:.2f} "
                  f"(target <= 0.6); same totals for {figures['same_totals']} students")
    figures["load_after"] = os.getloadavg()[0]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench_grading.json").write_text(json.dumps(figures, indent=1))
    return figures


if __name__ == "__main__":
    main()
