"""The pieces of ``mlp-kit grade`` that need no kernel: fast checks, one idea each.

wire (plain data only crosses the sandbox wall), lesson (the plan comes from
the instructor's notebook), submission (answers found in damaged notebooks),
sandbox (what the command binds and hides), report (escaping, no hidden
tests), collect (LMS downloads) and the ``mlp-kit`` command registry.
"""

import json
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest

from mlp_kit import cli
from mlp_kit.grading import collect, report, submission, wire
from mlp_kit.grading import sandbox as sb
from mlp_kit.grading.course import Course
from mlp_kit.grading.lesson import Lesson, strip_solution
from mlp_kit.grading.scoring import StudentResult
from mlp_kit.grading.scoring import TestResult as Verdict

ROOT = Path(__file__).resolve().parent.parent
LESSON = "01_neurons"


@pytest.fixture(scope="module")
def lesson():
    return Lesson.load(Course.load(ROOT), LESSON)


# ------------------------------------------------------------------ wire


def _roundtrip(value):
    data = json.loads(json.dumps(wire.encode(value, lambda obj: {"id": 1})))
    return wire.decode(data, lambda info: ("handle", info))


@pytest.mark.parametrize("value", [
    None, True, 3, -(2**70), 2.5, float("inf"), 1 + 2j, "text", b"\x00\xff", [1, [2.0]],
    (1, "a"), {"k": (1, 2), 3: None}, {1, 2}, frozenset({"x"}),
    np.float32(1.5), np.int64(7), np.bool_(True),
    np.arange(6, dtype=np.float64).reshape(2, 3), np.array(3.0), np.array(["a", "bc"]),
])
def test_plain_data_round_trips_with_its_type(value):
    back = _roundtrip(value)
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape
        assert np.array_equal(back, value)
    else:
        assert back == value


def test_nan_round_trips():
    assert np.isnan(_roundtrip(float("nan")))


def test_anything_else_becomes_a_handle():
    class AlwaysEqual:
        def __eq__(self, other):
            return True

    assert _roundtrip(AlwaysEqual()) == ("handle", {"id": 1})
    assert _roundtrip([AlwaysEqual()])[0][0] == "handle"
    # subclasses of plain types lose their behaviour: only the data crosses
    class Sneaky(list):
        def __eq__(self, other):
            return True

    assert _roundtrip(Sneaky([1]))[0] == "handle"
    assert _roundtrip(np.array([object()], dtype=object))[0] == "handle"


@pytest.mark.parametrize("bad", [
    {"$nd": {"dtype": "|O", "shape": [1], "data": ""}},
    {"$nd": {"dtype": "<f8", "shape": [1000], "data": "AAAA"}},
    {"$nd": {"dtype": [["a", "<f8"]], "shape": [1], "data": "AAAAAAAAAAA="}},
    {"$eval": "__import__('os')"},
    {"$dict": [[[1], 2]]},
    {"$float": "1e999999"},
    {"$tuple": "not a list"},
])
def test_malformed_or_dangerous_data_is_refused(bad):
    with pytest.raises((wire.WireError, TypeError, ValueError)):
        wire.decode(bad, lambda info: None)


def test_deep_nesting_is_refused():
    deep = []
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(wire.WireError):
        wire.encode(deep, lambda obj: {})


# ------------------------------------------------------------------ lesson plan


def test_plan_comes_from_the_instructor_notebook(lesson):
    assert [c.name for c in lesson.tests] == [
        "tlu_forward_tests", "perceptron_update_tests", "perceptron_train_tests",
        "xor_failure_tests", "convergence_bound_tests"]
    assert lesson.max_total == 11
    first = lesson.tests[0]
    assert first.hidden and "BEGIN HIDDEN TESTS" not in first.visible_source
    assert "X3 = np.array" in first.source and "X3 = np.array" not in first.visible_source


def test_names_are_resolved_where_the_instructor_bound_them(lesson):
    test = lesson.tests[0]
    assert lesson.origin("assert_equal", test.index)[0] == "import"
    assert lesson.origin("np", test.index)[0] == "import"
    assert lesson.origin("tlu_predict", test.index)[0] == "kernel"
    assert lesson.origin("X_gate", test.index)[0] == "kernel"
    assert lesson.origin("len", test.index)[0] == "builtin"


def _cell(kind, source, grade_id=None, points=0):
    if kind == "markdown":
        return nbformat.v4.new_markdown_cell(source)
    meta = {"solution": kind == "answer", "grade": kind == "test", "locked": kind != "answer"}
    if grade_id:
        meta.update(grade_id=grade_id, points=points)
    return nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta})


def test_an_exercise_is_its_answers_and_the_tests_after_them():
    nb = nbformat.v4.new_notebook(cells=[
        _cell("test", "assert True", "setup_tests", 1),            # tests before any answer
        _cell("markdown", "### Exercise 1 — double it (3 points)"),
        _cell("answer", "def double(x): return 2 * x", "double"),
        _cell("code", "print(double(2))"),
        _cell("test", "assert double(2) == 4", "double_tests", 2),
        _cell("test", "assert double(0) == 0", "double_more_tests", 1),
        _cell("markdown", "### Exercise 2: two cells, one test"),
        _cell("answer", "a = 1", "part_a"),
        _cell("answer", "b = 2", "part_b"),
        _cell("test", "assert a + b == 3", "sum_tests", 2),
        _cell("answer", "c = 3", "ungraded"),                      # no test after it: no exercise
    ])
    lesson = Lesson.read(nb, "toy")
    got = [(e.name, e.title, [a.name for a in e.answers], [t.name for t in e.tests], e.points, e.stated_points)
           for e in lesson.exercises]
    assert got == [
        ("setup_tests", "", [], ["setup_tests"], 1, None),
        ("double", "Exercise 1 — double it", ["double"], ["double_tests", "double_more_tests"], 3, 3),
        ("part_a", "Exercise 2 — two cells, one test", ["part_a", "part_b"], ["sum_tests"], 2, None),
    ]
    assert [t.position for t in lesson.tests] == [0, 4, 5, 9]
    assert lesson.max_total == 6


def test_strip_solution_gives_the_released_stub():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
    assert strip_solution(source) == "def f(x):\n    # YOUR CODE HERE\n"


# ------------------------------------------------------------------ submissions


def _release():
    return nbformat.read(ROOT / "lessons" / LESSON / f"{LESSON}.ipynb", 4)


def _write(tmp_path, nb):
    path = tmp_path / "nb.ipynb"
    path.write_text(nb if isinstance(nb, str) else nbformat.writes(nb))
    return path


def test_answers_matched_by_grade_id(tmp_path, lesson):
    nb = _release()
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "tlu_forward":
            cell.source = "def tlu_predict(X, w, b):\n    return 42\n"
    match = submission.read(_write(tmp_path, nb), lesson)
    assert match.answers["tlu_forward"].endswith("return 42\n")
    assert set(match.how.values()) == {"id"} and not match.notes


def test_answers_found_without_metadata(tmp_path, lesson):
    nb = _release()
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "perceptron_update":
            cell.source = "def perceptron_update(w, b, x, y, lr=1.0):\n    return 'mine'\n"
        cell.metadata = {}
    match = submission.read(_write(tmp_path, nb), lesson)
    assert "'mine'" in match.answers["perceptron_update"]
    assert match.how["perceptron_update"] in ("position", "content")
    assert all(how != "missing" for how in match.how.values())


def test_answer_found_among_extra_cells_by_content(tmp_path, lesson):
    nb = _release()
    out = []
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid == "tlu_forward":
            scratch = nbformat.v4.new_code_cell("print('trying things')")
            cell.metadata = {}
            cell.source = "def tlu_predict(X, w, b):\n    return (X @ w + b >= 0).astype(int)\n"
            out += [scratch, cell]
            continue
        out.append(cell)
    nb.cells = out
    match = submission.read(_write(tmp_path, nb), lesson)
    assert "astype(int)" in match.answers["tlu_forward"]
    assert match.how["tlu_forward"] == "content"


def test_duplicated_answer_grades_the_first_copy(tmp_path, lesson):
    nb = _release()
    i = next(i for i, c in enumerate(nb.cells)
             if c.metadata.get("nbgrader", {}).get("grade_id") == "tlu_forward")
    first = nbformat.from_dict(json.loads(json.dumps(nb.cells[i])))
    first["id"] = "first-copy"
    first.source = "# first copy"
    nb.cells.insert(i, first)
    match = submission.read(_write(tmp_path, nb), lesson)
    assert match.answers["tlu_forward"] == "# first copy"
    assert any("appears 2 times" in n for n in match.notes)


@pytest.mark.parametrize("text, why", [
    ("{not json", "not valid JSON"),
    ('{"metadata": {}}', "no list of cells"),
    ("[1, 2, 3]", "no list of cells"),
    ("", "not valid JSON"),
])
def test_broken_files_are_reported_not_raised(tmp_path, lesson, text, why):
    match = submission.read(_write(tmp_path, text), lesson)
    assert match.problem.startswith("invalid notebook") and why in match.problem


def test_list_sources_and_odd_cells_are_tolerated(tmp_path, lesson):
    nb = json.loads(nbformat.writes(_release()))
    for cell in nb["cells"]:
        if isinstance(cell["source"], str):
            cell["source"] = cell["source"].splitlines(keepends=True)
    assert any(isinstance(c["source"], list) and len(c["source"]) > 1 for c in nb["cells"])
    nb["cells"].insert(0, "not a cell")
    nb["cells"].insert(0, {"cell_type": "code"})
    match = submission.read(_write(tmp_path, json.dumps(nb)), lesson)
    assert not match.problem and "NotImplementedError" in match.answers["tlu_forward"]


# ------------------------------------------------------------------ sandbox command


def test_sandbox_shows_only_what_student_code_needs(tmp_path):
    box = sb.Sandbox(tool="/usr/bin/bwrap", read_only=[Path("/opt/venv"), Path("/srv/mlp_kit")],
                     python="/opt/venv/bin/python")
    argv = sb.kernel_command(box, ["-m", "ipykernel_launcher"], run_dir=tmp_path / "run",
                             seed_dir=tmp_path / "seed", worker=3)
    joined = " ".join(argv)
    for flag in ("--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv"):
        assert flag in argv
    binds = [argv[i + 1] for i, a in enumerate(argv) if a in ("--bind", "--ro-bind")]
    assert set(binds) <= {"/usr", "/opt/venv", "/srv/mlp_kit", str(tmp_path / "run"),
                          str(tmp_path / "seed")} | {f"/{d}" for d in ("bin", "lib", "lib64", "sbin")}
    assert "NBGRADER" not in joined and "JPY_PARENT_PID" not in joined
    # the tmpfs comes before the binds that must show inside /tmp
    assert argv.index("/tmp") < argv.index(str(tmp_path / "run"))


def test_a_read_only_path_holding_secrets_is_refused(tmp_path):
    (tmp_path / "solutions").mkdir()
    with pytest.raises(sb.SandboxError, match="must not see"):
        sb.configure(tmp_path, extra_read_only=[tmp_path], secret=[tmp_path / "solutions"])


def test_no_sandbox_is_said_loudly():
    box = sb.Sandbox(tool=None, problem="bubblewrap is not installed")
    text = sb.describe(box)
    assert text.startswith("WARNING: NO SANDBOX") and "solutions/" in text


# ------------------------------------------------------------------ reports


def _result(message="<script>alert(1)</script>", hidden=False):
    return StudentResult(
        student="<b>eve</b>", lesson=LESSON,
        tests=[Verdict("tlu_forward_tests", 0.0, 2.0, "failed", message, hidden=hidden,
                          detail="secret hidden message")],
        problems=["timeout in tlu_forward"])


def test_feedback_escapes_student_text_and_hides_hidden_tests(lesson):
    page = report.feedback_html(lesson, _result())
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>eve</b>" not in page
    assert "X3 = np.array" not in page and "BEGIN HIDDEN" not in page
    assert "secret hidden message" not in page
    assert "tlu_predict(X_gate, [1, 1], -1.5)" in page   # the visible tests are shown
    assert "<h2>Exercise 1 — the TLU forward pass</h2>" in page   # grouped by exercise, as titled
    assert page.count("<h3>") == len(lesson.tests)


def test_grades_csv_columns(lesson):
    text = report.grades_csv(lesson, [_result()])
    header = text.splitlines()[0].split(",")
    assert header == ["student_id", *[t.name for t in lesson.tests], "total", "max_total",
                      "status", "notes"]
    assert "timeout in tlu_forward" in text


def test_atomic_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "x.json"
    report.atomic_write(target, "old")
    with pytest.raises(TypeError):
        report.atomic_write(target, 123)   # fails while writing
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


# ------------------------------------------------------------------ collect


def _zip(tmp_path, names):
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name in names:
            zf.writestr(name, json.dumps({"cells": [], "name": name}))
    return path


def test_collect_canvas_moodle_and_nbgrader_names(tmp_path):
    download = _zip(tmp_path, [
        "doejane_12345_678901_01_neurons.ipynb",          # Canvas
        "smithbob_late_22222_1_01_neurons-1.ipynb",       # Canvas, late
        "Ann Lee_777_assignsubmission_file_/01_neurons.ipynb",  # Moodle
        "kim/01_neurons/01_neurons.ipynb",                 # nbgrader layout
        "notes.ipynb",                                     # nobody's
        "../../escape_01_neurons.ipynb",                   # a path trying to leave the folder
    ])
    rep = collect.collect("01_neurons", download, tmp_path / "submitted")
    # the archive's own path is never used on disk: "../../escape" lands inside the folder
    assert set(rep.placed) == {"doejane", "smithbob", "777", "kim", "escape"}
    for student in rep.placed:
        assert (tmp_path / "submitted" / student / "01_neurons" / "01_neurons.ipynb").is_file()
    assert {name for name, _ in rep.unmatched} >= {"notes.ipynb"}
    assert not (tmp_path.parent / "escape_01_neurons.ipynb").exists()
    assert all(".." not in p.parts for p in (tmp_path / "submitted").rglob("*"))


def test_collect_with_roster_reports_missing_and_duplicates(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\nabc1,A\nxyz9,X\nqqq,Q\n")
    folder = tmp_path / "dl"
    folder.mkdir()
    for name in ["HW1 abc1 first try.ipynb", "HW1 abc1 final.ipynb", "hw-xyz9.ipynb",
                 "stranger.ipynb"]:
        (folder / name).write_text("{}")
    import os
    os.utime(folder / "HW1 abc1 final.ipynb", (2e9, 2e9))
    rep = collect.collect("01_neurons", folder, tmp_path / "out",
                          roster=collect.read_roster(roster))
    assert set(rep.placed) == {"abc1", "xyz9"}
    assert rep.placed["abc1"] == "HW1 abc1 final.ipynb"
    assert rep.duplicates == [("abc1", ["HW1 abc1 first try.ipynb"])]
    assert rep.absent == ["qqq"]
    assert [n for n, _ in rep.unmatched] == ["stranger.ipynb"]
    lines = "\n".join(rep.lines("01_neurons", "out"))
    assert "qqq" in lines and "stranger.ipynb" in lines


def test_collect_never_overwrites_without_force(tmp_path):
    download = _zip(tmp_path, ["doejane_1_2_01_neurons.ipynb"])
    collect.collect("01_neurons", download, tmp_path / "s")
    target = tmp_path / "s" / "doejane" / "01_neurons" / "01_neurons.ipynb"
    target.write_text("graded already")
    rep = collect.collect("01_neurons", download, tmp_path / "s")
    assert rep.kept == ["doejane"] and target.read_text() == "graded already"
    collect.collect("01_neurons", download, tmp_path / "s", force=True)
    assert target.read_text() != "graded already"


# ------------------------------------------------------------------ the command


def test_commands_are_registered_in_one_place_and_imported_lazily(capsys):
    import sys

    for module, _ in cli.COMMANDS.values():
        sys.modules.pop(module, None)
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "grade" in capsys.readouterr().out
    assert "mlp_kit.grading.batch" not in sys.modules
    with pytest.raises(SystemExit):
        cli.main(["grade", "--help"])
    out = capsys.readouterr().out
    for option in ("--submissions", "--jobs", "--timeout", "--memory", "--out", "--force",
                   "--student"):
        assert option in out


def test_collect_command_runs(tmp_path, capsys):
    download = _zip(tmp_path, ["doejane_1_2_01_neurons.ipynb", "mystery.ipynb"])
    code = cli.main(["collect", "01_neurons", str(download), "--submissions",
                     str(tmp_path / "submitted")])
    out = capsys.readouterr().out
    assert code == 0 and "1 notebooks of 01_neurons placed" in out and "mystery.ipynb" in out


# ------------------------------------------------------------------ gradebook


@pytest.mark.slow
def test_a_lesson_unknown_to_the_gradebook_is_registered_without_touching_lessons(tmp_path):
    import shutil

    from mlp_kit.grading import gradebook

    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(ROOT / "solutions" / LESSON, tmp_path / "solutions" / LESSON)
    course = Course.load(tmp_path)
    plan = Lesson.load(course, LESSON)
    gradebook.ensure_lesson(course, plan)
    assert not (tmp_path / "lessons").exists()
    result = StudentResult(student="ada", lesson=LESSON,
                           tests=[Verdict(t.name, t.points, t.points, "passed") for t in plan.tests])
    gradebook.record(course.db_url, plan, [result])
    gradebook.record(course.db_url, plan, [result])   # twice: same grades, no error
    assert gradebook.scores(course.db_url, plan, ["ada"]) == {"ada": result.scores()}
    assert gradebook.roster(course.db_url) == ["ada"]


# ------------------------------------------------------------------ preprocessors


def test_student_versions_lose_the_saved_widget_state_in_plain_nbgrader():
    """nbgrader_config.py appends ClearWidgetState to generate_assignment's own steps."""
    from traitlets.config import PyFileConfigLoader

    from mlp_kit.grading.preprocessors import ClearWidgetState

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    steps = config.GenerateAssignment.preprocessors
    assert steps[-1] is ClearWidgetState and len(steps) > 10   # nbgrader's steps kept
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {"plot": "solution"}},
                                            "language_info": {"name": "python"}})
    nb, _ = ClearWidgetState().preprocess(nb, {})
    assert "widgets" not in nb.metadata and nb.metadata.language_info.name == "python"
