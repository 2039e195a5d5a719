"""Read a submitted notebook, however damaged, and find the student's answers in it.

Only the answer cells' source is taken from a submission, each matched to
the instructor's answer cell by its nbgrader ``grade_id``:

- an answer cell that appears twice: the first copy is graded (noted);
- an answer cell without nbgrader metadata (a notebook whose metadata an
  editor stripped, a cell re-created by copy and paste): matched by its
  position between the read-only cells around it, which a learner does not
  change, or by resemblance to the cell learners received (noted);
- an answer cell that cannot be found: graded as empty (noted);
- a file that is not a notebook at all (invalid JSON, no cells, too large):
  :attr:`Match.problem` says why, and the student scores 0 with that status.

Test cells, read-only cells and their order in the submission are ignored:
they come from the instructor's notebook (``lesson.py``).
"""

import difflib
import json
from dataclasses import dataclass, field

from mlp_kit.grading.lesson import strip_solution

MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Match:
    answers: dict = field(default_factory=dict)  # grade_id -> source to run
    how: dict = field(default_factory=dict)  # grade_id -> "id" | "position" | "content" | "missing"
    notes: list = field(default_factory=list)  # what was unusual, for the status and feedback
    problem: str = ""  # set when the file cannot be graded at all


def read(path, lesson):
    """Match the answers of ``lesson`` in the notebook file at ``path``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Match(problem=f"invalid notebook: cannot read the file ({exc.strerror})")
    if len(raw) > MAX_BYTES:
        return Match(problem=f"invalid notebook: {len(raw) >> 20} MB, larger than "
                             f"{MAX_BYTES >> 20} MB")
    try:
        nb = json.loads(raw.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as exc:
        return Match(problem=f"invalid notebook: not valid JSON ({str(exc)[:80]})")
    cells = _cells(nb)
    if cells is None:
        return Match(problem="invalid notebook: no list of cells in the file")
    match = Match()
    kernel = _kernel_name(nb)
    if kernel and not kernel.startswith("python"):
        match.notes.append(f"notebook kernel is {kernel!r}; graded with Python")
    _match_by_id(cells, lesson, match)
    missing = [c for c in lesson.answers if c.name not in match.answers]
    if missing:
        _match_by_place(cells, lesson, match, missing)
    for cell in lesson.answers:
        if cell.name not in match.answers:
            match.answers[cell.name] = ""
            match.how[cell.name] = "missing"
            match.notes.append(f"answer cell {cell.name} not found (graded as empty)")
    return match


def _text(source):
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _cells(nb):
    """Code/markdown cells as dicts {type, source, grade_id, solution}; None if there are none."""
    if not isinstance(nb, dict):
        return None
    cells = nb.get("cells")
    if cells is None and isinstance(nb.get("worksheets"), list) and nb["worksheets"]:
        cells = nb["worksheets"][0].get("cells")  # nbformat 3
    if not isinstance(cells, list):
        return None
    out = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        nbg = meta.get("nbgrader") if isinstance(meta.get("nbgrader"), dict) else {}
        source = cell.get("source", cell.get("input", ""))
        out.append({"type": cell.get("cell_type", ""), "source": _text(source),
                    "grade_id": nbg.get("grade_id") if isinstance(nbg.get("grade_id"), str) else None})
    return out


def _kernel_name(nb):
    spec = nb.get("metadata", {}).get("kernelspec", {}) if isinstance(nb.get("metadata"), dict) else {}
    name = spec.get("name") if isinstance(spec, dict) else None
    return name if isinstance(name, str) else ""


def _match_by_id(cells, lesson, match):
    for answer in lesson.answers:
        found = [c for c in cells if c["grade_id"] == answer.name]
        if not found:
            continue
        first = found[0]
        if len(found) > 1:
            match.notes.append(f"answer cell {answer.name} appears {len(found)} times "
                               f"(the first copy is graded)")
        if first["type"] != "code":
            match.notes.append(f"answer cell {answer.name} was turned into a {first['type']} "
                               f"cell (graded as empty)")
            match.answers[answer.name] = ""
        else:
            match.answers[answer.name] = first["source"]
        match.how[answer.name] = "id"


def _norm(source):
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _match_by_place(cells, lesson, match, missing):
    """Find answers whose metadata is gone, between the unchanged read-only cells around them."""
    code = [c for c in cells if c["type"] == "code"]
    claimed = {id(c) for c in code if c["grade_id"] in match.answers}
    release = [None if c.kind == "answer" else _norm(c.visible_source if c.kind == "test"
                                                  else c.source) for c in lesson.cells]
    received = {c.name: _norm(strip_solution(c.source)) for c in lesson.answers}
    mine = [_norm(c["source"]) for c in code]
    # Anchors: read-only / test cells of the instructor's notebook found unchanged in the submission.
    sm = difflib.SequenceMatcher(None, [r if r is not None else object() for r in release], mine,
                                 autojunk=False)
    anchors = [(b.a + k, b.b + k) for b in sm.get_matching_blocks() for k in range(b.size)]
    anchor_b = {b for _, b in anchors}
    for answer in missing:
        before = [b for a, b in anchors if a < answer.index]
        after = [b for a, b in anchors if a > answer.index]
        lo = max(before) + 1 if before else 0
        hi = min(after) if after else len(code)
        candidates = [j for j in range(lo, hi)
                      if j not in anchor_b and id(code[j]) not in claimed and code[j]["grade_id"] is None]
        if not candidates:
            continue
        if len(candidates) == 1:
            j, how = candidates[0], "position"
        else:
            stub = received[answer.name]
            j = max(candidates, key=lambda k: difflib.SequenceMatcher(None, stub, mine[k]).ratio())
            how = "content"
        claimed.add(id(code[j]))
        match.answers[answer.name] = code[j]["source"]
        match.how[answer.name] = how
        match.notes.append(f"answer cell {answer.name} had no nbgrader metadata "
                           f"(found by its {how})")
