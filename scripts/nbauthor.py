"""Build an nbgrader solution notebook from Python, cell by cell.

Instructors usually edit solutions/ in JupyterLab with nbgrader's "Create
Assignment" toolbar. This module is the scripted alternative: it writes the
same cell metadata, so a lesson can be drafted in a script and then executed
with ``scripts/execute_solutions.py``::

    from nbauthor import Notebook
    nb = Notebook()
    nb.md("# Title", grade_id="intro")
    nb.code("import numpy as np", grade_id="setup")
    nb.solution("tlu_forward", "def f(x):\\n    ### BEGIN SOLUTION\\n    ...\\n    ### END SOLUTION")
    nb.tests("tlu_forward_tests", "assert ...", points=2)
    nb.write("solutions/01_neurons/01_neurons.ipynb")

Markdown and demo cells are read-only (``locked``); answer cells are
autograded solutions; test cells are graded and locked. ``grade_id``s must
be unique and stable: the gradebook keys on them.
"""

import nbformat


class Notebook:
    def __init__(self):
        self.nb = nbformat.v4.new_notebook()
        self.nb.metadata = {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        }
        self._ids = set()
        self._auto = 0

    def _meta(self, grade_id, **flags):
        if grade_id is None:
            self._auto += 1
            grade_id = f"cell_{self._auto:02d}"
        if grade_id in self._ids:
            raise ValueError(f"duplicate grade_id {grade_id!r}")
        self._ids.add(grade_id)
        meta = {"grade": False, "solution": False, "locked": False, "grade_id": grade_id,
                "schema_version": 3}
        meta.update(flags)
        return {"nbgrader": meta}

    def _add(self, cell, tags):
        if tags:
            cell.metadata["tags"] = list(tags)
        cell.id = cell.metadata["nbgrader"]["grade_id"].replace("_", "-")
        self.nb.cells.append(cell)
        return cell

    def md(self, text, grade_id=None):
        """A read-only markdown cell."""
        return self._add(nbformat.v4.new_markdown_cell(text.strip("\n"),
                         metadata=self._meta(grade_id, locked=True)), ())

    def code(self, source, grade_id=None, tags=()):
        """A read-only code cell (set-up, demos, plots). Tags e.g. ``nbval-ignore-output``."""
        return self._add(nbformat.v4.new_code_cell(source.strip("\n"),
                         metadata=self._meta(grade_id, locked=True)), tags)

    def solution(self, grade_id, source, tags=()):
        """An autograded answer cell; the solution sits between BEGIN/END SOLUTION markers."""
        if "### BEGIN SOLUTION" not in source:
            raise ValueError(f"{grade_id}: solution cell without ### BEGIN SOLUTION")
        return self._add(nbformat.v4.new_code_cell(source.strip("\n"),
                         metadata=self._meta(grade_id, solution=True)), tags)

    def tests(self, grade_id, source, points, tags=()):
        """An autograder test cell worth ``points`` (visible asserts + a HIDDEN TESTS block)."""
        return self._add(nbformat.v4.new_code_cell(source.strip("\n"),
                         metadata=self._meta(grade_id, grade=True, locked=True, points=points)), tags)

    def write(self, path):
        nbformat.validate(self.nb)
        nbformat.write(self.nb, path)
