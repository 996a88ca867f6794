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
    return ("Your code ended the Python process (os._exit, a crash in a C extension, or running out of "
            "memory) while this check ran.")


def evaluate(scenario, expectations, reply, timeout=None, failing=frozenset()):
    """Score one check. ``expectations.hidden`` decides whether the message may show expected numbers.

    ``failing`` names functions whose own checks already failed: only their mistakes (and those of the
    checked function) may explain a failure, so coarse outputs are not blamed on code that works.
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
    hint = _hint(scenario, expectations, got, mismatch, failing)
    result.output = f"{hint}\n{mismatch.summary if expectations.hidden else mismatch.detail}"
    return result


def _hint(scenario, expectations, got, mismatch, failing):
    if mismatch.kind == "modified":
        return scenario.hint
    for mistake, outputs in expectations.mistakes(scenario):
        if mistake.function != scenario.function and mistake.function not in failing:
            continue
        if compare(outputs, got, scenario.compare, scenario.rtol, scenario.atol) is None:
            if mistake.function == scenario.function:
                return mistake.hint
            return f"This check runs your `{mistake.function}`: {mistake.hint}"
    return relation(mismatch, scenario.rtol) or scenario.hint


def point_at_causes(result, scenario, failing):
    """Add to a failed check that runs other functions a note naming those in ``failing`` (own checks fail)."""
    causes = [f for f in scenario.uses if f in failing and f != scenario.function]
    did_not_run = result.output.startswith(("Not implemented yet", "`"))
    if result.status == "failed" and causes and not did_not_run and "This check runs your" not in result.output:
        named = ", ".join(f"`{f}`" for f in causes)
        result.output += f"\nThis check also runs your {named}, whose own checks fail: fix those first."
    return result


def failing_functions(results):
    return {r.function for r in results if r.status == "failed"}
