"""What a learner meets first in every lesson, checked on the stored solution notebooks (fast, no kernel).

- The first cell is the lesson's introduction: ``# NN — Title``, **What you will learn**,
  **Time**, and **How to check your answers** (pointing to ``mlp-kit check``).
- No stored output carries TensorFlow / absl start-up log lines (``import mlp_kit`` silences them).
- Every lesson shows at least one figure (a stored image output).
- The student version in lessons/ carries no outputs and no widget state.
- The introduction states the exercises and points the notebook has, and a time that is the
  estimate of tests/lesson_time.py (reading, running and exercises).
- Stored figures are at most 200 KB each.
- Every lesson has at least 3 graded exercises, and none states more than 45 minutes (a longer
  topic is split into two notebooks).
"""

import ast
import re

import nbformat
import pytest

from mlp_kit.grading.lesson import Lesson
from tests.browser.lab import TF_LOG_RE
from tests.conftest import ROOT
from tests.lesson_time import measure, stated_time

LESSONS = sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file())
INTRO = ["What you will learn", "Time", "How to check", "mlp-kit check"]


def notebook(lesson):
    return nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)


@pytest.mark.parametrize("lesson", LESSONS)
def test_intro_says_what_how_long_and_how_to_check(lesson):
    first = notebook(lesson).cells[0]
    assert first.cell_type == "markdown", f"{lesson}: the first cell should be the markdown introduction"
    number = lesson.split("_")[0]
    assert re.match(rf"#\s+{number}\s+—\s+\S", first.source), (
        f"{lesson}: the introduction should open with '# {number} — Title', got {first.source[:60]!r}")
    missing = [words for words in INTRO if words not in first.source]
    assert not missing, f"{lesson}: the introduction does not mention {missing} (copy lesson 01's wording)"


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_tensorflow_log_lines_in_outputs(lesson):
    noisy = []
    for index, cell in enumerate(notebook(lesson).cells):
        for out in cell.get("outputs", []):
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            text += "".join(out.get("data", {}).get("text/plain", ""))
            noisy += [f"cell {index}: {line.strip()[:120]}" for line in text.splitlines() if TF_LOG_RE.search(line)]
    assert not noisy, f"{lesson}: TensorFlow log lines in stored outputs:\n  " + "\n  ".join(noisy[:10])


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_shows_figures(lesson):
    images = sum("image/png" in out.get("data", {}) for cell in notebook(lesson).cells
                 if cell.cell_type == "code" for out in cell.outputs)
    assert images >= 1, f"{lesson}: no stored figure (image/png output); run `make solutions LESSON={lesson[:2]}`"


@pytest.mark.parametrize("lesson", LESSONS)
def test_student_version_gives_nothing_away(lesson):
    """lessons/: no outputs, no execution counts, no saved widget state (it holds the solution's plots)."""
    nb = nbformat.read(ROOT / "lessons" / lesson / f"{lesson}.ipynb", as_version=4)
    ran = [i for i, cell in enumerate(nb.cells)
           if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert not ran, f"{lesson}: cells {ran} of the student version carry outputs; run `make lessons`"
    assert "widgets" not in nb.metadata, f"{lesson}: the student version carries widget state; run `make lessons`"


@pytest.mark.parametrize("lesson", LESSONS)
def test_intro_states_the_exercises_and_points_the_lesson_has(lesson):
    nb = notebook(lesson)
    size = measure(nb)
    match = re.search(r"\*\*Exercises:\*\*\s*(\d+)\s*\((\d+(?:\.\d+)?) points\)", nb.cells[0].source)
    assert match, f"{lesson}: the introduction should say '**Exercises:** N (P points)'"
    stated = (int(match.group(1)), float(match.group(2)))
    assert stated == (size.exercises, size.points), (
        f"{lesson}: the introduction says {stated[0]} exercises ({stated[1]:g} points); the notebook has "
        f"{size.exercises} answer cells and {size.points:g} points in its test cells")


@pytest.mark.parametrize("lesson", LESSONS)
def test_stated_time_is_the_estimate(lesson):
    """**Time** covers reading, running and the exercises, estimated as tests/lesson_time.py says."""
    nb = notebook(lesson)
    size = measure(nb)
    assert stated_time(nb) == size.stated_minutes, (
        f"{lesson}: the introduction states {stated_time(nb)} minutes; {size.words} words, {size.code_lines} demo "
        f"code lines and {size.points:g} points take about {size.minutes:.0f} (python -m tests.lesson_time): "
        f"write 'about {size.stated_minutes} minutes'")


MAX_MINUTES = 45     # the longest a lesson may take by the estimate; CURRICULUM.md asks for 20-40


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_fits_one_sitting(lesson):
    """A lesson that needs more than 45 minutes is split into two notebooks (NN_topic, NNb_topic)."""
    size = measure(notebook(lesson))
    assert size.stated_minutes <= MAX_MINUTES, (
        f"{lesson}: about {size.minutes:.0f} minutes ({size.words} words, {size.code_lines} demo code lines, "
        f"{size.points:g} points); at most {MAX_MINUTES}: cut repeated prose or split the lesson in two")


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_has_at_least_three_exercises(lesson):
    """CURRICULUM.md: each lesson has at least 3 auto-graded exercises."""
    size = measure(notebook(lesson))
    assert size.exercises >= 3, f"{lesson}: {size.exercises} graded exercises; a lesson needs at least 3"


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_exercise_is_numbered_titled_and_worth_what_it_says(lesson):
    """Exercise k has an answer cell, a '### Exercise k — title (P points)' heading, and tests worth P."""
    exercises = Lesson.read(notebook(lesson)).exercises
    for k, exercise in enumerate(exercises, 1):
        where = f"{lesson}, exercise {exercise.name!r}"
        assert exercise.answers, f"{where}: test cells without an answer cell before them"
        assert exercise.title.startswith(f"Exercise {k} "), (
            f"{where}: heading {exercise.title!r}; expected '### Exercise {k} — title (P points)' above the answer")
        assert exercise.stated_points == exercise.points, (
            f"{where}: the heading says {exercise.stated_points} points, its test cells give {exercise.points:g}")


MAX_PNG_BYTES = 200 * 1024


@pytest.mark.parametrize("lesson", LESSONS)
def test_stored_figures_are_small(lesson):
    """Each stored PNG ≤ 200 KB, so the notebook opens fast and the repository stays small."""
    big = []
    for index, cell in enumerate(notebook(lesson).cells):
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png")
            if png and len(png) * 3 // 4 > MAX_PNG_BYTES:
                big.append(f"cell {index}: {len(png) * 3 // 4 // 1024} KB")
    assert not big, f"{lesson}: figures over {MAX_PNG_BYTES // 1024} KB (smaller figsize, dpi or fewer panels): {big}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_student_cells_are_valid_python(lesson):
    """A stub inside an expression (a dict literal around ### BEGIN SOLUTION) gives the learner a SyntaxError."""
    nb = nbformat.read(ROOT / "lessons" / lesson / f"{lesson}.ipynb", as_version=4)
    broken = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        lines = [f"pass  # {line}" if line.lstrip().startswith(("%", "!")) else line
                 for line in cell.source.splitlines()]
        try:
            ast.parse("\n".join(lines))
        except SyntaxError as error:
            broken.append(f"cell {index}: {error.msg} (line {error.lineno})")
    assert not broken, f"{lesson}: student cells that are not valid Python: {broken}"
