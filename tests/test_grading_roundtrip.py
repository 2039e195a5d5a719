"""Every lesson through real nbgrader: release, submit, autograde, export.

For each lesson in solutions/ the suite submits
- the reference solution: full marks;
- the untouched student notebook: 0 on every test, and grading does not crash;
- the reference answers with every test cell emptied and one test cell deleted:
  nbgrader restores the instructor's tests, so still full marks;
- each wrong answer listed in tests/submissions/<lesson>.py (typical learner
  mistakes): exactly the test cells it names score 0, every other test full marks.
  To save time, wrong answers that touch different exercises and fail different
  test cells share one submission (each test cell's expected score stays exact).

Lessons are graded concurrently (one throw-away course each), two at a time.
"""

import importlib.util
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.nbgrader_course import ROOT, Course

LESSONS = sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").exists())
pytestmark = pytest.mark.slow


def wrong_answers(lesson):
    """The WRONG_ANSWERS table of tests/submissions/<lesson>.py."""
    path = Path(__file__).parent / "submissions" / f"{lesson}.py"
    if not path.exists():
        return {}   # test_every_exercise_has_a_wrong_answer_case fails for this lesson
    spec = importlib.util.spec_from_file_location(f"submissions_{lesson}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG_ANSWERS


def tampered(course):
    """Reference answers, every visible test replaced by `pass`, the first test cell deleted."""
    nb = course.student_notebook("reference")
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    for cell in graded:
        cell.source = "pass  # the learner emptied this test"
    nb.cells.remove(graded[0])
    return nb


def pack_cases(cases):
    """Group case names so that no two in a group change the same answer or fail the same test.

    Returns {case name: student id of its group's submission}.
    """
    groups = []  # [(answer ids, failing ids, [names])]
    for name, case in cases.items():
        answers, fails = set(case["answers"]), set(case["fails"])
        for used_answers, used_fails, names in groups:
            if not (answers & used_answers or fails & used_fails):
                used_answers |= answers
                used_fails |= fails
                names.append(name)
                break
        else:
            groups.append((answers, fails, [name]))
    return {name: f"wrong_{i}" for i, (_, _, names) in enumerate(groups) for name in names}


def grade_lesson(lesson, folder):
    course = Course(folder / lesson, lesson)
    course.submit("reference", course.student_notebook("reference"))
    course.submit("blank", course.student_notebook())
    course.submit("tampered", tampered(course))
    reference = course.reference_sources()
    cases = wrong_answers(lesson)
    submissions = {}
    for name, student in pack_cases(cases).items():
        submissions.setdefault(student, dict(reference)).update(cases[name]["answers"])
    for student, answers in submissions.items():
        course.submit(student, course.student_notebook(answers))
    course.autograde()
    return course


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory):
    """lesson -> graded Course, for the lessons the selected tests use (graded two at a time)."""
    selected = sorted({
        item.callspec.params["lesson"] for item in request.session.items
        if getattr(item, "module", None) is request.module
        and "lesson" in getattr(getattr(item, "callspec", None), "params", {})
    })
    folder = tmp_path_factory.mktemp("courses")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {lesson: pool.submit(grade_lesson, lesson, folder) for lesson in selected}
    return LessonResults({lesson: future for lesson, future in futures.items()})


class LessonResults(dict):
    """lesson -> graded Course; a lesson whose grading raised fails only its own tests."""

    def __getitem__(self, lesson):
        return super().__getitem__(lesson).result()


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_exercise_has_a_wrong_answer_case(lesson):
    course_solution_ids = {
        c.metadata["nbgrader"]["grade_id"]
        for c in __import__("nbformat").read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", 4).cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    covered = {gid for case in wrong_answers(lesson).values() for gid in case["answers"]}
    assert course_solution_ids - covered == set(), f"exercises without a wrong-answer case in {lesson}"
    assert len(course_solution_ids) >= 3, f"{lesson} has fewer than 3 auto-graded exercises"


@pytest.mark.parametrize("lesson", LESSONS)
def test_reference_gets_full_marks(graded, lesson):
    course = graded[lesson]
    assert course.scores("reference") == course.max_scores()


@pytest.mark.parametrize("lesson", LESSONS)
def test_blank_notebook_scores_zero(graded, lesson):
    course = graded[lesson]
    scores = course.scores("blank")
    assert set(scores) == set(course.max_scores())
    assert all(score == 0 for score in scores.values()), scores


@pytest.mark.parametrize("lesson", LESSONS)
def test_edited_and_deleted_tests_are_restored(graded, lesson):
    course = graded[lesson]
    assert course.scores("tampered") == course.max_scores()


@pytest.mark.parametrize(
    "lesson, case", [(lesson, name) for lesson in LESSONS for name in wrong_answers(lesson)]
)
def test_wrong_answer_loses_exactly_its_points(graded, lesson, case):
    course = graded[lesson]
    cases = wrong_answers(lesson)
    student = pack_cases(cases)[case]
    group = [name for name, s in pack_cases(cases).items() if s == student]
    fails = {gid for name in group for gid in cases[name]["fails"]}
    expected = {gid: (0 if gid in fails else pts) for gid, pts in course.max_scores().items()}
    scores = course.scores(student)
    mine = set(cases[case]["fails"])
    assert {g: scores[g] for g in mine} == {g: 0 for g in mine}, f"{case} must fail {sorted(mine)}"
    assert scores == expected, f"submission {student} = {group}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_export_agrees_with_gradebook(graded, lesson):
    course = graded[lesson]
    rows = {row["student_id"]: float(row["raw_score"]) for row in course.export()}
    assert rows["reference"] == sum(course.max_scores().values())
    assert rows["blank"] == 0
