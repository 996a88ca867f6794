"""Grade one submission's code against chosen checks, with error carried forward.

Shared by the batch pipeline (:mod:`autograder.grade`), the student's ``pytest`` (public expected values) and
the notebook's ``check()`` cells (public or hidden). Starting the worker early lets it import numpy while
pytest is still collecting tests.

Error carried forward
---------------------
A mistake costs points once, on the function that contains it. A check of a composite (a training loop, a run of
an optimizer's step, ...) that fails while a function it calls fails its own checks is run
again in a fresh worker where those functions are stand-ins answered by the reference in this process
(:meth:`~autograder.run.runner.Sandbox.run_with_upstream`). If the composite is right then, it keeps its
points and the report says where the difference came from; if not, the mistake is its own and the hint is
found on the rerun, where nothing upstream blurs it. Expectations without reference code (the students'
public data, the CI secret's bundle) cannot do this: the check then points at the failing function.
Whether a used function fails is always known, even under ``pytest -k`` or a notebook cell that checks one
function: its checks run first as silent prerequisites.
"""
from __future__ import annotations

import threading

from .check.probing import sandbox_probe
from .check.evaluate import evaluate, failing_functions, point_at_causes
from .result import CheckResult, SubmissionResult
from .run.runner import Launcher, Sandbox


def _names(functions):
    return ", ".join(f"`{f}`" for f in functions)


def prerequisites(scenario, scenarios):
    """Checks (of ``scenarios``, the assignment's) whose outcome this one's scoring depends on, declared before
    it: all checks of the functions it calls, and for a property check (an unchanged input) the value checks of
    its own function."""
    needed = set(scenario.uses) - {scenario.function}
    scenarios = list(scenarios)
    before = scenarios[:scenarios.index(scenario)]
    return [s for s in before
            if s.function in needed or (scenario.is_property and s.function == scenario.function and not s.is_property)]


class Grading:
    """The checks of one loaded submission, run one at a time in any order.

    ``results`` are the checks asked for, in the order asked; ``context`` holds prerequisite checks run
    only to know which functions fail (they score nothing here).
    """

    def __init__(self, sandbox, expectations, timeout, results=None):
        self.sandbox, self.expectations, self.timeout = sandbox, expectations, timeout
        self.results = [] if results is None else results
        self.context = []
        #: runs the student's own functions on probe inputs for the diagnosis of a failed check
        self.probe = sandbox_probe(sandbox)

    def _known(self, scenario):
        for result in self.results + self.context:
            if result.name == scenario.name:
                return result
        return None

    def run(self, scenario):
        """Score ``scenario`` (running its prerequisites first where needed) and append it to ``results``."""
        known = self._known(scenario)
        if known is not None and known in self.context:
            self.context.remove(known)
            self.results.append(known)
            return known
        if known is not None:
            return known
        result = self._score(scenario)
        self.results.append(result)
        return result

    def _ensure(self, scenario):
        for needed in prerequisites(scenario, self.expectations.assignment.scenarios):
            if self._known(needed) is None:
                self.context.append(self._score(needed))

    def _score(self, scenario):
        self._ensure(scenario)
        earlier = self.results + self.context
        failing = failing_functions(earlier)
        inputs = self.expectations.inputs(scenario)
        reply = self.sandbox.run(scenario.driver, inputs)
        result = evaluate(scenario, self.expectations, reply, self.timeout, earlier, probe=self.probe)
        ran_right = result.status == "passed"
        if scenario.is_property and ran_right:
            result = _gate_property(scenario, result, earlier)
        upstream = [f for f in scenario.uses if f != scenario.function and f in failing]
        if not ran_right and upstream and self.expectations.carries_forward and not _absent(scenario, reply):
            result = self._carry_forward(scenario, inputs, upstream, result)
            if scenario.is_property and result.status == "passed":
                result = _gate_property(scenario, result, earlier)
        elif reply["ok"]:  # code that did not run (not implemented, missing, crashed) has its own message
            point_at_causes(result, scenario, failing, earlier, self.expectations.assignment)
        return result

    def _carry_forward(self, scenario, inputs, upstream, failed):
        """Run the check again with correct versions of the failing ``upstream`` functions."""
        answer = self.expectations.upstream_answer(upstream)
        rerun = self.sandbox.run_with_upstream(scenario.driver, inputs, upstream, answer)
        # no probes here: they would run in the main worker, where the failing upstream functions are the
        # student's and would blur the evidence about this one
        again = evaluate(scenario, self.expectations, rerun, self.timeout)
        if again.status == "passed":
            verb = "fails" if len(upstream) == 1 else "fail"
            again.output = (f"`{scenario.function}` is right for correct versions of {_names(upstream)}: run with "
                            f"them it gives the expected numbers, so it keeps its points. With yours it does "
                            f"not, because {_names(upstream)} {verb} {'its' if len(upstream) == 1 else 'their'} "
                            f"own checks: fix {'that one' if len(upstream) == 1 else 'those'} first.")
            again.carried_forward = tuple(upstream)
            return again
        if not rerun["ok"]:
            # the code did not run to the end: its own message says why, and the first one is kept when the
            # rerun could not finish at all
            return failed if rerun.get("kind") in ("timeout", "crashed") else again
        again.output = (f"Even with correct versions of {_names(upstream)} this check fails, so the mistake is in "
                        f"`{scenario.function}` itself: {again.output}")
        return again


def _absent(scenario, reply):
    """The checked function itself is missing or not written yet: correct upstream functions cannot help."""
    return not reply["ok"] and reply["kind"] in ("missing", "not_implemented") and \
        reply.get("function") in (None, scenario.function)


def _gate_property(scenario, result, earlier):
    """A property (inputs left unchanged) is worth points only on a function that computes the right numbers."""
    value_failed = [r for r in earlier if r.function == scenario.function and r.status == "failed"]
    if not value_failed:
        return result
    return CheckResult(result.name, result.function, 0.0, result.max_score,
                       f"Not scored yet: `{scenario.function}` leaves its inputs unchanged, but this point counts "
                       f"only once its value checks pass ({len(value_failed)} failing).",
                       hidden=result.hidden, withheld=True)


class CheckSession:
    """A loaded submission plus an expectation source; :meth:`run` grades one scenario at a time."""

    def __init__(self, cells, expectations, name="submission", path="", timeout=10.0, load_timeout=30.0,
                 notes=()):
        self.expectations, self.timeout = expectations, timeout
        self.result = SubmissionResult(name, str(path), notes=list(notes), assignment=expectations.assignment.name)
        self._launcher = Launcher(fork=False)
        self._grading = None
        self._error = None
        self._thread = threading.Thread(target=self._start, args=(cells, load_timeout), daemon=True)
        self._thread.start()

    def _start(self, cells, load_timeout):
        try:
            sandbox = Sandbox(self._launcher, cells, timeout=self.timeout, load_timeout=load_timeout,
                              assignment=self.expectations.assignment)
            self._grading = Grading(sandbox, self.expectations, self.timeout, self.result.tests)
            self.result.isolation = sandbox.isolation
        except Exception as error:  # noqa: BLE001 - reported on the first check
            self._error = error

    def grading(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._grading

    def sandbox(self):
        return self.grading().sandbox

    @property
    def notes(self):
        return self.result.notes + self.sandbox().problems

    def run(self, scenario):
        grading = self.grading()
        try:
            return grading.run(scenario)
        finally:
            self.result.isolation = grading.sandbox.isolation  # a restarted worker may differ

    def run_all(self, functions=None):
        for scenario in self.expectations.assignment.scenarios_for(functions):
            self.run(scenario)
        return self.result

    def close(self):
        if self._grading is not None:
            self._grading.sandbox.close()
        self._launcher.close()
