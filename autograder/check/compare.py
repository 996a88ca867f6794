"""Compare a submission's outputs with the expected ones and describe the first difference.

Tolerant on types (lists, tuples, numpy scalars and singleton axes are all fine), strict on values.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Mismatch:
    """The first output that differs. ``detail`` shows numbers; ``summary`` says the same without them."""

    output: str
    kind: str  # "modified", "missing", "size", "shape", "nonfinite", "values"
    detail: str
    summary: str
    expected: object = None
    got: object = None


#: an array longer than this is shown by its first and last values
SHOWN = 6
#: values shown at each end of a longer array (rows, for a matrix)
EDGE = 2


def _number(x):
    """One value as the student would read it: 6 decimals without trailing zeros, or 7 significant
    digits in scientific notation when it is very large or very small."""
    x = float(x)
    if not np.isfinite(x):
        return str(x)
    if x == 0 or 1e-4 <= abs(x) < 1e7:
        return np.format_float_positional(x, precision=6, trim="-")
    return f"{x:.6e}"


def _values(array):
    if array.ndim == 0:
        return _number(array)
    items = [_values(row) for row in array] if len(array) <= SHOWN else \
        [*(_values(row) for row in array[:EDGE]), "...", *(_values(row) for row in array[-EDGE:])]
    return "[" + ", ".join(items) + "]"


def _fmt(value):
    """A number, or an array on one line: short arrays whole, longer ones by their ends and their shape.

    ``[1763.884545, 323.090545, ..., 29.022668] (100 values)``; a matrix shows its first and last rows on
    the same line, so a mismatch stays within a line or two of the terminal.
    """
    if isinstance(value, float) or np.ndim(value) == 0:
        return f"{float(value):.7g}"
    array = np.asarray(value, dtype=float)
    text = _values(array) if array.ndim <= 2 else _values(array.ravel())
    if max(array.shape, default=0) <= SHOWN:
        return text
    shape = f"{array.size} values" if array.ndim == 1 else " x ".join(str(n) for n in array.shape)
    return f"{text} ({shape})"


def _at(array, index):
    return _fmt(array[index])


def compare(expected, got, outputs, rtol, atol):
    """Return the first :class:`Mismatch` among ``outputs``, or None when all agree."""
    for name in outputs:
        mismatch = _compare_one(name, expected.get(name), got.get(name), rtol, atol)
        if mismatch is not None:
            return mismatch
    return None


def _compare_one(name, expected, got, rtol, atol):
    if name == "modified_inputs":
        if got:
            text = f"It modified its argument `{got}` in place."
            return Mismatch(name, "modified", text, text)
        return None
    if got is None:
        text = f"`{name}` is missing from what was returned."
        return Mismatch(name, "missing", text, text)
    e = np.asarray(expected, dtype=float)
    g = np.asarray(got, dtype=float)
    if e.size != g.size:
        what = "value" if e.size == 1 else "values"
        text = f"`{name}` has {g.size} values; expected {e.size} {what}."
        return Mismatch(name, "size", text + (f" Got {_fmt(g)}." if g.size <= 12 else ""), text, e, g)
    if e.shape != g.shape:
        if np.squeeze(e).shape != np.squeeze(g).shape:
            text = f"`{name}` has shape {g.shape}; expected {e.shape}."
            return Mismatch(name, "shape", text, text, e, g)
        g = g.reshape(e.shape)
    finite_e, finite_g = np.isfinite(e), np.isfinite(g)
    if (finite_e != finite_g).any():
        index = tuple(int(i) for i in np.argwhere(finite_e != finite_g)[0])
        where = f" at index {index[0] if len(index) == 1 else index}" if e.ndim else ""
        if finite_e[index]:
            text = f"`{name}` is {g[index]}{where} where a finite number was expected."
        else:
            text = f"`{name}` is finite{where} where the reference run has already diverged to {e[index]}."
        return Mismatch(name, "nonfinite", text + f" Expected {_fmt(e)}, got {_fmt(g)}.", text, e, g)
    close = np.isclose(g, e, rtol=rtol, atol=atol) | ~finite_e
    if close.all():
        return None
    scale = np.maximum(np.abs(e[~close]), atol)
    worst = float(np.max(np.abs(g[~close] - e[~close]) / scale))
    summary = f"`{name}` differs from the expected values (largest relative difference {worst:.3g})."
    if e.ndim:
        first = tuple(int(i) for i in np.argwhere(~close)[0])
        at = first[0] if len(first) == 1 else first
        detail = f"`{name}` differs first at index {at}: expected {_fmt(e)}, got {_fmt(g)}."
        if e.size > SHOWN:  # the first difference may be hidden in the "...": say it first
            detail = (f"`{name}` differs first at index {at}: expected {_at(e, first)}, got {_at(g, first)}.\n"
                      f"Expected {_fmt(e)},\ngot      {_fmt(g)}.")
    else:
        detail = f"`{name}`: expected {_fmt(e)}, got {_fmt(g)}."
    return Mismatch(name, "values", detail, summary, e, g)
