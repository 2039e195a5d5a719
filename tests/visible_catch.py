"""Which wrong answers does a learner see fail *before* submitting? The visible tests, classified.

    python -m tests.visible_catch [lesson ...]     # a table per lesson, and the share caught

For each lesson, one kernel runs the student notebook (``lessons/``) top to bottom with the
reference answers in place, as a learner who solved everything would. Then, for each wrong-answer
case of ``tests/submissions/<lesson>.py``: the answer cells from its first changed one on are run
again in notebook order (the case's answers where it has them, the reference elsewhere: later
answers may build on earlier ones), then the student version of every test cell the case names
(hidden tests stripped, exactly what the learner runs), then the reference answers again. A case
is *caught visibly* when at least one test cell it names fails there: the learner sees that
something is wrong before submitting. The table also says which named cells stay silent.
"""

import sys
from dataclasses import dataclass, field

import nbformat
from jupyter_client.manager import start_new_kernel

from tests.test_grading_roundtrip import LESSONS, ROOT, wrong_answers


@dataclass
class Verdict:
    case: str
    fails: list                      # test cells the case must fail
    failed_visibly: list = field(default_factory=list)
    messages: dict = field(default_factory=dict)   # test cell -> the error the learner reads

    @property
    def caught(self):
        return bool(self.failed_visibly)


class Kernel:
    """A python3 kernel in ``folder``; ``run(code)`` returns None or the error's 'Name: message'."""

    def __init__(self, folder):
        self.km, self.kc = start_new_kernel(kernel_name="python3", cwd=str(folder))

    def run(self, code, timeout=300):
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None,
                                            stop_on_error=False)
        content = reply["content"]
        return None if content["status"] == "ok" else f"{content.get('ename')}: {content.get('evalue')}"

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def _cells(folder, lesson):
    return nbformat.read(ROOT / folder / lesson / f"{lesson}.ipynb", as_version=4).cells


def _grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def classify(lesson):
    """[Verdict] for every wrong-answer case of ``lesson``."""
    reference = {_grade_id(c): c.source for c in _cells("solutions", lesson)
                 if c.metadata.get("nbgrader", {}).get("solution")}
    student = _cells("lessons", lesson)
    visible = {_grade_id(c): c.source for c in student if c.metadata.get("nbgrader", {}).get("grade")}
    order = [_grade_id(c) for c in student if _grade_id(c) in reference]      # answer cells, in order
    kernel = Kernel(ROOT / "lessons" / lesson)
    try:
        for cell in student:
            if cell.cell_type == "code":
                error = kernel.run(reference.get(_grade_id(cell), cell.source))
                assert error is None, f"{lesson}, cell {_grade_id(cell)} fails with the reference answers: {error}"
        verdicts = []
        for name, case in wrong_answers(lesson).items():
            verdict = Verdict(name, list(case["fails"]))
            first = min(order.index(grade_id) for grade_id in case["answers"])
            for grade_id in order[first:]:
                kernel.run(case["answers"].get(grade_id, reference[grade_id]))
            for test in case["fails"]:
                error = kernel.run(visible[test])
                if error is not None:
                    verdict.failed_visibly.append(test)
                    verdict.messages[test] = error
            for grade_id in order[first:]:
                kernel.run(reference[grade_id])
            verdicts.append(verdict)
        return verdicts
    finally:
        kernel.close()


def main(lessons):
    total = caught = 0
    for lesson in lessons or LESSONS:
        verdicts = classify(lesson)
        n = sum(v.caught for v in verdicts)
        total, caught = total + len(verdicts), caught + n
        print(f"{lesson:<24} {n:3d} of {len(verdicts):3d} wrong answers fail a visible test", flush=True)
        for v in verdicts:
            silent = [test for test in v.fails if test not in v.failed_visibly]
            if not v.caught:
                print(f"    only hidden tests catch: {v.case} ({', '.join(v.fails)})")
            elif silent:
                print(f"    {v.case}: fails {', '.join(v.failed_visibly)} visibly; silent: {', '.join(silent)}")
    print(f"{'all lessons':<24} {caught:3d} of {total:3d} ({caught / total:.0%})")


if __name__ == "__main__":
    main(sys.argv[1:])
