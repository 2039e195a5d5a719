"""Tests run here, in the grader's own process -- never in the student's kernel.

A test cell from the instructor's notebook is executed by :class:`Judge` in a
namespace of the grader's process. The names it uses are resolved as the
lesson plan says (``lesson.Lesson.origin``):

- helpers and libraries the read-only cells import (``np``, ``assert_close``,
  ``Perceptron``) are imported *here*: a student who redefines
  ``assert_close`` or patches ``mlp_kit.testing`` inside the notebook changes
  nothing the test sees;
- values computed in the notebook (``X_gate``, the student's ``history``) are
  fetched from the kernel as plain data (``wire.py``);
- the student's functions and objects become :class:`Remote` proxies: calling
  one runs the student's code in the sandbox and brings the result back as
  plain data, to be compared here with the instructor's helpers.

So the verdict -- the test code ran to its end without raising -- is decided
where the student's code cannot reach: no input transformer rewrites the
test, no object that "equals everything" arrives (only genuine numbers,
strings, arrays, lists...), no patched helper is called, and nothing in the
kernel can tell the grader "passed". What the student *can* still do is what
any correct answer does: return values. See docs/grading.md.

A few test cells cannot run this way (IPython magics, ``isinstance`` checks
against the student's Keras objects, passing the grader's own objects into
student code); the reference check before grading finds them and runs them
in the kernel instead (:meth:`Judge.run_in_kernel`), as nbgrader does -- the
summary lists them because they are not tamper-proof.
"""

import base64
import builtins
import contextlib
import functools
import io
import json
import pickle
import time
import types
from dataclasses import dataclass

import numpy as np

from mlp_kit.grading import wire
from mlp_kit.grading.kernel import KernelStartError

AGENT = "__import__('mlp_kit.grading.agent', fromlist=['AGENT']).AGENT"
INSTALL = ("__import__('mlp_kit.grading.agent', fromlist=['install'])"
           ".install(output_limit={limit}, reply_limit={reply})\n")
MESSAGE_LIMIT = 2000  # characters of a failure message kept for the feedback


class TestTimeout(Exception):
    """The student's code did not answer within the time left for the test."""


class KernelGone(Exception):
    """The kernel died (or was killed by the watchdog) while the test used it."""

    def __init__(self, status, last_words=""):
        super().__init__(status)
        self.status, self.last_words = status, last_words


class CannotJudge(Exception):
    """This test cell cannot run outside the kernel (see the module docstring)."""


class NotebookError(Exception):
    """Base of the exceptions re-raised here when the student's code raised one."""

    from_notebook = True


class AgentError(NotebookError):
    """The notebook did not answer a request properly (its agent was broken or tampered with)."""


@dataclass
class Verdict:
    status: str  # passed | failed | timeout | died | memory | processes | disk | unjudgeable
    message: str = ""
    hidden: bool = False  # the failure happened in the hidden tests
    line: int = 0
    from_notebook: bool = False  # the exception was raised by the student's code
    detail: str = ""  # for the instructor: e.g. the kernel's last words before it died


# Special attributes a test may read on the student's objects (``fn.__name__``).
_FORWARDED_DUNDERS = {"__name__", "__qualname__", "__doc__", "__wrapped__", "__self__",
                      "__func__", "__dict__", "__annotations__"}
# The grader's functions that may be handed to student code: called back over stdin.
_CALLBACK_TYPES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                   types.BuiltinMethodType, functools.partial, np.ufunc)


class Remote:
    """A student's object that stays in the kernel; operations on it are requests there.

    Comparisons are *not* forwarded: ``remote == 3`` is False whatever the
    object's ``__eq__`` says. Conversions (``np.asarray``, ``float``, ``len``,
    ``list``) bring back plain data.
    """

    __slots__ = ("_judge", "_info", "_gen")

    def __init__(self, judge, info, gen):
        object.__setattr__(self, "_judge", judge)
        object.__setattr__(self, "_info", info)
        object.__setattr__(self, "_gen", gen)

    def _ask(self, op, **fields):
        return self._judge.ask(self, op, **fields)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__") and name not in _FORWARDED_DUNDERS:
            raise AttributeError(name)
        return self._ask("getattr", name=name)

    def __setattr__(self, name, value):
        self._ask("setattr", name=name, value=self._judge.encode(value))

    def __call__(self, *args, **kwargs):
        return self._judge.call(self, args, kwargs)

    def __getitem__(self, key):
        return self._ask("getitem", key=self._judge.encode(key))

    def _apply(self, how, **fields):
        return self._ask("apply", how=how, **fields)

    def __len__(self):
        return int(self._apply("len"))

    def __iter__(self):
        return iter(self._apply("list"))

    def __contains__(self, item):
        return bool(self._apply("contains", item=self._judge.encode(item)))

    def __bool__(self):
        return bool(self._apply("bool"))

    def __float__(self):
        return float(self._apply("float"))

    def __int__(self):
        return int(self._apply("int"))

    def __index__(self):
        value = self._apply("int")
        return int(value)

    def __complex__(self):
        return complex(self._apply("complex"))

    def __str__(self):
        return str(self._apply("str"))

    def __repr__(self):
        try:
            return str(self._apply("repr"))
        except Exception:  # noqa: BLE001 - repr must not fail inside an error message
            return f"<{self._info.get('type', 'object')} in the notebook>"

    def __array__(self, dtype=None, copy=None):
        value = self._apply("array", dtype=np.dtype(dtype).str if dtype is not None else None)
        if not isinstance(value, np.ndarray):
            raise TypeError("the object did not convert to a numeric array")
        return value

    @property
    def __class__(self):
        """The real class when a trusted library the test imported defines it (for isinstance)."""
        return _library_class(self._info.get("type", "")) or type(self)

    def __eq__(self, other):
        return NotImplemented

    def __ne__(self, other):
        return NotImplemented

    __hash__ = object.__hash__


class Judge:
    """Runs one student's test cells against that student's kernel."""

    def __init__(self, lesson, kernel):
        self.lesson, self.kernel = lesson, kernel
        self.ns = {"__name__": "__main__", "__builtins__": builtins}
        self.callbacks = {}
        self.deadline = float("inf")
        self._in_callback = False
        self._errors = {}
        self._classes = {}

    # ------------------------------------------------------------ kernel side
    def install(self, timeout=60.0):
        """Load the agent into a freshly started kernel."""
        limits = self.kernel.limits
        code = INSTALL.format(limit=limits.output_kb * 1024,
                              reply=int(limits.reply_mb * 1024 * 1024 * 0.7))  # base64, JSON
        out = self.kernel.execute(code, timeout, silent=True)
        if out.status != "ok":
            raise KernelStartError(f"the grading agent did not load in the kernel: "
                                   f"{out.status} {out.ename} {out.evalue}")

    def request(self, op, **fields):
        """Send one request to the agent; returns its reply (a dict) or raises."""
        if self._in_callback:
            raise CannotJudge("a function of the test used the notebook's objects while the "
                              "notebook was calling it")
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TestTimeout()
        payload = base64.b64encode(json.dumps({"op": op, **fields}).encode()).decode()
        out = self.kernel.execute(f"{AGENT}.dispatch('{payload}')\n", remaining, silent=True,
                                  user_expressions={"r": f"{AGENT}.take()"},
                                  on_input=self._callback)
        if out.status == "timeout":
            raise TestTimeout()
        if out.status not in ("ok", "error"):
            raise KernelGone(out.status, out.evalue)
        if out.status == "error":
            if out.ename == "KeyboardInterrupt":
                raise TestTimeout()
            raise AgentError(f"the notebook did not answer the grader ({out.ename}: {out.evalue})")
        try:
            expr = out.reply["user_expressions"]["r"]
            reply = json.loads(expr["data"]["text/plain"])
            if not isinstance(reply, dict):
                raise ValueError
        except (KeyError, TypeError, ValueError):
            raise AgentError("the notebook sent back an unreadable answer") from None
        if not reply.get("ok"):
            raise self._rebuild(reply.get("error"))
        return reply

    def _remote(self, info, gen):
        """A proxy whose type is named like the student's object's class (``type(x).__name__``)."""
        name = str(info.get("type", "object"))
        cls = self._classes.get(name)
        if cls is None:
            module, _, qualname = name.rpartition(".")
            cls = type(qualname.split(".")[-1] or "object", (Remote,),
                       {"__slots__": (), "__qualname__": qualname, "__module__": module})
            self._classes[name] = cls
        return cls(self, info, gen)

    def decode(self, data):
        gen = self.kernel.generation
        try:
            return wire.decode(data, lambda info: self._remote(info, gen))
        except (wire.WireError, ValueError, TypeError, RecursionError) as exc:
            raise AgentError(f"the notebook sent back a malformed value ({exc})") from None

    def encode(self, value):
        try:
            return wire.encode(value, self._handle_for)
        except wire.WireError as exc:
            raise CannotJudge(str(exc)) from None

    def _handle_for(self, obj):
        if isinstance(obj, Remote):
            if obj._gen != self.kernel.generation:
                raise AgentError("this object belonged to a kernel that has since restarted")
            return {"id": obj._info["id"]}
        if _by_value(obj):  # the test's own mlp_kit object: a copy goes in (see call())
            try:
                blob = pickle.dumps(obj)
            except Exception:  # noqa: BLE001 - not copyable: the test runs in the kernel
                raise CannotJudge(f"cannot copy a {type(obj).__qualname__} into the notebook") \
                    from None
            return {"pickle": base64.b64encode(blob).decode()}
        if isinstance(obj, _CALLBACK_TYPES):
            key = len(self.callbacks) + 1
            self.callbacks[key] = obj
            return {"cb": key}
        raise CannotJudge(f"the test hands a {type(obj).__module__}.{type(obj).__qualname__} "
                          f"to the notebook, which only plain data can cross")

    def ask(self, remote, op, **fields):
        target = self._handle_for(remote)["id"]
        return self.decode(self.request(op, target=target, **fields)["value"])

    def call(self, remote, args, kwargs):
        target = self._handle_for(remote)["id"]
        enc_args = [self.encode(a) for a in args]
        enc_kw = {k: self.encode(v) for k, v in kwargs.items()}
        watch = [i for i, a in enumerate(args) if type(a) in (list, dict, set, np.ndarray)]
        watch_kw = [k for k, v in kwargs.items() if type(v) in (list, dict, set, np.ndarray)]
        objects = [i for i, a in enumerate(args) if _by_value(a) and hasattr(a, "__dict__")]
        objects_kw = [k for k, v in kwargs.items() if _by_value(v) and hasattr(v, "__dict__")]
        reply = self.request("call", target=target, args=enc_args, kwargs=enc_kw,
                             watch=watch, watch_kw=watch_kw, objects=objects,
                             objects_kw=objects_kw)
        after = reply.get("after", {})
        for i in watch:  # the student's code may have changed its arguments in place
            if str(i) in after and after[str(i)] != enc_args[i]:
                _update(args[i], self.decode(after[str(i)]))
        for k in watch_kw:
            if k in after and after[k] != enc_kw[k]:
                _update(kwargs[k], self.decode(after[k]))
        state = reply.get("state", {})  # attributes of the test's objects after the call
        for i in objects:
            _restore(args[i], self.decode(state.get(str(i), {"$dict": []})))
        for k in objects_kw:
            _restore(kwargs[k], self.decode(state.get(k, {"$dict": []})))
        return self.decode(reply["value"])

    def _callback(self, prompt):
        """The student's code called a function the test gave it (over the stdin channel)."""
        try:
            req = json.loads(prompt)
            fn = self.callbacks[int(req["cb"])]
            args = [self.decode(a) for a in req.get("args", [])]
            kwargs = {k: self.decode(v) for k, v in req.get("kwargs", {}).items()}
        except Exception:  # noqa: BLE001 - student input: answer with an error
            return json.dumps({"ok": False, "error": "malformed call"})
        self._in_callback = True
        try:
            value = fn(*args, **kwargs)
            return json.dumps({"ok": True, "value": self.encode(value)})
        except Exception as exc:  # noqa: BLE001 - reported to the student's code as an error
            return json.dumps({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        finally:
            self._in_callback = False

    def _rebuild(self, error):
        """The student's exception, as an instance of the same built-in (or library) class."""
        if not isinstance(error, dict):
            return AgentError("the notebook reported an unreadable error")
        message = str(error.get("message", ""))[:MESSAGE_LIMIT]
        name = str(error.get("type", "Exception"))[:100]
        base = Exception
        for qual in error.get("mro", []):
            found = _known_exception(str(qual))
            if found is not None:
                base = found
                break
        key = (name, base)
        if key not in self._errors:
            try:
                self._errors[key] = type(name if name.isidentifier() else "Error",
                                         (base, NotebookError), {})
            except TypeError:  # incompatible layouts: fall back to the plain base class
                self._errors[key] = type("Error", (NotebookError,), {})
        exc = self._errors[key](message)
        exc.notebook_type = name
        return exc

    # ------------------------------------------------------------ running tests
    def prepare(self, cell):
        """Bind every name the test cell reads, each from where the lesson plan says."""
        fetch = []
        for name in cell.reads:
            kind, origin = self.lesson.origin(name, cell.index)
            if kind == "import":
                for statement, names in origin.imports:
                    if name in names or "*" in names:
                        exec(compile(statement, f"<import in {origin.name}>", "exec"), self.ns)
            elif kind == "builtin":
                self.ns.pop(name, None)
            elif kind == "kernel":
                fetch.append(name)
        if fetch:
            values = self.request("get", names=fetch)["values"]
            for name in fetch:
                if name in values:
                    self.ns[name] = self.decode(values[name])
                else:
                    self.ns.pop(name, None)

    def run_test(self, cell, timeout):
        """Run a test cell here; the verdict is whether it ran to its end."""
        self.deadline = time.monotonic() + timeout
        filename = f"<test {cell.name}>"
        printed = _Discard()
        try:
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                self.prepare(cell)
                exec(compile(cell.source, filename, "exec"), self.ns)
            return Verdict("passed")
        except TestTimeout:
            return Verdict("timeout", f"the code did not finish within {timeout:g} s")
        except KernelGone as exc:
            return Verdict(exc.status, detail=exc.last_words)
        except CannotJudge as exc:
            return Verdict("unjudgeable", str(exc))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - any exception fails the test
            line = _failing_line(exc, filename)
            return Verdict("failed", _message(exc), cell.line_is_hidden(line), line,
                           isinstance(exc, NotebookError))
        finally:
            self.deadline = float("inf")

    def run_in_kernel(self, cell, timeout):
        """nbgrader's way, for test cells the judge cannot run: in the kernel, verdict = no error.

        The instructor's imports are run again first, so that helper names
        point at the real helpers -- a courtesy, not a defence.
        """
        imports = [s for c in self.lesson.cells[:cell.index] if c.kind == "code"
                   for s, _ in c.imports]
        deadline = time.monotonic() + timeout
        if imports:
            self.kernel.execute("\n".join(imports), timeout, silent=True)
        parts = _split_hidden(cell)
        for source, hidden in parts:
            left = deadline - time.monotonic()
            if left <= 0:
                return Verdict("timeout", f"the code did not finish within {timeout:g} s")
            out = self.kernel.execute(source, left, silent=True)
            if out.status == "timeout":
                return Verdict("timeout", f"the code did not finish within {timeout:g} s")
            if out.status != "ok" and out.status != "error":
                return Verdict(out.status, detail=out.evalue)
            if out.status == "error":
                text = f"{out.ename}: {out.evalue}" if out.evalue else out.ename
                return Verdict("failed", text[:MESSAGE_LIMIT], hidden or len(parts) == 1 and
                               bool(cell.hidden))
        return Verdict("passed")

    def push(self, names):
        """Copy values a test cell defined into the kernel, for later cells that read them."""
        for name in names:
            if name in self.ns:
                try:
                    self.request("set", name=name, value=self.encode(self.ns[name]))
                except Exception:  # noqa: BLE001 - best effort: a later cell may then fail
                    pass


class _Discard(io.TextIOBase):
    """Where a test's own prints go (not to the instructor's terminal, not into memory)."""

    def writable(self):
        return True

    def write(self, text):
        return len(text)


def _by_value(obj):
    """Objects of the test that are copied into the notebook: mlp_kit's own, NumPy generators."""
    return type(obj).__module__.startswith("mlp_kit.") or isinstance(obj, np.random.Generator)


def _contains_remote(value, depth=0):
    if isinstance(value, Remote) or depth > 20:
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_contains_remote(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return any(_contains_remote(k, depth + 1) or _contains_remote(v, depth + 1)
                   for k, v in value.items())
    return False


def _restore(obj, state):
    """Copy back the plain-data attributes the student's code set on the test's object."""
    if not isinstance(state, dict):
        return
    for name, value in state.items():
        if isinstance(name, str) and not _contains_remote(value):
            try:
                setattr(obj, name, value)
            except (AttributeError, TypeError):
                pass


def _update(original, new):
    """Mirror an in-place change the student's code made to an argument."""
    try:
        if isinstance(original, np.ndarray) and isinstance(new, np.ndarray) \
                and new.shape == original.shape:
            original[...] = new
        elif isinstance(original, list) and isinstance(new, list):
            original[:] = new
        elif isinstance(original, (dict, set)) and type(new) is type(original):
            original.clear()
            original.update(new)
    except (ValueError, TypeError):
        pass


_LIBRARIES = ("mlp_kit.", "numpy.", "keras.", "tensorflow.", "sklearn.", "scipy.")


def _known_exception(qualname):
    """The exception class named ``module.Class`` if it is built in or from a trusted library."""
    import sys

    module, _, name = qualname.rpartition(".")
    if module == "builtins":
        cls = getattr(builtins, name, None)
    elif module.startswith(_LIBRARIES) or module in ("mlp_kit", "numpy"):
        cls = getattr(sys.modules.get(module), name, None) if module in sys.modules else None
    else:
        return None
    if isinstance(cls, type) and issubclass(cls, Exception) and cls is not Exception:
        return cls
    return None


def _library_class(qualname):
    """``module.Class`` of a trusted library, if that module is already imported here."""
    import sys

    module, _, name = qualname.rpartition(".")
    if not module.startswith(_LIBRARIES) or module not in sys.modules:
        return None
    cls = getattr(sys.modules[module], name.split(".")[-1], None)
    return cls if isinstance(cls, type) else None


def _failing_line(exc, filename):
    """Line of the test cell's top-level statement that raised (0 if unknown)."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            return tb.tb_lineno
        tb = tb.tb_next
    return 0


def _message(exc):
    if isinstance(exc, NotebookError):
        name = getattr(exc, "notebook_type", type(exc).__name__)
        text = f"your code raised {name}: {exc}"
    elif isinstance(exc, AssertionError) and str(exc):
        text = str(exc)
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text[:MESSAGE_LIMIT]


def _split_hidden(cell):
    """(source, is_hidden) parts of a test cell: visible lines, then hidden ones, if each compiles."""
    if not cell.hidden:
        return [(cell.source, False)]
    lines = cell.source.splitlines()
    visible = "\n".join(l for i, l in enumerate(lines, 1) if not cell.line_is_hidden(i))
    hidden = "\n".join(l for i, l in enumerate(lines, 1) if cell.line_is_hidden(i))
    try:
        compile(visible, "<visible>", "exec")
        compile(hidden, "<hidden>", "exec")
    except SyntaxError:
        return [(cell.source, True)]
    return [(visible, False), (hidden, True)]
