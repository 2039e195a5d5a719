"""`mlp-kit check`: per exercise passed / failed (with the message) / not attempted, and the score.

Small hand-built notebooks (in tmp dirs) pin down each verdict; lesson 01 is checked blank, solved,
and with one typical wrong answer.
"""

import importlib.util
import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from mlp_kit import cli, selfcheck
from tests.conftest import ROOT

STUB = 'raise NotImplementedError("Replace this line with your solution.")'


def answer(grade_id, source):
    meta = {"nbgrader": {"grade": False, "solution": True, "locked": False, "grade_id": grade_id,
                         "schema_version": 3}}
    return new_code_cell(source, metadata=meta)


def graded(grade_id, source, points):
    meta = {"nbgrader": {"grade": True, "solution": False, "locked": True, "grade_id": grade_id,
                         "points": points, "schema_version": 3}}
    return new_code_cell(source, metadata=meta)


def write(nb, folder, name="lesson.ipynb"):
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


# ---------------------------------------------------------------- every verdict, on a small notebook


def toy_notebook():
    return new_notebook(cells=[
        new_markdown_cell("# A toy lesson"),
        new_code_cell("from mlp_kit.testing import assert_equal\nopen('cwd_marker.txt', 'w').write('here')"),
        new_markdown_cell("### Exercise 1 — add two numbers (1 point)"),
        answer("add", "def add(a, b):\n    return a + b"),
        graded("add_tests", '"""add adds."""\nassert_equal(add(1, 2), 3, "add(1, 2)")', 1),
        new_markdown_cell("### Exercise 2 — double (2 points)"),
        answer("double", f"def double(x):\n    # YOUR CODE HERE\n    {STUB}"),
        graded("double_tests", "assert_equal(double(2), 4, 'double(2)')", 2),
        new_markdown_cell("### Exercise 3 — quadruple, with your double (1 point)"),
        answer("quadruple", "def quadruple(x):\n    return double(double(x))"),
        graded("quadruple_tests", "assert_equal(quadruple(1), 4, 'quadruple(1)')", 1),
        new_markdown_cell("### Exercise 4 — a list (1 point)"),
        answer("pair", "def pair():\n    return [1, 2]"),
        graded("pair_tests", "assert_equal(pair(), [1, 3], 'pair()')", 1),
        answer("bare", "value = 5"),
        graded("bare_tests", "x = 1\nassert value == 6", 1),
        answer("syntax", "def broken(:\n    pass"),
        graded("syntax_tests", "broken()", 1),
        answer("endless", "import time\nwhile True:\n    time.sleep(0.05)"),
        graded("endless_tests", "pass", 1),
        answer("after", "z = 1"),
        graded("after_tests_a", "assert z == 1", 1),
        graded("after_tests_b", "assert z + 1 == 2", 2),
    ])


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    path = write(toy_notebook(), tmp_path_factory.mktemp("toy"))
    before = path.read_bytes()
    report = selfcheck.check_notebook(path, timeout=4)
    return path, before, report, {e.grade_id: e for e in report.exercises}



@pytest.mark.slow
def test_each_exercise_gets_its_verdict(toy):
    _, _, report, ex = toy
    assert list(ex) == ["add", "double", "quadruple", "pair", "bare", "syntax", "endless", "after"]
    assert {k: e.status for k, e in ex.items()} == {
        "add": "passed", "double": "not attempted", "quadruple": "failed", "pair": "failed", "bare": "failed",
        "syntax": "failed", "endless": "failed", "after": "passed"}
    assert ex["add"].title == "Exercise 1 — add two numbers"
    assert ex["after"].points == 3 and ex["after"].earned == 3


@pytest.mark.slow
def test_failure_messages_say_what_went_wrong(toy):
    _, _, _, ex = toy
    assert ex["pair"].message.startswith("ExerciseFailure: pair(): returned [1. 2.], expected [1. 3.]")
    assert ex["quadruple"].message == "it uses an earlier exercise that is not done yet (NotImplementedError)"
    assert ex["bare"].message == "AssertionError in `assert value == 6`"
    assert ex["syntax"].message.startswith("your answer cell raised SyntaxError")
    assert "TimeoutError" in ex["endless"].message and "longer than 4" in ex["endless"].message
    assert ex["double"].message == ""


@pytest.mark.slow
def test_score_counts_points_of_passing_test_cells(toy):
    _, _, report, _ = toy
    assert report.total == 1 + 2 + 1 + 1 + 1 + 1 + 1 + 3
    assert report.earned == 1 + 3
    assert not report.all_passed


@pytest.mark.slow
def test_runs_in_the_notebook_folder_and_never_modifies_it(toy):
    path, before, _, _ = toy
    assert (path.parent / "cwd_marker.txt").read_text() == "here"
    assert path.read_bytes() == before


@pytest.mark.slow
def test_table_shows_every_exercise_and_the_score(toy):
    _, _, report, _ = toy
    text = selfcheck.format_report(report)
    assert "exercise" in text and "result" in text and "points" in text
    assert "Exercise 1 — add two numbers" in text
    assert "not attempted" in text and "ExerciseFailure: pair(): returned" in text
    assert "Visible tests: 4 of 11 points (36%)" in text
    assert "\x1b[" not in text  # colour only on a terminal
    assert "\x1b[32m" in selfcheck.format_report(report, colour=True)


# ---------------------------------------------------------------- the command line


def test_cli_reports_missing_and_broken_files(tmp_path, capsys):
    assert cli.main(["check", str(tmp_path / "nope.ipynb")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "broken.ipynb").write_text("{ not json")
    assert cli.main(["check", str(tmp_path / "broken.ipynb")]) == 2
    assert "not a readable Jupyter notebook" in capsys.readouterr().err
    plain = write(new_notebook(cells=[new_code_cell("1 + 1")]), tmp_path / "plain")
    assert cli.main(["check", str(plain)]) == 2
    assert "has no exercises" in capsys.readouterr().err
    assert cli.main(["check", str(tmp_path / "plain")]) == 2  # a folder with one notebook in it
    assert "has no exercises" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_exit_codes_and_json(tmp_path, capsys):
    solved = write(new_notebook(cells=[answer("one", "x = 1"), graded("one_tests", "assert x == 1", 2)]),
                   tmp_path / "solved")
    assert cli.main(["check", str(solved)]) == 0
    out = capsys.readouterr().out
    assert "passed" in out and "2 of 2 points (100%)" in out
    wrong = write(new_notebook(cells=[answer("one", "x = 2"), graded("one_tests", "assert x == 1", 2)]),
                  tmp_path / "wrong")
    assert cli.main(["check", "--json", str(wrong)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["exercises"][0]["status"] == "failed" and data["earned"] == 0 and data["total"] == 2


# ---------------------------------------------------------------- lesson 01


LESSON = "01_neurons"


def reference_answers():
    nb = nbformat.read(ROOT / "solutions" / LESSON / f"{LESSON}.ipynb", as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def wrong_answer(name, grade_id):
    spec = importlib.util.spec_from_file_location("wrong01", ROOT / "tests" / "submissions" / f"{LESSON}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG_ANSWERS[name]["answers"][grade_id]


@pytest.mark.slow
def test_blank_lesson_is_not_attempted():
    report = selfcheck.check_notebook(ROOT / "lessons" / LESSON / f"{LESSON}.ipynb")
    assert [e.status for e in report.exercises] == ["not attempted"] * 5
    assert report.earned == 0 and report.total == 11 and not report.hidden_tests


@pytest.mark.slow
def test_solution_passes_everything():
    report = selfcheck.check_notebook(ROOT / "solutions" / LESSON)
    assert [e.status for e in report.exercises] == ["passed"] * 5
    assert report.earned == report.total == 11 and report.all_passed and report.hidden_tests


@pytest.mark.slow
def test_one_wrong_answer_fails_with_its_message(tmp_path):
    nb = nbformat.read(ROOT / "lessons" / LESSON / f"{LESSON}.ipynb", as_version=4)
    answers = {**reference_answers(), "tlu_forward": wrong_answer("strict_step", "tlu_forward")}
    del answers["xor_failure"]  # left as the learner got it
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    report = selfcheck.check_notebook(write(nb, tmp_path / LESSON, f"{LESSON}.ipynb"))
    ex = {e.grade_id: e for e in report.exercises}
    assert {k: e.status for k, e in ex.items()} == {
        "tlu_forward": "failed", "perceptron_update": "passed", "perceptron_train": "passed",
        "xor_failure": "not attempted", "convergence_bound": "passed"}
    assert ex["tlu_forward"].message.startswith(
        "ExerciseFailure: tlu_predict(X_gate, [1, 1], -1.0) (z = 0 must give 1): returned")
    assert "expected" in ex["tlu_forward"].message
    assert report.earned == 11 - 2 - 2
