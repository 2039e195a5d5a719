"""Grades into nbgrader's gradebook, so that ``nbgrader export`` shows the same totals.

The gradebook must know the lesson (its notebook, grade cells and points)
before it can hold grades. If the instructor has not run ``nbgrader
generate_assignment`` since the gradebook was created, :func:`ensure_lesson`
runs it into a throw-away release folder: the gradebook gets exactly the
entries nbgrader would write, and ``lessons/`` is left untouched.

Each student's grades are written in one transaction as soon as that student
is graded (:func:`record`); writing the same result twice changes nothing.
"""

import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry


class GradebookError(RuntimeError):
    """The gradebook could not be prepared; the message says why and what to do."""


def _open(db_url):
    """nbgrader's Gradebook; creating a new one runs ``alembic`` from this Python's bin/ folder."""
    bin_dir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if bin_dir not in path.split(os.pathsep):
        os.environ["PATH"] = f"{bin_dir}{os.pathsep}{path}"
    return Gradebook(db_url)


def ensure_lesson(course, lesson):
    """Make sure the gradebook knows ``lesson`` with the same test cells and points as the source."""
    expected = {t.name: t.points for t in lesson.tests}
    notebook = lesson.path.stem
    known = _grade_cells(course.db_url, lesson.name, notebook)
    if known == expected:
        return
    if known is not None and _has_submissions(course.db_url, lesson.name):
        raise GradebookError(
            f"The gradebook's test cells for {lesson.name} ({_fmt(known)}) differ from the "
            f"instructor's notebook ({_fmt(expected)}) and it already holds submissions. "
            f"nbgrader refuses to change cells of a graded lesson; restore the notebook or "
            f"remove the old grades (nbgrader db assignment remove {lesson.name})."
        )
    with tempfile.TemporaryDirectory(prefix="mlpk-release-") as tmp:
        env = dict(os.environ)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", lesson.name, "--force",
             f"--CourseDirectory.release_directory={tmp}/release",
             f"--CourseDirectory.db_url={course.db_url}"],
            cwd=course.root, env=env, capture_output=True, text=True, timeout=600,
        )
    if proc.returncode != 0:
        raise GradebookError(f"nbgrader generate_assignment {lesson.name} failed:\n"
                             f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    known = _grade_cells(course.db_url, lesson.name, notebook)
    if known != expected:
        raise GradebookError(f"The gradebook still does not list {lesson.name}'s test cells "
                             f"after generate_assignment ({_fmt(known)}).")


def _fmt(cells):
    return ", ".join(f"{k} ({v:g})" for k, v in sorted((cells or {}).items())) or "none"


def _grade_cells(db_url, assignment, notebook):
    with _open(db_url) as gb:
        try:
            nb = gb.find_notebook(notebook, assignment)
        except MissingEntry:
            return None
        return {c.name: float(c.max_score) for c in nb.grade_cells}


def _has_submissions(db_url, assignment):
    with _open(db_url) as gb:
        try:
            return len(gb.find_assignment(assignment).submissions) > 0
        except MissingEntry:
            return False


def record(db_url, lesson, results):
    """Write the scores of ``results`` (StudentResult) into the gradebook, one transaction each."""
    notebook = lesson.path.stem
    with _open(db_url) as gb, warnings.catch_warnings():
        # nbgrader's add_submission trips SQLAlchemy's autoflush warnings; they are harmless.
        warnings.simplefilter("ignore")
        for result in results:
            gb.update_or_create_student(result.student)
            try:
                gb.find_submission(lesson.name, result.student)
            except MissingEntry:
                gb.add_submission(lesson.name, result.student)
            for test in result.tests:
                grade = gb.find_grade(test.name, notebook, lesson.name, result.student)
                grade.auto_score = float(test.points)
                grade.needs_manual_grade = grade.manual_score is not None
            gb.db.commit()


def scores(db_url, lesson, students):
    """student -> {grade cell name: score} as the gradebook has it (absent students left out)."""
    out = {}
    with _open(db_url) as gb:
        for student in students:
            try:
                nb = gb.find_submission_notebook(lesson.path.stem, lesson.name, student)
            except MissingEntry:
                continue
            out[student] = {g.cell.name: g.score for g in nb.grades}
    return out


def roster(db_url):
    """Student ids the gradebook knows (the class list, when the instructor imported one)."""
    with _open(db_url) as gb:
        return [s.id for s in gb.students]
