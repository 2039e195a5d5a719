"""A real JupyterLab server and a notebook page in headless Chromium, for the browser tests.

:class:`LabServer` starts ``jupyter lab`` on a free loopback port with a throw-away home,
settings and workspaces, serving a temporary copy of the notebooks (so running them never
changes the repository). :class:`NotebookPage` drives one notebook through the UI the way a
learner does — menus, mouse, keyboard — and reads back what is on screen.

JupyterLab is started with ``expose_app_in_browser`` so that the tests can *read* the
notebook model (which outputs are errors; stderr and errors look alike in the DOM). Every
*action* goes through the menus, the mouse and the keyboard.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import nbformat

CHROMIUM_ARGS = [
    # Chromium's own network chatter is refused on a closed network, and stalls start-up.
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]

# JupyterLab user settings for the test server: every cell in the DOM (no virtual scrolling,
# so that off-screen cells can be read), cell timings recorded (to list the slow cells), no news
# or update pop-ups over the notebook.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "recordTiming": True},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}

# Lines TensorFlow, absl and XLA write at start-up. mlp_kit configures logging so that a
# learner never sees them.
TF_LOG_PATTERNS = [
    r"\bI tensorflow/", r"^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+", r"oneDNN custom operations", r"\bcuda",
    r"\babsl\b|absl::", r"WARNING: All log messages before", r"rebuild TensorFlow with the appropriate",
    r"TF-TRT Warning", r"computation placer",
]
TF_LOG_RE = re.compile("|".join(TF_LOG_PATTERNS), re.IGNORECASE | re.MULTILINE)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_without_outputs(src, dst):
    """Copy a notebook, dropping stored outputs, counts and widget state: what shows later is new."""
    nb = nbformat.read(src, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    dst.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dst)


class LabServer:
    """``jupyter lab`` on 127.0.0.1 with its own home, config, data, runtime, settings and workspaces."""

    def __init__(self, workdir, log_path, lab_args=()):
        self.workdir = Path(workdir)
        self.root = self.workdir / "root"
        self.home = self.workdir / "home"
        self.log_path = Path(log_path)
        self.lab_args = list(lab_args)
        self.token = uuid.uuid4().hex
        self.port = None
        self.proc = None

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
        # Kernels must show what a learner sees: no log-silencing inherited from the test run.
        for name in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "PYTHONPATH", "MPLBACKEND"):
            env.pop(name, None)
        h = self.home
        env.update(
            HOME=str(h), JUPYTER_CONFIG_DIR=str(h / "config"), JUPYTER_DATA_DIR=str(h / "data"),
            JUPYTER_RUNTIME_DIR=str(h / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(h / "settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(h / "workspaces"), IPYTHONDIR=str(h / "ipython"),
            MPLCONFIGDIR=str(h / "matplotlib"), JUPYTER_PLATFORM_DIRS="1",
            # The kernelspec runs `python`: the one of this environment.
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        return env

    def write_settings(self):
        for plugin, values in LAB_SETTINGS.items():
            path = self.home / "settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))

    def start(self, timeout=120):
        self.root.mkdir(parents=True, exist_ok=True)
        self.write_settings()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):  # a free port can be taken between probing and binding
            self.port = free_port()
            cmd = [
                sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}", "--PasswordIdentityProvider.hashed_password=",
                f"--ServerApp.root_dir={self.root}", "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.expose_app_in_browser=True", *self.lab_args,
            ]
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                cmd.append("--allow-root")
            log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
            self.proc = subprocess.Popen(cmd, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                                         cwd=self.workdir, start_new_session=True)
            self._log = log
            if self._wait_ready(timeout):
                return self
            self.stop()
        raise RuntimeError(f"JupyterLab did not start; see {self.log_path}")

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                self.api("GET", "status")
                return True
            except OSError:
                time.sleep(0.5)
        return False

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def api(self, method, path, timeout=10):
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def notebook_url(self, path, workspace):
        """Open ``path`` in a fresh workspace, so no tab of an earlier test is restored."""
        return f"{self.url}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def shutdown_kernels(self):
        """Delete every session (and so shut down its kernel): frees the memory for the next lesson."""
        for session in self.api("GET", "sessions") or []:
            try:
                self.api("DELETE", f"sessions/{session['id']}", timeout=30)
            except OSError:
                pass

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None


# ---------------------------------------------------------------- reading the notebook

# One entry per cell: type, tags, execution count and state, outputs as the model holds them.
_CELLS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.map((cell, index) => {
    const m = cell.model;
    const info = {index, type: m.type, tags: m.getMetadata('tags') || [], source: m.sharedModel.getSource()};
    if (m.type === 'code') {
      info.count = m.executionCount;
      info.state = m.executionState || 'idle';
      const timing = m.getMetadata('execution') || {};
      const [t0, t1] = [timing['iopub.execute_input'], timing['shell.execute_reply']];
      info.seconds = t0 && t1 ? (Date.parse(t1) - Date.parse(t0)) / 1000 : null;
      info.outputs = [];
      for (let j = 0; j < m.outputs.length; j++) {
        const o = m.outputs.get(j).toJSON();
        info.outputs.push({type: o.output_type, name: o.name || '', ename: o.ename || '', evalue: o.evalue || '',
                           mimes: Object.keys(o.data || {}),
                           text: Array.isArray(o.text) ? o.text.join('') : (o.text || '')});
      }
    }
    return info;
  });
}"""

_PROMPTS_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                      .map(e => e.textContent.trim())"""

_KERNEL_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
                 && panel.sessionContext.session.kernel;
  return kernel ? kernel.status : 'none';
}"""

# Prompts, kernel status, and the cell executing now (the first one still running) with its output count.
_RUN_STATE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
                 && panel.sessionContext.session.kernel;
  const cells = panel ? panel.content.widgets : [];
  const running = cells.findIndex(c => c.model.type === 'code' && c.model.executionState === 'running');
  return {
    prompts: [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim()),
    kernel: kernel ? kernel.status : 'none',
    running: running < 0 ? null : [running, JSON.stringify(cells[running].model.outputs.toJSON())],
  };
}"""

_SCROLL_HEIGHT_JS = """() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const scrollers = [nb, ...nb.querySelectorAll('.jp-WindowedPanel-outer')];
  const extra = Math.max(...scrollers.map(el => el.scrollHeight - el.clientHeight));
  return window.innerHeight + Math.max(extra, 0);
}"""


class NotebookPage:
    """One notebook open in JupyterLab in its own browser page."""

    def __init__(self, server, context, path, shots_dir):
        self.server, self.context, self.path = server, context, path
        self.shots_dir = Path(shots_dir)
        self.page = context.new_page()
        self.page.set_default_timeout(30_000)
        self.console_errors = []
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.screenshots = []
        self.live_output, self._first_outputs = set(), {}

    # -- opening and closing ------------------------------------------------------------
    def open(self, timeout=90):
        workspace = re.sub(r"\W", "-", self.path) + "-" + uuid.uuid4().hex[:6]
        self.page.goto(self.server.notebook_url(self.path, workspace), wait_until="domcontentloaded")
        self.page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.content"
            " && window.jupyterapp.shell.currentWidget.content.widgets.length > 0", timeout=timeout * 1000)
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
        # Close the file browser: the notebook gets the whole width in screenshots.
        if self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").count():
            self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").first.click()
        self.wait_kernel_idle(timeout)
        return self

    def close(self):
        self.page.close(run_before_unload=False)

    # -- reading ----------------------------------------------------------------------
    def cells(self):
        return self.page.evaluate(_CELLS_JS)

    def prompts(self):
        return self.page.evaluate(_PROMPTS_JS)

    def kernel_status(self):
        return self.page.evaluate(_KERNEL_JS)

    def wait_kernel_idle(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.kernel_status() == "idle":
                return
            self.page.wait_for_timeout(250)
        raise AssertionError(f"{self.path}: the kernel is not idle after {timeout} s "
                             f"(status {self.kernel_status()!r})")

    def cell(self, index):
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index)

    def dialogs(self):
        return self.page.locator(".jp-Dialog").all_inner_texts()

    # -- acting through the UI -------------------------------------------------------------
    def menu(self, top, item):
        """Click a main-menu entry, e.g. ``menu("Run", "Run All Cells")``."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(top)}$")).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()

    def run_all(self, timeout=300):
        """Run > Run All Cells, then wait until no cell is queued or running.

        Returns ``(seconds, finished)``; ``finished`` is False when the time ran out.
        """
        start = time.monotonic()
        self.menu("Run", "Run All Cells")
        finished = self.wait_until_settled(timeout)
        return time.monotonic() - start, finished

    def wait_until_settled(self, timeout):
        """Wait for no ``[*]`` prompt and an idle kernel, twice in a row (half a second apart).

        Meanwhile notes, in ``self.live_output``, the cells whose output changed while they were
        still running (progress a learner sees, including a counter rewritten in place), by cell index.
        """
        deadline = time.monotonic() + timeout
        quiet = 0
        self.page.wait_for_timeout(500)
        while time.monotonic() < deadline:
            state = self.page.evaluate(_RUN_STATE_JS)
            if state["running"] is not None:
                index, outputs = state["running"]           # the running cell's outputs, as JSON
                first = self._first_outputs.setdefault(index, outputs)
                if outputs != first:                        # new output, or a line rewritten in place
                    self.live_output.add(index)
            busy = any(p.startswith("[*]") for p in state["prompts"])
            quiet = 0 if busy or state["kernel"] not in ("idle", "dead", "unknown") else quiet + 1
            if quiet >= 2:
                return True
            self.page.wait_for_timeout(500)
        return False

    def run_cell_with_keyboard(self, index, timeout=120):
        """Select cell ``index`` (command mode) and press Shift+Enter; wait for it to finish."""
        before = self.cells()[index].get("count")
        self.cell(index).locator(".jp-InputPrompt").click()
        self.page.keyboard.press("Shift+Enter")
        self.wait_cell_done(index, before, timeout)

    def wait_cell_done(self, index, count_before, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = self.cells()[index]
            if info.get("count") not in (None, count_before) and info.get("state") == "idle" \
                    and not self.prompts()[self._code_position(index)].startswith("[*]"):
                return info
            self.page.wait_for_timeout(250)
        raise AssertionError(f"{self.path}: cell {index} did not finish within {timeout} s")

    def _code_position(self, index):
        return sum(1 for c in self.cells()[:index] if c["type"] == "code")

    def type_into_cell(self, index, source):
        """Click into the cell's editor, select everything and type ``source`` key by key.

        The editor indents after Enter by itself; each new line first selects that automatic
        indentation (Shift+Home) and types its own, so the result is exactly ``source``.
        """
        editor = self.cell(index).locator(".cm-content")
        editor.scroll_into_view_if_needed()
        editor.click()
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.press("Delete")
        for number, line in enumerate(source.rstrip("\n").split("\n")):
            if number:
                self.page.keyboard.press("Enter")
                self.page.keyboard.press("Shift+Home")
                if not line:
                    self.page.keyboard.press("Delete")
            if line:
                self.page.keyboard.type(line)
        typed = self.cells()[index]["source"]
        if typed.rstrip() != source.rstrip():
            raise AssertionError(f"typing into cell {index} gave\n{typed}\ninstead of\n{source}")

    # -- screenshots ----------------------------------------------------------------------
    def screenshot(self, name, element=None, whole_notebook=False):
        """Save ``<shots_dir>/<name>.png`` (the viewport, an element, or the whole notebook as JPEG)."""
        self.shots_dir.mkdir(parents=True, exist_ok=True)
        if whole_notebook:
            path = self.shots_dir / f"{name}.jpg"
            size = self.page.viewport_size
            height = min(int(self.page.evaluate(_SCROLL_HEIGHT_JS)) + 50, 30_000)
            self.page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
            self.page.evaluate("() => document.querySelectorAll('.jp-NotebookPanel .jp-WindowedPanel-outer, "
                               ".jp-NotebookPanel .jp-Notebook').forEach(el => { el.scrollTop = 0; })")
            self.page.wait_for_timeout(500)
            self.page.screenshot(path=str(path), type="jpeg", quality=70)
            self.page.set_viewport_size(size)
            self.page.wait_for_timeout(200)
        else:
            path = self.shots_dir / f"{name}.png"
            (element or self.page).screenshot(path=str(path))
        self.screenshots.append(path)
        return path


def shots_listing(folder):
    """Names of the screenshots in ``folder``, for the closing summary."""
    return sorted(p.name for p in Path(folder).glob("*") if p.suffix in (".png", ".jpg"))


def remove_tree(path):
    shutil.rmtree(path, ignore_errors=True)
