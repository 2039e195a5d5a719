"""What the browser tests look for on screen: error cells, missing images, TensorFlow log lines,
and widgets whose display does not follow their controls.

Each check takes a :class:`~tests.browser.lab.NotebookPage` after a run (and the cells it read)
and returns a list of problems, one readable line each; an empty list means all is well.
"""

import re
import time

from tests.browser.lab import TF_LOG_RE

WIDGET_TIMEOUT = 90  # seconds for a widget to redraw after a control moved


def short(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def error_cells(nb, cells, shot_prefix):
    """Cells showing an error output (``raises-exception`` cells may), and code cells that never ran.

    stderr is not an error: JupyterLab draws both alike, so this reads the notebook model.
    Each error cell is screenshotted as ``<shot_prefix>-error-<cell>.png``.
    """
    problems = []
    for cell in cells:
        if cell["type"] != "code" or "raises-exception" in cell["tags"]:
            continue
        errors = [o for o in cell["outputs"] if o["type"] == "error"]
        if errors:
            shot = nb.screenshot(f"{shot_prefix}-error-{cell['index']}", element=nb.cell(cell["index"]))
            first_line = cell["source"].strip().splitlines()[0] if cell["source"].strip() else ""
            problems.append(f"cell {cell['index']} ({first_line!r}) shows {errors[0]['ename']}: "
                            f"{short(errors[0]['evalue'], 200)} [{shot.name}]")
        elif cell["count"] is None and cell["source"].strip():
            problems.append(f"cell {cell['index']} never ran (Run All stopped before it)")
    return problems


def cells_without_image(nb, expected):
    """Those of the cell indices ``expected`` whose output area shows no decoded image."""
    rendered = nb.page.evaluate(
        """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(cell =>
              [...cell.querySelectorAll('.jp-OutputArea img')].filter(img => img.complete && img.naturalWidth > 0)
              .length)""")
    return [i for i in expected if i >= len(rendered) or rendered[i] == 0]


def tensorflow_log_lines(cells):
    noisy = []
    for cell in cells:
        for out in cell.get("outputs", []):
            if out["type"] == "stream" and TF_LOG_RE.search(out["text"]):
                line = next(ln for ln in out["text"].splitlines() if TF_LOG_RE.search(ln))
                noisy.append(f"cell {cell['index']} ({out['name']}): {short(line, 160)}")
    return noisy


# ---------------------------------------------------------------- widgets

_CONTROL_SELECTOR = ".widget-slider, .widget-dropdown, .widget-checkbox, .widget-toggle-button"


def widget_roots(page):
    """Every top-level widget in a code cell's output area."""
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
    # A checkbox's .widget-label holds only a zero-width space; its description is in .widget-label-basic.
    labels = [t.replace("\u200b", "").strip() for t in labels]
    text = next((t for t in labels if t), "")
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


def broken_widget_count(page):
    """Widgets JupyterLab could not draw (no widget manager, a missing front-end module)."""
    return page.locator(".jp-Notebook .jp-OutputArea",
                        has_text=re.compile("Error displaying widget|Loading widget")).count()


def exercise_widgets(nb, shot_prefix):
    """Move every control of every widget, the way a user does, and watch the widget's display.

    Returns ``(operated, dead, notes)``: how many controls were moved, one line per control whose
    move never changed the display (or produced a traceback), and remarks that do not fail.
    Screenshots: ``<shot_prefix>-widget<k>-before.png`` and ``...-after-<control>.png``.
    """
    roots = widget_roots(nb.page)
    dead, notes, operated = [], [], 0
    for k in range(roots.count()):
        root = roots.nth(k)
        root.scroll_into_view_if_needed()
        controls = root.locator(_CONTROL_SELECTOR)
        if controls.count() == 0:
            continue  # an Output widget on its own: nothing to move
        nb.screenshot(f"{shot_prefix}-widget{k + 1}-before", element=root)
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
            nb.page.wait_for_timeout(300)  # let the new image finish loading before the screenshot
            shot = nb.screenshot(f"{shot_prefix}-widget{k + 1}-after-{name}", element=root)
            operated += 1
            if not changed:
                dead.append(f"widget {k + 1}, {name}: moved {', then '.join(moves)}; the display never "
                            f"changed [{shot.name}]")
            elif "Traceback" in displayed(root):
                dead.append(f"widget {k + 1}, {name} ({moves[-1]}) shows a traceback [{shot.name}]")
            elif len(moves) > 1 and "(all controls reset)" not in moves:
                notes.append(f"widget {k + 1}: the display followed {name} only after {', then '.join(moves)} "
                             f"(it was out of step with its controls: a cell redrew it?) [{shot.name}]")
    return operated, dead, notes
