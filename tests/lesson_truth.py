"""Every number a lesson's text quotes must be one its cells show.

The check reads a solution notebook (no kernel): it collects the numbers written in
the markdown prose, and accepts each one that equals a number in a stored output
(or a literal in a code cell: a hyperparameter the learner can see) *as written*,
i.e. after rounding the output to the digits the prose gives: "0.85" matches an
output 0.8512, "85 %" and "85.1 %" match 0.8512 too, "4,796,679" matches 4796679,
"10⁻⁵" and "1e-5" match 1e-05.

Not checked: numbers inside inline code, code blocks and LaTeX (those are code
and formulas, not results), the lesson number, time and points in the
introduction (``test_lesson_structure`` checks those), exercise numbers and
points in exercise headings, and integers from 0 to 10 ("two layers", "step 3").
A number counts as shown when a code cell within ``WINDOW`` cells of its markdown
cell shows it; the introduction and a summary may quote any cell.
Numbers that are facts from elsewhere (a year, the size of a public data set)
are listed with a reason in ``tests/prose_numbers/<lesson>.txt``.
"""

import math
import re
from dataclasses import dataclass
from pathlib import Path

ALLOW_DIR = Path(__file__).parent / "prose_numbers"
WINDOW = 6   # cells on each side of a markdown cell that count as "beside" it

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
# 10⁻⁵, 10^-5, 1e-5, 2.5e3, −1,704.5, 0.851, 12 — signs dropped: prose and outputs disagree on minus glyphs.
_NUMBER = re.compile(
    r"10(?:\^|)(?P<sup>[⁻-]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
    r"|10\^\{?(?P<caret>-?\d+)\}?"
    r"|(?P<num>(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:e[-+]?\d+)?"
    r"|(?<![\w.])\d+(?:\.\d+)?(?:e[-+]?\d+)?|(?<![\w.])\.\d+)(?P<pct>\s?%)?(?P<million>\s?(?:million\b|M\b))?",
    re.IGNORECASE,
)
_IGNORED_SPANS = [
    re.compile(r"```.*?```", re.S),                 # code blocks
    re.compile(r"`[^`]*`"),                          # inline code
    re.compile(r"\$\$.*?\$\$", re.S),               # display maths
    re.compile(r"\$[^$]*\$"),                        # inline maths
    re.compile(r"\]\([^)]*\)"),                      # link targets
    re.compile(r"<[^>]+>"),                          # HTML tags
    re.compile(r"https?://\S+"),
]
_EXERCISE_HEADING = re.compile(r"^#+\s*Exercise\s+\d+.*$", re.M | re.IGNORECASE)
_OUTPUT_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?:e[-+]?\d+)?|(?<![\w.])\.\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Quoted:
    """A number as the prose writes it: its value, decimals shown, and whether it is a percentage."""

    text: str
    value: float
    decimals: int
    percent: bool
    cell: int
    scale: float = 1.0     # 1e6 for "144 million"

    def matches(self, x):
        """True when output value ``x`` (non-negative) reads as this number at the prose's precision."""
        x = x / self.scale
        candidates = [x * 100, x] if self.percent else [x]
        if not self.percent and self.value >= 1 and x < 1:
            candidates.append(x * 100)          # "85.1 of 100 digits" style fractions quoted as counts
        step = 10.0 ** -self.decimals
        return any(abs(c - self.value) <= step / 2 + 1e-9 * max(1.0, abs(c)) for c in candidates)


def _decimals(text):
    mantissa = text.lower().split("e")[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def _strip(markdown):
    for pattern in _IGNORED_SPANS:
        markdown = pattern.sub(" ", markdown)
    return _EXERCISE_HEADING.sub(" ", markdown)


def prose_numbers(nb):
    """The numbers quoted in the markdown cells of notebook ``nb``, in order (list of Quoted)."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        text = _strip(cell.source)
        if index == 0:   # the lesson number in the title; time and points are checked by test_lesson_structure
            text = re.sub(r"^#\s+\d+", " ", text)
            text = re.sub(r"\*\*(Time|Exercises):\*\*[^*\n]*", " ", text)
        for m in _NUMBER.finditer(text):
            if m.group("sup") or m.group("caret"):
                exponent = int((m.group("sup") or m.group("caret")).translate(_SUPERSCRIPT))
                found.append(Quoted(m.group(0), 10.0 ** exponent, max(0, -exponent), False, index))
                continue
            raw = m.group("num")
            value = float(raw.replace(",", ""))
            if value <= 10 and value == int(value) and "." not in raw and not m.group("pct"):
                continue
            scale = 1e6 if m.group("million") else 1.0
            found.append(Quoted(raw + (m.group("pct") or "") + (m.group("million") or ""), value, _decimals(raw),
                                bool(m.group("pct")), index, scale))
    return found


def output_text(cell):
    """The text a code cell shows: its stream, text/plain and text/html outputs and error messages."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
        else:
            data = out.get("data", {})
            for kind in ("text/plain", "text/html", "text/markdown"):
                value = data.get(kind, "")
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def shown_numbers(nb, cells=None):
    """Every non-negative number in the stored outputs and code literals of ``nb`` (a sorted list).

    ``cells``: the indices of the cells to read (default: all).
    """
    values = set()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or (cells is not None and index not in cells):
            continue
        for text in (output_text(cell), cell.source):
            for token in _OUTPUT_NUMBER.findall(text):
                value = float(token.replace(",", ""))
                if math.isfinite(value):
                    values.add(value)
    return sorted(values)


def allowed_numbers(lesson):
    """{number text: reason} from tests/prose_numbers/<lesson>.txt (empty when the file is missing)."""
    path = ALLOW_DIR / f"{lesson}.txt"
    if not path.exists():
        return {}
    allowed = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        number, _, reason = line.partition("#")
        allowed[number.strip()] = reason.strip()
    return allowed


def _is_recap(cell):
    """The introduction and summary cells quote results from anywhere in the lesson."""
    return bool(re.search(r"^#+\s*(Summary|Recap|What you (have )?learn|Wrap)", cell.source, re.M | re.I))


def unshown(nb, allowed=(), window=WINDOW):
    """The prose numbers of ``nb`` not shown by a cell beside them and not listed in ``allowed``.

    "Beside" is the ``window`` cells before and after the markdown cell; a recap
    (the introduction, a summary) may quote any cell of the lesson.
    """
    everywhere = shown_numbers(nb)
    missing = []
    for q in prose_numbers(nb):
        if q.text in allowed:
            continue
        if q.cell == 0 or _is_recap(nb.cells[q.cell]):
            values = everywhere
        else:
            values = shown_numbers(nb, range(q.cell - window, q.cell + window + 1))
        if not any(q.matches(v) for v in values):
            missing.append(q)
    return missing
