"""What a learner meets first in every lesson, checked on the stored solution notebooks (fast, no kernel).

- The first cell is the lesson's introduction: ``# NN — Title``, **What you will learn**,
  **Time**, and **How to check your answers** (pointing to ``mlp-kit check``).
- No stored output carries TensorFlow / absl start-up log lines (``import mlp_kit`` silences them).
- Every lesson shows at least one figure (a stored image output).
- The student version in lessons/ carries no outputs and no widget state.
"""

import re

import nbformat
import pytest

from tests.browser.lab import TF_LOG_RE
from tests.conftest import ROOT

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
