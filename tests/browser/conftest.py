"""Fixtures for the browser suite: one JupyterLab server and one headless Chromium per test session.

The server serves a temporary copy of ``solutions/`` (stored outputs removed, so everything on
screen comes from this run) and ``lessons/``. Screenshots and the server log go to
``artifacts/browser/`` (git-ignored), which is emptied when the suite starts.
"""

import shutil
import time

import pytest

from tests.browser.lab import CHROMIUM_ARGS, LabServer, NotebookPage, copy_without_outputs, shots_listing
from tests.conftest import ROOT, require_tool

ARTIFACTS = ROOT / "artifacts" / "browser"
_timings = {}
_slow_cells = []
SLOW_CELL = 10.0  # seconds: cells at least this slow are listed after the run


def lesson_notebooks(folder):
    """Lesson names (``NN_topic``) that have ``<folder>/NN_topic/NN_topic.ipynb``: new lessons count at once."""
    base = ROOT / folder
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / f"{p.name}.ipynb").is_file())


def record_time(label, seconds):
    """Keep a duration for the summary printed after the run (and saved as timings.txt)."""
    _timings[label] = seconds


def record_slow_cells(lesson, cells, live_output=()):
    """Remember the cells of a run that took SLOW_CELL seconds or more (JupyterLab's own timing),
    and whether the learner saw output appear while they ran (``live_output``: cell indices)."""
    for cell in cells:
        if (cell.get("seconds") or 0) >= SLOW_CELL:
            shown = "shows progress while running" if cell["index"] in live_output else "silent until done"
            first = cell["source"].strip().splitlines()[0][:60] if cell["source"].strip() else ""
            _slow_cells.append(f"{lesson} cell {cell['index']}: {cell['seconds']:.0f} s, {shown} ({first!r})")


@pytest.fixture(scope="session")
def artifacts_dir():
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, artifacts_dir):
    """JupyterLab on a free 127.0.0.1 port, serving copies of solutions/, lessons/ and datasets/."""
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"), artifacts_dir / "jupyterlab.log")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for folder, strip in (("solutions", True), ("lessons", False)):
        for name in lesson_notebooks(folder):
            target = server.root / folder / name
            shutil.copytree(ROOT / folder / name, target, ignore=ignore)
            # The notebook as stored now (lessons are edited while the suite runs): what the tests compare with.
            stored = server.workdir / "stored" / folder / name / f"{name}.ipynb"
            stored.parent.mkdir(parents=True)
            shutil.copy(target / f"{name}.ipynb", stored)
            if strip:
                copy_without_outputs(stored, target / f"{name}.ipynb")
    # The same layout as the repository: a lesson may read ../../datasets/.
    shutil.copytree(ROOT / "datasets", server.root / "datasets", ignore=ignore)
    start = time.monotonic()
    server.start()
    record_time("JupyterLab start-up", time.monotonic() - start)
    yield server
    try:
        server.shutdown_kernels()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium(artifacts_dir, tmp_path_factory):
    """A headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    executable = require_tool("chromium", "the browser tests drive JupyterLab in it")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")), executable_path=executable, headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900}, device_scale_factor=1,
    )
    yield context
    context.close()
    playwright.stop()


@pytest.fixture(scope="session")
def open_notebook(lab_server, chromium, artifacts_dir):
    """``open_notebook("solutions/01_neurons/01_neurons.ipynb")`` -> an open :class:`NotebookPage`."""

    def _open(path, timeout=120):
        return NotebookPage(lab_server, chromium, path, artifacts_dir).open(timeout)

    return _open


def pytest_terminal_summary(terminalreporter):
    if not _timings:
        return
    lines = [f"{label:<40} {seconds:7.1f} s" for label, seconds in _timings.items()]
    if _slow_cells:
        lines.append(f"cells taking {SLOW_CELL:g} s or more:")
        lines += [f"  {line}" for line in _slow_cells]
    shots = shots_listing(ARTIFACTS)
    lines.append(f"screenshots in {ARTIFACTS.relative_to(ROOT)}/: {len(shots)}")
    lines += [f"  {name}" for name in shots]
    (ARTIFACTS / "timings.txt").write_text("\n".join(lines) + "\n")
    terminalreporter.write_sep("-", "browser suite (JupyterLab + Chromium)")
    for line in lines:
        terminalreporter.write_line(line)
