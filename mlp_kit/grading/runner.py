"""Grade one submission: the instructor's cells in order, with the student's answers.

For each code cell of the instructor's notebook (``lesson.py``):

- read-only cells run in the student's sandboxed kernel as written by the
  instructor; answer cells run the student's code (``submission.py``);
- test cells run in the judge (``judge.py``), outside the kernel.

A cell that times out, kills the kernel or blows a limit costs only what
depends on it: the problem is recorded (``timeout in perceptron_train``), a
fresh kernel is started, every cell that had finished before is run again
(the killer is left out), and grading goes on with the next cell. The
notebook as a whole has a wall-clock budget too; tests not reached in time
score 0 with a status saying so.
"""

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from mlp_kit.grading import submission
from mlp_kit.grading.judge import Judge
from mlp_kit.grading.kernel import Kernel, KernelStartError
from mlp_kit.grading.scoring import AnswerResult, StudentResult, TestResult, zero_result

MAX_RESTARTS = 4
HIDDEN_FAILED = ("A hidden test failed: your code passes the visible checks but not the same "
                 "checks on other inputs. Make sure it solves the problem in general.")
SEED_LIMIT = 64 * 1024 * 1024  # bytes of the student's extra files copied into the sandbox


def sha256(path):
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


@dataclass
class Job:
    """What every student of one grading run is graded with."""

    lesson: object  # grading.lesson.Lesson: the plan
    sandbox: object  # grading.sandbox.Sandbox: where student code runs, and its limits
    modes: dict = field(default_factory=dict)  # test grade_id -> "judge" | "kernel" (reference check)


def grade(job, student, *, path=None, match=None, worker=0):
    """Grade ``student``'s notebook at ``path`` (or pre-matched ``match`` answers) as ``job`` says."""
    start = time.monotonic()
    lesson, sandbox = job.lesson, job.sandbox
    digest = sha256(path) if path is not None else ""
    if match is None:
        match = submission.read(Path(path), lesson)
    if match.problem:
        result = zero_result(student, lesson, match.problem)
        result.submission_sha256 = digest
        return result
    result = StudentResult(student=student, lesson=lesson.name, lesson_sha256=lesson.digest,
                           submission_sha256=digest,
                           sandbox="bubblewrap" if sandbox.isolated else "none (limits only)")
    result.notes += match.notes
    for name, how in match.how.items():
        if how == "missing":
            result.problems.append(f"answer cell {name} missing")
    seed = _seed(lesson, Path(path).parent if path is not None else None, result)
    kernel = Kernel(sandbox, worker=worker, seed_dir=seed)
    try:
        _run(job, match, kernel, result, start)
    finally:
        kernel.stop()
        shutil.rmtree(seed, ignore_errors=True)
    result.seconds = round(time.monotonic() - start, 2)
    return result


def _run(job, match, kernel, result, start):
    lesson, limits = job.lesson, kernel.limits
    judge = Judge(lesson, kernel)
    deadline = start + limits.notebook_timeout
    answers = {c.name: AnswerResult(c.name, found=match.how.get(c.name, "missing"))
               for c in lesson.answers}
    result.answers = list(answers.values())
    replay = []  # sources of the cells that finished, to run again after a restart
    restarts = 0

    def boot():
        kernel.start()
        judge.install()

    def recover():
        nonlocal restarts
        while restarts < MAX_RESTARTS:
            restarts += 1
            try:
                kernel.restart()
                judge.install()
            except KernelStartError:
                continue
            for source in list(replay):
                left = deadline - time.monotonic()
                out = kernel.execute(source, max(1.0, min(limits.cell_timeout, left)))
                if not out.finished:
                    replay.remove(source)
                    break
            else:
                return True
        return False

    try:
        boot()
    except KernelStartError as exc:
        result.problems.append("kernel did not start")
        result.notes.append(str(exc)[:500])
        result.final = False
        result.tests = [TestResult(c.name, 0.0, c.points, "not run") for c in lesson.tests]
        return

    for position, cell in enumerate(lesson.cells):
        left = deadline - time.monotonic()
        if left <= 0 or (not kernel.alive and not recover()):
            why = "skipped" if left <= 0 else "not run"
            rest = [c for c in lesson.cells[position:] if c.kind == "test"]
            for c in rest:
                result.tests.append(TestResult(c.name, 0.0, c.points, why))
            if rest:
                if why == "skipped":
                    result.problem("skipped", rest[0].name)
                else:
                    result.problems.append(f"kernel could not be restarted before {rest[0].name}")
            break
        timeout = min(limits.cell_timeout, left)
        if cell.kind == "test":
            result.tests.append(_test(job, judge, cell, timeout, result))
            continue
        source = match.answers.get(cell.name, "") if cell.kind == "answer" else cell.source
        if not source.strip():
            if cell.kind == "answer":
                answers[cell.name].status = "empty"
            continue
        out = kernel.execute(source, timeout)
        if cell.kind == "answer":
            answers[cell.name].status = out.status
            if out.status == "error":
                answers[cell.name].message = f"{out.ename}: {out.evalue}"[:2000]
        if out.finished:
            replay.append(source)
            if out.ename == "MemoryError":  # the per-process limit said no
                result.problem("memory", cell.name)
        else:
            result.problem(out.status, cell.name)
            if out.status == "died" and out.evalue:
                result.notes.append(f"the kernel's last words in {cell.name}: {out.evalue}")


def _test(job, judge, cell, timeout, result):
    lesson = job.lesson
    mode = job.modes.get(cell.name) or ("judge" if cell.python else "kernel")
    if mode == "kernel":
        judge.push([n for n in cell.reads if lesson.origin(n, cell.index)[0] == "test"])
        verdict = judge.run_in_kernel(cell, timeout)
    else:
        verdict = judge.run_test(cell, timeout)
        if verdict.status == "unjudgeable":
            result.notes.append(f"test {cell.name} ran in the kernel ({verdict.message})")
            mode = "kernel"
            judge.push([n for n in cell.reads if lesson.origin(n, cell.index)[0] == "test"])
            verdict = judge.run_in_kernel(cell, timeout)
    passed = verdict.status == "passed"
    if verdict.status not in ("passed", "failed"):
        result.problem(verdict.status, cell.name)
    message, detail = verdict.message, verdict.detail
    if verdict.status == "failed" and verdict.hidden:
        message, detail = HIDDEN_FAILED, verdict.message
    elif verdict.status == "timeout":
        message = f"Time limit: the code did not finish within {timeout:g} s."
    elif verdict.status in ("died", "memory", "processes", "disk"):
        message = {"died": "The kernel died while running this test (e.g. os._exit or a crash).",
                   "memory": "Your code used more memory than allowed; the kernel was stopped.",
                   "processes": "Your code started too many processes; the kernel was stopped.",
                   "disk": "Your code wrote too much data; the kernel was stopped."}[verdict.status]
    if passed:
        later = lesson.later_kernel_reads(cell.index) & set(cell.binds)
        if later and mode == "judge":
            judge.push(sorted(later))
    return TestResult(cell.name, cell.points if passed else 0.0, cell.points, verdict.status,
                      message, verdict.hidden, mode, detail)


def _seed(lesson, folder, result):
    """A temporary folder with what the student's kernel starts with in its working folder.

    The lesson's released extra files (data files next to the notebook), then
    the student's own files -- regular files only: a symbolic link in a
    submission could point anywhere on the grader's machine.
    """
    seed = Path(tempfile.mkdtemp(prefix="mlpk-seed-"))
    seed.chmod(0o755)
    budget = [SEED_LIMIT]
    if lesson.release is not None:
        _copy_files(lesson.release.parent, seed, budget, skip_notebooks=True)
    if folder is not None and folder.is_dir():
        if not _copy_files(folder, seed, budget, skip_notebooks=False):
            result.notes.append(f"files beyond {SEED_LIMIT >> 20} MB in the submission folder "
                                f"were not copied")
    return seed


def _copy_files(src, dest, budget, skip_notebooks):
    """Copy regular files from ``src`` to ``dest`` (no links followed); False if some did not fit."""
    complete = True
    for folder, dirs, files in os.walk(src, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(folder).relative_to(src)
        (dest / rel).mkdir(parents=True, exist_ok=True)
        (dest / rel).chmod(0o755)
        for name in sorted(files):
            path = Path(folder) / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            if skip_notebooks and path.suffix == ".ipynb":
                continue
            size = path.stat().st_size
            if size > budget[0]:
                complete = False
                continue
            budget[0] -= size
            shutil.copyfile(path, dest / rel / name)
            (dest / rel / name).chmod(0o644)
    return complete
