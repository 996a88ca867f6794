"""Turn a sandbox reply into a scored :class:`~autograder.result.CheckResult` with a hint.

The hint is the most specific explanation available, in this order: the code did not run (not implemented,
missing, wrong signature, exception, time-out, crash); the numbers match a declared mistake; the evidence
gathered by :mod:`autograder.check.diagnose` (which parts are wrong, a recognizable factor, probes of the
function, a gradient check); the scenario's own advice.
"""
from __future__ import annotations

import numpy as np

from ..result import CheckResult
from ..run import codec
from .compare import compare
from .diagnose import diagnose


def error_message(scenario, reply, timeout=None, assignment=None):
    """One or two sentences for a check whose code did not run to the end (``assignment`` gives the
    signature a missing function must have)."""
    kind, function, message = reply["kind"], reply.get("function"), reply.get("message", "")
    own = function in (None, scenario.function)
    name = function or scenario.function
    if kind == "not_implemented":
        if own:
            return f"Not implemented yet: `{name}` still raises NotImplementedError."
        return f"Not implemented yet: this check runs your `{name}`, which still raises NotImplementedError."
    if kind == "missing":
        signature = (f"the signature `{assignment.signature_text(name)}`"
                     if assignment is not None and name in assignment.functions else "the notebook's signature")
        return (f"`{name}` is not defined. Define it with {signature} "
                "(check the spelling, and that its cell has no error).")
    if kind == "contract":
        return message
    if kind == "exception":
        return f"Your code raised {message}."
    if kind == "timeout":
        limit = f"{timeout:g} s" if timeout else "the time limit"
        return (f"Stopped after {limit}: the code never finished. Look for an endless loop (a `while` whose "
                "condition never changes, or a loop over a list you keep appending to).")
    if kind == "exit":
        return "Your code called exit() or sys.exit(); a function should return its result instead."
    if kind == "protocol":
        return ("The sandbox sent back something that is not a reply of the grader's protocol (too large, or "
                "forged); this check scores 0.")
    return ("Your code ended the Python process (os._exit, a crash in a C extension, or running out of "
            "memory) while this check ran.")


def evaluate(scenario, expectations, reply, timeout=None, previous=(), probe=None):
    """Score one check. ``expectations.hidden`` decides whether the message may show expected numbers.

    ``previous`` are the submission's results so far. Only mistakes of the checked function and of used
    functions whose own checks failed may explain a failure, so coarse outputs (a "diverged" flag) are not
    blamed on code that works; a mistake already found by a used function's own checks is tried first.
    ``probe(function, args)`` runs one of the student's functions in their sandbox, for the diagnosis.
    """
    result = CheckResult(scenario.name, scenario.function, 0.0, scenario.points, hidden=expectations.hidden,
                         uses=tuple(scenario.uses))
    if not reply["ok"]:
        result.output = error_message(scenario, reply, timeout, expectations.assignment)
        result.failure = reply["kind"]
        return result
    got = {name: codec.from_plain(value) for name, value in reply["outputs"].items()}
    result.got = got
    mismatch = compare(expectations.expected(scenario), got, scenario.compare, scenario.rtol, scenario.atol)
    if mismatch is None:
        result.score = scenario.points
        return result
    result.failure = "values"
    hint, result.mistake, result.diagnosis = _hint(scenario, expectations, got, mismatch, previous, probe)
    result.output = f"{hint}\n{mismatch.summary if expectations.hidden else mismatch.detail}"
    return result


def _candidates(scenario, expectations, previous):
    failing = failing_functions(previous)
    diagnosed = {r.mistake for r in previous if r.mistake and r.mistake_function == r.function}
    used_failing = any(f in failing for f in scenario.uses if f != scenario.function)

    def rank(item):
        mistake = item[0]
        if f"{mistake.function}.{mistake.name}" in diagnosed and mistake.function != scenario.function:
            return 0
        own = mistake.function == scenario.function
        return 1 if own != used_failing else 2

    allowed = [item for item in expectations.mistakes(scenario)
               if item[0].function == scenario.function or item[0].function in failing]
    return sorted(allowed, key=rank)


def _hint(scenario, expectations, got, mismatch, previous, probe=None):
    """The advice for a mismatch, the key of the declared mistake it matched ("" if none) and the
    :class:`~autograder.check.diagnose.Diagnosis` behind it (None if a mistake matched or nothing was found)."""
    if mismatch.kind == "modified":
        return scenario.hint, "", None
    expected = expectations.expected(scenario)
    for mistake, outputs in _candidates(scenario, expectations, previous):
        key = f"{mistake.function}.{mistake.name}"
        if _reproduces(scenario, outputs, expected, got, expectations.assignment) and not _contradicted(key, expectations, previous):
            if mistake.function == scenario.function:
                return mistake.hint, key, None
            return f"This check runs your `{mistake.function}`: {mistake.hint}", key, None
    try:
        diagnosis = diagnose(scenario, {k: codec.from_plain(v) for k, v in expectations.inputs(scenario).items()},
                             expected, got, probe=probe, probe_expected=expectations.probe_expected,
                             failing=failing_functions(previous), hidden=expectations.hidden,
                             assignment=expectations.assignment)
    except Exception:  # noqa: BLE001 - a diagnosis is a bonus: the check is still scored and hinted
        diagnosis = None
    if diagnosis is None:
        return scenario.hint, "", None
    return (diagnosis.text if diagnosis.specific else f"{diagnosis.text} {scenario.hint}"), "", diagnosis


def _contradicted(key, expectations, previous):
    """Whether an earlier value check shows the student did not make the declared mistake ``key``.

    Outputs a check compares may agree with a mistake by coincidence (a run that records only the params
    cannot tell a correct accumulator from a replaced one). Every earlier check that ran the same code holds
    more evidence: where the mistake would have given other numbers than the student's, it is not theirs.
    """
    function = key.partition(".")[0]
    by_name = expectations.assignment.scenario_by_name
    for earlier in previous:
        scenario = by_name.get(earlier.name)
        if scenario is None or scenario.is_property or earlier.got is None:
            continue
        if function != scenario.function and function not in scenario.uses:
            continue
        expected = expectations.expected(scenario)
        outputs = next((o for m, o in expectations.mistakes(scenario) if f"{m.function}.{m.name}" == key), None)
        student_right = compare(expected, earlier.got, scenario.compare, scenario.rtol, scenario.atol) is None
        if outputs is None:
            continue  # the mistake passes this check (or cannot run on it): no evidence either way
        if student_right or compare(outputs, earlier.got, scenario.compare, scenario.rtol, scenario.atol) is not None:
            return True
    return False


def _reproduces(scenario, outputs, expected, got, assignment=None):
    """The student's numbers equal a mistake's, and that mistake shows in numbers, not only in pass/fail flags
    or in values that both runs have lost to inf/nan (any two diverging runs agree on those)."""
    if compare(outputs, got, scenario.compare, scenario.rtol, scenario.atol) is not None:
        return False
    assignment = assignment or _default_assignment()
    for name in scenario.compare:
        if name == "modified_inputs" or assignment.output(name).flag or outputs.get(name) is None:
            continue
        e, m = np.asarray(expected.get(name), dtype=float), np.asarray(outputs[name], dtype=float)
        if e.size != m.size:
            return True
        m = m.reshape(e.shape) if e.shape != m.shape else m
        finite = np.isfinite(e) & np.isfinite(m)
        if not np.isclose(m[finite], e[finite], rtol=scenario.rtol, atol=scenario.atol).all():
            return True
        if (np.isfinite(e) != np.isfinite(m)).any() and finite.any():
            return True
    return False


def point_at_causes(result, scenario, failing, previous=(), assignment=None):
    """Add to a failed check whose code ran a note naming the functions it uses that fail their own checks,
    unless its hint already blames one of them.

    An input changed in place by a used function that fails its own unchanged-input check is that function's
    doing: the hint is replaced so the composite is not blamed for it.
    """
    causes = [f for f in scenario.uses if f in failing and f != scenario.function]
    blamed_other = bool(result.mistake) and result.mistake_function != scenario.function
    if result.status != "failed" or not causes or blamed_other:
        return result
    assignment = assignment or _default_assignment()
    in_place = [f for f in causes if any(r.function == f and r.status == "failed" and not r.withheld
                                         and getattr(assignment.scenario_by_name.get(r.name), "is_property", False) for r in previous)]
    if scenario.is_property and in_place:
        named = ", ".join(f"`{f}`" for f in in_place)
        result.output = (f"This check runs your {named}, which changes its argument in place (see its own check); "
                         f"`{scenario.function}` hands it the caller's array. Fix {named} first.")
        return result
    named = ", ".join(f"`{f}`" for f in causes)
    result.output += f"\nThis check also runs your {named}, whose own checks fail: fix those first."
    return result


def _default_assignment():
    from ..assignment import default

    return default()


def failing_functions(results):
    return {r.function for r in results if r.status == "failed"}
