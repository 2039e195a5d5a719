"""A throw-away nbgrader course for tests: release a lesson, submit notebooks, autograde, read scores.

Everything runs the real ``nbgrader`` command line in a temporary copy of the
course, exactly as an instructor would from the repository root.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def nbgrader(course, *args, check=True):
    """Run ``nbgrader ARGS`` in ``course``; returns the CompletedProcess."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
        capture_output=True, text=True, timeout=3600,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


class Course:
    """A temporary course holding one released lesson."""

    def __init__(self, path, lesson):
        self.path, self.lesson = Path(path), lesson
        self.path.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "nbgrader_config.py", self.path)
        shutil.copytree(ROOT / "solutions" / lesson, self.path / "solutions" / lesson)
        nbgrader(self.path, "generate_assignment", lesson, "--force")
        self.solution = nbformat.read(self.path / "solutions" / lesson / f"{lesson}.ipynb", 4)
        self.release = nbformat.read(self.path / "lessons" / lesson / f"{lesson}.ipynb", 4)

    # -- building submissions ------------------------------------------------
    def reference_sources(self):
        """grade_id -> source of every solution cell in the instructor's notebook."""
        return {c.metadata["nbgrader"]["grade_id"]: c.source for c in self.solution.cells
                if c.metadata.get("nbgrader", {}).get("solution")}

    def student_notebook(self, answers=None):
        """The released notebook with solution cells replaced: ``answers`` maps grade_id -> source.

        ``answers="reference"`` fills every answer from the instructor's solution.
        """
        if answers == "reference":
            answers = self.reference_sources()
        nb = nbformat.from_dict(json.loads(json.dumps(self.release)))
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if answers and gid in answers:
                cell.source = answers[gid]
        return nb

    def submit(self, student, nb):
        """Write ``nb`` as ``student``'s submission (a notebook object, or raw text for broken files)."""
        folder = self.path / "submitted" / student / self.lesson
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{self.lesson}.ipynb"
        if isinstance(nb, str):
            target.write_text(nb)
        else:
            nbformat.write(nb, target)
        return target

    # -- grading ---------------------------------------------------------------
    def autograde(self):
        """``nbgrader autograde`` for every submission; returns the process output.

        nbgrader exits non-zero when any one submission failed; the others are
        still graded, so the failure surfaces in ``scores`` for that student only.
        """
        self.autograde_log = nbgrader(self.path, "autograde", self.lesson, "--create", "--force", check=False)
        return self.autograde_log

    def scores(self, student):
        """grade_id -> score of each test cell for ``student`` (from the gradebook)."""
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(f"sqlite:///{self.path / 'gradebook.db'}") as gb:
            try:
                nb = gb.find_submission_notebook(self.lesson, self.lesson, student)
            except MissingEntry:
                log = getattr(self, "autograde_log", None)
                tail = (log.stdout + log.stderr)[-3000:] if log else ""
                raise AssertionError(f"nbgrader did not grade {student}'s {self.lesson}:\n{tail}") from None
            return {g.cell.name: g.score for g in nb.grades}

    def max_scores(self):
        """grade_id -> points of each test cell, from the instructor's notebook."""
        return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
                for c in self.solution.cells if c.metadata.get("nbgrader", {}).get("grade")}

    def export(self):
        """``nbgrader export`` to CSV; returns the rows as dicts."""
        import csv

        nbgrader(self.path, "export", "--to", str(self.path / "grades.csv"))
        with open(self.path / "grades.csv") as fh:
            return list(csv.DictReader(fh))
