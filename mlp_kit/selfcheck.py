"""``mlp-kit check NOTEBOOK``: run a lesson notebook and see, per exercise, where you stand.

    mlp-kit check lessons/03_mlp_from_scratch/03_mlp_from_scratch.ipynb
    mlp-kit check lessons/03_mlp_from_scratch          # the lesson's folder works too

The notebook runs top to bottom in a fresh kernel, in its own folder, like "Restart Kernel and
Run All Cells" — but it is never modified, and a failing cell does not stop the run. Then every
exercise (an answer cell and the test cells after it) is reported as

- ``passed``: its test cells ran without an error;
- ``failed``: with the first failure message, e.g. what your code returned and what was expected;
- ``not attempted``: the answer cell still holds ``raise NotImplementedError(...)``;

followed by the score of the visible tests. Your instructor's grading also runs hidden tests with
other inputs. Exit code: 0 when every exercise passes, 1 otherwise, 2 when the notebook cannot
be checked (missing file, not a notebook, no exercises).
"""

import json
import logging
import os
import re
import shutil
import sys
import tempfile
import textwrap
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from mlp_kit.grading.lesson import STUB_MARK, Lesson

HELP = "run a lesson notebook and report each exercise: passed, failed (and why) or not attempted"
DEFAULT_TIMEOUT = 120  # seconds per cell, as nbgrader_config.py
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class CheckError(Exception):
    """The notebook cannot be checked; the message says why and what to do."""


@dataclass
class Exercise:
    """Where one exercise (``grading.lesson.Exercise``) stands after the run."""

    grade_id: str  # the (first) answer cell's grade_id, e.g. "tlu_forward"
    title: str  # from the "### Exercise k — title (P points)" heading above it
    answer_cells: list = field(default_factory=list)  # notebook positions of its answer cells
    test_cells: list = field(default_factory=list)  # (notebook position, grade_id, points)
    status: str = "not run"  # passed | failed | not attempted | not run
    message: str = ""
    points: float = 0.0
    earned: float = 0.0


@dataclass
class Report:
    path: str
    exercises: list
    seconds: float = 0.0
    hidden_tests: bool = False  # an instructor's notebook: its tests include hidden ones
    stopped: str = ""  # why the run ended early (kernel died), if it did

    @property
    def earned(self):
        return sum(e.earned for e in self.exercises)

    @property
    def total(self):
        return sum(e.points for e in self.exercises)

    @property
    def all_passed(self):
        return all(e.status == "passed" for e in self.exercises)

    def counts(self):
        counts = {}
        for e in self.exercises:
            counts[e.status] = counts.get(e.status, 0) + 1
        return counts


# ---------------------------------------------------------------- reading the notebook


def resolve(path):
    """The notebook to check: ``path`` itself, or the one notebook in the folder ``path``."""
    path = Path(path)
    if path.is_dir():
        found = sorted(p for p in path.glob("*.ipynb") if not p.name.startswith("."))
        preferred = [p for p in found if p.stem == path.resolve().name]
        if preferred or len(found) == 1:
            return (preferred or found)[0]
        if not found:
            raise CheckError(f"{path} is a folder without a notebook (.ipynb) in it.")
        raise CheckError(f"{path} holds several notebooks ({', '.join(p.name for p in found)}); name one.")
    if not path.exists():
        raise CheckError(f"{path}: no such file. Give the path of a lesson notebook, e.g. "
                         f"lessons/01_neurons/01_neurons.ipynb")
    return path


def read_notebook(path):
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # JSON errors, schema errors, binary files
        reason = " ".join(str(exc).split())[:300]
        raise CheckError(f"{path} is not a readable Jupyter notebook ({type(exc).__name__}: {reason}). "
                         f"If you edited it by hand, download a fresh copy of the lesson.") from None
    return nb


def find_exercises(nb):
    """Exercises in notebook order, as the grading model reads them (``grading.lesson``)."""
    return [Exercise(e.name, e.title, [a.position for a in e.answers],
                     [(t.position, t.name, t.points) for t in e.tests], points=e.points)
            for e in Lesson.read(nb).exercises]


# ---------------------------------------------------------------- running it


def error_of(cell):
    """The cell's error output, or None."""
    return next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)


def failure_message(error):
    """One line a learner can act on: ``ExerciseFailure: what: returned ..., expected ...``."""
    evalue = (error.get("evalue") or "").strip()
    if evalue:
        return f"{error.get('ename')}: {evalue.splitlines()[0]}"
    # A bare `assert`: show the line of the test cell that failed.
    for entry in error.get("traceback", []):
        lines = ANSI.sub("", entry).splitlines()
        arrow = next((ln for ln in lines if ln.lstrip().startswith("---->")), None)
        if arrow and ("Cell In" in lines[0] or "Input In" in lines[0]):
            code = re.sub(r"^\s*---->\s*\d*\s*", "", arrow).strip()
            return f"{error.get('ename')} in `{code}`"
    return error.get("ename") or "error"


def mark_timeout(cell, timeout):
    """Show a cell stopped for running too long as a TimeoutError (not the KeyboardInterrupt it got)."""
    error = {"output_type": "error", "ename": "TimeoutError", "traceback": [],
             "evalue": f"the cell ran longer than {timeout:g} s and was stopped (an endless loop?)"}
    cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
    cell.outputs.append(nbformat.from_dict(error))


def execute(nb, folder, timeout=DEFAULT_TIMEOUT, kernel_name=None, progress=None):
    """Run every code cell of ``nb`` (in place) in a fresh kernel started in ``folder``.

    Errors do not stop the run; a cell over ``timeout`` seconds is interrupted. Returns a note
    when the kernel died (the remaining cells are left unrun), else "".
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    log = logging.getLogger("mlp_kit.selfcheck")
    log.addHandler(logging.NullHandler())
    log.propagate = False
    kernel_name = kernel_name or nb.metadata.get("kernelspec", {}).get("name") or "python3"
    client = NotebookClient(
        nb, timeout=timeout, kernel_name=kernel_name, allow_errors=True, interrupt_on_timeout=True,
        error_on_timeout={"ename": "TimeoutError", "evalue": "", "traceback": []}, record_timing=False,
        resources={"metadata": {"path": str(folder)}}, log=log,
    )
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    with tempfile.TemporaryFile("w+") as kernel_log:
        # The kernel's own start-up chatter goes to a file, shown only if it dies.
        with client.setup_kernel(stdout=kernel_log, stderr=kernel_log):
            for n, index in enumerate(code, 1):
                if progress:
                    progress(n, len(code))
                started = time.monotonic()
                try:
                    client.execute_cell(nb.cells[index], index)
                    if time.monotonic() - started >= timeout:
                        mark_timeout(nb.cells[index], timeout)
                except DeadKernelError:
                    kernel_log.seek(0)
                    tail = " ".join(kernel_log.read().split()[-30:])
                    return (f"the Python kernel died while running cell {index} (out of memory?)"
                            + (f"; its last words: {tail}" if tail else ""))
    return ""


def grade(exercises, nb):
    """Fill in status, message and points of every exercise from the executed notebook."""
    for ex in exercises:
        answers = [nb.cells[i] for i in ex.answer_cells]
        ran = {i: nb.cells[i].get("execution_count") is not None for i, _, _ in ex.test_cells}
        ex.earned = sum(points for i, _, points in ex.test_cells if ran[i] and error_of(nb.cells[i]) is None)
        if any(STUB_MARK in answer.source for answer in answers):
            ex.status, ex.message, ex.earned = "not attempted", "", 0.0
            continue
        answer_error = next((error_of(a) for a in answers if error_of(a) is not None), None)
        if answer_error is not None:
            ex.status, ex.earned = "failed", 0.0
            ex.message = f"your answer cell raised {failure_message(answer_error)}"
            continue
        if not all(ran.values()):
            ex.status, ex.message = "not run", "the notebook stopped before its test cell"
            continue
        failing = [nb.cells[i] for i, _, _ in ex.test_cells if error_of(nb.cells[i]) is not None]
        if not failing:
            ex.status, ex.message = "passed", ""
            continue
        error = error_of(failing[0])
        ex.status, ex.message = "failed", failure_message(error)
        if error.get("ename") == "NotImplementedError" and STUB_MARK in (error.get("evalue") or ""):
            ex.message = "it uses an earlier exercise that is not done yet (NotImplementedError)"
    return exercises


def check_notebook(path, timeout=DEFAULT_TIMEOUT, kernel_name=None, progress=None):
    """Run the notebook at ``path`` and return a :class:`Report` (the file is never modified)."""
    path = resolve(path)
    nb = read_notebook(path)
    exercises = find_exercises(nb)
    if not exercises:
        raise CheckError(f"{path} has no exercises (no nbgrader answer and test cells). "
                         f"Is it a lesson notebook from lessons/?")
    hidden = any("### BEGIN HIDDEN TESTS" in nb.cells[i].source for e in exercises for i, _, _ in e.test_cells)
    start = time.perf_counter()
    stopped = execute(nb, path.resolve().parent, timeout=timeout, kernel_name=kernel_name, progress=progress)
    report = Report(str(path), grade(exercises, nb), time.perf_counter() - start, hidden, stopped)
    return report


# ---------------------------------------------------------------- showing the result

COLOURS = {"passed": "32", "failed": "31", "not attempted": "33", "not run": "35"}


def _points(value):
    return f"{value:g}"


def format_report(report, colour=False, width=100):
    """The report as a table a learner reads in a terminal."""
    def paint(text, status):
        return f"\x1b[{COLOURS[status]}m{text}\x1b[0m" if colour and status in COLOURS else text

    names = [e.title or e.grade_id for e in report.exercises]
    name_w = min(max(len("exercise"), *(len(n) for n in names)), 48)
    status_w = len("not attempted")
    lines = [f"Checked {report.path} in {report.seconds:.0f} s", ""]
    lines.append(f"  {'exercise':<{name_w}}  {'result':<{status_w}}  points")
    lines.append(f"  {'-' * name_w}  {'-' * status_w}  ------")
    indent = " " * 6
    for ex, name in zip(report.exercises, names, strict=True):
        name = name if len(name) <= name_w else name[: name_w - 3] + "..."
        points = f"{_points(ex.earned):>3} / {_points(ex.points)}"
        lines.append(f"  {name:<{name_w}}  {paint(f'{ex.status:<{status_w}}', ex.status)}  {points}")
        if ex.message:
            lines += textwrap.wrap(ex.message, width=max(width, 40), initial_indent=indent,
                                   subsequent_indent=indent + "  ", break_on_hyphens=False)
    counts = report.counts()
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    kind = "Tests (visible and hidden: an instructor's notebook)" if report.hidden_tests else "Visible tests"
    share = 100 * report.earned / report.total if report.total else 0
    lines += ["", f"{kind}: {_points(report.earned)} of {_points(report.total)} points ({share:.0f}%) — {summary}."]
    if report.stopped:
        lines.append(f"The run stopped early: {report.stopped}")
    if report.all_passed:
        lines.append("Every exercise passes. Grading also runs hidden tests with other inputs.")
    elif "not attempted" in counts:
        lines.append("Not attempted: replace the `raise NotImplementedError(...)` line in the answer cell.")
    return "\n".join(lines)


def _progress_printer(stream):
    if not stream.isatty():
        return None

    def show(n, total):
        end = "\n" if n == total else ""
        stream.write(f"\rrunning cell {n} of {total} ...{end}")
        stream.flush()

    return show


# ---------------------------------------------------------------- command line


def add_arguments(parser):
    parser.add_argument("notebook", metavar="NOTEBOOK",
                        help="a lesson notebook, e.g. lessons/01_neurons/01_neurons.ipynb, or its folder")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"stop a cell that runs longer than this (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--kernel", metavar="NAME", help="Jupyter kernel to use (default: the notebook's)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args):
    try:
        report = check_notebook(args.notebook, timeout=args.timeout, kernel_name=args.kernel,
                                progress=None if args.json else _progress_printer(sys.stderr))
    except CheckError as exc:
        print(f"mlp-kit check: {exc}", file=sys.stderr)
        return 2
    if args.json:
        data = asdict(report)
        data.update(earned=report.earned, total=report.total, all_passed=report.all_passed)
        print(json.dumps(data, indent=2))
    else:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        print(format_report(report, colour=colour, width=shutil.get_terminal_size((100, 24)).columns - 8))
    return 0 if report.all_passed else 1


def main(argv=None):
    """``python -m mlp_kit.selfcheck NOTEBOOK`` (the same as ``mlp-kit check NOTEBOOK``)."""
    import argparse

    parser = argparse.ArgumentParser(prog="mlp-kit check", description=HELP)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
