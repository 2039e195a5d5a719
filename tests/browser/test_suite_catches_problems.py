"""The browser checks themselves: on a deliberately broken notebook they must see every problem.

The notebook (written into the server's temporary root, never under tests/) holds what must pass
— stderr output, an error caught and printed on purpose, a cell tagged ``raises-exception``, a
live widget — and what must be caught: a TensorFlow log line, a dead widget (a slider nothing
listens to), an error cell and the cell after it that Run All never reaches.
Screenshots: ``selftest-*.png``.
"""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tests.browser.checks import cells_without_image, error_cells, exercise_widgets, tensorflow_log_lines

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDGET = """import ipywidgets as w
import matplotlib.pyplot as plt

{name}_slider = w.IntSlider(value=1, min=0, max=5, description="{name}")
{name}_out = w.Output()

def {name}_draw(n):
    with {name}_out:
        {name}_out.clear_output(wait=True)
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.plot(range(n + 2))
        ax.set_title(f"{name}: n = {{n}}")
        plt.show()

{name}_draw(1)
{listen}w.VBox([{name}_slider, {name}_out])"""

CELLS = [
    new_markdown_cell("# A notebook with every problem the browser suite must catch"),
    new_code_cell('import sys\nprint("a harmless warning on stderr", file=sys.stderr)'),
    new_code_cell('try:\n    1 / 0\nexcept ZeroDivisionError as exc:\n    print("shown on purpose:", exc)'),
    new_code_cell(WIDGET.format(name="live", listen='live_slider.observe(lambda c: live_draw(c["new"]), "value")\n')),
    new_code_cell(WIDGET.format(name="dead", listen="")),
    new_code_cell('raise ValueError("an error this lesson shows on purpose")', metadata={"tags": ["raises-exception"]}),
    new_code_cell('print("2024-01-01 I tensorflow/core/util/port.cc:113] oneDNN custom operations are on.",'
                  ' file=sys.stderr)'),
    new_code_cell("1 / 0"),
    new_code_cell('print("Run All never gets here")'),
]


@pytest.fixture(scope="module")
def broken_run(lab_server, open_notebook):
    path = lab_server.root / "selftest" / "broken.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = new_notebook(cells=CELLS)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    page = open_notebook("selftest/broken.ipynb")
    _, finished = page.run_all(timeout=120)
    assert finished
    yield page, page.cells()
    page.close()
    lab_server.shutdown_kernels()


def test_catches_error_cells_and_cells_never_run(broken_run):
    page, cells = broken_run
    problems = error_cells(page, cells, "selftest")
    assert len(problems) == 2, problems
    assert problems[0].startswith("cell 7 ('1 / 0') shows ZeroDivisionError: division by zero")
    assert problems[1] == "cell 8 never ran (Run All stopped before it)"


def test_catches_tensorflow_log_lines(broken_run):
    _, cells = broken_run
    assert [line.split(":")[0] for line in tensorflow_log_lines(cells)] == ["cell 6 (stderr)"]


def test_sees_plots_as_images(broken_run):
    page, _ = broken_run
    assert cells_without_image(page, [3, 4]) == []
    assert cells_without_image(page, [1]) == [1]


def test_catches_a_dead_widget(broken_run):
    page, _ = broken_run
    operated, dead, _notes = exercise_widgets(page, "selftest")
    assert operated == 2
    assert len(dead) == 1 and dead[0].startswith("widget 2, dead: moved slider 2"), dead
