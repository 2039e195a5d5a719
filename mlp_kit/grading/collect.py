"""``mlp-kit collect``: an LMS download -> ``DIR/<student_id>/<LESSON>/<LESSON>.ipynb``.

    mlp-kit collect LESSON ZIP_OR_FOLDER [--submissions DIR] [--roster FILE]
                                         [--pattern REGEX]

Learning platforms hand out one file per student with the student's id in
the file name. The id is found by the first pattern that matches:

- ``--pattern REGEX``: your own, with a named group ``(?P<id>...)``;
- Canvas: ``doejane_12345_678901_01_neurons.ipynb`` (``LATE_`` allowed) -> ``doejane``;
- Moodle: ``Jane Doe_12345_assignsubmission_file_/...`` -> ``12345``;
- Blackboard: ``01_neurons_jdoe_attempt_2024-05-01-10-00-00_nb.ipynb`` -> ``jdoe``;
- nbgrader / hand-made: a folder named after the student holding the
  notebook, or ``<id>_<LESSON>.ipynb`` / ``<LESSON>_<id>.ipynb``.

With ``--roster`` (a text or CSV file whose first column is the student
ids), only ids on the roster are accepted and a file is also matched when
one of its name's parts is a roster id; the report then lists the students
without a submission. Several files for one student: the newest is kept and
the others reported. Everything that could not be matched is reported and
nothing is ever overwritten silently: an existing notebook is replaced only
with ``--force``.
"""

import csv
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")

PATTERNS = [
    ("canvas", r"^(?P<id>[a-z0-9]+)_(?:late_)?\d+_\d+_.+\.ipynb$"),
    ("moodle", r"^[^/]*?_(?P<id>\d+)_assignsubmission_file_"),
    ("blackboard", r"_(?P<id>[^_/]+)_attempt_\d{4}-\d\d-\d\d"),
]


@dataclass
class Report:
    placed: dict = field(default_factory=dict)  # student -> source name
    unmatched: list = field(default_factory=list)  # (name, why)
    duplicates: list = field(default_factory=list)  # (student, names not used)
    absent: list = field(default_factory=list)  # roster students without a file
    kept: list = field(default_factory=list)  # students whose existing notebook was not replaced

    def lines(self, lesson, dest):
        out = [f"{len(self.placed)} notebooks of {lesson} placed in {dest}"]
        for student, names in self.duplicates:
            out.append(f"  {student}: several files, kept the newest; ignored: {', '.join(names)}")
        for student in self.kept:
            out.append(f"  {student}: already has a notebook there, not replaced (use --force)")
        if self.unmatched:
            out.append(f"{len(self.unmatched)} files could not be matched to a student:")
            out += [f"  {name}: {why}" for name, why in self.unmatched]
        if self.absent:
            out.append(f"{len(self.absent)} students on the roster have no submission: "
                       f"{', '.join(self.absent)}")
        return out


def read_roster(path):
    """Student ids from the first column of a text/CSV file (a header row named like 'id' is skipped)."""
    ids = []
    with open(path, newline="") as fh:
        for row in csv.reader(fh):
            if not row or not row[0].strip() or row[0].strip().startswith("#"):
                continue
            ids.append(row[0].strip())
    if ids and ids[0].lower() in ("id", "student_id", "student", "username", "login"):
        ids = ids[1:]
    return ids


def student_of(name, lesson, roster=None, pattern=None):
    """The student id in a file's path inside the download, or (None, why)."""
    path = PurePosixPath(name)
    base = path.name
    candidates = []
    if pattern:
        m = re.search(pattern, name)
        if m and m.groupdict().get("id"):
            candidates.append(m.group("id"))
    else:
        for _, regex in PATTERNS:
            m = re.search(regex, name, flags=re.I)
            if m:
                candidates.append(m.group("id"))
                break
        if not candidates:
            stem = base[: -len(".ipynb")]
            if len(path.parts) >= 2 and stem == lesson:
                # <id>/<lesson>.ipynb or <id>/<lesson>/<lesson>.ipynb
                parts = path.parts[:-1]
                owner = parts[-2] if parts[-1] == lesson and len(parts) >= 2 else parts[-1]
                candidates.append(owner)
            for sep in ("_", "-", "."):
                if stem.startswith(lesson + sep):
                    candidates.append(stem[len(lesson) + 1:])
                if stem.endswith(sep + lesson):
                    candidates.append(stem[: -len(lesson) - 1])
    if roster is not None:
        known = [c for c in candidates if c in roster]
        if not known:
            text = name[: -len(".ipynb")] if name.lower().endswith(".ipynb") else name
            tokens = re.split(r"[^A-Za-z0-9.@-]+", text) + re.split(r"[^A-Za-z0-9]+", text)
            known = list(dict.fromkeys(t for t in tokens if t in roster))
        if not known:
            return None, "no student id from the roster in the file name"
        candidates = known
    for c in candidates:
        if SAFE_ID.match(c) and c not in (".", ".."):
            return c, ""
    if candidates:
        return None, f"{candidates[0]!r} is not usable as a student id (letters, digits, ._@- only)"
    return None, "no student id found in the file name (try --pattern or --roster)"


def _entries(source, tmp):
    """(name inside the download, local path, modification time) of every notebook in it."""
    source = Path(source)
    if source.is_dir():
        for path in sorted(source.rglob("*.ipynb")):
            if path.is_file() and not path.is_symlink() and ".ipynb_checkpoints" not in path.parts:
                yield path.relative_to(source).as_posix(), path, path.stat().st_mtime
        return
    if not zipfile.is_zipfile(source):
        raise SystemExit(f"mlp-kit collect: {source} is neither a folder nor a zip file")
    with zipfile.ZipFile(source) as zf:
        for i, info in enumerate(zf.infolist()):
            name = info.filename
            if info.is_dir() or not name.lower().endswith(".ipynb") or "__MACOSX" in name \
                    or ".ipynb_checkpoints" in name:
                continue
            target = Path(tmp) / f"{i}.ipynb"  # never use the archive's path on disk
            with zf.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            mtime = 0.0
            try:
                import datetime

                mtime = datetime.datetime(*info.date_time).timestamp()
            except (ValueError, OverflowError):
                pass
            yield name, target, mtime


def collect(lesson, source, dest, roster=None, pattern=None, force=False):
    """Place every matched notebook at ``dest/<id>/<lesson>/<lesson>.ipynb``; returns a Report."""
    rep = Report()
    roster_set = set(roster) if roster is not None else None
    chosen = {}  # student -> (mtime, name, path)
    others = {}
    with tempfile.TemporaryDirectory(prefix="mlpk-collect-") as tmp:
        for name, path, mtime in _entries(source, tmp):
            student, why = student_of(name, lesson, roster_set, pattern)
            if student is None:
                rep.unmatched.append((name, why))
                continue
            best = chosen.get(student)
            if best is None or mtime > best[0]:
                if best is not None:
                    others.setdefault(student, []).append(best[1])
                chosen[student] = (mtime, name, path)
            else:
                others.setdefault(student, []).append(name)
        for student, (_, name, path) in sorted(chosen.items()):
            target = Path(dest) / student / lesson / f"{lesson}.ipynb"
            if target.exists() and not force:
                rep.kept.append(student)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            rep.placed[student] = name
    rep.duplicates = sorted(others.items())
    if roster is not None:
        rep.absent = sorted(s for s in roster if s not in chosen)
    return rep


def add_arguments(parser):
    parser.add_argument("lesson", metavar="LESSON", help="lesson folder name, e.g. 01_neurons")
    parser.add_argument("source", metavar="ZIP_OR_FOLDER", type=Path,
                        help="the download from the learning platform")
    parser.add_argument("--submissions", metavar="DIR", type=Path, default=Path("submitted"),
                        help="where to put DIR/<student_id>/<LESSON>/<LESSON>.ipynb "
                             "(default: submitted/, nbgrader's folder)")
    parser.add_argument("--roster", metavar="FILE", type=Path,
                        help="student ids, one per line or the first CSV column")
    parser.add_argument("--pattern", metavar="REGEX",
                        help="regular expression with a group (?P<id>...) matching the id "
                             "in each file's path")
    parser.add_argument("--force", action="store_true", help="replace notebooks already there")


def run(args):
    if args.pattern and "(?P<id>" not in args.pattern:
        print("mlp-kit collect: --pattern needs a named group (?P<id>...)", file=sys.stderr)
        return 2
    roster = read_roster(args.roster) if args.roster else None
    rep = collect(args.lesson, args.source, args.submissions, roster, args.pattern, args.force)
    print("\n".join(rep.lines(args.lesson, args.submissions)))
    return 0 if rep.placed or rep.kept else 1
