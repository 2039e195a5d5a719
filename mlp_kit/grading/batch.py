"""``mlp-kit grade``: a class's submissions, in parallel, each in its own sandbox.

    mlp-kit grade LESSON --submissions DIR [--jobs N] [--timeout SECONDS]
                         [--memory MB] [--out DIR] [--force] [--student ID ...]

1. Reads the lesson from the course's source folder and checks that the
   instructor's own solution gets full marks under the grader (cached): a
   broken test would otherwise zero the whole class.
2. Finds ``DIR/<student>/<LESSON>/<LESSON>.ipynb`` for every student. A
   student already graded (``OUT/results/<student>.json``) is skipped unless
   the notebook changed since, ``--force`` is given or the student is named
   with ``--student``.
3. Grades the rest with N worker processes (default: one per CPU), each
   running one student at a time in a sandboxed kernel (``runner.py``).
4. Saves each result the moment it is ready -- a JSON file written
   atomically, then the nbgrader gradebook -- so Ctrl-C or a crash loses
   nothing; the next run resumes.
5. Writes ``grades.csv``, ``feedback/<student>.html`` and ``summary.html``
   (+ ``summary.png``) in OUT (default ``grading/<LESSON>/`` in the course).
"""

import argparse
import fcntl
import json
import multiprocessing as mp
import os
import queue
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mlp_kit.grading import gradebook, kernel, report, runner, submission
from mlp_kit.grading import sandbox as sb
from mlp_kit.grading.course import Course, CourseError
from mlp_kit.grading.lesson import Lesson
from mlp_kit.grading.scoring import StudentResult, zero_result

PLAN_VERSION = 1  # bump when a change to the grader invalidates cached reference checks
STUCK_MARGIN = 180.0  # seconds past the notebook limit before a worker is considered stuck


class GradingError(RuntimeError):
    """Grading cannot start; the message says why and what to do."""


@dataclass
class Options:
    lesson: str
    submissions: Path | None = None
    out: Path | None = None
    jobs: int = 0
    limits: sb.Limits = field(default_factory=sb.Limits)
    force: bool = False
    students: list = field(default_factory=list)
    use_gradebook: bool = True
    check_reference: bool = True
    progress: bool = True
    extra_read_only: list = field(default_factory=list)
    require_sandbox: bool = False


@dataclass
class Run:
    """One ``mlp-kit grade``: what its steps share, in one place."""

    course: Course
    lesson: Lesson
    opts: Options
    sandbox: sb.Sandbox
    out: Path  # where results/, feedback/, grades.csv and summary.html go
    started: float  # time.monotonic() at the start
    modes: dict = field(default_factory=dict)  # test grade_id -> "judge" | "kernel"
    results: dict = field(default_factory=dict)  # student -> StudentResult

    @property
    def job(self):
        return runner.Job(self.lesson, self.sandbox, self.modes)


@dataclass
class Outcome:
    results: list  # StudentResult of every student, this run's and earlier ones
    graded: int  # students graded in this run
    skipped: int  # students skipped (already graded)
    interrupted: bool
    seconds: float
    out: Path
    modes: dict


def say(text=""):
    print(text, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ finding work


def find_submissions(folder, lesson_name):
    """student id -> notebook path (None when the student has no notebook for this lesson)."""
    found = {}
    if not folder.is_dir():
        raise GradingError(f"The submissions folder {folder} does not exist. Expected "
                           f"{folder}/<student_id>/{lesson_name}/{lesson_name}.ipynb; "
                           f"`mlp-kit collect {lesson_name} DOWNLOAD` builds it from an LMS download.")
    for student in sorted(folder.iterdir()):
        if not student.is_dir() or student.name.startswith("."):
            continue
        nb_dir = student / lesson_name
        path = nb_dir / f"{lesson_name}.ipynb"
        if not path.is_file() and nb_dir.is_dir():
            others = sorted(p for p in nb_dir.glob("*.ipynb") if not p.name.startswith("."))
            path = others[0] if len(others) == 1 else path
        found[student.name] = path if path.is_file() else None
    return found


def load_result(path):
    try:
        return StudentResult.from_dict(json.loads(Path(path).read_text()))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def save_result(out, result):
    report.atomic_write(out / "results" / f"{result.student}.json",
                        json.dumps(result.to_dict(), indent=1))


@contextmanager
def ctrl_c_stops():
    """Ctrl-C stops grading cleanly, even when Python would swallow the KeyboardInterrupt.

    The interrupt is raised as usual, and ``kernel.STOP`` is set as well, so
    that the next safe point raises it again if it landed somewhere that
    ignores exceptions (a finalizer, a weakref callback).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        kernel.STOP.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        kernel.STOP.clear()


@contextmanager
def locked(out):
    """One ``mlp-kit grade`` at a time per output folder."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise GradingError(f"Another `mlp-kit grade` is writing to {out}; wait for it to "
                               f"finish.") from None
        yield


# ------------------------------------------------------------------ reference check


def check_reference(lesson, sandbox, out):
    """Grade the instructor's solution; returns test name -> "judge" | "kernel".

    Test cells that fail in the judge but pass in the kernel run in the kernel
    for this lesson. If the reference still loses points, grading stops: the
    tests (or the sandbox's limits) are wrong for everyone.
    """
    cache = out / "reference.json"
    try:
        data = json.loads(cache.read_text())
        if data.get("lesson_sha256") == lesson.digest and data.get("version") == PLAN_VERSION:
            return data["modes"]
    except (OSError, ValueError):
        pass
    answers = {c.name: c.source for c in lesson.answers}
    match = submission.Match(answers=answers, how={k: "id" for k in answers})
    first = runner.grade(runner.Job(lesson, sandbox), "(reference)", match=match)
    modes = {t.name: t.mode for t in first.tests}
    failing = [t for t in first.tests if t.status != "passed"]
    final = first
    if failing:
        modes.update({t.name: "kernel" for t in failing})
        final = runner.grade(runner.Job(lesson, sandbox, modes), "(reference)", match=match)
    bad = [t for t in final.tests if t.status != "passed"]
    if bad or final.problems:
        lines = "\n".join(f"  {t.name}: {t.status}: {t.detail or t.message}" for t in bad)
        raise GradingError(
            f"The instructor's solution of {lesson.name} does not get full marks under "
            f"mlp-kit grade ({final.status}):\n{lines}\n"
            f"Fix the lesson (or raise --timeout / --memory), or pass --skip-reference-check."
        )
    report.atomic_write(cache, json.dumps({"lesson_sha256": lesson.digest, "version": PLAN_VERSION,
                                           "modes": modes, "seconds": final.seconds}, indent=1))
    return modes


# ------------------------------------------------------------------ workers


def _worker(index, job, tasks, results, log):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides when to stop
    # Terminated by the main process: unwind, so the running kernel is killed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    # Libraries the tests import (TensorFlow...) log to stderr: keep it off the progress bar.
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    while True:
        item = tasks.get()
        if item is None:
            return
        student, path = item
        results.put(("start", index, student))
        try:
            result = runner.grade(job, student, path=Path(path), worker=index)
        except Exception as exc:  # noqa: BLE001 - a grader bug must not stop the class
            result = zero_result(student, job.lesson, f"grader error: {type(exc).__name__}: {exc}")
            result.submission_sha256 = runner.sha256(path)
            result.final = False
        results.put(("done", index, result.to_dict()))


class Pool:
    """N worker processes fed from a queue; replaces a worker that dies or gets stuck."""

    def __init__(self, n, job, stuck_after, logs):
        self.logs = logs
        logs.mkdir(parents=True, exist_ok=True)
        self.ctx = mp.get_context("spawn")
        self.tasks, self.results = self.ctx.Queue(), self.ctx.Queue()
        self.job = job
        self.stuck_after = stuck_after
        self.procs = {}
        self.current = {}  # worker index -> (student, path, started)
        for index in range(1, n + 1):
            self._spawn(index)

    def _spawn(self, index):
        proc = self.ctx.Process(target=_worker, daemon=True,
                                args=(index, self.job, self.tasks, self.results,
                                      str(self.logs / f"worker-{index}.log")))
        proc.start()
        self.procs[index] = proc

    def submit(self, items):
        self.paths = dict(items)
        for item in items:
            self.tasks.put(item)

    def next_event(self, timeout=1.0):
        """("done", result dict) or ("lost", student, why) or None."""
        try:
            kind, index, payload = self.results.get(timeout=timeout)
        except queue.Empty:
            return self._check_workers()
        if kind == "start":
            self.current[index] = (payload, time.monotonic())
            return None
        self.current.pop(index, None)
        return "done", payload

    def _check_workers(self):
        now = time.monotonic()
        for index, proc in list(self.procs.items()):
            job = self.current.get(index)
            dead = not proc.is_alive()
            stuck = job is not None and now - job[1] > self.stuck_after
            if not (dead or stuck) or job is None:
                continue
            if stuck:
                proc.kill()
                proc.join(5)
            self.current.pop(index, None)
            self._spawn(index)
            why = "grader got stuck" if stuck else f"grader process died (exit code {proc.exitcode})"
            return "lost", job[0], why
        return None

    def close(self):
        for proc in self.procs.values():
            if proc.is_alive():
                proc.terminate()
        for proc in self.procs.values():
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join(5)


# ------------------------------------------------------------------ the command


def grade_class(opts, course=None):
    """Grade every submission of ``opts.lesson``; returns an :class:`Outcome`."""
    started = time.monotonic()
    course = course or Course.find()
    lesson = Lesson.load(course, opts.lesson)
    if not lesson.tests:
        raise GradingError(f"{lesson.path} has no autograded test cells.")
    subs_dir = Path(opts.submissions or course.root / course.submitted).resolve()
    out = Path(opts.out or course.root / "grading" / lesson.name).resolve()
    found = find_submissions(subs_dir, lesson.name)
    secret = [course.root / course.source, subs_dir, out]
    if course.gradebook_path is not None:
        secret.append(course.gradebook_path)
    sandbox = sb.configure(course.root, opts.limits, extra_read_only=opts.extra_read_only,
                           secret=secret, jobs=opts.jobs, require_isolation=opts.require_sandbox)
    say(sb.describe(sandbox))
    with ctrl_c_stops(), locked(out), tempfile.TemporaryDirectory(prefix="mlpk-home-") as home:
        os.chmod(home, 0o755)
        if opts.use_gradebook:
            gradebook.ensure_lesson(course, lesson)
        return _grade(Run(course, lesson, opts, sandbox, out, started), found, home)


def _cached_modes(out, lesson):
    try:
        data = json.loads((out / "reference.json").read_text())
        return data["modes"] if data.get("lesson_sha256") == lesson.digest else {}
    except (OSError, ValueError, KeyError):
        return {}


def _grade(run, found, home):
    course, lesson, opts, out, results = run.course, run.lesson, run.opts, run.out, run.results
    previous = {}
    for student in found:
        r = load_result(out / "results" / f"{student}.json")
        if r is not None:
            previous[student] = r
    wanted = set(opts.students)
    unknown = wanted - set(found)
    if unknown:
        raise GradingError(f"No submission folder for {', '.join(sorted(unknown))} in "
                           f"{opts.submissions or course.submitted}.")
    todo = []
    skipped = 0
    for student, path in found.items():
        if wanted and student not in wanted:
            if student in previous:
                results[student] = previous[student]
                skipped += 1
            continue
        old = previous.get(student)
        digest = runner.sha256(path) if path else ""
        if old is not None and old.final and not opts.force and student not in wanted \
                and old.submission_sha256 == digest:
            results[student] = old
            skipped += 1
            continue
        if path is None:
            results[student] = zero_result(student, lesson, "missing")
            save_result(out, results[student])
            continue
        todo.append((student, str(path)))
    if opts.use_gradebook:
        _reconcile(course, lesson, [r for r in results.values() if r.status != "missing"])
        for student in gradebook.roster(course.db_url):
            if student not in found and student not in results:
                results[student] = zero_result(student, lesson, "missing")
    stale = [r.student for r in results.values() if r.lesson_sha256 not in ("", lesson.digest)]
    if stale:
        say(f"note: {len(stale)} earlier results were graded with another version of "
            f"{lesson.path.name}; add --force to grade them again.")
    run.modes = _cached_modes(out, lesson)
    interrupted = False
    if todo:
        sb.prepare_home(run.sandbox, home)
        kernel.check_stop()
        if opts.check_reference:
            say(f"checking the reference solution of {lesson.name} ...")
            run.modes = check_reference(lesson, run.sandbox, out)
            kernel.check_stop()
        jobs = max(1, min(opts.jobs or os.cpu_count() or 1, len(todo)))
        say(f"grading {len(todo)} submissions of {lesson.name} with {jobs} workers "
            f"({skipped} already graded)")
        interrupted = _run_pool(run, todo, jobs)
    else:
        say(f"nothing to grade: all {len(results)} submissions of {lesson.name} are graded "
            f"(--force to grade again)")
    all_results = list(results.values())
    _write_reports(run, all_results)
    return Outcome(all_results, len(todo), skipped, interrupted, time.monotonic() - run.started, out,
                   run.modes)


def _run_pool(run, todo, jobs):
    from tqdm import tqdm

    lesson, opts, out = run.lesson, run.opts, run.out
    stuck = run.sandbox.limits.notebook_timeout + STUCK_MARGIN
    pool = Pool(jobs, run.job, stuck, out / "logs")
    pool.submit(todo)
    bar = tqdm(total=len(todo), unit="student", disable=not opts.progress, file=sys.stderr,
               dynamic_ncols=True)
    waiting = {student for student, _ in todo}
    problems = 0
    warned = False
    try:
        while waiting:
            event = pool.next_event()
            kernel.check_stop()
            if event is None:
                continue
            if event[0] == "lost":
                _, student, why = event
                result = zero_result(student, lesson, why)
                result.final = False
            else:
                result = StudentResult.from_dict(event[1])
            save_result(out, result)
            if opts.use_gradebook and result.final:
                try:
                    gradebook.record(run.course.db_url, lesson, [result])
                except Exception as exc:  # noqa: BLE001 - the JSON is saved; next run retries
                    if not warned:
                        say(f"warning: could not write the gradebook ({exc}); the results are "
                            f"saved in {out / 'results'} and go in on the next run")
                        warned = True
            run.results[result.student] = result
            waiting.discard(result.student)
            problems += result.status != "ok"
            bar.set_postfix_str(f"last {result.student}: {result.total:g}, "
                                f"{problems} with problems", refresh=False)
            bar.update(1)
    except KeyboardInterrupt:
        bar.close()
        say(f"\ninterrupted: {len(todo) - len(waiting)} of {len(todo)} graded and saved; "
            f"run the same command again to grade the rest.")
        return True
    finally:
        bar.close()
        pool.close()
    return False


def _reconcile(course, lesson, results):
    """Put results saved by an earlier, interrupted run into the gradebook if they are missing."""
    final = [r for r in results if r.final]
    have = gradebook.scores(course.db_url, lesson, [r.student for r in final])
    stale = [r for r in final if have.get(r.student) != r.scores()]
    if stale:
        gradebook.record(course.db_url, lesson, stale)


def _write_reports(run, results):
    lesson, out, sandbox = run.lesson, run.out, run.sandbox
    seconds = time.monotonic() - run.started
    report.atomic_write(out / "grades.csv", report.grades_csv(lesson, results))
    for r in results:
        report.atomic_write(out / "feedback" / f"{r.student}.html", report.feedback_html(lesson, r))
    page, lines = report.summary(lesson, results, seconds=seconds,
                                 sandbox_text=sb.describe(sandbox), modes=run.modes)
    report.atomic_write(out / "summary.html", page)
    if results:
        report.summary_plot(lesson, results, out / "summary.png")
    say("\n".join(lines))
    say(f"wrote {out / 'grades.csv'}, {out / 'summary.html'} and {len(results)} feedback pages")


# ------------------------------------------------------------------ command line


def add_arguments(parser):
    parser.add_argument("lesson", metavar="LESSON", help="lesson folder name, e.g. 01_neurons")
    parser.add_argument("--submissions", metavar="DIR", type=Path,
                        help="folder of DIR/<student_id>/<LESSON>/<LESSON>.ipynb "
                             "(default: the course's submitted/ folder)")
    parser.add_argument("--jobs", "-j", metavar="N", type=int, default=0,
                        help="students graded at the same time (default: number of CPUs)")
    parser.add_argument("--timeout", metavar="SECONDS", type=float,
                        help="wall-clock limit per cell and per test (default: the course's "
                             "Execute.timeout)")
    parser.add_argument("--notebook-timeout", metavar="SECONDS", type=float,
                        help="wall-clock limit per notebook (default: 10 x --timeout, at least 600)")
    parser.add_argument("--memory", metavar="MB", type=int, default=sb.Limits.memory_mb,
                        help=f"memory limit per student (default: {sb.Limits.memory_mb})")
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="where grades.csv, feedback/ and summary.html go "
                             "(default: grading/<LESSON>/ in the course)")
    parser.add_argument("--force", action="store_true", help="grade students already graded too")
    parser.add_argument("--student", metavar="ID", action="append", default=[],
                        help="grade (again) only this student; repeat for several")
    parser.add_argument("--course", metavar="DIR", type=Path,
                        help="the course folder (default: the folder with nbgrader_config.py "
                             "around the current one)")
    parser.add_argument("--allow-read", metavar="PATH", action="append", default=[],
                        help="an extra folder student code may read (read-only)")
    parser.add_argument("--no-gradebook", action="store_true",
                        help="do not write grades into nbgrader's gradebook")
    parser.add_argument("--skip-reference-check", action="store_true",
                        help="do not check first that the instructor's solution gets full marks")
    parser.add_argument("--require-sandbox", action="store_true",
                        help="stop instead of grading without bubblewrap")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run(args):
    try:
        course = Course.find(args.course)
        timeout = args.timeout or course.cell_timeout
        limits = sb.Limits(
            cell_timeout=timeout,
            notebook_timeout=args.notebook_timeout or max(600.0, 10 * timeout),
            memory_mb=args.memory,
        )
        opts = Options(lesson=args.lesson, submissions=args.submissions, out=args.out,
                       jobs=args.jobs, limits=limits, force=args.force, students=args.student,
                       use_gradebook=not args.no_gradebook,
                       check_reference=not args.skip_reference_check,
                       progress=not args.no_progress and sys.stderr.isatty(),
                       extra_read_only=args.allow_read, require_sandbox=args.require_sandbox)
        outcome = grade_class(opts, course)
    except (CourseError, GradingError, sb.SandboxError, gradebook.GradebookError) as exc:
        say(f"mlp-kit grade: {exc}")
        return 2
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    return 130 if outcome.interrupted else 0


def main(argv=None):  # pragma: no cover - `mlp-kit grade` goes through mlp_kit.cli
    parser = argparse.ArgumentParser(prog="mlp-kit grade")
    add_arguments(parser)
    return run(parser.parse_args(argv))
