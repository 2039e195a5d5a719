"""What grading leaves for people: grades.csv, one feedback page per student, a class summary.

- ``grades.csv``: one row per student -- ``student_id``, one column per test
  cell (its ``grade_id``) with the points scored, ``total``, ``max_total``,
  ``status`` (``ok`` or what went wrong) and ``notes``.
- ``feedback/<student>.html``: for the learner. Each exercise's points, the
  visible tests' source and, for a failing visible test, its message (what
  the code returned and what was expected). A failing *hidden* test is
  reported as such, never with its source or its message.
- ``summary.html`` + ``summary.png``: for the instructor. Per test cell the
  mean, the share of full marks and the distribution of points; the
  distribution of totals; every student whose status is not ``ok``.

Every piece of student-controlled text is HTML-escaped.
"""

import csv
import html
import io
import os
import tempfile
from collections import Counter
from pathlib import Path

from mlp_kit.grading.scoring import fmt_points


def atomic_write(path, text, mode="w"):
    """Write a file so that a crash leaves either the old or the new content, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, mode) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------ grades.csv


def grades_csv(lesson, results):
    """The CSV text: one row per student, sorted by student id."""
    names = [t.name for t in lesson.tests]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student_id", *names, "total", "max_total", "status", "notes"])
    for r in sorted(results, key=lambda r: r.student):
        scores = r.scores()
        writer.writerow([r.student, *(fmt_points(scores.get(n, 0.0)) for n in names),
                         fmt_points(r.total), fmt_points(lesson.max_total), r.status,
                         "; ".join(r.notes)])
    return buf.getvalue()


# ------------------------------------------------------------------ feedback

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:54em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
.passed{color:#146c2e}.failed,.timeout,.died,.memory{color:#a61b1b}
pre{background:#f5f5f5;padding:.6em;overflow-x:auto}details{margin:.5em 0}
.note{color:#555}
"""


def _e(text):
    return html.escape(str(text))


def feedback_html(lesson, result):
    """The learner's feedback page (no hidden-test source, no hidden-test messages)."""
    tests = {t.name: t for t in result.tests}
    answers = {a.name: a for a in result.answers}
    out = [f"<!doctype html><html><head><meta charset='utf-8'><title>{_e(lesson.name)}: "
           f"{_e(result.student)}</title><style>{_STYLE}</style></head><body>",
           f"<h1>{_e(lesson.name)}: feedback for {_e(result.student)}</h1>",
           f"<p><b>Score: {fmt_points(result.total)} / {fmt_points(lesson.max_total)}</b></p>"]
    if result.status != "ok":
        out.append(f"<p class='note'>While grading: {_e(result.status)}</p>")
    out.append("<table><tr><th>test</th><th>points</th><th>result</th></tr>")
    for cell in lesson.tests:
        t = tests.get(cell.name)
        status = t.status if t else "not run"
        points = fmt_points(t.points) if t else "0"
        out.append(f"<tr><td>{_e(cell.name)}</td><td>{points} / {fmt_points(cell.points)}</td>"
                   f"<td class='{_e(status)}'>{_e(status)}</td></tr>")
    out.append("</table>")
    for exercise in lesson.exercises:
        out.append(f"<h2>{_e(exercise.title or exercise.name)}</h2>")
        for answer in exercise.answers:
            a = answers.get(answer.name)
            if a is None:
                continue
            if a.found == "missing":
                out.append(f"<p class='note'>Your answer cell <code>{_e(a.name)}</code> was not "
                           f"found in the notebook.</p>")
            elif a.found != "id":
                out.append(f"<p class='note'>Your answer cell <code>{_e(a.name)}</code> had lost "
                           f"its grading metadata; it was found by its {_e(a.found)}.</p>")
            if a.status == "error" and a.message:
                out.append(f"<p>Running your answer cell <code>{_e(a.name)}</code> raised:</p>"
                           f"<pre>{_e(a.message)}</pre>")
            elif a.status not in ("ok", "error", "empty", "not run"):
                out.append(f"<p>Your answer cell <code>{_e(a.name)}</code>: {_e(a.status)}.</p>")
        for cell in exercise.tests:
            t = tests.get(cell.name)
            out.append(f"<h3>{_e(cell.name)}</h3>")
            if t is None:
                continue
            if t.status == "passed":
                out.append("<p class='passed'>All tests passed.</p>")
            elif t.message:
                out.append(f"<p class='{_e(t.status)}'>{_e(t.message)}</p>")
            else:
                out.append(f"<p class='{_e(t.status)}'>{_e(t.status)}</p>")
            out.append(f"<details><summary>the visible tests</summary><pre>{_e(cell.visible_source)}"
                       f"</pre></details>")
    out.append("</body></html>")
    return "\n".join(out)


# ------------------------------------------------------------------ summary


def summary(lesson, results, *, seconds=None, sandbox_text="", modes=None):
    """(HTML text, plain-text lines) of the class summary."""
    n = len(results)
    rows, lines = [], []
    for cell in lesson.tests:
        got = [r.scores().get(cell.name, 0.0) for r in results]
        mean = sum(got) / n if n else 0.0
        full = sum(1 for g in got if g >= cell.points) / n if n else 0.0
        dist = Counter(fmt_points(g) for g in got)
        dist_text = ", ".join(f"{k}: {v}" for k, v in sorted(dist.items(), key=lambda kv: float(kv[0])))
        mode = (modes or {}).get(cell.name, "judge")
        rows.append((cell.name, fmt_points(cell.points), f"{mean:.2f}", f"{100 * full:.0f}%",
                     dist_text, mode))
        lines.append(f"  {cell.name:<32} mean {mean:5.2f} / {fmt_points(cell.points):<4} "
                     f"full marks {100 * full:3.0f}%")
    totals = [r.total for r in results]
    mean_total = sum(totals) / n if n else 0.0
    trouble = sorted((r for r in results if r.status != "ok"), key=lambda r: r.student)
    statuses = Counter(r.status for r in results)
    head = (f"{n} students, mean total {mean_total:.2f} / {fmt_points(lesson.max_total)}"
            + (f", graded in {seconds:.0f} s" if seconds is not None else ""))
    lines.insert(0, head)
    if trouble:
        lines.append(f"  {len(trouble)} students with a status other than ok (see grades.csv)")
    kernel_tests = [name for name, mode in (modes or {}).items() if mode == "kernel"]
    out = [f"<!doctype html><html><head><meta charset='utf-8'><title>{_e(lesson.name)} "
           f"summary</title><style>{_STYLE}</style></head><body>",
           f"<h1>{_e(lesson.name)}: class summary</h1><p>{_e(head)}</p>",
           f"<p class='note'>{_e(sandbox_text)}</p>",
           "<img src='summary.png' alt='points per test and distribution of totals' width='800'>",
           "<h2>Per test cell</h2><table><tr><th>test</th><th>points</th><th>mean</th>"
           "<th>full marks</th><th>distribution (points: students)</th><th>run</th></tr>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{_e(x)}</td>" for x in row) + "</tr>")
    out.append("</table>")
    if kernel_tests:
        out.append(f"<p class='note'>Run in the kernel, nbgrader's way (not tamper-proof): "
                   f"{_e(', '.join(kernel_tests))}.</p>")
    out.append("<h2>Statuses</h2><table><tr><th>status</th><th>students</th></tr>")
    for status, count in statuses.most_common():
        out.append(f"<tr><td>{_e(status)}</td><td>{count}</td></tr>")
    out.append("</table>")
    if trouble:
        out.append("<h2>Students to look at</h2><table><tr><th>student</th><th>total</th>"
                   "<th>status</th></tr>")
        for r in trouble:
            out.append(f"<tr><td>{_e(r.student)}</td><td>{fmt_points(r.total)}</td>"
                       f"<td>{_e(r.status)}</td></tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out), lines


def summary_plot(lesson, results, path):
    """Mean points per test cell (bars, with the maximum) and a histogram of totals."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    names = [c.name for c in lesson.tests]
    maxima = [c.points for c in lesson.tests]
    n = max(1, len(results))
    means = [sum(r.scores().get(name, 0.0) for r in results) / n for name in names]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    axes[0].barh(names, maxima, color="#ddd", label="maximum")
    axes[0].barh(names, means, color="tab:blue", label="class mean")
    axes[0].invert_yaxis()
    axes[0].set(xlabel="points", title="Mean points per test cell")
    axes[0].legend(loc="lower right")
    totals = [r.total for r in results]
    top = lesson.max_total
    bins = [x - 0.5 for x in range(int(top) + 2)] if top <= 40 else 20
    axes[1].hist(totals, bins=bins, color="tab:blue", edgecolor="white")
    axes[1].set(xlabel=f"total points (of {fmt_points(top)})", ylabel="students",
                title=f"Distribution of totals ({len(results)} students)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
