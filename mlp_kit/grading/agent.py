"""The grader's errand-runner inside the student's kernel (untrusted side).

The grader never runs test code in the student's kernel. It runs the tests in
its own process (``judge.py``) and, when a test needs something from the
student's notebook -- a variable, a call to the student's function, an
attribute of the student's model -- it sends one request here. The answer
goes back as plain data (``wire.py``); objects that are not plain data stay
here, in a handle table, and the grader gets a handle.

This module runs with the student's code in the same process, so the student
can patch it. That gains nothing: all it can change is *what data the
student's notebook hands back*, which the student controls anyway by writing
the function. The verdict is computed on the grader's side.

Requests arrive as ``AGENT.dispatch('<base64 JSON>')`` (see ``judge.py``);
the reply is read back with the ``user_expressions`` field of the same
execute request (``AGENT.take()``), so it travels on the shell channel.
"""

import base64
import builtins
import io
import json
import sys

from mlp_kit.grading import wire

OUTPUT_LIMIT = 64 * 1024  # characters of stdout+stderr per request or cell before truncation
REPLY_LIMIT = 200 * 1024 * 1024  # characters of one answer to the grader (its limit is higher)


class _Raw:
    """Displays as its text verbatim (IPython's plain-text formatter calls repr)."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


class Agent:
    def __init__(self, shell, reply_limit=REPLY_LIMIT):
        self.shell = shell
        self.handles = {}
        self.reply = _Raw("null")
        self.reply_limit = reply_limit
        self._written = 0

    # ---------------------------------------------------------------- plumbing
    def dispatch(self, request_b64):
        request = json.loads(base64.b64decode(request_b64))
        self._written = 0
        try:
            value = getattr(self, "op_" + request["op"])(request)
            reply = {"ok": True, **value}
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - every failure is reported as data
            reply = {"ok": False, "error": describe_error(exc)}
        text = json.dumps(reply)
        if len(text) > self.reply_limit:  # the grader would drop the message: say so instead
            size = len(text) >> 20
            text = json.dumps({"ok": False, "error": describe_error(ValueError(
                f"the value is too large for the grader to check ({size} MB)"))})
        self.reply = _Raw(text)

    def take(self):
        reply, self.reply = self.reply, _Raw("null")
        return reply

    def _handle(self, obj):
        key = len(self.handles) + 1
        self.handles[key] = obj
        return {"id": key, "type": f"{type(obj).__module__}.{type(obj).__qualname__}",
                "callable": callable(obj)}

    def _remote(self, body):
        if "id" in body:
            return self.handles[int(body["id"])]
        if "pickle" in body:  # a copy of one of the test's own objects (from the grader)
            import pickle

            return pickle.loads(base64.b64decode(body["pickle"]))
        if "cb" in body:
            return _Callback(self, int(body["cb"]))
        raise wire.WireError("bad handle")

    def encode(self, value):
        return wire.encode(value, self._handle)

    def decode(self, data):
        return wire.decode(data, self._remote)

    # ---------------------------------------------------------------- requests
    def op_get(self, req):
        ns = self.shell.user_ns
        return {"values": {name: self.encode(ns[name]) for name in req["names"] if name in ns}}

    def op_call(self, req):
        fn = self.handles[int(req["target"])]
        args = [self.decode(a) for a in req["args"]]
        kwargs = {k: self.decode(v) for k, v in req["kwargs"].items()}
        result = fn(*args, **kwargs)
        after = {str(i): self.encode(args[i]) for i in req.get("watch", [])}
        after.update({k: self.encode(kwargs[k]) for k in req.get("watch_kw", [])})
        state = {str(i): self.encode(vars(args[i])) for i in req.get("objects", [])}
        state.update({k: self.encode(vars(kwargs[k])) for k in req.get("objects_kw", [])})
        return {"value": self.encode(result), "after": after, "state": state}

    def op_getattr(self, req):
        return {"value": self.encode(getattr(self.handles[int(req["target"])], req["name"]))}

    def op_setattr(self, req):
        setattr(self.handles[int(req["target"])], req["name"], self.decode(req["value"]))
        return {"value": None}

    def op_getitem(self, req):
        return {"value": self.encode(self.handles[int(req["target"])][self.decode(req["key"])])}

    def op_apply(self, req):
        """Built-in conversions on a handle: len, list, str, repr, float, int, bool, array, contains."""
        obj = self.handles[int(req["target"])]
        how = req["how"]
        if how == "array":
            import numpy as np

            dtype = req.get("dtype")
            value = np.asarray(obj, dtype=dtype) if dtype else np.asarray(obj)
        elif how == "contains":
            value = self.decode(req["item"]) in obj
        elif how in ("len", "list", "str", "repr", "float", "int", "bool", "complex"):
            value = getattr(builtins, how)(obj)
        else:
            raise ValueError(f"unknown conversion {how!r}")
        return {"value": self.encode(value)}

    def op_release(self, req):
        for key in req["ids"]:
            self.handles.pop(int(key), None)
        return {}

    def op_set(self, req):
        """Bind a name in the notebook's namespace (a value a test cell defined, for later cells)."""
        self.shell.user_ns[req["name"]] = self.decode(req["value"])
        return {}

    # ---------------------------------------------------------------- callbacks
    def ask(self, request):
        """Ask the grader (over the kernel's stdin channel) to call one of its functions."""
        kernel = getattr(self.shell, "kernel", None)
        if kernel is None:
            raise RuntimeError("no kernel to call back")
        reply = json.loads(kernel.raw_input(json.dumps(request)))
        if not reply.get("ok"):
            raise RuntimeError(reply.get("error", "the grader's function failed"))
        return self.decode(reply["value"])

    # ---------------------------------------------------------------- output cap
    def cap_output(self, limit=OUTPUT_LIMIT):
        """Truncate what one cell can print (a huge print would only slow grading down).

        ipykernel collects printed text in ``StringIO`` buffers before sending
        it; those buffers are replaced here by ones that stop growing once the
        cell has printed ``limit`` characters. (IPython swaps the streams'
        ``write`` method around every cell, so patching ``write`` would not stick.)
        """
        try:
            from collections import defaultdict

            import ipykernel.iostream as iostream
        except ImportError:
            return
        agent = self

        class CappedIO(io.StringIO):
            def write(self, text):
                room = limit - agent._written
                if room <= 0:
                    return len(text)
                agent._written += len(text)
                if len(text) > room:
                    super().write(text[:room] + "\n[... output truncated by the grader ...]\n")
                    return len(text)
                return super().write(text)

        iostream.StringIO = CappedIO
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, iostream.OutStream):
                stream.flush()
                # Private ipykernel attributes (OutStream keeps one buffer per thread and has no
                # public way to choose its class): the only way to cap what a cell prints.
                with stream._buffer_lock:
                    stream._buffers = defaultdict(CappedIO)
        events = getattr(self.shell, "events", None)
        if events is not None:
            events.register("pre_run_cell", self._reset_output)
            events.register("post_execute", self._forget_outputs)

    def _forget_outputs(self, *args):
        """IPython keeps every cell's printed text in memory for its history: drop it."""
        outputs = getattr(getattr(self.shell, "history_manager", None), "outputs", None)
        if hasattr(outputs, "clear"):
            outputs.clear()

    def _reset_output(self, *args):
        self._written = 0


class _Callback:
    """Stands for a function of the grader's test (e.g. the ``f`` passed to a gradient check)."""

    def __init__(self, agent, key):
        self.agent, self.key = agent, key

    def __call__(self, *args, **kwargs):
        return self.agent.ask({"cb": self.key, "args": [self.agent.encode(a) for a in args],
                               "kwargs": {k: self.agent.encode(v) for k, v in kwargs.items()}})

    def __repr__(self):
        return f"<function of the test #{self.key}>"


def describe_error(exc):
    """An exception as data: its class, the names of its bases, and its message."""
    cls = type(exc)
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 - a student's exception whose __str__ fails
        message = ""
    return {"type": cls.__name__, "module": cls.__module__,
            "mro": [f"{c.__module__}.{c.__qualname__}" for c in cls.__mro__],
            "message": message[:4000]}


AGENT = None


def install(shell=None, output_limit=OUTPUT_LIMIT, reply_limit=REPLY_LIMIT):
    """Create the agent for this kernel (called once, right after the kernel starts)."""
    global AGENT
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    AGENT = Agent(shell, reply_limit)
    AGENT.cap_output(output_limit)
    return AGENT
