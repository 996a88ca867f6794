"""Plain-number encoding for everything that crosses the sandbox boundary.

Only JSON crosses: numbers become float64 arrays described by ``{"array": [...], "shape": [...]}``, so a
submission can return lists, tuples, numpy scalars or float32 arrays and still be compared on its values.
Anything that is not numbers is reported by type name, never passed along as an object.
Standalone (standard library and numpy only) because the worker imports it by path.
"""
import json
import numbers
from typing import Literal, Optional, TypedDict

import numpy as np


class Rng:
    """Stands for ``numpy.random.default_rng(seed)``: a generator cannot cross the boundary, its seed can."""

    def __init__(self, seed):
        self.seed = int(seed)

    def __repr__(self):
        return f"default_rng({self.seed})"


class NotNumbers(TypeError):
    """A value could not be turned into float64 numbers."""


def to_plain(value):
    """Encode a value built of numbers, sequences and dicts as JSON-ready data.

    Scalars and arrays become ``{"array": flat list, "shape": list}`` in float64; integers (epoch counts,
    step indices), also inside a list or tuple, stay Python integers; :class:`Rng` becomes its seed; strings (function names) and mixed
    argument lists are kept as such; ``None`` stays ``None``. Any other object raises :class:`NotNumbers`.
    """
    if value is None:
        return None
    if isinstance(value, Rng):
        return {"rng": value.seed}
    if _is_int(value):
        return {"int": int(value)}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, dict):
        return {"dict": {str(k): to_plain(v) for k, v in value.items()}}
    if isinstance(value, (bool, np.bool_)):
        return {"array": [float(value)], "shape": []}
    if isinstance(value, (list, tuple)) and any(_is_int(item) for item in value):
        # a sweep over t = 0, 1, 2 or the arguments (lr, t, drop, every): each item keeps its own type, so
        # an integer reaches student code as a Python int and `range(t // every)` works as it would for them
        return {"list": [to_plain(item) for item in value]}
    if isinstance(value, (numbers.Number, np.generic, np.ndarray, list, tuple)):
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError) as error:
            if isinstance(value, (list, tuple)):  # an argument list such as [x, w, b]
                return {"list": [to_plain(item) for item in value]}
            raise NotNumbers(_describe(value)) from error
        return {"array": array.ravel().tolist(), "shape": list(array.shape)}
    raise NotNumbers(_describe(value))


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def from_plain(data):
    """Decode :func:`to_plain` output; arrays come back as float64 numpy arrays, 0-d ones as floats."""
    if data is None:
        return None
    if "rng" in data:
        return np.random.default_rng(data["rng"])
    if "int" in data:
        return data["int"]
    if "str" in data:
        return data["str"]
    if "list" in data:
        return [from_plain(item) for item in data["list"]]
    if "dict" in data:
        return {k: from_plain(v) for k, v in data["dict"].items()}
    array = np.asarray(data["array"], dtype=np.float64).reshape(data["shape"])
    return float(array) if array.ndim == 0 else array


def _describe(value):
    return f"a {type(value).__name__} ({_short_repr(value)})"


def _short_repr(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def dumps(message):
    """One protocol message as a line of JSON; NaN and infinities are kept (both ends are Python)."""
    return (json.dumps(message, allow_nan=True, separators=(",", ":")) + "\n").encode()


def loads(line):
    return json.loads(line)



# --- the protocol's messages, one JSON object per line ----------------------------------------------------
# The grader sends requests; the worker answers each with one reply (a run may first send callbacks, each
# answered by the grader). These types say what each line holds; validate_reply enforces it on replies.

class SetupRequest(TypedDict):
    """First request to every worker: the assignment's contract (Contract.to_plain) and its loops' source."""

    op: Literal["setup"]
    contract: dict
    loops: dict  # {"source": text, "name": file name}


class ExecRequest(TypedDict):
    """Run one cell of the submission at top level."""

    op: Literal["exec"]
    label: str
    source: str


class RunRequest(TypedDict, total=False):
    """Run a driver on plain inputs; ``upstream`` names functions replaced by stand-ins (error carried forward)."""

    op: Literal["run"]
    driver: str
    inputs: dict
    upstream: list


class Callback(TypedDict):
    """The worker asks the grader for a stand-in's result; the grader answers ``{"ok", "values"|"error"}``."""

    callback: str
    args: list


class DoneReply(TypedDict, total=False):
    """``{"ok": true}`` (setup, exec), ``{"ok": true, "outputs": {name: plain}}`` (run) or, for setup and exec,
    ``{"ok": false, "error": text}``."""

    ok: bool
    outputs: dict
    error: str


class FailureReply(TypedDict):
    """A run whose code did not finish: ``kind`` is one of :data:`WORKER_KINDS`."""

    ok: bool
    kind: str
    function: Optional[str]
    message: str


# --- the grader's side: every line from the worker is hostile input -------------------------------------

#: largest reply line the grader reads (the longest legitimate one, a long training run, is well under 1 MiB)
MAX_REPLY_BYTES = 16 * 2**20
#: longest text (a message, a function name) a reply may carry
MAX_TEXT = 20_000
#: what the worker may say went wrong; the grader adds "timeout", "crashed" and "protocol" itself
WORKER_KINDS = frozenset({"missing", "contract", "not_implemented", "exit", "exception"})
_DEPTH = 16


class ProtocolError(ValueError):
    """A line from the worker that is too long, not JSON, or not a reply of the protocol."""


class LineReader:
    """Reads lines from a socket under a size cap and an overall deadline (a worker that trickles bytes
    cannot hold the grader longer than the check's time limit)."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = bytearray()

    def readline(self, limit=MAX_REPLY_BYTES, deadline=None):
        """One line (with its newline), ``b""`` at end of stream, raising TimeoutError past ``deadline``
        (a ``time.monotonic()`` value) and :class:`ProtocolError` past ``limit`` bytes."""
        import time

        start = 0
        while True:
            end = self.buffer.find(b"\n", start)
            if end >= 0:
                line = bytes(self.buffer[:end + 1])
                del self.buffer[:end + 1]
                if len(line) > limit:
                    raise ProtocolError(f"a reply line longer than {limit} bytes")
                return line
            if len(self.buffer) > limit:
                raise ProtocolError(f"a reply line longer than {limit} bytes")
            start = len(self.buffer)
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                self.sock.settimeout(remaining)
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                return b""
            self.buffer += chunk

    def pending(self):
        """Whether the worker wrote something nobody asked for (checked before each request, so a reply
        sent ahead of time cannot be taken for the answer to a later check)."""
        import select
        import socket

        if self.buffer:
            return True
        try:
            # select, not a timed recv: a socket with a timeout would wait that long before peeking
            if not select.select([self.sock], [], [], 0)[0]:
                return False
            return bool(self.sock.recv(1, socket.MSG_PEEK))  # b"": the worker is gone, not talking
        except (OSError, ValueError):
            return False

    def close(self):
        self.buffer = bytearray()


def read_message(reader, limit=MAX_REPLY_BYTES, deadline=None):
    """The next JSON message from the worker, ``None`` at end of stream; :class:`ProtocolError` when the
    line is too long or not JSON. Timeouts and socket errors pass through."""
    line = reader.readline(limit, deadline)
    if not line:
        return None
    if not line.endswith(b"\n"):
        return None  # cut off: the worker died while writing
    try:
        return json.loads(line)
    except (ValueError, RecursionError) as error:
        raise ProtocolError(f"a reply that is not JSON ({type(error).__name__})") from None


def _text(value, what, optional=False):
    if value is None and optional:
        return
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ProtocolError(f"{what} is not a short text")


def _number(x):
    return (type(x) is float) or (type(x) is int and -2**1023 < x < 2**1023)


def validate_plain(data, depth=0):
    """Check that ``data`` is exactly what :func:`to_plain` makes, so :func:`from_plain` cannot fail on it."""
    if depth > _DEPTH:
        raise ProtocolError("a value nested too deeply")
    if data is None:
        return
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise ProtocolError("a value that is not plain numbers")
    keys = set(data)
    if keys == {"array", "shape"}:
        array, shape = data["array"], data["shape"]
        if not isinstance(array, list) or not isinstance(shape, list) or len(shape) > 32:
            raise ProtocolError("an array without a flat list of numbers and a shape")
        if not all(type(n) is int and 0 <= n < 2**40 for n in shape):
            raise ProtocolError("an array shape that is not a list of sizes")
        size = 1
        for n in shape:
            size *= n
        if size != len(array) or not all(map(_number, array)):
            raise ProtocolError("an array whose numbers do not fit its shape")
    elif keys == {"int"} or keys == {"rng"}:
        [value] = data.values()
        if type(value) is not int or not -2**63 <= value < 2**63:
            raise ProtocolError("an integer out of range")
    elif keys == {"str"}:
        _text(data["str"], "a string value")
    elif keys == {"list"}:
        if not isinstance(data["list"], list):
            raise ProtocolError("a list value that is not a list")
        for item in data["list"]:
            validate_plain(item, depth + 1)
    elif keys == {"dict"}:
        if not isinstance(data["dict"], dict):
            raise ProtocolError("a dict value that is not a dict")
        for key, item in data["dict"].items():
            _text(key, "a dict key")
            validate_plain(item, depth + 1)
    else:
        raise ProtocolError("a value that is not plain numbers")


#: the one output of a run reply that is text: the names of arguments a function modified in place
TEXT_OUTPUTS = frozenset({"modified_inputs"})


def _validate_output(name, value):
    """A run reply's output is an array of numbers (what the grader compares), or the text above."""
    _text(name, "an output name")
    if name in TEXT_OUTPUTS:
        if not (isinstance(value, dict) and set(value) == {"str"}):
            raise ProtocolError(f"output {name!r} is not text")
    elif not (isinstance(value, dict) and set(value) == {"array", "shape"}):
        raise ProtocolError(f"output {name!r} is not an array of numbers")
    validate_plain(value)


def validate_reply(message, op=None):
    """Check one message from the worker against the protocol; returns it, or raises :class:`ProtocolError`.

    Accepted, for an ``op`` of ``"exec"`` or ``"setup"``: ``{"ok": true}`` / ``{"ok": false, "error": text}``; for
    ``"run"``: ``{"ok": true, "outputs": {name: array}}`` / ``{"ok": false, "kind", "function", "message"}``,
    or a callback request ``{"callback": name, "args": [plain, ...]}``. Without ``op``, any of them.
    """
    if not isinstance(message, dict):
        raise ProtocolError("a reply that is not a JSON object")
    if "callback" in message:
        if op in ("exec", "setup"):
            raise ProtocolError("a callback request while a cell runs")
        if set(message) != {"callback", "args"} or not isinstance(message["args"], list):
            raise ProtocolError("a callback request of the wrong shape")
        _text(message["callback"], "a callback name")
        for arg in message["args"]:
            validate_plain(arg)
        return message
    ok = message.get("ok")
    if type(ok) is not bool:
        raise ProtocolError("a reply without a true/false `ok`")
    keys = set(message) - {"ok"}
    if ok:
        if keys == {"outputs"} and op not in ("exec", "setup"):
            if not isinstance(message["outputs"], dict) or len(message["outputs"]) > 64:
                raise ProtocolError("outputs that are not an object of a few arrays")
            for name, value in message["outputs"].items():
                _validate_output(name, value)
        elif keys or op == "run":
            raise ProtocolError("a successful reply of the wrong shape")
        return message
    if keys == {"error"} and op != "run":
        _text(message["error"], "an error message")
    elif keys == {"kind", "function", "message"} and op not in ("exec", "setup"):
        if message["kind"] not in WORKER_KINDS:
            raise ProtocolError("a failure of an unknown kind")
        _text(message["function"], "a function name", optional=True)
        _text(message["message"], "a failure message")
    else:
        raise ProtocolError("a failure reply of the wrong shape")
    return message
