"""Relations between a student's numbers and the expected ones: recognizable constant factors, entry-by-entry
factors, equality within tolerance.

A factor is only recognized when it is a simple constant (2, 1/2, N, 1/N, -1, ..., with N the number of
examples of each input, or a scalar input the assignment names, such as a learning rate) that holds on every observation
given, and is shown by at least two different non-zero values: one number alone never makes a factor.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: relative tolerance when testing a relation (a factor, a shift, an equality with an input)
RTOL = 1e-5
ATOL = 1e-12


# -- recognizable constants ------------------------------------------------------------------------------

#: (label, what it usually means, value from N and the call's scalars)
_FIXED = (
    ("-1", "the sign is flipped", lambda n, s: -1.0),
    ("2", "a factor 2 too many", lambda n, s: 2.0),
    ("1/2", "a factor 2 is missing", lambda n, s: 0.5),
    ("N", "a sum where a mean belongs (a missing division by N)", lambda n, s: n),
    ("1/N", "an extra division by N", lambda n, s: 1 / n),
    ("2N", "a factor 2 too many and a missing division by N", lambda n, s: 2 * n),
    ("1/(2N)", "a factor 2 missing and an extra division by N", lambda n, s: 1 / (2 * n)),
    ("N/2", "a missing division by N and a missing factor 2", lambda n, s: n / 2),
    ("2/N", "a factor 2 too many and an extra division by N", lambda n, s: 2 / n),
    ("N/(N - 1)", "N and N - 1 are mixed up (a division by N - 1 where N belongs, or the reverse)",
     lambda n, s: n / (n - 1) if n > 1 else None),
    ("(N - 1)/N", "N and N - 1 are mixed up (a division by N - 1 where N belongs, or the reverse)",
     lambda n, s: (n - 1) / n if n > 1 else None),
    ("sqrt(N/(N - 1))", "a division by N - 1 where N belongs, under a square root",
     lambda n, s: math.sqrt(n / (n - 1)) if n > 1 else None),
    ("sqrt((N - 1)/N)", "a division by N - 1 where N belongs, under a square root",
     lambda n, s: math.sqrt((n - 1) / n) if n > 1 else None),
    ("sqrt(N)", "a sum where a mean belongs, under a square root", lambda n, s: math.sqrt(n) if n else None),
    ("1/sqrt(N)", "an extra division by N, under a square root", lambda n, s: 1 / math.sqrt(n) if n else None),
    ("-2", "the sign is flipped and a factor 2 too many", lambda n, s: -2.0),
    ("-1/2", "the sign is flipped and a factor 2 is missing", lambda n, s: -0.5),
    ("4", "a factor 4 too many", lambda n, s: 4.0),
    ("1/4", "a factor 4 missing", lambda n, s: 0.25),
)


def _scalar_candidates(name):
    code = f"`{name}`"
    return (
        (name, f"an extra factor {code}", lambda n, s: s.get(name)),
        (f"1/{name}", f"the factor {code} is missing", lambda n, s: 1 / s[name] if name in s else None),
        (f"1/{name}**2", f"a division by {code} where a multiplication belongs",
         lambda n, s: 1 / s[name] ** 2 if name in s else None),
        (f"1/sqrt({name})", f"the square root of {code} where {code} itself belongs",
         lambda n, s: 1 / math.sqrt(s[name]) if s.get(name, 0) > 0 else None),
        (f"sqrt({name})", f"{code} where its square root belongs",
         lambda n, s: math.sqrt(s[name]) if s.get(name, 0) > 0 else None),
    )


def _shifted_candidates(name, sign):
    """The factors of a quantity ``1 + s`` or ``1 - s`` built from a scalar ``s`` (a momentum's ``1 + momentum``,
    an average's ``1 - beta``): multiplied in too often, missing, or divided by where it multiplies."""
    text = f"1 {'+' if sign > 0 else '-'} {name}"
    code = f"`{text}`"

    def of(s):
        return 1 + sign * s[name] if name in s else None

    def inverse(power):
        def value(n, s):
            q = of(s)
            return 1 / q ** power if q else None
        return value
    return (
        (f"({text})", f"an extra factor {code}", lambda n, s: of(s)),
        (f"1/({text})", f"the factor {code} is missing", inverse(1)),
        (f"1/({text})**2", f"a division by {code} where a multiplication belongs", inverse(2)),
    )


def _candidates(scalar_names=()):
    """``(label, meaning, value, scalar name or None)``: the fixed constants, then each named scalar of the call
    (the assignment declares which may appear) and the quantities ``1 + s`` and ``1 - s`` made from it."""
    return (tuple((*c, None) for c in _FIXED)
            + tuple((*c, name) for name in scalar_names for c in _scalar_candidates(name))
            + tuple((*c, name) for name in scalar_names for sign in (1, -1) for c in _shifted_candidates(name, sign)))


@dataclass
class Observation:
    expected: np.ndarray
    got: np.ndarray
    n: int
    scalars: dict
    own: bool  # from the failed check itself (not a probe)


def find_factor(observations):
    """The first recognizable constant c with got == c * expected on every observation, or None.

    It must be shown by at least two non-zero expected values (so never by one scalar alone) and must differ
    from 1 on the check's own input. A factor named after a scalar input (``learning_rate``) must also hold for
    two different values of that input: with one value it cannot be told from a constant that happens to
    equal it (a ``1 - beta1`` of 0.1 beside a learning rate of 0.1).
    """
    values = np.concatenate([np.abs(o.expected).ravel() for o in observations]) if observations else np.zeros(0)
    values = np.sort(values[values > ATOL])
    # two different non-zero values at least: one number, even repeated, proves no constant factor
    if values.size < 2 or values[-1] - values[0] <= 1e-9 * values[-1]:
        return None
    scalar_names = dict.fromkeys(name for o in observations for name in o.scalars)
    for label, meaning, value, scalar in _candidates(scalar_names):
        ok = True
        differs = False
        seen = set()
        for o in observations:
            c = None
            if o.n or "N" not in label:
                try:
                    c = value(o.n, o.scalars)
                except (ZeroDivisionError, KeyError):
                    c = None
            if c is None or not np.isfinite(c):
                if o.own:  # the constant must exist on the check's own input; a probe without it says nothing
                    ok = False
                    break
                continue
            if not np.allclose(o.got, c * o.expected, rtol=RTOL, atol=ATOL):
                ok = False
                break
            differs |= o.own and abs(c - 1) > 1e-9
            if scalar is not None:
                seen.add(round(float(o.scalars[scalar]), 12))
        if ok and differs and (scalar is None or len(seen) >= 2):
            return label, meaning
    return _fixed_count(observations)


def _fixed_count(observations):
    """``("N/11", ...)`` when ``got == (N / k) * expected`` for one whole number k on inputs of different N: a
    fixed count k where the number of examples belongs. Needs two observations with different N, so that the
    ratio is seen to follow N rather than to be a constant."""
    counts, sizes = [], set()
    for o in observations:
        e, g = np.ravel(o.expected), np.ravel(o.got)
        nonzero = np.abs(e) > ATOL
        if np.any(np.abs(g[~nonzero]) > 1e-9):
            return None
        if not o.n or not nonzero.any():
            continue
        r = g[nonzero] / e[nonzero]
        if not np.all(np.isfinite(r)) or not np.allclose(r, r[0], rtol=RTOL) or r[0] <= 0:
            return None
        counts.append(o.n / r[0])
        sizes.add(o.n)
    if len(sizes) < 2 or not observations[0].own or not observations[0].n:
        return None
    k = round(counts[0])
    if k < 2 or not np.allclose(counts, k, rtol=1e-6) or k == observations[0].n:
        return None
    return f"N/{k}", f"a fixed {k} where N, the number of examples, belongs (is N hard-coded?)"


# -- comparing arrays ------------------------------------------------------------------------------------

def array(value):
    if value is None:
        return None
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def same(a, b, rtol=RTOL):
    """Equal within tolerance, shapes compared after squeezing; non-finite entries must match exactly."""
    a, b = array(a), array(b)
    if a is None or b is None or a.size != b.size:
        return False
    a, b = a.ravel(), b.ravel()
    fa, fb = np.isfinite(a), np.isfinite(b)
    if (fa != fb).any() or (a[~fa] != b[~fb]).any():
        return False
    return bool(np.allclose(a[fa], b[fb], rtol=rtol, atol=1e-9))


def close(e, g, rtol):
    """Entry-wise agreement as :func:`compare.compare` judges it (non-finite entries agree when both are)."""
    return np.isclose(g, e, rtol=rtol, atol=1e-9) | (~np.isfinite(e) & ~np.isfinite(g))


def elementwise_factor(e, g, args):
    """``"x"``, ``"1/std"``, ``"std ** 2"``, ``"1/|grad|"``: an input array ``a`` (or its reciprocal, square or
    absolute value) with
    ``got == a * expected`` entry by entry, broadcast like numpy; None when there is none.

    The factor must differ from 1 on at least two entries where the expected value is not 0: one entry alone is
    one number, and a number can equal some entry of some input by chance (a step twice the expected where an
    input happens to hold 1/2).
    """
    if not np.any(np.abs(e) > 1e-12):
        return None
    for name, value in args.items():
        a = array(value) if isinstance(value, np.ndarray) else None
        if a is None or a.size < 2 or np.ptp(a) == 0 or np.any(a == 0):
            continue
        forms = ((a, name), (1 / a, f"1/{name}"), (a ** 2, f"{name} ** 2"), (1 / a ** 2, f"1/{name} ** 2"),
                 (np.abs(a), f"|{name}|"), (1 / np.abs(a), f"1/|{name}|"))
        for form, text in forms:
            try:
                scaled = form * e
                factor = np.broadcast_to(form, e.shape)
            except ValueError:  # shapes that do not broadcast
                break
            telling = (np.abs(factor - 1) > 1e-9) & (np.abs(e) > 1e-12)
            if scaled.shape == e.shape and telling.sum() >= 2 and np.allclose(g, scaled, rtol=RTOL, atol=1e-12):
                return text
    return None


def scalar_ratio(a, b):
    """The scalar r with b == r * a, or None."""
    a, b = a.ravel(), b.ravel()
    if a.size != b.size or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return None
    nonzero = np.abs(a) > 1e-12
    if not nonzero.any() or np.any(np.abs(b[~nonzero]) > 1e-9):
        return None
    r = b[nonzero] / a[nonzero]
    return float(r[0]) if np.allclose(r, r[0], rtol=1e-6) else None


# -- whole-array statistics --------------------------------------------------------------------------------

#: (words, statistic of all entries of an array)
_STATISTICS = (
    ("the mean", np.mean),
    ("the standard deviation", np.std),
    ("the sample standard deviation (ddof=1)", lambda a: np.std(a, ddof=1)),
    ("the variance", np.var),
    ("the sum", np.sum),
    ("the sum of the squares", lambda a: np.sum(a ** 2)),
    ("the root of the sum of the squares", lambda a: np.sqrt(np.sum(a ** 2))),
    ("the largest entry", np.max),
    ("the smallest entry", np.min),
)


def whole_array_statistic(got, expected, args):
    """``("the standard deviation", "X")`` when every entry of ``got`` is one number, a statistic of *all* the
    entries of an input array, where ``expected`` varies across entries (one statistic per column, per
    parameter); None otherwise."""
    g, e = array(got), array(expected)
    if g is None or e is None or g.size < 2 or g.size != e.size or not np.all(np.isfinite(g)):
        return None
    g = g.ravel()
    if not np.allclose(g, g[0], rtol=RTOL, atol=ATOL) or np.allclose(e.ravel(), e.ravel()[0], rtol=RTOL, atol=ATOL):
        return None
    for name, value in args.items():
        a = array(value) if isinstance(value, np.ndarray) else None
        if a is None or a.size < 2 or not np.all(np.isfinite(a)) or np.ptp(a) == 0:
            continue
        for words, statistic in _STATISTICS:
            with np.errstate(all="ignore"):
                s = float(statistic(a))
            if np.isfinite(s) and abs(s) > ATOL and np.isclose(g[0], s, rtol=RTOL, atol=ATOL):
                return words, name
    return None


# -- laws along a swept integer ------------------------------------------------------------------------------

#: (power k, offset s): c * (x + s) ** k, the laws a schedule's values are tested against
_LAWS = tuple((k, s) for s in (1, 0) for k in (-0.5, -1.0, -2.0, 0.5, 1.0, 2.0))
#: recognizable constants c, relative to a scalar input
_SCALES = ((1.0, ""), (0.5, "1/2 times "), (2.0, "2 times "), (0.25, "1/4 times "), (4.0, "4 times "),
           (-1.0, "minus "))


def law_text(k, s, axis):
    base = axis if s == 0 else f"({axis} + {s})" if k not in (0.5, -0.5) else f"{axis} + {s}"
    return {-0.5: f"1/sqrt({base})", 0.5: f"sqrt({base})", -1.0: f"1/{base}", 1.0: base,
            -2.0: f"1/{base}**2", 2.0: f"{base}**2"}[k]


def power_law(x, values):
    """``(k, s, c)`` with ``values == c * (x + s) ** k`` at every x, for one of a few simple laws; None."""
    x, v = np.asarray(x, dtype=float), array(values)
    if v is None or v.size != x.size or v.size < 3 or not np.all(np.isfinite(v)) or np.all(v == 0):
        return None
    for k, s in _LAWS:
        base = x + s
        if np.any(base <= 0):
            continue
        f = base ** k
        c = v[0] / f[0]
        if c != 0 and np.allclose(v, c * f, rtol=1e-6, atol=0):
            return k, s, float(c)
    return None


def scale_words(c, scalars):
    """``"1/2 times `learning_rate`"`` when c is a simple multiple of one scalar input, else ``""``."""
    for name, value in scalars.items():
        for factor, words in _SCALES:
            if value and np.isclose(c, factor * value, rtol=1e-6, atol=0):
                return f"{words}the `{name}` you were given"
    return ""
