"""`make lab` starts JupyterLab with lesson 01 open, and a learner sees how the lesson works.

Runs the real Makefile target (``make lab NO_BROWSER=1 PORT=<free>``) in a temporary folder holding
a copy of ``lessons/``, with a throw-away home, opens the URL it prints in Chromium, and checks that
lesson 01 is the open tab and that its first cell says what you will learn, how long it takes and
how to check your answers. Screenshot: ``make-lab.png``.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser.conftest import record_time
from tests.browser.lab import LabServer, free_port
from tests.conftest import ROOT, require_tool

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST_LESSON = "01_neurons/01_neurons.ipynb"
INTRO_HEADINGS = ["What you will learn", "Time", "How to check"]


@pytest.fixture
def make_lab(tmp_path, artifacts_dir):
    """``make lab`` running in the background; yields (url printed by Jupyter, process)."""
    make = require_tool("make", "`make lab` is how learners start the lessons")
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    env = LabServer(tmp_path, artifacts_dir / "make-lab.log").env()
    port = free_port()
    venv = Path(sys.prefix)
    log_path = artifacts_dir / "make-lab.log"
    with open(log_path, "w") as log:
        # -o: the virtualenv is set up already; never reinstall packages from inside the tests.
        proc = subprocess.Popen(
            [make, "-f", str(ROOT / "Makefile"), "-o", str(venv / ".installed"), "lab", f"VENV={venv}",
             "NO_BROWSER=1", f"PORT={port}"],
            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        url, deadline = None, time.monotonic() + 120
        while url is None and time.monotonic() < deadline and proc.poll() is None:
            found = re.search(rf"http://127\.0\.0\.1:{port}/\S*token=\w+", log_path.read_text())
            url = found.group(0) if found else None
            time.sleep(0.5)
        assert url, f"`make lab` printed no URL (exit code {proc.poll()}); see {log_path}:\n" \
                    f"{log_path.read_text()[-2000:]}"
        yield url, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def test_make_lab_opens_lesson_01(make_lab, chromium, artifacts_dir):
    url, _proc = make_lab
    start = time.monotonic()
    assert f"/lab/tree/{FIRST_LESSON}" in url, f"`make lab` does not open lesson 01: {url}"
    page = chromium.new_page()
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current").inner_text()
        assert Path(FIRST_LESSON).name in tab, f"the open tab is {tab!r}, not lesson 01"
        first_cell = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first
        deadline = time.monotonic() + 30  # the markdown renders a moment after the cell appears
        while not first_cell.inner_text().strip() and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        page.wait_for_timeout(1000)
        intro = first_cell.inner_text()
        missing = [h for h in INTRO_HEADINGS if h not in intro]
        page.screenshot(path=str(artifacts_dir / "make-lab.png"))
        assert not missing, f"lesson 01's first cell does not say {missing}:\n{intro[:500]}"
    finally:
        page.close(run_before_unload=False)
    record_time("make lab: lesson 01 opens", time.monotonic() - start)
