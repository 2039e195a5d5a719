"""A whole class through ``mlp-kit grade``: good, wrong and bad submissions for two lessons.

For each lesson in tests/fixtures/grading/cases.py a throw-away nbgrader
course (the real ``nbgrader generate_assignment``) receives the reference
solution, a blank notebook, the typical wrong answers of
tests/submissions/<lesson>.py and a set of bad submissions (an infinite
loop, os._exit in an answer and in a test, memory blow-ups, a huge print,
edited/deleted test cells, a deleted answer cell, stripped metadata,
duplicated cells, an intruder reading solutions/ and writing the gradebook,
tampering with the tests, an invalid file; for the Keras lesson, warnings on
stderr and a kernel death with TensorFlow loaded). The real command grades
them in parallel in the sandbox, and the tests check that

- every student gets exactly the expected points per test cell, so each bad
  submission costs only its author's affected exercise;
- the status says what went wrong;
- an interrupted run keeps every saved grade and the next run resumes;
- ``nbgrader export`` agrees with grades.csv;
- no feedback page shows hidden-test source or messages.
"""

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.grading import cases as fixture
from tests.nbgrader_course import Course

pytestmark = pytest.mark.slow

LESSONS = list(fixture.LESSONS)
CASES = {lesson: fixture.cases(lesson) for lesson in LESSONS}


def mlp_kit_command():
    script = Path(sys.executable).parent / "mlp-kit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mlp_kit.cli"]


def grade_command(course, lesson, *extra):
    return [*mlp_kit_command(), "grade", lesson, "--course", str(course.path),
            "--submissions", str(course.path / "submitted"), "--jobs", "2", "--no-progress",
            *fixture.LESSONS[lesson][1], *extra]


def env():
    e = dict(os.environ)
    e["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{e.get('PATH', '')}"
    return e


def run_grade(course, lesson, *extra, check=True):
    proc = subprocess.run(grade_command(course, lesson, *extra), capture_output=True, text=True,
                          env=env(), timeout=1800)
    if check and proc.returncode != 0:
        raise AssertionError(f"mlp-kit grade failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return proc


def interrupted_then_resumed(course, lesson, results_dir, after=4):
    """Start grading, press Ctrl-C once ``after`` results are saved, then run again."""
    proc = subprocess.Popen(grade_command(course, lesson), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env())
    deadline = time.monotonic() + 1200
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(results_dir.glob("*.json"))) >= after:
            break
        time.sleep(0.5)
    saved = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in results_dir.glob("*.json")}
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    first = {"returncode": proc.returncode, "stderr": err, "saved": saved}
    second = run_grade(course, lesson)
    return first, second


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """lesson -> dict(course, results by student, the runs), every lesson graded once."""
    fixture.require_sandbox()
    folder = tmp_path_factory.mktemp("grading-class")
    out = {}
    for lesson in LESSONS:
        course = Course(folder / lesson, lesson)
        written = {}
        for case in CASES[lesson]:
            nb = case.build(course)
            written[case.student] = course.submit(case.student, nb).read_bytes()
        results_dir = course.path / "grading" / lesson / "results"
        info = {"course": course, "written": written}
        if lesson == LESSONS[0]:
            info["first"], info["second"] = interrupted_then_resumed(course, lesson, results_dir)
        else:
            info["second"] = run_grade(course, lesson)
        info["results"] = {p.stem: json.loads(p.read_text()) for p in results_dir.glob("*.json")}
        out[lesson] = info
    return out


def case_params():
    return [pytest.param(lesson, case, id=f"{lesson}-{case.student}")
            for lesson in LESSONS for case in CASES[lesson]]


@pytest.mark.parametrize("lesson, case", case_params())
def test_scores_are_exact(graded, lesson, case):
    info = graded[lesson]
    result = info["results"][case.student]
    maxima = info["course"].max_scores()
    zero = set(maxima) if case.zero is None else case.zero
    expected = {name: (0 if name in zero else points) for name, points in maxima.items()}
    got = {t["name"]: t["points"] for t in result["tests"]}
    assert got == expected, f"{case.student}: {result['status']}\n" + "\n".join(
        f"  {t['name']}: {t['status']} {t['message'] or t['detail']}" for t in result["tests"])


@pytest.mark.parametrize("lesson, case", case_params())
def test_status_says_what_happened(graded, lesson, case):
    result = graded[lesson]["results"][case.student]
    if case.status == ("ok",):
        assert result["status"] == "ok", result["status"]
    else:
        for words in case.status:
            assert words in result["status"], (words, result["status"])
    for words in case.notes:
        assert any(words in note for note in result["notes"]), (words, result["notes"])
    assert result["final"], result["status"]


@pytest.mark.parametrize("lesson", LESSONS)
def test_grades_csv_has_one_row_per_student(graded, lesson):
    info = graded[lesson]
    with open(info["course"].path / "grading" / lesson / "grades.csv") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    assert set(rows) == {c.student for c in CASES[lesson]}
    tests = list(info["course"].max_scores())
    for student, row in rows.items():
        result = info["results"][student]
        assert list(row)[: len(tests) + 1] == ["student_id", *tests]
        assert float(row["total"]) == result["total"]
        assert float(row["max_total"]) == sum(info["course"].max_scores().values())
        assert row["status"] == result["status"]


@pytest.mark.parametrize("lesson", LESSONS)
def test_nbgrader_export_agrees(graded, lesson):
    info = graded[lesson]
    exported = {row["student_id"]: float(row["raw_score"]) for row in info["course"].export()
                if row["assignment"] == lesson}
    for student, result in info["results"].items():
        assert exported.get(student) == result["total"], student


def test_interrupted_run_keeps_grades_and_resumes(graded):
    info = graded[LESSONS[0]]
    first, second = info["first"], info["second"]
    assert first["returncode"] == 130, first["stderr"][-2000:]
    assert "run the same command again" in first["stderr"]
    assert len(first["saved"]) >= 4
    results_dir = info["course"].path / "grading" / LESSONS[0] / "results"
    for name, (mtime, content) in first["saved"].items():
        path = results_dir / name
        assert path.read_bytes() == content, f"{name} changed after the interruption"
        assert path.stat().st_mtime_ns == mtime, f"{name} was graded again"
    assert f"({len(first['saved'])} already graded)" in second.stderr
    assert set(info["results"]) == {c.student for c in CASES[LESSONS[0]]}


@pytest.mark.parametrize("delay", [0.5, 4.0, 8.0])
def test_ctrl_c_at_any_moment_stops_cleanly(tmp_path, delay):
    """Ctrl-C while importing, while checking the reference, or while grading: exit 130, no traceback."""
    lesson = LESSONS[0]
    course = Course(tmp_path / lesson, lesson)
    for case in CASES[lesson][:4]:
        course.submit(case.student, case.build(course))
    proc = subprocess.Popen(grade_command(course, lesson), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env())
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.fail(f"the run finished before Ctrl-C after {delay} s; nothing was tested")
    assert proc.returncode == 130, err[-2000:]
    assert "interrupted" in err and "Traceback" not in err, err[-2000:]
    again = run_grade(course, lesson)
    assert "graded" in again.stderr


def test_rerun_skips_and_student_option_regrades(graded):
    lesson = LESSONS[0]
    info = graded[lesson]
    results_dir = info["course"].path / "grading" / lesson / "results"
    before = {p.name: p.stat().st_mtime_ns for p in results_dir.glob("*.json")}
    again = run_grade(info["course"], lesson)
    assert "nothing to grade" in again.stderr
    one = run_grade(info["course"], lesson, "--student", "wrong_0")
    assert "grading 1 submissions" in one.stderr
    after = {p.name: p.stat().st_mtime_ns for p in results_dir.glob("*.json")}
    changed = {name for name in before if after[name] != before[name]}
    assert changed == {"wrong_0.json"}
    assert json.loads((results_dir / "wrong_0.json").read_text())["total"] == \
        info["results"]["wrong_0"]["total"]


def test_intruder_changed_nothing(graded):
    lesson = LESSONS[0]
    info = graded[lesson]
    course = info["course"]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course.path / 'gradebook.db'}") as gb:
        assert "intruder_was_here" not in {s.id for s in gb.students}
    for student, content in info["written"].items():
        path = course.path / "submitted" / student / lesson / f"{lesson}.ipynb"
        assert path.read_bytes() == content, f"{student}'s submission was modified"
    reference = json.loads((course.path / "grading" / lesson / "results" / "reference.json").read_text())
    assert reference["total"] == reference["max_total"]


@pytest.mark.parametrize("lesson", LESSONS)
def test_feedback_never_shows_hidden_tests(graded, lesson):
    info = graded[lesson]
    from mlp_kit.grading.course import Course as GradingCourse
    from mlp_kit.grading.lesson import Lesson

    plan = Lesson.load(GradingCourse.load(info["course"].path), lesson)
    hidden_lines = set()
    for cell in plan.tests:
        lines = cell.source.splitlines()
        for first, last in cell.hidden:
            for line in lines[first - 1: last]:
                text = line.strip()
                if len(text) > 12 and "HIDDEN TESTS" not in text:
                    hidden_lines.add(text)
    assert hidden_lines
    import html

    pages = list((info["course"].path / "grading" / lesson / "feedback").glob("*.html"))
    assert len(pages) == len(CASES[lesson])
    for page in pages:
        text = html.unescape(page.read_text())
        leaked = [line for line in hidden_lines if line in text]
        assert not leaked, f"{page.name} shows hidden test lines: {leaked[:3]}"
        for result in info["results"][page.stem]["tests"]:
            if result["hidden"] and result["detail"]:
                assert result["detail"] not in text


def test_feedback_explains_a_visible_failure(graded):
    lesson = LESSONS[0]
    page = (graded[lesson]["course"].path / "grading" / lesson / "feedback" / "edited_tests.html")
    text = page.read_text()
    assert "z = 0 must give 1" in text   # the message of the visible test that failed
    assert "Score: 9 / 11" in text


@pytest.mark.parametrize("lesson", LESSONS)
def test_summary_for_the_instructor(graded, lesson):
    folder = graded[lesson]["course"].path / "grading" / lesson
    page = (folder / "summary.html").read_text()
    assert (folder / "summary.png").stat().st_size > 1000
    for name in graded[lesson]["course"].max_scores():
        assert name in page
    trouble = sorted(s for s, r in graded[lesson]["results"].items() if r["status"] != "ok")
    assert ("Students to look at" in page) == bool(trouble)   # listed exactly when someone needs a look
    for student in trouble:
        assert f"<td>{student}</td>" in page


def test_submissions_are_hashed_for_resubmission(graded):
    info = graded[LESSONS[0]]
    result = info["results"]["reference"]
    assert result["submission_sha256"] == hashlib.sha256(info["written"]["reference"]).hexdigest()
