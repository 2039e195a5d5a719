"""How long a lesson takes a learner, estimated from what it asks them to read, run and write.

    python -m tests.lesson_time        # a table: words, demo code lines, exercises, points, minutes

The estimate adds three parts, at rates chosen for a newcomer who reads carefully:
- prose at 150 words a minute (careful reading of technical text with figures is
  well below the ~240 words a minute of ordinary non-fiction);
- demo code at 20 lines a minute (non-blank, non-comment lines of the read-only
  code cells: read, run, look at the output);
- exercises at 3 minutes a point (read the task, write the answer, run the tests,
  fix once). Test cells are not counted: their points are.
The **Time** line of a lesson's introduction must state this estimate, rounded to
5 minutes (``test_lesson_structure`` checks it).
"""

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MINUTE = 150
CODE_LINES_PER_MINUTE = 20
MINUTES_PER_POINT = 3


@dataclass
class LessonSize:
    words: int
    code_lines: int
    exercises: int
    points: float

    @property
    def minutes(self):
        """The estimated time in minutes (float)."""
        return (self.words / WORDS_PER_MINUTE + self.code_lines / CODE_LINES_PER_MINUTE
                + self.points * MINUTES_PER_POINT)

    @property
    def stated_minutes(self):
        """The estimate as the introduction should state it: rounded to 5 minutes."""
        return int(5 * round(self.minutes / 5))


def measure(nb):
    """The LessonSize of notebook ``nb`` (an nbformat NotebookNode)."""
    words = code_lines = exercises = 0
    points = 0.0
    for cell in nb.cells:
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown":
            words += len(cell.source.split())
        elif grading.get("grade"):
            points += grading.get("points", 0)
        elif grading.get("solution"):
            exercises += 1
        else:
            code_lines += sum(1 for line in cell.source.splitlines()
                              if line.strip() and not line.strip().startswith("#"))
    return LessonSize(words, code_lines, exercises, points)


def stated_time(nb):
    """The minutes the introduction states (``**Time:** about N minutes``), or None."""
    match = re.search(r"\*\*Time:\*\*\s*about\s+(\d+)\s+minutes", nb.cells[0].source)
    return int(match.group(1)) if match else None


def main():
    print(f"{'lesson':<24} {'words':>6} {'code':>5} {'ex':>3} {'pts':>4} {'estimate':>9} {'stated':>7}")
    for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        if path.stem != path.parent.name:
            continue
        nb = nbformat.read(path, as_version=4)
        size = measure(nb)
        print(f"{path.stem:<24} {size.words:>6} {size.code_lines:>5} {size.exercises:>3} {size.points:>4g} "
              f"{size.minutes:>7.0f} m {stated_time(nb) or '-':>5} m")


if __name__ == "__main__":
    main()
