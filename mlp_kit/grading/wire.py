"""Plain data across the sandbox wall: a JSON codec that carries values, never behaviour.

The grader asks the student's kernel for values (the result of calling the
student's function, a variable) and gets them back as JSON. Decoding builds
only genuine built-in and NumPy values -- ``int``, ``float``, ``complex``,
``bool``, ``None``, ``str``, ``bytes``, ``list``, ``tuple``, ``dict``, ``set``,
NumPy scalars and numeric/bool/str arrays -- so nothing that arrives can
carry student code (a custom ``__eq__`` that says "equal to everything", a
``__del__``, a patched method). Anything else stays in the kernel and is
represented by a *handle*, which the caller turns into a proxy
(see ``judge.Remote``).

Both sides import this module: the kernel side (``agent.py``) to encode, the
grader to decode. Decoding is defensive: sizes, nesting and dtypes are checked.
"""

import base64
import math

import numpy as np

MAX_DEPTH = 64
_ARRAY_KINDS = "biufcUS"  # bool, int, uint, float, complex, unicode, bytes: never objects


class WireError(ValueError):
    """A value that cannot cross the sandbox wall (or a malformed message)."""


# ------------------------------------------------------------------ encoding


def encode(value, handle, depth=0):
    """JSON-ready form of ``value``; ``handle(obj)`` is called for anything not plain data."""
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        return value if -(2**63) <= value < 2**63 else {"$int": str(value)}
    if t is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if t is complex:
        return {"$complex": [encode(value.real, handle), encode(value.imag, handle)]}
    if t is bytes:
        return {"$bytes": base64.b64encode(value).decode()}
    if t is list:
        return [encode(v, handle, depth + 1) for v in value]
    if t is tuple:
        return {"$tuple": [encode(v, handle, depth + 1) for v in value]}
    if t is dict:
        return {"$dict": [[encode(k, handle, depth + 1), encode(v, handle, depth + 1)]
                          for k, v in value.items()]}
    if t in (set, frozenset):
        return {"$set": [encode(v, handle, depth + 1) for v in value],
                "frozen": t is frozenset}
    if t is np.ndarray and value.dtype.kind in _ARRAY_KINDS:
        arr = np.array(value, order="C", copy=True)  # (ascontiguousarray makes 0-d arrays 1-d)
        return {"$nd": {"dtype": arr.dtype.str, "shape": list(arr.shape),
                        "data": base64.b64encode(arr.tobytes()).decode()}}
    if isinstance(value, np.generic) and type(value).__module__ == "numpy" \
            and value.dtype.kind in _ARRAY_KINDS:
        return {"$np": {"dtype": value.dtype.str,
                        "data": base64.b64encode(np.asarray(value).tobytes()).decode()}}
    return {"$h": handle(value)}


# ------------------------------------------------------------------ decoding


def decode(data, remote, depth=0):
    """Rebuild a value from :func:`encode`'s output; ``remote(info)`` makes a handle's proxy."""
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if data is None or isinstance(data, (bool, str)):
        return data
    if isinstance(data, int):
        return int(data)
    if isinstance(data, float):
        return float(data)
    if isinstance(data, list):
        return [decode(v, remote, depth + 1) for v in data]
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise WireError("malformed value")
    key = next(iter(data))
    body = data[key]
    if key == "$int":
        return int(_str(body))
    if key == "$float":
        text = _str(body)
        if text not in ("nan", "inf", "-inf"):
            raise WireError("malformed float")
        return float(text)
    if key == "$complex":
        re, im = (decode(v, remote, depth + 1) for v in _list(body, 2))
        return complex(float(re), float(im))
    if key == "$bytes":
        return base64.b64decode(_str(body), validate=True)
    if key == "$tuple":
        return tuple(decode(v, remote, depth + 1) for v in _list(body))
    if key == "$dict":
        out = {}
        for pair in _list(body):
            k, v = (decode(x, remote, depth + 1) for x in _list(pair, 2))
            try:
                out[k] = v
            except TypeError:
                raise WireError("unhashable dict key") from None
        return out
    if key == "$set":
        items = [decode(v, remote, depth + 1) for v in _list(body)]
        try:
            return frozenset(items) if data.get("frozen") else set(items)
        except TypeError:
            raise WireError("unhashable set item") from None
    if key == "$nd":
        return _array(body)
    if key == "$np":
        return _array({**body, "shape": []})[()]
    if key == "$h":
        return remote(body)
    raise WireError(f"unknown tag {key!r}")


def _str(x):
    if not isinstance(x, str):
        raise WireError("expected a string")
    return x


def _list(x, n=None):
    if not isinstance(x, list) or (n is not None and len(x) != n):
        raise WireError("expected a list")
    return x


def _array(body):
    if not isinstance(body, dict):
        raise WireError("malformed array")
    try:
        dtype = np.dtype(_str(body["dtype"]))
    except TypeError:
        raise WireError("bad dtype") from None
    if dtype.kind not in _ARRAY_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise WireError(f"dtype {dtype} cannot cross the sandbox wall")
    shape = tuple(int(n) for n in _list(body["shape"]))
    if any(n < 0 for n in shape):
        raise WireError("negative dimension")
    raw = base64.b64decode(_str(body["data"]), validate=True)
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise WireError("array data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
