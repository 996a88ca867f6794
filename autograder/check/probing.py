"""Run probes (an assignment's ``grading/probes.py``) on the student's functions in their sandbox.

Only when a check has failed: a passing submission never pays for them. Replies are kept per sandbox, each
probe has a short time limit, and a probe that hangs or kills the worker ends probing for that submission.
"""
from __future__ import annotations

import weakref

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
