"""Plain-number encoding for everything that crosses the sandbox boundary.

Only JSON crosses: numbers become float64 arrays described by ``{"array": [...], "shape": [...]}``, so a
submission can return lists, tuples, numpy scalars or float32 arrays and still be compared on its values.
Anything that is not numbers is reported by type name, never passed along as an object.
Standalone (standard library and numpy only) because the worker imports it by path.
"""
import json
import numbers

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
            if isinstance(value, (list, tuple)):  # an argument list such as [t_u, w, b]
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


