"""Turn a sandbox reply into a scored :class:`~autograder.result.CheckResult` with a hint.

The hint is the most specific explanation available, in this order: the code did not run (not implemented,
missing, wrong signature, exception, time-out, crash); the numbers match a declared mistake; they relate to
the right ones by a sign, a constant factor or an order; the scenario's own advice.
"""
from __future__ import annotations

from ..result import CheckResult
from ..run import codec, contract
from .compare import compare, relation


def error_message(scenario, reply, timeout=None):
    """One or two sentences for a check whose code did not run to the end."""
    kind, function, message = reply["kind"], reply.get("function"), reply.get("message", "")
    own = function in (None, scenario.function)
    name = function or scenario.function
    if kind == "not_implemented":
        if own:
            return f"Not implemented yet: `{name}` still raises NotImplementedError."
        return f"Not implemented yet: this check runs your `{name}`, which still raises NotImplementedError."
    if kind == "missing":
        return (f"`{name}` is not defined. Define it with the signature `{contract.signature_text(name)}` "
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


def evaluate(scenario, expectations, reply, timeout=None, previous=()):
    """Score one check. ``expectations.hidden`` decides whether the message may show expected numbers.

    ``previous`` are the submission's results so far. Only mistakes of the checked function and of used
    functions whose own checks failed may explain a failure, so coarse outputs (a "diverged" flag) are not
    blamed on code that works; a mistake already found by a used function's own checks is tried first.
    """
    result = CheckResult(scenario.name, scenario.function, 0.0, scenario.points, hidden=expectations.hidden)
    if not reply["ok"]:
        result.output = error_message(scenario, reply, timeout)
        return result
    got = {name: codec.from_plain(value) for name, value in reply["outputs"].items()}
    mismatch = compare(expectations.expected(scenario), got, scenario.compare, scenario.rtol, scenario.atol)
    if mismatch is None:
        result.score = scenario.points
        return result
    hint, result.mistake = _hint(scenario, expectations, got, mismatch, previous)
    result.output = f"{hint}\n{mismatch.summary if expectations.hidden else mismatch.detail}"
    return result


def _candidates(scenario, expectations, previous):
    failing = failing_functions(previous)
    diagnosed = {r.mistake for r in previous if r.mistake.startswith(f"{r.function}.")}
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


def _hint(scenario, expectations, got, mismatch, previous):
    """The advice for a mismatch, and the key of the declared mistake it matched ("" if none)."""
    if mismatch.kind == "modified":
        return scenario.hint, ""
    for mistake, outputs in _candidates(scenario, expectations, previous):
        if compare(outputs, got, scenario.compare, scenario.rtol, scenario.atol) is None:
            key = f"{mistake.function}.{mistake.name}"
            if mistake.function == scenario.function:
                return mistake.hint, key
            return f"This check runs your `{mistake.function}`: {mistake.hint}", key
    return relation(mismatch, scenario.rtol) or scenario.hint, ""


def point_at_causes(result, scenario, failing):
    """Add to a failed check whose code ran a note naming the functions it uses that fail their own checks,
    unless its hint already blames one of them."""
    causes = [f for f in scenario.uses if f in failing and f != scenario.function]
    blamed_other = bool(result.mistake) and not result.mistake.startswith(f"{scenario.function}.")
    if result.status == "failed" and causes and not blamed_other:
        named = ", ".join(f"`{f}`" for f in causes)
        result.output += f"\nThis check also runs your {named}, whose own checks fail: fix those first."
    return result


def failing_functions(results):
    return {r.function for r in results if r.status == "failed"}
