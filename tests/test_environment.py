"""The set-up files agree with each other, and lessons/ is what nbgrader generates."""

import subprocess
import sys

import pytest
import tomllib
import yaml

from tests.conftest import ROOT


def _pyproject():
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = _pyproject()["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = {d for d in pip_section if not d.startswith("--")}
    assert listed == wanted, f"only in pyproject: {wanted - listed}; only in environment.yml: {listed - wanted}"
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python == "python" + project["requires-python"]


def test_lab_extra_is_part_of_dev():
    extras = _pyproject()["project"]["optional-dependencies"]
    assert set(extras["lab"]) <= set(extras["dev"])


def test_ci_runs_exactly_make_test():
    lines = [l.strip() for l in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make test" in lines


@pytest.mark.slow
def test_lessons_are_generated_from_solutions():
    proc = subprocess.run([sys.executable, "scripts/generate_lessons.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_lessons_carry_no_outputs_or_solutions():
    import nbformat

    for path in sorted((ROOT / "lessons").glob("*/*.ipynb")):
        nb = nbformat.read(path, 4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs, f"{path.name}: a code cell has stored outputs"
                assert cell.execution_count is None
            assert "BEGIN SOLUTION" not in cell.source and "BEGIN HIDDEN TESTS" not in cell.source, path.name
