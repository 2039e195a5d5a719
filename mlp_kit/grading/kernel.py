"""One sandboxed Jupyter kernel, driven cell by cell, that may die at any moment.

:class:`Kernel` starts ipykernel through :func:`sandbox.kernel_command`,
talks to it over the IPC transport (the sandbox has no network, not even
loopback) and runs code with :meth:`Kernel.execute`, which always returns an
:class:`Outcome` and never raises because of what the code did:

- ``ok`` / ``error``: the cell finished (``ename``/``evalue`` say what it raised);
- ``timeout``: the wall-clock limit passed; the kernel was interrupted, or
  killed when it did not respond to the interrupt;
- ``died``: the kernel process ended (``os._exit``, a segfault, a signal);
- ``memory`` / ``processes`` / ``disk``: the watchdog killed the sandbox for
  going over a limit that per-process rlimits cannot express.

Output is kept up to a byte limit and the rest counted and dropped; the
client refuses any single message larger than ``Limits.message_mb`` (a
``print`` of a gigabyte cannot exhaust the grader's memory).
"""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from mlp_kit.grading import sandbox as sb

INTERRUPT_GRACE = 5.0  # seconds a kernel gets to answer an interrupt before it is killed
WATCH_EVERY = 0.2  # seconds between watchdog checks

# Set by the grading command on Ctrl-C. Python drops a KeyboardInterrupt that lands in a
# finalizer or weakref callback, so the loops below also check this flag at safe points.
STOP = threading.Event()


def check_stop():
    """Raise KeyboardInterrupt if the grading command was asked to stop."""
    if STOP.is_set():
        raise KeyboardInterrupt


@dataclass
class Outcome:
    status: str  # ok | error | timeout | died | memory | processes | disk
    ename: str = ""
    evalue: str = ""
    output: str = ""  # stdout/stderr text, truncated
    dropped: int = 0  # bytes of output not kept
    reply: dict | None = None  # the execute_reply content (user_expressions included)
    seconds: float = 0.0

    @property
    def finished(self):
        """The code ran to its end or raised: the kernel is still usable."""
        return self.status in ("ok", "error")


class KernelStartError(RuntimeError):
    """The kernel did not start (the message includes its last lines of stderr)."""


class _Capture:
    def __init__(self, limit):
        self.limit, self.parts, self.size, self.dropped = limit, [], 0, 0

    def add(self, text):
        room = self.limit - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))

    def text(self):
        return "".join(self.parts)


class Kernel:
    """A kernel for one student's notebook, in the sandbox of worker ``worker``."""

    def __init__(self, sandbox, *, worker=0, seed_dir=None):
        self.sandbox, self.worker, self.seed_dir = sandbox, worker, seed_dir
        self.limits = sandbox.limits
        self.proc = self.client = self.run_dir = None
        self.killed_for = None  # set by the watchdog
        self.generation = 0  # increases with every (re)start
        self._watch_stop = threading.Event()
        self._watcher = None
        self._ctx = None

    # ------------------------------------------------------------ life cycle
    def start(self, timeout=60.0):
        self.generation += 1
        self.killed_for = None
        self.run_dir = Path(tempfile.mkdtemp(prefix="mlpk-run-"))
        uid = self.sandbox.uid(self.worker) if self.sandbox.isolated else None
        if uid is not None:  # leftovers of a crashed earlier run would count against its limits
            _kill_uid(uid, wait=5.0)
        conn = self.run_dir / "kernel.json"
        write_connection_file(str(conn), ip=str(self.run_dir / "k"), transport="ipc")
        home = None
        if uid is not None:
            os.chown(self.run_dir, uid, uid)
            os.chown(conn, uid, uid)
        kernel_args = ["-m", "ipykernel_launcher", "-f", str(conn)]
        argv = sb.kernel_command(self.sandbox, kernel_args, run_dir=self.run_dir,
                                 seed_dir=self.seed_dir, worker=self.worker)
        if self.sandbox.isolated:
            env, cwd = {}, str(self.run_dir)
        else:  # limits only: a private working copy and home under the run folder
            home = self.run_dir / "home"
            work = self.run_dir / "work"
            if self.seed_dir is not None:
                shutil.copytree(self.seed_dir, work, symlinks=True)
            if self.sandbox.home_seed is not None:
                shutil.copytree(self.sandbox.home_seed, home, symlinks=True)
            work.mkdir(exist_ok=True)
            env, cwd = sb.plain_env(self.sandbox, home), str(work)
            for key in ("HOME", "MPLCONFIGDIR"):
                Path(env[key]).mkdir(parents=True, exist_ok=True)
        self._stderr = open(self.run_dir / "kernel.log", "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._stderr,
            env=env, cwd=cwd, start_new_session=True,
            preexec_fn=sb.limiter(self.sandbox, self.worker),
        )
        self._connect(conn)
        self._start_watchdog()
        self._wait_ready(timeout)

    def _connect(self, conn):
        info = json.loads(Path(conn).read_text())
        self._ctx = zmq.Context()
        client = BlockingKernelClient(context=self._ctx)
        client.load_connection_info(info)
        # Cap the size of any one message: a student's gigabyte print disconnects
        # iopub instead of filling the grader's memory.
        big, huge = self.limits.message_mb * sb.MB, self.limits.reply_mb * sb.MB
        for channel, size in (("iopub", big), ("stdin", big), ("control", big), ("shell", huge)):
            self._ctx.setsockopt(zmq.MAXMSGSIZE, size)
            getattr(client, f"{channel}_channel")
        self._ctx.setsockopt(zmq.MAXMSGSIZE, -1)
        client.start_channels()
        self.client = client
        self._poller = zmq.Poller()
        for channel in (client.shell_channel, client.iopub_channel, client.stdin_channel):
            self._poller.register(channel.socket, zmq.POLLIN)

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            check_stop()
            if not self.alive:
                break
            msg_id = self.client.kernel_info()
            step = time.monotonic() + 1.0
            while time.monotonic() < min(step, deadline) and self.alive:
                try:
                    msg = self.client.get_shell_msg(timeout=0.1)
                except Exception:  # queue.Empty
                    continue
                if msg["parent_header"].get("msg_id") == msg_id:
                    self._drain(0.2)
                    return
        log = self.log_tail()
        self.stop()
        raise KernelStartError(f"the sandboxed kernel did not start within {timeout:g} s. {log}")

    def log_tail(self, limit=2000):
        try:
            with open(self.run_dir / "kernel.log", "rb") as fh:
                fh.seek(0, os.SEEK_END)
                fh.seek(max(0, fh.tell() - limit))
                return fh.read().decode("utf-8", "replace")
        except (OSError, TypeError):
            return ""

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        """Kill the sandbox and everything in it (the pid namespace dies with bwrap)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.kill()
            self.proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        uid = self.sandbox.uid(self.worker) if self.sandbox.isolated else None
        if uid is not None:  # whatever still runs as the sandbox's uid goes too
            _kill_uid(uid)

    def stop(self):
        """Kill the kernel and clean up its run folder."""
        self._watch_stop.set()
        self.kill()
        if self._watcher is not None:
            self._watcher.join(timeout=2)
            self._watcher = None
        if self.client is not None:
            try:
                self.client.stop_channels()
            except Exception:  # noqa: BLE001 - best effort on a dead kernel
                pass
            self.client = None
        if self._ctx is not None:
            self._ctx.destroy(linger=0)
            self._ctx = None
        if getattr(self, "_stderr", None) is not None:
            self._stderr.close()
            self._stderr = None
        if self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            self.run_dir = None
        self.proc = None

    def restart(self, timeout=60.0):
        self.stop()
        self.start(timeout)

    # ------------------------------------------------------------ watchdog
    def _start_watchdog(self):
        self._watch_stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, args=(self.proc, self._watch_stop),
                                         daemon=True)
        self._watcher.start()

    def _watch(self, proc, stop):
        import psutil

        lim = self.limits
        run_dir = self.run_dir
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not stop.wait(WATCH_EVERY):
            if proc.poll() is not None:
                return
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            nproc = 0
            for p in tree:
                try:
                    nproc += p.num_threads()
                except psutil.Error:
                    pass
            reason = None
            if nproc > lim.processes + 16:  # + bwrap's own; when not root, rlimits cannot count
                reason = "processes"
            elif sum(_pss(p.pid) for p in tree) > lim.memory_mb * sb.MB:
                reason = "memory"
            elif _usage(run_dir, lim.tmp_mb * sb.MB) > lim.tmp_mb * sb.MB:
                reason = "disk"
            if reason:
                self.killed_for = reason
                self.kill()
                return

    # ------------------------------------------------------------ running code
    def execute(self, code, timeout, *, user_expressions=None, on_input=None, silent=False):
        """Run ``code``; returns an :class:`Outcome` (never raises for what the code does)."""
        start = time.monotonic()
        if not self.alive:
            return Outcome(self.killed_for or "died", seconds=0.0)
        cap = _Capture(self.limits.output_kb * 1024)
        msg_id = self.client.execute(code, silent=silent, store_history=False,
                                     user_expressions=user_expressions or {},
                                     allow_stdin=on_input is not None)
        deadline = start + timeout
        reply = None
        idle = False
        reply_at = None
        while True:
            check_stop()
            now = time.monotonic()
            if reply is not None and (idle or now - reply_at > 0.25):
                if not idle:  # the idle status never came: iopub lost a message, reconnect it
                    self._reset_iopub()
                break
            if now > deadline and reply is None:
                return self._timed_out(msg_id, cap, start)
            if not self.alive:
                return self._dead(cap, start)
            for sock, _ in self._poller.poll(100):
                if sock is self.client.iopub_channel.socket:
                    idle |= self._read_iopub(msg_id, cap)
                elif sock is self.client.shell_channel.socket:
                    msg = self._recv(self.client.shell_channel)
                    if msg and msg["parent_header"].get("msg_id") == msg_id:
                        reply, reply_at = msg["content"], time.monotonic()
                elif sock is self.client.stdin_channel.socket:
                    msg = self._recv(self.client.stdin_channel)
                    if msg and msg["header"]["msg_type"] == "input_request":
                        answer = on_input(msg["content"].get("prompt", "")) if on_input else ""
                        self.client.input(answer)
        status = reply.get("status", "error")
        return Outcome("ok" if status == "ok" else "error", reply.get("ename", ""),
                       reply.get("evalue", ""), cap.text(), cap.dropped, reply,
                       time.monotonic() - start)

    def _reset_iopub(self):
        """Replace the iopub socket (zmq drops a connection that sent an oversized message)."""
        client = self.client
        self._poller.unregister(client.iopub_channel.socket)
        client.iopub_channel.close()
        # Private jupyter_client attribute: clearing it is the only way to make the client open a
        # new iopub channel (with the message-size limit set on the context just below).
        client._iopub_channel = None
        self._ctx.setsockopt(zmq.MAXMSGSIZE, self.limits.message_mb * sb.MB)
        channel = client.iopub_channel
        self._ctx.setsockopt(zmq.MAXMSGSIZE, -1)
        channel.start()
        self._poller.register(channel.socket, zmq.POLLIN)

    def _recv(self, channel):
        try:
            return channel.get_msg(timeout=0)
        except Exception:  # noqa: BLE001 - empty queue or an undecodable (forged) message
            return None

    def _read_iopub(self, msg_id, cap):
        """Consume waiting iopub messages; True once ``msg_id``'s idle status is seen."""
        idle = False
        while True:
            msg = self._recv(self.client.iopub_channel)
            if msg is None:
                return idle
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == "stream":
                cap.add(str(content.get("text", "")))
            elif kind == "error":
                cap.add(f"{content.get('ename', '')}: {content.get('evalue', '')}\n")
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True

    def _drain(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if not self._poller.poll(20):
                continue
            for channel in (self.client.iopub_channel, self.client.shell_channel):
                while self._recv(channel) is not None:
                    pass

    def _timed_out(self, msg_id, cap, start):
        """Interrupt; if the kernel does not come back quickly, kill it."""
        self.interrupt()
        end = time.monotonic() + INTERRUPT_GRACE
        while time.monotonic() < end and self.alive:
            check_stop()
            for sock, _ in self._poller.poll(100):
                if sock is self.client.shell_channel.socket:
                    msg = self._recv(self.client.shell_channel)
                    if msg and msg["parent_header"].get("msg_id") == msg_id:
                        self._drain(0.2)
                        return Outcome("timeout", "TimeoutError", "", cap.text(), cap.dropped,
                                       seconds=time.monotonic() - start)
                elif sock is self.client.iopub_channel.socket:
                    self._read_iopub(msg_id, cap)
                else:
                    self._recv(self.client.stdin_channel)
        self.kill()
        return Outcome("timeout", "TimeoutError", "", cap.text(), cap.dropped,
                       seconds=time.monotonic() - start)

    def _dead(self, cap, start):
        time.sleep(0.05)  # let the watchdog record why, if it was the watchdog
        return Outcome(self.killed_for or "died", "", self.last_words(), cap.text(), cap.dropped,
                       seconds=time.monotonic() - start)

    def last_words(self, limit=300):
        """The last lines the kernel process wrote to its own stderr (e.g. a C++ abort)."""
        lines = [line for line in self.log_tail(4000).splitlines() if line.strip()]
        return " | ".join(lines[-3:])[-limit:]

    def interrupt(self):
        if self.alive and self.client is not None:
            msg = self.client.session.msg("interrupt_request", content={})
            self.client.control_channel.send(msg)


def _usage(folder, cap):
    """Bytes used under ``folder`` (stops counting once over ``cap``)."""
    total = 0
    stack = [str(folder)]
    while stack and total <= cap:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        else:
                            total += entry.stat(follow_symlinks=False).st_size
                    except OSError:
                        pass
        except OSError:
            pass
    return total


def _pss(pid):
    """Proportional set size of a process in bytes (shared pages split among their users).

    Forked workers share most of their pages with the kernel; counting each
    one's full RSS would kill a legitimate ``multiprocessing`` pool.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss
    except Exception:  # noqa: BLE001 - the process is gone
        return 0


def _kill_uid(uid, wait=10.0):
    """SIGKILL every process whose real uid is ``uid``; wait until they are gone."""
    import psutil

    end = time.monotonic() + wait
    while time.monotonic() < end:
        left = [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real == uid]
        if not left:
            return
        for p in left:
            try:
                p.kill()
            except psutil.Error:
                pass
        time.sleep(0.05)
