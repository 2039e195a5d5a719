"""A learner solves an exercise of a student notebook in JupyterLab, by typing into the editor.

Lesson 01's first exercise (``tlu_forward``): run the cells above it, type the reference answer
(the solution notebook's code, without the nbgrader markers) into the answer cell, Shift+Enter it
and its test cell: the test passes silently. Then type a typical wrong answer (from
tests/submissions/01_neurons.py): the test cell shows a failure that says, on its last line, what
the code returned and what was expected.

Screenshots: ``exercise-01_neurons-tlu_forward-correct.png`` and ``...-wrong.png``.
"""

import importlib.util
import re
import time

import nbformat
import pytest

from tests.browser.conftest import record_time
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON, EXERCISE, MISTAKE = "01_neurons", "tlu_forward", "strict_step"
ANSI = re.compile(r"\x1b\[|\[\d+(;\d+)*m")


def wrong_answers(lesson):
    """The WRONG_ANSWERS table of tests/submissions/<lesson>.py (typical learner mistakes)."""
    spec = importlib.util.spec_from_file_location(f"wrong_{lesson}", ROOT / "tests" / "submissions" / f"{lesson}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG_ANSWERS


def cell_index(nb, grade_id):
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def learner_answer(source):
    """The solution cell's code as a learner writes it: without the nbgrader markers."""
    return "\n".join(line for line in source.splitlines() if "### BEGIN SOLUTION" not in line
                     and "### END SOLUTION" not in line)


def solve(nb, answer_cell, test_cell, source):
    """Type ``source`` into the answer cell; Shift+Enter it, then Shift+Enter the test cell below."""
    nb.type_into_cell(answer_cell, source)
    before_answer, before_test = nb.cells()[answer_cell]["count"], nb.cells()[test_cell]["count"]
    nb.page.keyboard.press("Shift+Enter")  # runs the answer cell and selects the test cell
    nb.wait_cell_done(answer_cell, before_answer)
    nb.page.keyboard.press("Shift+Enter")
    return nb.wait_cell_done(test_cell, before_test)


def screenshot_exercise(nb, answer_cell, name):
    nb.cell(answer_cell).evaluate("e => e.scrollIntoView({block: 'start'})")
    nb.page.wait_for_timeout(300)
    return nb.screenshot(name)


@pytest.fixture(scope="module")
def student_notebook(open_notebook, lab_server):
    path = f"lessons/{LESSON}/{LESSON}.ipynb"
    if not (ROOT / path).exists():
        pytest.fail(f"{path} is missing: run `make lessons`")
    nb = open_notebook(path)
    yield nb
    nb.close()
    lab_server.shutdown_kernels()


def test_exercise_feedback_in_the_editor(student_notebook):
    nb = student_notebook
    start = time.monotonic()
    release = nbformat.read(ROOT / "lessons" / LESSON / f"{LESSON}.ipynb", as_version=4)
    solution = nbformat.read(ROOT / "solutions" / LESSON / f"{LESSON}.ipynb", as_version=4)
    answer_cell = cell_index(release, EXERCISE)
    test_cell = next(i for i in range(answer_cell + 1, len(release.cells))
                     if release.cells[i].metadata.get("nbgrader", {}).get("grade"))
    assert nb.cells()[answer_cell]["source"].strip() == release.cells[answer_cell].source.strip()

    # Select the answer cell and run everything above it (imports, data) from the Run menu.
    nb.cell(answer_cell).locator(".jp-InputPrompt").click()
    nb.menu("Run", "Run All Above Selected Cell")
    assert nb.wait_until_settled(120), "the cells above the exercise did not finish"
    above = [c for c in nb.cells()[:answer_cell] if c["type"] == "code"]
    assert all(c["count"] for c in above), "Run All Above Selected Cell left cells unexecuted"
    assert not [o for c in above for o in c["outputs"] if o["type"] == "error"], "a cell above the exercise failed"

    # The right answer: the test cell runs silently.
    correct = learner_answer(solution.cells[cell_index(solution, EXERCISE)].source)
    result = solve(nb, answer_cell, test_cell, correct)
    screenshot_exercise(nb, answer_cell, f"exercise-{LESSON}-{EXERCISE}-correct")
    errors = [o for o in result["outputs"] if o["type"] == "error"]
    assert not errors, f"the reference answer fails its visible test: {errors[0]['ename']}: {errors[0]['evalue']}"
    assert not nb.cell(test_cell).locator(".jp-OutputArea-output").count(), "a passing test cell printed something"

    # A typical wrong answer: the failure message is the last thing the learner reads.
    wrong = wrong_answers(LESSON)[MISTAKE]["answers"][EXERCISE]
    result = solve(nb, answer_cell, test_cell, wrong)
    shot = screenshot_exercise(nb, answer_cell, f"exercise-{LESSON}-{EXERCISE}-wrong")
    errors = [o for o in result["outputs"] if o["type"] == "error"]
    assert errors, f"the wrong answer {MISTAKE!r} passes the visible test [{shot.name}]"
    error = errors[0]
    assert error["ename"] == "ExerciseFailure", f"the test failed with {error['ename']}, not ExerciseFailure"
    assert "returned" in error["evalue"] and "expected" in error["evalue"], (
        f"the failure does not say what the code returned and what was expected: {error['evalue']}")

    shown = nb.cell(test_cell).locator(".jp-OutputArea-output").first
    assert shown.is_visible(), f"the failure message is not visible [{shot.name}]"
    text = shown.inner_text()
    assert not ANSI.search(text), f"raw terminal colour codes in the failure message: {text[-300:]!r}"
    last_line = [line for line in text.splitlines() if line.strip()][-1].strip()
    assert last_line == f"ExerciseFailure: {error['evalue']}".strip(), (
        f"the last line the learner sees is not the failure message:\n{last_line}\n[{shot.name}]")
    assert len(text.splitlines()) <= 40, f"the failure is buried in a {len(text.splitlines())}-line traceback"
    record_time(f"exercise: {LESSON} {EXERCISE}", time.monotonic() - start)
