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

import re
import time
import warnings

import nbformat
import pytest

from tests.browser.conftest import lesson_notebooks, record_slow_cells, record_time
from tests.browser.lab import TF_LOG_RE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSONS = lesson_notebooks("solutions")
RUN_TIMEOUT = 300  # seconds for one notebook; the budget is 60 s (CONTRIBUTING.md)
WIDGET_TIMEOUT = 90  # seconds for a widget to redraw after a control moved
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


def short(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
    problems = []
    for cell in run["cells"]:
        if cell["type"] != "code" or "raises-exception" in cell["tags"]:
            continue
        errors = [o for o in cell["outputs"] if o["type"] == "error"]
        if errors:
            shot = nb.screenshot(f"solutions-{run['lesson']}-error-{cell['index']}", element=nb.cell(cell["index"]))
            first_line = cell["source"].strip().splitlines()[0] if cell["source"].strip() else ""
            problems.append(f"cell {cell['index']} ({first_line!r}) shows {errors[0]['ename']}: "
                            f"{short(errors[0]['evalue'], 200)} [{shot.name}]")
        elif cell["count"] is None and cell["source"].strip():
            problems.append(f"cell {cell['index']} never ran (Run All stopped before it)")
    assert not problems, f"{run['lesson']} in JupyterLab:\n  " + "\n  ".join(problems)


def test_plots_show_as_images(lesson_run):
    run, nb = lesson_run, lesson_run["page"]
    expected = plot_cells(run["stored"])
    assert expected, f"{run['lesson']} shows no plot at all (no stored image, no plt.show())"
    rendered = nb.page.evaluate(
        """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(cell =>
              [...cell.querySelectorAll('.jp-OutputArea img')].filter(img => img.complete && img.naturalWidth > 0)
              .length)""")
    missing = [i for i in expected if i < len(rendered) and rendered[i] == 0]
    assert not missing, (
        f"{run['lesson']}: no image displayed in cell(s) {missing}, which show a plot "
        f"(first lines: {[short(run['stored'].cells[i].source.splitlines()[0], 80) for i in missing]})")


def test_no_tensorflow_log_lines(lesson_run):
    run = lesson_run
    noisy = []
    for cell in run["cells"]:
        for out in cell.get("outputs", []):
            if out["type"] == "stream" and TF_LOG_RE.search(out["text"]):
                line = next(ln for ln in out["text"].splitlines() if TF_LOG_RE.search(ln))
                noisy.append(f"cell {cell['index']} ({out['name']}): {short(line, 160)}")
    assert not noisy, (
        f"{run['lesson']}: TensorFlow log lines reach the learner (import mlp_kit before keras/tensorflow):\n  "
        + "\n  ".join(noisy))


# ---------------------------------------------------------------- widgets

_CONTROL_SELECTOR = ".widget-slider, .widget-dropdown, .widget-checkbox, .widget-toggle-button"


def widget_roots(page):
    return page.locator(".jp-Notebook .jp-Cell .jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output"
                        ":has(> .jupyter-widgets)")


def displayed(root):
    """What a widget displays: its images and the text of its Output areas."""
    return root.evaluate("""root => {
        const outs = [...root.querySelectorAll('.widget-output')];
        const scope = outs.length ? outs : [root];
        return scope.map(o => [...o.querySelectorAll('img')].map(i => i.src).join('|') + '#' + o.innerText).join('\\n');
    }""")


def control_name(control, k):
    labels = control.locator(".widget-label, .widget-label-basic").all_inner_texts()
    text = next((t.strip() for t in labels if t.strip()), "")  # a checkbox has an empty .widget-label first
    return re.sub(r"\W+", "-", text).strip("-").lower() or f"control{k}"


def control_state(control):
    """Where a control stands: slider position, selected option, or ticked."""
    classes = control.get_attribute("class") or ""
    if "widget-slider" in classes:
        return ("slider", control.locator(".noUi-handle").first.get_attribute("aria-valuenow"))
    if "widget-dropdown" in classes:
        return ("dropdown", control.locator("select").evaluate("s => s.selectedIndex"))
    if "widget-checkbox" in classes:
        return ("checkbox", control.locator("input").is_checked())
    return ("other", None)


def restore(control, state):
    """Put a control back where ``control_state`` found it, through the UI."""
    kind, value = state
    if kind == "slider":
        handle = control.locator(".noUi-handle").first
        for _ in range(200):
            now = handle.get_attribute("aria-valuenow")
            if now == value:
                break
            handle.focus()
            handle.press("ArrowLeft" if float(now) > float(value) else "ArrowRight")
    elif kind == "dropdown" and control_state(control) != state:
        control.locator("select").select_option(index=value)
    elif kind == "checkbox" and control_state(control) != state:
        control.locator("input").click()


def operate(control):
    """Move a control one step the way a user does: arrow key on a slider, pick another option, click."""
    classes = control.get_attribute("class") or ""
    if "widget-slider" in classes:
        handle = control.locator(".noUi-handle").first
        at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        handle.focus()
        handle.press("ArrowLeft" if at_end else "ArrowRight")
        return f"slider {handle.get_attribute('aria-valuetext')}"
    if "widget-dropdown" in classes:
        select = control.locator("select")
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("s => s.selectedIndex")
        choice = (current + 1) % len(options)
        select.select_option(index=choice)
        return f"dropdown {options[choice]}"
    if "widget-checkbox" in classes:
        control.locator("input").click()
        return "checkbox"
    control.click()
    return "toggle"


def wait_for_change(nb, root, before, settle=2.0):
    """Wait until the widget's display differs from ``before``; give up once the kernel has been idle
    for ``settle`` seconds (it handled the move and drew nothing new) or after WIDGET_TIMEOUT."""
    start = time.monotonic()
    idle_since = None
    while time.monotonic() - start < WIDGET_TIMEOUT:
        if displayed(root) != before:
            return True
        now = time.monotonic()
        idle = nb.kernel_status() == "idle"
        idle_since = (idle_since or now) if idle else None
        if idle_since is not None and now - idle_since >= settle and now - start >= 3.0:
            return displayed(root) != before
        nb.page.wait_for_timeout(200)
    return False


def try_control(nb, root, control, attempts=3):
    """Move ``control`` (up to ``attempts`` steps) until the display changes: returns (changed, moves)."""
    before = displayed(root)
    moves = []
    for _attempt in range(attempts):  # the display may already show the next value
        moves.append(operate(control))
        if wait_for_change(nb, root, before):
            return True, moves
    return False, moves


def test_widgets_respond(lesson_run):
    run, nb = lesson_run, lesson_run["page"]
    lesson, page = run["lesson"], lesson_run["page"].page
    expected = stored_widget_count(run["stored"])
    roots = widget_roots(page)
    broken = page.locator(".jp-Notebook .jp-OutputArea", has_text=re.compile("Error displaying widget|"
                                                                               "Loading widget")).count()
    if expected == 0 and roots.count() == 0:
        pytest.skip(f"{lesson} has no widgets")
    assert broken == 0, f"{lesson}: {broken} widget(s) show 'Error displaying widget' / 'Loading widget...'"
    assert roots.count() >= expected, (
        f"{lesson}: the stored notebook shows {expected} widget(s), JupyterLab rendered {roots.count()} "
        f"(the others display as text: the widget manager is not working)")
    start = time.monotonic()
    dead, operated = [], 0
    for k in range(roots.count()):
        root = roots.nth(k)
        root.scroll_into_view_if_needed()
        controls = root.locator(_CONTROL_SELECTOR)
        if controls.count() == 0:
            continue  # an Output widget on its own: nothing to move
        nb.screenshot(f"solutions-{lesson}-widget{k + 1}-before", element=root)
        initial = [control_state(controls.nth(i)) for i in range(controls.count())]
        done, names = set(), set()
        while True:  # a control can appear only after another one moved (e.g. an alpha slider)
            todo = [i for i in range(controls.count()) if i not in done and controls.nth(i).is_visible()]
            if not todo:
                break
            i = todo[0]
            done.add(i)
            control = controls.nth(i)
            name = control_name(control, i)
            name = name if name not in names else f"{name}-{i}"
            names.add(name)
            changed, moves = try_control(nb, root, control)
            if not changed:
                # Another control's state can hide this one's effect (e.g. a layer Keras already
                # refuses): put every control back as it was after Run All, and try again.
                for j in range(controls.count()):
                    restore(controls.nth(j), initial[j])
                wait_for_change(nb, root, displayed(root))
                changed, more = try_control(nb, root, control)
                moves += ["(all controls reset)", *more]
            page.wait_for_timeout(300)  # let the new image finish loading before the screenshot
            shot = nb.screenshot(f"solutions-{lesson}-widget{k + 1}-after-{name}", element=root)
            operated += 1
            if not changed:
                dead.append(f"widget {k + 1}: moved {', then '.join(moves)}; the display never changed "
                            f"[{shot.name}]")
            elif "Traceback" in displayed(root):
                dead.append(f"widget {k + 1} ({moves[-1]}) shows a traceback [{shot.name}]")
            elif len(moves) > 1 and "(all controls reset)" not in moves:
                warnings.warn(f"{lesson}, widget {k + 1}: the display followed {name} only after "
                              f"{', then '.join(moves)} (out of step with its controls?) [{shot.name}]",
                              stacklevel=1)
    record_time(f"widgets: {lesson}", time.monotonic() - start)
    assert operated, f"{lesson}: widgets rendered but none has a control to move"
    assert not dead, f"{lesson}: dead widget(s):\n  " + "\n  ".join(dead)
