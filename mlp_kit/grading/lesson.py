"""What a lesson notebook says to run: its cells, its exercises and the grading plan.

This is the one model of a lesson's exercises. ``mlp-kit check`` (``selfcheck.py``),
``mlp-kit grade`` and ``mlp-kit collect`` all read a notebook through it:

- a code cell is an **answer** (nbgrader "solution" cell), a **test** (nbgrader
  "grade" cell, with points and maybe hidden-test lines) or read-only **code**;
- an **exercise** is the answer cells since the previous test cell and the test
  cells that follow them, titled by the ``### Exercise k — title (P points)``
  heading above its first answer;
- learners receive :data:`ANSWER_STUB` in place of each solution.

Everything that decides a grade comes from the instructor's source notebook
(``solutions/<lesson>/<lesson>.ipynb``), never from a submission: the cell
order, the read-only cells, the test cells with their hidden tests and
points. Only the answer cells' code comes from the student (``submission.py``).

The plan also records, from a static reading of the source, where each name a
test uses comes from (see :meth:`Lesson.origin`), so that the judge can
resolve it without asking the student's kernel when the instructor bound it:

- ``import``: an import statement in a read-only cell -- the judge imports
  the module itself, so ``np`` or ``assert_close`` cannot be swapped by the
  student;
- ``test``: an earlier test cell, run by the judge, holds it;
- ``kernel``: a read-only cell's computation or an answer -- the value is
  fetched from the student's kernel as plain data.
"""

import ast
import builtins
import dis
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
# What learners see in place of a solution (nbgrader_config.py hands it to nbgrader).
STUB_MARK = "Replace this line with your solution."
ANSWER_STUB = f'# YOUR CODE HERE\nraise NotImplementedError("{STUB_MARK}")'
EXERCISE_HEADING = re.compile(r"^#+\s*(Exercise\s+\w+)\s*[—–:-]?\s*(.*?)\s*(\(\s*\d+(\.\d+)?\s+points?\s*\))?\s*$",
                              re.IGNORECASE | re.MULTILINE)


@dataclass
class Cell:
    index: int  # position among the source notebook's code cells
    kind: str  # "code" (read-only / plain), "answer" or "test"
    name: str  # grade_id, or "cell-<index>" for a cell without one
    source: str
    points: float = 0.0
    hidden: list = field(default_factory=list)  # 1-based (first, last) line ranges of hidden tests
    binds: dict = field(default_factory=dict)  # name -> "import" | "other" (top-level bindings)
    imports: list = field(default_factory=list)  # (source of one import statement, names it binds)
    reads: list = field(default_factory=list)  # global names a test cell reads
    python: bool = True  # plain Python (test cells using IPython syntax run in the kernel)
    position: int = -1  # position among all the notebook's cells (markdown included)

    @property
    def visible_source(self):
        """The source without its hidden-test lines (what a learner may see)."""
        lines = self.source.splitlines()
        keep = [line for i, line in enumerate(lines, 1)
                if not any(a <= i <= b for a, b in self.hidden)]
        return "\n".join(keep)

    def line_is_hidden(self, lineno):
        return any(a <= lineno <= b for a, b in self.hidden)


@dataclass
class Exercise:
    """Answer cells and the test cells that grade them; ``title`` from the heading above."""

    title: str  # "Exercise 2 — one perceptron update", or "" without a heading
    answers: list  # Cell, kind "answer" (none when test cells come before any answer)
    tests: list  # Cell, kind "test"
    stated_points: float | None = None  # the "(P points)" of the heading, if it has one

    @property
    def name(self):
        """The first answer cell's grade_id (the test's when there is no answer cell)."""
        return (self.answers or self.tests)[0].name

    @property
    def points(self):
        return sum(t.points for t in self.tests)


@dataclass
class Lesson:
    name: str
    path: Path | None
    cells: list  # code cells, in order
    release: Path | None = None  # the released notebook learners started from
    digest: str = ""
    exercises: list = field(default_factory=list)  # Exercise, in notebook order

    @classmethod
    def load(cls, course, name):
        """The instructor's source notebook of lesson ``name`` in ``course``."""
        path = course.source_notebook(name)
        lesson = cls.read(nbformat.read(path, as_version=4), name, path)
        release = course.release_folder(name) / path.name
        lesson.release = release if release.is_file() else None
        lesson.digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return lesson

    @classmethod
    def read(cls, nb, name="", path=None):
        """The plan of notebook ``nb`` (an nbformat NotebookNode): cells and exercises."""
        cells, exercises, open_answers = [], [], []
        title, stated = "", None
        for position, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                heading = EXERCISE_HEADING.search(cell.source)
                if heading:
                    title = heading.group(1) + (f" — {heading.group(2)}" if heading.group(2) else "")
                    stated = float(re.search(r"[\d.]+", heading.group(3)).group()) if heading.group(3) else None
                continue
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            kind = "answer" if meta.get("solution") else "test" if meta.get("grade") else "code"
            c = Cell(index=len(cells), kind=kind, name=meta.get("grade_id") or f"cell-{len(cells)}",
                     source=cell.source, points=float(meta.get("points", 0) or 0) if kind == "test" else 0.0,
                     position=position)
            _analyse(c)
            cells.append(c)
            if kind == "answer":
                if not open_answers:
                    exercises.append(Exercise(title, [], [], stated))
                    title, stated = "", None
                open_answers.append(c)
                exercises[-1].answers.append(c)
            elif kind == "test":
                if not exercises or (not open_answers and not exercises[-1].tests):
                    exercises.append(Exercise(title, [], [], stated))  # tests before any answer cell
                    title, stated = "", None
                exercises[-1].tests.append(c)
                open_answers = []
        return cls(name=name, path=path, cells=cells, exercises=[e for e in exercises if e.tests])

    @property
    def tests(self):
        return [c for c in self.cells if c.kind == "test"]

    @property
    def answers(self):
        return [c for c in self.cells if c.kind == "answer"]

    @property
    def max_total(self):
        return sum(c.points for c in self.tests)

    def origin(self, name, before):
        """Where global ``name`` comes from when the cell at index ``before`` runs.

        Returns ``("import", cell)``, ``("test", cell)``, ``("kernel", cell)``,
        or ``("builtin", None)`` / ``("kernel", None)`` when no earlier
        instructor cell binds it. Answer cells count with the instructor's
        solution (which names a correct answer defines), never the student's.
        """
        for cell in reversed(self.cells[:before]):
            how = cell.binds.get(name)
            if how is None and cell.kind == "code" and _star_exports(cell, name):
                return "import", cell
            if how is None:
                continue
            if cell.kind == "test":
                return "test", cell
            if cell.kind == "code" and how == "import":
                return "import", cell
            return "kernel", cell
        if hasattr(builtins, name):
            return "builtin", None
        return "kernel", None

    def later_kernel_reads(self, index):
        """Global names read by the non-test cells after cell ``index`` (static)."""
        names = set()
        for cell in self.cells[index + 1:]:
            if cell.kind != "test":
                names |= set(_reads_of(cell.source))
        return names


# ------------------------------------------------------------------ static reading


def _analyse(cell):
    cell.hidden = _hidden_ranges(cell.source)
    try:
        tree = ast.parse(cell.source)
    except SyntaxError:
        cell.python = False  # IPython magics or shell escapes
        return
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.asname or a.name.split(".")[0] for a in node.names]
            if "*" in names:
                cell.binds["*"] = "import"
            cell.imports.append((ast.unparse(node), names))
            for n in names:
                cell.binds[n] = "import"
        else:
            for n in _bound_names(node):
                cell.binds[n] = "other"
    if cell.kind == "test":
        cell.reads = _reads_of(cell.source)


def _star_exports(cell, name):
    """Whether a ``from module import *`` in ``cell`` binds ``name`` (imports the module here)."""
    import importlib

    for statement, names in cell.imports:
        if "*" not in names:
            continue
        module = statement.split()[1]
        try:
            mod = importlib.import_module(module)
        except Exception:  # noqa: BLE001 - the kernel will say what is wrong
            continue
        public = getattr(mod, "__all__", [n for n in vars(mod) if not n.startswith("_")])
        if name in public:
            return True
    return False


def _bound_names(node):
    """Names a top-level statement binds in the module namespace."""
    out = []
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    for sub in ast.walk(node):
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            if sub is not node and isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                    ast.ClassDef)):
                out.append(sub.name)  # defined inside an if/for/with at top level
            continue
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            out.append(sub.id)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            out += [a.asname or a.name.split(".")[0] for a in sub.names]
        elif isinstance(sub, ast.ExceptHandler) and sub.name:
            out.append(sub.name)
        elif isinstance(sub, ast.Global):
            out += sub.names
    return out


_LOADS = {"LOAD_NAME", "LOAD_GLOBAL", "LOAD_FROM_DICT_OR_GLOBALS", "DELETE_NAME"}


def _reads_of(source):
    """Global names a piece of code loads (including inside its functions and comprehensions)."""
    try:
        code = compile(source, "<cell>", "exec")
    except SyntaxError:
        return []
    names, stack = [], [code]
    while stack:
        co = stack.pop()
        for ins in dis.get_instructions(co):
            if ins.opname in _LOADS and isinstance(ins.argval, str) and ins.argval not in names:
                names.append(ins.argval)
        stack += [c for c in co.co_consts if hasattr(c, "co_code")]
    return names


def _hidden_ranges(source):
    """1-based inclusive line ranges between the hidden-test markers (as nbgrader strips them)."""
    ranges, start = [], None
    for i, line in enumerate(source.splitlines(), 1):
        if start is None and BEGIN_HIDDEN in line:
            start = i
        elif start is not None and END_HIDDEN in line:
            ranges.append((start, i))
            start = None
    if start is not None:
        ranges.append((start, len(source.splitlines())))
    return ranges


_SOLUTION_RE = re.compile(
    rf"^([ \t]*)#+ *{BEGIN_SOLUTION}.*?^[ \t]*#+ *{END_SOLUTION}[^\n]*\n?", re.S | re.M)


def strip_solution(source, stub="# YOUR CODE HERE"):
    """An answer cell as learners received it (solution regions replaced by ``stub``)."""
    return _SOLUTION_RE.sub(lambda m: m.group(1) + stub + "\n", source)
