"""The one place where the sandbox for student code is configured.

Every student's notebook runs in its own Jupyter kernel, started through
:func:`kernel_command`. On Linux with bubblewrap (``bwrap``, Debian package
``bubblewrap``) the kernel sees:

- read-only: the operating system's libraries (``/usr``), the Python
  installation and virtual environment, the ``mlp_kit`` package and the
  course's ``datasets/`` folder (plus any ``extra_read_only`` paths);
- read-write: a private ``/tmp`` (a size-limited tmpfs) holding a copy of the
  student's own submission folder, which is the working directory;
- nothing else: not ``solutions/``, not ``gradebook.db``, not other students'
  folders, not the instructor's home; no network (even loopback is refused),
  its own process and IPC namespaces, a scrubbed environment.

Resource limits (:class:`Limits`) bound every kernel: memory (per process with
``RLIMIT_DATA``, and for the whole sandbox by a watchdog, see ``kernel.py``),
wall time per cell and per notebook, CPU time, number of processes, file
size, the size of ``/tmp`` and how much output the grader keeps.

When run as root (a CI container, a grading server), the kernel drops to an
unprivileged uid of its own (one per worker) inside the sandbox, so that the
process limit applies and no file outside the sandbox is writable even by
accident.

Without bubblewrap (macOS, Windows, a Linux box without the package or
without user namespaces) there is **no file-system or network isolation**:
:func:`describe` says so, ``mlp-kit grade`` prints a loud warning and runs
with the resource limits only. See docs/grading.md for what is and is not
defended.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

try:  # POSIX only; on Windows there are no resource limits at all.
    import resource
except ImportError:  # pragma: no cover
    resource = None

MB = 1 << 20

# Environment inside the sandbox: nothing is inherited (no NBGRADER_EXECUTION,
# no JPY_PARENT_PID, no tokens or proxies from the instructor's shell).
SANDBOX_ENV = {
    "HOME": "/tmp/home",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "MPLCONFIGDIR": "/tmp/home/.config/matplotlib",
    "IPYTHONDIR": "/tmp/home/.ipython",
    "KERAS_HOME": "/tmp/home/.keras",
    "KERAS_BACKEND": "tensorflow",
    # Figures are closed, not drawn: graders throw outputs away (see noshow.py).
    "MPLBACKEND": "module://mlp_kit.grading.noshow",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONNOUSERSITE": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "TERM": "dumb",
}

# Where things appear inside the sandbox.
WORK_DIR = "/tmp/work"  # the student's working copy (a tmpfs)
SEED_DIR = "/run/mlpk/seed"  # read-only: the files copied into WORK_DIR at start
HOME_SEED_DIR = "/run/mlpk/home"  # read-only: caches copied into HOME at start (font list)


@dataclass(frozen=True)
class Limits:
    """Resource bounds for one student's kernel.

    ``memory_mb`` is the most a single process may allocate (``RLIMIT_DATA``:
    heap and anonymous mappings; TensorFlow reserves gigabytes of *virtual*
    address space it never uses, so ``RLIMIT_AS`` would break it) and also the
    most the whole sandbox may keep resident: a watchdog kills it beyond that.
    """

    cell_timeout: float = 120.0  # seconds of wall time per cell (and per test)
    notebook_timeout: float = 900.0  # seconds of wall time per notebook
    memory_mb: int = 2048
    processes: int = 256  # processes + threads of the sandbox uid (TF starts dozens of threads)
    file_size_mb: int = 64  # largest file the student code may write
    tmp_mb: int = 512  # size of the sandbox's /tmp (working copy included)
    open_files: int = 1024
    output_kb: int = 64  # captured output kept per cell (the rest is dropped)
    message_mb: int = 32  # largest single message accepted from the kernel
    reply_mb: int = 64  # largest answer the grader accepts to one data request (decoded here)

    @property
    def cpu_seconds(self):
        """CPU time per process: a backstop against busy loops that escape the wall clock."""
        return int(self.notebook_timeout * 2 + 60)


@dataclass
class Sandbox:
    """How kernels are sandboxed for one grading run (see :func:`configure`)."""

    limits: Limits = field(default_factory=Limits)
    tool: str | None = None  # path of bwrap, or None: resource limits only
    read_only: list = field(default_factory=list)  # host paths visible read-only, same path inside
    uid_base: int | None = None  # root only: worker i runs as uid_base + i
    python: str = sys.executable
    threads: int = 1  # BLAS / TensorFlow threads per kernel
    problem: str = ""  # why there is no bwrap sandbox, when there is none
    home_seed: str | None = None  # a folder copied into the kernel's home (see prepare_home)

    @property
    def isolated(self):
        return self.tool is not None

    def uid(self, worker):
        return None if self.uid_base is None else self.uid_base + worker


class SandboxError(RuntimeError):
    """The sandbox cannot be set up as configured."""


# ----------------------------------------------------------------- configuration


def _python_paths(python):
    """The installation and environment folders a Python interpreter needs, resolved."""
    out = subprocess.run(
        [python, "-I", "-c", "import sys; print(sys.prefix); print(sys.base_prefix)"],
        capture_output=True, text=True, check=True,
    ).stdout.split("\n")
    paths = {Path(out[0]).resolve(), Path(out[1]).resolve(), Path(python).resolve().parent.parent}
    return sorted(paths)


def _package_dir():
    """The folder of the installed ``mlp_kit`` package (an editable install points into the repo)."""
    return Path(__file__).resolve().parent.parent


def _inside(child, parent):
    try:
        Path(child).resolve().relative_to(Path(parent).resolve())
        return True
    except ValueError:
        return False


def configure(course_root, limits=None, *, extra_read_only=(), secret=(), jobs=1,
              python=None, require_isolation=False):
    """Decide how kernels are sandboxed for grading the course at ``course_root``.

    ``secret`` lists paths student code must never see (the source folder,
    the gradebook, the submissions folder, the output folder, the instructor's
    home); a read-only path that contains one of them is refused.
    """
    limits = limits or Limits()
    python = python or sys.executable
    course_root = Path(course_root).resolve()
    read_only = _python_paths(python)
    read_only.append(_package_dir())
    for data in (course_root / "datasets", _package_dir().parent / "datasets"):
        if data.is_dir():  # the course's data, and where mlp_kit.datasets looks for its files
            read_only.append(data)
    read_only += [Path(p).resolve() for p in extra_read_only]
    read_only = [p for p in read_only if not _inside(p, "/usr")]  # /usr is bound anyway
    secret = [Path(p).resolve() for p in secret] + [Path.home().resolve()]
    for path in read_only:
        for hidden in secret:
            if _inside(hidden, path):
                raise SandboxError(
                    f"The sandbox would show {path} to student code, but that folder contains "
                    f"{hidden}, which students must not see. Move the virtual environment (or "
                    f"the extra folder) out of it, or leave it out of the read-only paths."
                )
    threads = max(1, (os.cpu_count() or 1) // max(1, jobs))
    sandbox = Sandbox(limits=limits, read_only=_dedupe(read_only), python=python, threads=threads)
    sandbox.tool, sandbox.problem = _find_tool()
    if sandbox.tool and os.geteuid() == 0:
        sandbox.uid_base = claim_uids(int(os.environ.get("MLP_KIT_SANDBOX_UID", "900000")))
    if sandbox.tool:
        ok, why = probe(sandbox)
        if not ok:
            sandbox.tool, sandbox.problem = None, why
    if require_isolation and not sandbox.isolated:
        raise SandboxError(f"No sandbox available: {sandbox.problem}")
    return sandbox


UIDS_PER_RUN = 1000  # worker uids of one grading run: base + 0 (reference check) ... base + 999
_claimed = []  # lock files held for the life of this process


def claim_uids(start, tries=1000):
    """A block of uids no other grading run on this machine is using (held by a file lock).

    Kernels of a run are cleaned up by uid, so two runs at the same time (two
    lessons in two terminals) must never share one.
    """
    import fcntl

    folder = Path(tempfile.gettempdir())
    for k in range(tries):
        base = start + k * UIDS_PER_RUN
        fh = open(folder / f"mlpk-uids-{base}.lock", "a")  # noqa: SIM115 - kept open on purpose
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            continue
        _claimed.append(fh)
        return base
    raise SandboxError("no free block of sandbox uids: too many grading runs at the same time")


def _dedupe(paths):
    """Drop paths already covered by another path in the list (binding both is redundant)."""
    paths = sorted(set(Path(p) for p in paths), key=lambda p: len(p.parts))
    kept = []
    for p in paths:
        if not any(_inside(p, k) for k in kept):
            kept.append(p)
    return kept


def _find_tool():
    if not sys.platform.startswith("linux"):
        return None, f"bubblewrap exists only on Linux (this is {sys.platform})"
    tool = shutil.which("bwrap")
    if tool is None:
        return None, "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    return tool, ""


def probe(sandbox):
    """Start ``python -c 'print(1)'`` in the sandbox; returns (works, error message)."""
    with tempfile.TemporaryDirectory(prefix="mlpk-probe-") as run:
        argv = kernel_command(sandbox, ["-c", "print(1)"], run_dir=run, seed_dir=None, worker=0,
                              python_args_only=True)
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                                  preexec_fn=limiter(sandbox, 0), env={})
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, f"bubblewrap failed to start: {exc}"
    if proc.returncode != 0 or proc.stdout.strip() != "1":
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return False, "bubblewrap is installed but cannot create a sandbox here: " + " ".join(detail)
    return True, ""


def describe(sandbox):
    """A few lines for the terminal and the summary: what protects the student code run."""
    lim = sandbox.limits
    bounds = (f"{lim.cell_timeout:g} s per cell, {lim.notebook_timeout:g} s per notebook, "
              f"{lim.memory_mb} MB memory, {lim.processes} processes/threads, "
              f"{lim.file_size_mb} MB per file, {lim.tmp_mb} MB /tmp, "
              f"{lim.output_kb} KB output kept per cell")
    if sandbox.isolated:
        who = (f"as uid {sandbox.uid_base}+worker" if sandbox.uid_base is not None
               else "as the current user")
        return (f"sandbox: bubblewrap ({sandbox.tool}), no network, read-only view of "
                f"{', '.join(str(p) for p in sandbox.read_only)} and /usr; runs {who}\n"
                f"limits: {bounds}")
    return (f"WARNING: NO SANDBOX: {sandbox.problem}.\n"
            f"  Student code can read and write everything you can (solutions/, gradebook.db, "
            f"your home folder) and reach the network.\n"
            f"  Only resource limits apply: {bounds}.\n"
            f"  Grade on Linux with bubblewrap installed (see docs/grading.md).")


# ----------------------------------------------------------------- launching

# Runs first inside the sandbox (as root there, when the grader is root): drop to
# the worker's uid, make the home and working folders, copy the student's files
# into the working folder, then become the kernel.
_ENTER = r"""
import os, shutil, sys
uid, seed, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
if uid >= 0:
    os.setgroups([]); os.setgid(uid); os.setuid(uid)
for d in (os.environ["HOME"], os.environ["MPLCONFIGDIR"], work):
    os.makedirs(d, exist_ok=True)
if os.path.isdir(seed):
    shutil.copytree(seed, work, symlinks=True, dirs_exist_ok=True)
if os.path.isdir("/run/mlpk/home"):
    shutil.copytree("/run/mlpk/home", os.environ["HOME"], symlinks=True, dirs_exist_ok=True)
os.chdir(work)
os.execv(sys.argv[4], sys.argv[4:])
"""


def kernel_command(sandbox, python_args, *, run_dir, seed_dir, worker, python_args_only=False):
    """The argv that starts ``python PYTHON_ARGS`` (normally ipykernel) in the sandbox.

    ``run_dir`` (host folder for the connection file and the kernel's IPC
    sockets) appears at the same path inside; ``seed_dir`` (host folder with
    the student's files) is copied to the working folder. Without bubblewrap
    the command runs the kernel directly (see :func:`plain_env`).
    """
    python = sandbox.python
    if not sandbox.isolated:
        return [python, *python_args]
    uid = sandbox.uid(worker)
    argv = [sandbox.tool, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / name
        if host.is_symlink():
            argv += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            argv += ["--ro-bind", str(host), str(host)]
    for etc in ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf",
                "ssl/certs", "fonts", "alternatives"):
        argv += ["--ro-bind-try", f"/etc/{etc}", f"/etc/{etc}"]
    argv += ["--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]
    # The private /tmp comes before every bind: a course or venv that lives under
    # /tmp on the host must show through it, not be hidden by it.
    argv += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(64 * MB), "--tmpfs", "/dev/shm",
             "--perms", "1777", "--size", str(sandbox.limits.tmp_mb * MB), "--tmpfs", "/tmp"]
    # Parents of the bind targets are created readable (bwrap would make them 0700,
    # which an unprivileged uid cannot traverse).
    made = set()
    for path in sandbox.read_only:
        for parent in reversed(Path(path).parents):
            if str(parent) not in made and str(parent) not in ("/", "/usr"):
                argv += ["--perms", "0755", "--dir", str(parent)]
                made.add(str(parent))
    for path in sandbox.read_only:
        argv += ["--ro-bind", str(path), str(path)]
    argv += ["--bind", str(run_dir), str(run_dir)]
    argv += ["--perms", "0755", "--dir", "/run", "--perms", "0755", "--dir", "/run/mlpk"]
    if seed_dir is not None:
        argv += ["--ro-bind", str(seed_dir), SEED_DIR]
    if sandbox.home_seed is not None:
        argv += ["--ro-bind", str(sandbox.home_seed), HOME_SEED_DIR]
    argv += ["--clearenv"]
    for key, value in sandbox_env(sandbox).items():
        argv += ["--setenv", key, value]
    argv += ["--chdir", "/tmp"]
    if uid is not None:
        argv += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    if python_args_only and uid is None:
        return argv + ["--", python, *python_args]
    return argv + ["--", python, "-I", "-S", "-c", _ENTER,
                   str(-1 if uid is None else uid), SEED_DIR, WORK_DIR, python, *python_args]


def sandbox_env(sandbox):
    """The complete environment of a sandboxed kernel."""
    env = dict(SANDBOX_ENV)
    venv_bin = str(Path(sandbox.python).parent)
    env["PATH"] = f"{venv_bin}:/usr/local/bin:/usr/bin:/bin"
    n = str(sandbox.threads)
    env.update(OMP_NUM_THREADS=n, OPENBLAS_NUM_THREADS=n, MKL_NUM_THREADS=n,
               TF_NUM_INTRAOP_THREADS=n, TF_NUM_INTEROP_THREADS="1")
    return env


def plain_env(sandbox, home):
    """Environment for a kernel run without bubblewrap: the same scrubbed set, real paths."""
    env = sandbox_env(sandbox)
    for key in ("HOME", "MPLCONFIGDIR", "IPYTHONDIR", "KERAS_HOME"):
        env[key] = env[key].replace("/tmp/home", str(home))
    return env


def prepare_home(sandbox, folder):
    """Fill ``folder`` with caches every kernel would otherwise rebuild (matplotlib's font list).

    Saves a few seconds per kernel start; the folder is copied into each
    kernel's private home, so no student can change it for another.
    """
    folder = Path(folder)
    mpl = folder / ".config" / "matplotlib"
    mpl.mkdir(parents=True, exist_ok=True)
    env = {"HOME": str(folder), "MPLCONFIGDIR": str(mpl), "PATH": os.environ.get("PATH", ""),
           "MPLBACKEND": "Agg"}
    try:
        subprocess.run([sandbox.python, "-c", "import matplotlib.font_manager"], env=env,
                       capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired):
        pass
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    sandbox.home_seed = str(folder)
    return folder


def limiter(sandbox, worker):
    """A ``preexec_fn`` that applies the resource limits to the process about to start."""
    lim = sandbox.limits
    drop_uid = sandbox.uid(worker) is not None

    def apply():  # runs in the child between fork and exec: keep it minimal
        if resource is None:
            return
        pairs = [
            (resource.RLIMIT_DATA, lim.memory_mb * MB),
            (resource.RLIMIT_FSIZE, lim.file_size_mb * MB),
            (resource.RLIMIT_CPU, lim.cpu_seconds),
            (resource.RLIMIT_NOFILE, lim.open_files),
            (resource.RLIMIT_CORE, 0),
        ]
        if drop_uid:  # RLIMIT_NPROC counts per uid and never applies to root
            pairs.append((resource.RLIMIT_NPROC, lim.processes))
        for which, value in pairs:
            try:
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass

    return apply
