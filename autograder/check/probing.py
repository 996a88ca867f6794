"""Run probes (an assignment's ``grading/probes.py``) on the student's functions in their sandbox.

Only when a check has failed: a passing submission never pays for them. Replies are kept per sandbox, each
probe has a short time limit, and a probe that hangs or kills the worker ends probing for that submission.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from ..run import codec


def run_probes(probes, probe, probe_expected):
    """``[(probe, expected outputs, student outputs or None)]`` for those of ``probes`` (a function's) whose
    expected values are known."""
    results = []
    if probe is None or probe_expected is None:
        return results
    for p in probes:
        expected = probe_expected(p)
        if expected is None:
            continue
        results.append((p, expected, probe(p.function, list(p.args))))
    return results


@dataclass(frozen=True)
class Substitution:
    """A probe's input with two of its arguments exchanged, or one put in place of another.

    Never run on the student's code: its expected value (the reference on the changed input) is what a student
    who mixed up those arguments returns *on the probe itself*, so comparing the student's result on the probe
    with it tests that mix-up from expected values alone (students' machines have no reference).
    """

    of: object  # the Probe whose input is changed
    about: str  # "`t_c` in place of `t_u`", "`mean` and `std` exchanged"
    args: tuple

    @property
    def function(self):
        return self.of.function

    @property
    def key(self):
        return f"{self.of.key} / {self.about}"


def _same_kind(a, b):
    """Two arguments a student could mix up: arrays of one shape, or two plain floats, with different values."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return a.shape == b.shape and a.size >= 2 and not np.array_equal(a, b)
    return type(a) is float and type(b) is float and a != b


def substitutions_of(probe, assignment):
    """The :class:`Substitution` s of a probe's input: every pair of same-kind arguments exchanged, and each put
    in place of the other."""
    names = assignment.functions.get(probe.function, ((), ()))[0]
    args = list(probe.args)
    found = []
    for i in range(len(args)):
        for j in range(i + 1, min(len(args), len(names))):
            if not _same_kind(args[i], args[j]):
                continue
            a, b = f"`{names[i]}`", f"`{names[j]}`"
            for about, change in ((f"{a} and {b} exchanged", {i: args[j], j: args[i]}),
                                  (f"{b} in place of {a}", {i: args[j]}), (f"{a} in place of {b}", {j: args[i]})):
                found.append(Substitution(probe, about, tuple(change.get(k, v) for k, v in enumerate(args))))
    return found


def substitutions(assignment):
    """The substitutions of each function's base probe (the probe without a changed input named "base")."""
    return tuple(s for p in assignment.probes if p.name == "base" and not p.base for s in substitutions_of(p, assignment))


def all_probes(assignment):
    """Every probe and substitution whose expected values the data file holds."""
    return tuple(assignment.probes) + substitutions(assignment)


def substitution_results(function, probe_results, probe_expected, assignment):
    """``[(substitution, its expected outputs, the student's outputs on the probe it changes)]``."""
    if probe_expected is None:
        return []
    got_by_key = {p.key: got for p, _, got in probe_results}
    results = []
    for sub in substitutions(assignment):
        if sub.function != function or got_by_key.get(sub.of.key) is None:
            continue
        expected = probe_expected(sub)
        if expected is not None:
            results.append((sub, expected, got_by_key[sub.of.key]))
    return results


#: sandbox -> {request: reply}: the probes of a function give the same answers for each of its failed checks
_PROBE_CACHE = weakref.WeakKeyDictionary()
#: seconds a probe may take: its inputs are tiny, so only an endless loop takes longer
PROBE_TIMEOUT = 2.0
_GAVE_UP = "gave up"


def sandbox_probe(sandbox):
    """A probe runner for :func:`diagnose` that calls the student's functions in ``sandbox``.

    Replies are kept per sandbox, so a function that fails several checks runs each probe once. A probe that
    hangs or kills the worker ends probing for this submission: hints are not worth more time-outs.
    """
    try:
        cache = _PROBE_CACHE.setdefault(sandbox, {})
    except TypeError:  # an object that cannot be weakly referenced: no cache
        cache = {}

    def probe(function, args):
        if cache.get(_GAVE_UP):
            return None
        inputs = {"function": codec.to_plain(function), "args": {"list": [codec.to_plain(a) for a in args]}}
        key = codec.dumps(inputs)
        if key not in cache:
            limit = getattr(sandbox, "timeout", None)
            if isinstance(limit, (int, float)):
                sandbox.timeout = min(limit, PROBE_TIMEOUT)
            try:
                cache[key] = sandbox.run("call", inputs)
            finally:
                if isinstance(limit, (int, float)):
                    sandbox.timeout = limit
            if cache[key].get("kind") in ("timeout", "crashed"):
                cache[_GAVE_UP] = True
        reply = cache[key]
        if not reply.get("ok"):
            return None
        try:
            return {k: codec.from_plain(v) for k, v in reply["outputs"].items() if k != "modified_inputs"}
        except (KeyError, TypeError, ValueError):
            return None

    return probe
