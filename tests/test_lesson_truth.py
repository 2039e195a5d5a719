"""The numbers a lesson's prose quotes are the numbers its cells show (see tests/lesson_truth.py).

Runs on the stored solution notebooks, no kernel: fast. When it fails, either the
prose drifted from the outputs (fix the prose, or re-execute and re-read), or the
number is a fact from elsewhere: list it in tests/prose_numbers/<lesson>.txt with
its reason.
"""

import copy

import nbformat
import pytest

from tests.conftest import ROOT
from tests.lesson_truth import allowed_numbers, prose_numbers, shown_numbers, unshown

LESSONS = sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file())


def notebook(lesson):
    return nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)


def describe(nb, quoted):
    lines = []
    for q in quoted:
        source = nb.cells[q.cell].source
        at = source.find(q.text.split()[0].rstrip("%"))
        lines.append(f"cell {q.cell}: {q.text!r} in '…{source[max(0, at - 60):at + 40]}…'".replace("\n", " "))
    return "\n  ".join(lines)


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_number_in_the_prose_is_shown_beside_it(lesson):
    nb = notebook(lesson)
    missing = unshown(nb, allowed_numbers(lesson))
    assert not missing, (
        f"{lesson}: numbers in the text that no cell beside them shows (fix the text, or list a fact from "
        f"elsewhere in tests/prose_numbers/{lesson}.txt with its reason):\n  {describe(nb, missing)}")


@pytest.mark.parametrize("lesson", LESSONS)
def test_allow_list_holds_only_numbers_the_text_still_quotes_and_no_cell_shows(lesson):
    nb = notebook(lesson)
    quoted = {q.text for q in prose_numbers(nb)}
    needed = {q.text for q in unshown(nb)}
    stale = [n for n in allowed_numbers(lesson) if n not in quoted or n not in needed]
    assert not stale, (f"tests/prose_numbers/{lesson}.txt lists {stale}: no longer in the text, or now shown "
                       f"by a cell (remove the line)")


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_allowed_number_has_a_reason(lesson):
    blank = [n for n, reason in allowed_numbers(lesson).items() if not reason]
    assert not blank, f"tests/prose_numbers/{lesson}.txt: give a reason after '#' for {blank}"


# ------------------------------------------------------------------ the checker itself


def tiny(markdown, output, code="print(x)"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 99 — T"), nbformat.v4.new_code_cell(code),
                nbformat.v4.new_markdown_cell(markdown)]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    return nb


@pytest.mark.parametrize("markdown, output", [
    ("Accuracy is 0.85.", "accuracy 0.8512\n"),                  # rounded to the digits written
    ("Accuracy is 85 %.", "accuracy 0.8512\n"),                  # a fraction quoted as a percentage
    ("Accuracy is 85.1 %.", "accuracy 0.8512\n"),
    ("It has 4,796,679 parameters.", "Total params: 4796679\n"),  # thousands separators
    ("It has 144 million parameters.", "143,667,240\n"),          # millions
    ("Start at 10⁻⁵.", "lr 1e-05\n"),                              # superscript exponents
    ("The kink is at −1704.", "kink at x = -1704.3\n"),           # signs are not compared
])
def test_numbers_match_outputs_as_written(markdown, output):
    assert unshown(tiny(markdown, output)) == []


@pytest.mark.parametrize("markdown, output", [
    ("Accuracy is 0.85.", "accuracy 0.8612\n"),
    ("Accuracy is 85 %.", "accuracy 0.8412\n"),
    ("It has 4,796,679 parameters.", "Total params: 4796680\n"),
    ("It has 144 million parameters.", "142,667,240\n"),
    ("Start at 10⁻⁵.", "lr 1e-04\n"),
    ("The best epoch fell from 17 to 15.", "best epochs: 17, 16\n"),
])
def test_a_number_the_outputs_do_not_show_is_reported(markdown, output):
    assert [q.text for q in unshown(tiny(markdown, output))], f"{markdown!r} passed against {output!r}"


def test_code_literals_count_but_formulas_and_small_integers_do_not():
    nb = tiny("We train for 30 epochs with `Dense(300)`, $W_{784}$, in 3 steps.", "", code="fit(epochs=30)")
    assert [q.text for q in prose_numbers(nb)] == ["30"]
    assert unshown(nb) == []


def test_a_number_far_from_the_cell_that_shows_it_is_reported():
    nb = tiny("placeholder", "accuracy 0.8512\n")
    nb.cells += [nbformat.v4.new_code_cell("pass") for _ in range(10)]
    nb.cells.append(nbformat.v4.new_markdown_cell("Accuracy is 0.85."))
    assert [q.text for q in unshown(nb)] == ["0.85"]
    nb.cells[-1].source = "## Summary\nAccuracy is 0.85."                 # a recap may quote any cell
    assert unshown(nb) == []


def test_changing_a_quoted_output_in_a_real_lesson_is_caught():
    """Lesson 05 quotes Keras' total for the 784-300-100-10 MLP; a changed output must fail the check."""
    lesson = "05_counting_parameters"
    nb = notebook(lesson)
    assert 266610.0 in shown_numbers(nb) and "266,610" in {q.text for q in prose_numbers(nb)}
    assert "266,610" not in [q.text for q in unshown(nb, allowed_numbers(lesson))]
    changed = copy.deepcopy(nb)
    for cell in changed.cells:
        for out in cell.get("outputs", []):
            if "text" in out:
                out["text"] = out["text"].replace("266,610", "266,611").replace("266610", "266611")
            for kind, value in out.get("data", {}).items():
                if isinstance(value, str):
                    out["data"][kind] = value.replace("266,610", "266,611").replace("266610", "266611")
        if cell.cell_type == "code":
            cell.source = cell.source.replace("266610", "266611").replace("266_610", "266_611")
    assert "266,610" in [q.text for q in unshown(changed, allowed_numbers(lesson))]
