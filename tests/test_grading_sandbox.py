"""What student code can and cannot do inside ``mlp-kit grade``'s sandbox (a real kernel in bwrap).

Each check runs code in a sandboxed kernel the way a student's cell runs:
the file system shows only the Python installation, mlp_kit and its data,
read-only, plus a private /tmp; there is no network; no grading marker is in
the environment; and time, memory, processes, file size and output are bounded.
"""

import os
import socket
import tempfile
from pathlib import Path

import pytest

from mlp_kit.grading import sandbox as sb
from mlp_kit.grading.kernel import Kernel
from tests.fixtures.grading.cases import require_sandbox

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def secret_course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    (course / "solutions").mkdir()
    (course / "solutions" / "answer.txt").write_text("the answer")
    (course / "gradebook.db").write_text("grades")
    return course


@pytest.fixture(scope="module")
def box(secret_course):
    require_sandbox()
    limits = sb.Limits(cell_timeout=20, memory_mb=768, processes=96, file_size_mb=8, tmp_mb=64,
                       output_kb=16)
    box = sb.configure(ROOT, limits, secret=[secret_course])
    assert box.isolated, box.problem
    return box


@pytest.fixture(scope="module")
def kernel(box):
    seed = Path(tempfile.mkdtemp(prefix="mlpk-test-seed-"))
    seed.chmod(0o755)
    (seed / "data.csv").write_text("1,2,3\n")
    (seed / "data.csv").chmod(0o644)
    k = Kernel(box, worker=7, seed_dir=seed)
    k.start()
    yield k
    k.stop()


def run(kernel, code, timeout=20):
    out = kernel.execute(code, timeout)
    if not kernel.alive:
        kernel.restart()
    return out


def value(kernel, expression):
    out = run(kernel, f"print(repr({expression}))")
    assert out.status == "ok", (out.ename, out.evalue, out.output)
    return eval(out.output.strip())  # noqa: S307 - our own test's output


def test_sees_its_own_files_and_nothing_of_the_course(kernel, box, secret_course):
    assert value(kernel, "__import__('os').getcwd()") == "/tmp/work"
    assert value(kernel, "open('data.csv').read()") == "1,2,3\n"
    for path in (secret_course / "solutions" / "answer.txt", secret_course / "gradebook.db",
                 ROOT / "solutions", ROOT / "nbgrader_config.py", Path.home() / ".bashrc",
                 Path("/etc/passwd")):
        assert value(kernel, f"__import__('os').path.exists({str(path)!r})") is False, path
    # the root shows system folders, plus the top folder of each read-only bind (a clone in
    # /check/repo shows /check, holding only the bound path), and nothing else
    bound_tops = {Path(p).parts[1] for p in box.read_only}
    top = set(value(kernel, "__import__('os').listdir('/')"))
    assert top <= {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "sys", "proc",
                   "dev", "tmp", "run", "home"} | bound_tops
    binds = [Path(p) for p in box.read_only]
    for parent in {parent for path in binds for parent in path.parents}:
        if parent in (Path("/"), Path("/tmp")) or any(parent.is_relative_to(b) for b in binds):
            continue   # the root is checked above; inside a bind everything is meant to be seen
        ways_down = {b.relative_to(parent).parts[0] for b in binds if b.is_relative_to(parent)}
        listing = set(value(kernel, f"__import__('os').listdir({str(parent)!r})"))
        assert listing <= ways_down, f"{parent} shows {sorted(listing - ways_down)} beyond the bound paths"


def test_library_folders_are_read_only(kernel):
    mlp_kit_dir = str(ROOT / "mlp_kit")
    out = run(kernel, f"open({mlp_kit_dir!r} + '/evil.py', 'w')")
    assert out.status == "error" and out.ename in ("OSError", "PermissionError")
    assert not (ROOT / "mlp_kit" / "evil.py").exists()


def test_runs_as_another_user_when_grading_as_root(kernel):
    uid = value(kernel, "__import__('os').getuid()")
    if os.geteuid() == 0:
        assert uid != 0
    assert value(kernel, "__import__('os').getpid()") < 10   # its own process namespace


def test_environment_has_no_grading_marker(kernel):
    env = value(kernel, "dict(__import__('os').environ)")
    assert "NBGRADER_EXECUTION" not in env and "JPY_PARENT_PID" not in env
    assert env["HOME"] == "/tmp/home"
    assert not any(key.endswith(("TOKEN", "KEY", "SECRET", "PASSWORD")) for key in env)


def test_no_network_not_even_loopback(kernel):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    try:
        out = run(kernel, f"__import__('socket').create_connection(('127.0.0.1', {port}), timeout=2)")
        assert out.status == "error"
        out = run(kernel, "__import__('socket').create_connection(('1.1.1.1', 80), timeout=2)")
        assert out.status == "error"
        out = run(kernel, "__import__('socket').getaddrinfo('example.com', 80)")
        assert out.status == "error"
    finally:
        server.close()


def test_file_size_and_tmp_are_bounded(kernel):
    out = run(kernel, "open('/tmp/big', 'wb').write(b'x' * (9 << 20))")
    assert out.status == "error" and "too large" in out.evalue.lower()
    out = run(kernel, "for i in range(20):\n    open(f'/tmp/f{i}', 'wb').write(b'x' * (7 << 20))")
    assert out.status == "error"   # the 64 MB /tmp is full
    run(kernel, "import glob, os\nfor f in glob.glob('/tmp/f*') + ['/tmp/big']:\n"
                "    os.path.exists(f) and os.remove(f)")


def test_output_is_truncated(kernel):
    from mlp_kit.grading.judge import INSTALL

    assert run(kernel, INSTALL.format(limit=16 * 1024, reply=1 << 20)).status == "ok"
    out = run(kernel, "print('x' * 5_000_000)")
    assert out.status == "ok" and len(out.output) <= 17 * 1024


def test_memory_error_inside_one_process(kernel):
    out = run(kernel, "hoard = [bytearray(64 << 20) for _ in range(100)]")
    assert out.ename == "MemoryError"
    assert kernel.alive


def test_memory_of_the_whole_sandbox_is_watched(kernel):
    out = run(kernel, "import multiprocessing, time\n"
                      "def grab():\n"
                      "    b = bytearray(300 << 20); b[::4096] = b'x' * len(b[::4096]); time.sleep(30)\n"
                      "ps = [multiprocessing.Process(target=grab) for _ in range(4)]\n"
                      "[p.start() for p in ps]\ntime.sleep(20)")
    assert out.status == "memory"


def test_processes_are_bounded(kernel):
    if os.geteuid() != 0:
        pytest.skip("the process limit is per uid; only a root grader runs the sandbox as its own uid")
    out = run(kernel, "import os, time\nn = 0\ntry:\n    while n < 1000:\n"
                      "        if os.fork() == 0:\n            time.sleep(30); os._exit(0)\n"
                      "        n += 1\nexcept OSError:\n    pass\nprint(n)")
    assert out.status in ("ok", "processes"), out
    if out.status == "ok":
        assert int(out.output.strip()) < 96


def test_timeout_interrupts_and_the_kernel_survives(kernel):
    run(kernel, "survivor = 42")
    out = kernel.execute("while True:\n    pass", 2)
    assert out.status == "timeout" and kernel.alive
    assert value(kernel, "survivor") == 42


def test_a_kernel_that_ignores_interrupts_is_killed(kernel):
    out = kernel.execute("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                         "while True:\n    pass", 2)
    assert out.status == "timeout" and not kernel.alive
    kernel.restart()


def test_kernel_death_is_reported(kernel):
    out = kernel.execute("import os\nos._exit(5)", 10)
    assert out.status == "died" and not kernel.alive
    kernel.restart()
    assert value(kernel, "1 + 1") == 2


def test_killing_the_sandbox_leaves_nothing_behind(box):
    import psutil

    k = Kernel(box, worker=8)
    k.start()
    k.execute("import subprocess\nsubprocess.Popen(['sleep', '300'], start_new_session=True)", 10)
    pid = k.proc.pid
    k.stop()
    assert not psutil.pid_exists(pid)
    uid = box.uid(8)
    if uid is not None:
        assert not [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == uid]
