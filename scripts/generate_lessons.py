"""Regenerate lessons/ (student versions) from solutions/ with nbgrader.

    python scripts/generate_lessons.py            # every lesson
    python scripts/generate_lessons.py 03_mlp_from_scratch   # one lesson
    python scripts/generate_lessons.py --check    # exit 1 if lessons/ is out of date

nbgrader's generate_assignment strips the solutions and hidden tests, clears
outputs and (configured in nbgrader_config.py) drops the saved widget state. This
script runs it on a throw-away copy of the course so that no gradebook.db is left
behind; only lessons/ changes.
"""

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lesson_names():
    """Names of the lessons in solutions/ (folders holding a notebook of the same name)."""
    return sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").exists())


def venv_env():
    """The environment with this Python's bin/ first on PATH (nbgrader runs `alembic` from it)."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def generate(dest, names=None):
    """Generate lessons (default: all) into ``dest`` (a lessons/ folder); return their names."""
    names = names or lesson_names()
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp)
        shutil.copy(ROOT / "nbgrader_config.py", course)
        shutil.copytree(ROOT / "solutions", course / "solutions")
        for name in names:
            subprocess.run(
                [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force",
                 "--log-level=WARN"],
                cwd=course, check=True, env=venv_env(),
            )
        for name in names:
            target = Path(dest) / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(course / "lessons" / name, target)
    return names


def differences(a, b):
    """Files that differ between two folder trees (relative paths)."""
    cmp = filecmp.dircmp(a, b)
    out = [*cmp.left_only, *cmp.right_only, *cmp.diff_files, *cmp.funny_files]
    for sub in cmp.common_dirs:
        out += [f"{sub}/{f}" for f in differences(Path(a) / sub, Path(b) / sub)]
    return out


def main(argv):
    if "--check" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp) / "lessons")
            diff = differences(ROOT / "lessons", Path(tmp) / "lessons")
        if diff:
            sys.exit(f"lessons/ is out of date ({', '.join(diff)}): run `make lessons`.")
        print("lessons/ is up to date.")
        return
    names = generate(ROOT / "lessons", [a for a in argv if not a.startswith("-")])
    print(f"Generated {len(names)} lesson(s) in lessons/: {', '.join(names)}")


if __name__ == "__main__":
    main(sys.argv[1:])
