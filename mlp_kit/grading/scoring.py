"""One student's result: points per test cell, what happened, and the status line.

Points come only from test cells that passed (all of the cell's points, or
none, as in nbgrader). The status says, in a few words, everything that went
wrong while grading -- ``ok`` when nothing did -- e.g.
``timeout in perceptron_train; kernel died in xor_failure_tests``.
"""

from dataclasses import asdict, dataclass, field

PROBLEM_WORDS = {
    "timeout": "timeout in {}",
    "died": "kernel died in {}",
    "memory": "memory limit in {}",
    "processes": "process limit in {}",
    "disk": "disk limit in {}",
    "unjudgeable": "could not run test {}",
    "skipped": "notebook time limit before {}",
}


@dataclass
class TestResult:
    name: str  # the test cell's grade_id
    points: float  # scored
    max_points: float
    status: str  # passed | failed | timeout | died | memory | processes | disk | skipped | ...
    message: str = ""  # for the learner (never hidden-test source)
    hidden: bool = False  # failed in the hidden tests
    mode: str = "judge"  # judge (outside the kernel) or kernel (nbgrader's way)
    detail: str = ""  # for the instructor only: the hidden test's own message


@dataclass
class AnswerResult:
    name: str  # the answer cell's grade_id
    found: str = "id"  # id | position | content | missing
    status: str = "ok"  # ok | error | timeout | died | memory | ...
    message: str = ""  # the error the learner's cell raised, if any


@dataclass
class StudentResult:
    student: str
    lesson: str
    tests: list = field(default_factory=list)  # TestResult
    answers: list = field(default_factory=list)  # AnswerResult
    problems: list = field(default_factory=list)  # status phrases, in the order they happened
    notes: list = field(default_factory=list)  # unusual but harmless things (matching, kernel)
    submission_sha256: str = ""
    lesson_sha256: str = ""
    seconds: float = 0.0
    sandbox: str = ""
    final: bool = True  # False: the grader itself failed; graded again on the next run

    @property
    def total(self):
        return sum(t.points for t in self.tests)

    @property
    def max_total(self):
        return sum(t.max_points for t in self.tests)

    @property
    def status(self):
        return "; ".join(dict.fromkeys(self.problems)) if self.problems else "ok"

    def problem(self, kind, where):
        self.problems.append(PROBLEM_WORDS.get(kind, kind + " in {}").format(where))

    def scores(self):
        return {t.name: t.points for t in self.tests}

    def to_dict(self):
        out = asdict(self)
        out.update(total=self.total, max_total=self.max_total, status=self.status)
        return out

    @classmethod
    def from_dict(cls, data):
        data = dict(data)
        for key in ("total", "max_total", "status"):
            data.pop(key, None)
        data["tests"] = [TestResult(**t) for t in data.get("tests", [])]
        data["answers"] = [AnswerResult(**a) for a in data.get("answers", [])]
        return cls(**data)


def zero_result(student, lesson, problem):
    """A result with 0 for every test and one problem (invalid notebook, missing, ...)."""
    result = StudentResult(student=student, lesson=lesson.name, lesson_sha256=lesson.digest)
    result.tests = [TestResult(c.name, 0.0, c.points, "not run") for c in lesson.tests]
    result.answers = [AnswerResult(c.name, found="missing", status="not run") for c in lesson.answers]
    result.problems.append(problem)
    return result


def fmt_points(value):
    """2.0 -> '2', 1.5 -> '1.5'."""
    return f"{value:g}"
