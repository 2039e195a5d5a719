"""Every solution notebook, run in real JupyterLab through Run > Run All Cells, as a learner would.

Per lesson (found on disk, so a new lesson is tested as soon as it lands):
- no cell shows an error (cells tagged ``raises-exception`` may), and every code cell ran;
- every cell that shows a plot (stored image output, or ``plt.show()``) displays a decoded image;
- no TensorFlow / absl log lines reach the notebook;
- every interactive widget renders, and moving each of its controls changes what it displays.

Screenshots (artifacts/browser/): ``solutions-<lesson>.jpg`` (the whole notebook after the run),
``solutions-<lesson>-error-<cell>.png`` for any error cell, and per widget
``solutions-<lesson>-widget<k>-before.png`` / ``...-after-<control>.png``.
"""

import time
import warnings

import nbformat
import pytest

from tests.browser.checks import (
    broken_widget_count,
    cells_without_image,
    error_cells,
    exercise_widgets,
    short,
    tensorflow_log_lines,
    widget_roots,
)
from tests.browser.conftest import lesson_notebooks, record_slow_cells, record_time

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSONS = lesson_notebooks("solutions")
RUN_TIMEOUT = 300  # seconds for one notebook; the budget is 60 s (CONTRIBUTING.md)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def stored_notebook(server, lesson):
    """The solution notebook as it was when the suite copied it (with its stored outputs)."""
    return nbformat.read(server.workdir / "stored" / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)


def plot_cells(nb):
    """Indices of cells that display a plot: a stored image output, or a ``plt.show()`` call."""
    found = set()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if any("image/png" in out.get("data", {}) for out in cell.outputs) or "plt.show()" in cell.source:
            found.add(index)
    return sorted(found)


def stored_widget_count(nb):
    return sum(WIDGET_VIEW in out.get("data", {}) for c in nb.cells if c.cell_type == "code" for out in c.outputs)


@pytest.fixture(scope="module", params=LESSONS)
def lesson_run(request, open_notebook, lab_server):
    """Open one solution notebook, Run All Cells, and keep the page for this lesson's tests."""
    lesson = request.param
    start = time.monotonic()
    nb = open_notebook(f"solutions/{lesson}/{lesson}.ipynb")
    record_time(f"open + start kernel: {lesson}", time.monotonic() - start)
    seconds, finished = nb.run_all(timeout=RUN_TIMEOUT)
    record_time(f"run all: {lesson}", seconds)
    start = time.monotonic()
    nb.screenshot(f"solutions-{lesson}", whole_notebook=True)
    record_time(f"screenshot: {lesson}", time.monotonic() - start)
    run = {"lesson": lesson, "page": nb, "seconds": seconds, "finished": finished, "cells": nb.cells(),
           "stored": stored_notebook(lab_server, lesson), "dialogs": nb.dialogs()}
    record_slow_cells(lesson, run["cells"], nb.live_output)
    yield run
    nb.close()
    lab_server.shutdown_kernels()


def test_no_cell_shows_an_error(lesson_run):
    run, nb = lesson_run, lesson_run["page"]
    assert run["finished"], (
        f"{run['lesson']}: cells still running after {RUN_TIMEOUT} s (the budget is 60 s); "
        f"see artifacts/browser/solutions-{run['lesson']}.jpg")
    assert not run["dialogs"], f"{run['lesson']}: a dialog is open after Run All: {short(run['dialogs'])}"
    problems = error_cells(nb, run["cells"], f"solutions-{run['lesson']}")
    assert not problems, f"{run['lesson']} in JupyterLab:\n  " + "\n  ".join(problems)


def test_plots_show_as_images(lesson_run):
    run, nb = lesson_run, lesson_run["page"]
    expected = plot_cells(run["stored"])
    assert expected, f"{run['lesson']} shows no plot at all (no stored image, no plt.show())"
    missing = cells_without_image(nb, expected)
    assert not missing, (
        f"{run['lesson']}: no image displayed in cell(s) {missing}, which show a plot "
        f"(first lines: {[short(run['stored'].cells[i].source.splitlines()[0], 80) for i in missing]})")


def test_no_tensorflow_log_lines(lesson_run):
    noisy = tensorflow_log_lines(lesson_run["cells"])
    assert not noisy, (
        f"{lesson_run['lesson']}: TensorFlow log lines reach the learner (import mlp_kit before keras):\n  "
        + "\n  ".join(noisy))


def test_widgets_respond(lesson_run):
    run, nb = lesson_run, lesson_run["page"]
    lesson = run["lesson"]
    expected = stored_widget_count(run["stored"])
    rendered = widget_roots(nb.page).count()
    broken = broken_widget_count(nb.page)
    assert broken == 0, f"{lesson}: {broken} widget(s) show 'Error displaying widget' / 'Loading widget...'"
    if expected == 0:   # a lesson without widgets (11): nothing may render as one either
        assert rendered == 0, f"{lesson}: the stored notebook has no widget, JupyterLab rendered {rendered}"
        return
    assert rendered >= expected, (
        f"{lesson}: the stored notebook shows {expected} widget(s), JupyterLab rendered {rendered} "
        f"(the others display as text: the widget manager is not working)")
    start = time.monotonic()
    operated, dead, notes = exercise_widgets(nb, f"solutions-{lesson}")
    record_time(f"widgets: {lesson}", time.monotonic() - start)
    for note in notes:
        warnings.warn(f"{lesson}, {note}", stacklevel=1)
    assert operated, f"{lesson}: widgets rendered but none has a control to move"
    assert not dead, f"{lesson}: dead widget(s):\n  " + "\n  ".join(dead)
