"""Grade one submission's code against chosen checks, in a sandbox started in the background.

Shared by the student's ``pytest`` (public expected values) and the notebook's ``check()`` cells (public
or hidden). Starting the worker early lets it import numpy while pytest is still collecting tests.
"""
from __future__ import annotations

import threading

from .check.evaluate import evaluate, failing_functions, point_at_causes
from .check.scenarios import scenarios_for
from .result import SubmissionResult
from .run.runner import Launcher, Sandbox


def run_check(sandbox, scenario, expectations, timeout, results):
    """Run one scenario in ``sandbox``, score and explain it given the earlier ``results``, append it.

    Checks run in declaration order and a check only uses functions declared before it, so the functions
    failing so far are all those its note may point at.
    """
    reply = sandbox.run(scenario.driver, expectations.inputs(scenario))
    failing = failing_functions(results)
    result = evaluate(scenario, expectations, reply, timeout, results)
    if reply["ok"]:  # code that did not run (not implemented, missing, crashed) has its own message
        point_at_causes(result, scenario, failing)
    results.append(result)
    return result


class CheckSession:
    """A loaded submission plus an expectation source; :meth:`run` grades one scenario at a time."""

    def __init__(self, cells, expectations, name="submission", path="", timeout=10.0, load_timeout=30.0,
                 notes=()):
        self.expectations, self.timeout = expectations, timeout
        self.result = SubmissionResult(name, str(path), notes=list(notes))
        self._launcher = Launcher(fork=False)
        self._sandbox = None
        self._error = None
        self._thread = threading.Thread(target=self._start, args=(cells, load_timeout), daemon=True)
        self._thread.start()

    def _start(self, cells, load_timeout):
        try:
            self._sandbox = Sandbox(self._launcher, cells, timeout=self.timeout, load_timeout=load_timeout)
            self.result.isolation = self._sandbox.isolation
        except Exception as error:  # noqa: BLE001 - reported on the first check
            self._error = error

    def sandbox(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._sandbox

    @property
    def notes(self):
        sandbox = self.sandbox()
        return self.result.notes + sandbox.problems

    def run(self, scenario):
        sandbox = self.sandbox()
        try:
            return run_check(sandbox, scenario, self.expectations, self.timeout, self.result.tests)
        finally:
            self.result.isolation = sandbox.isolation  # a restarted worker may be confined differently

    def run_all(self, functions=None):
        for scenario in scenarios_for(functions):
            self.run(scenario)
        return self.result

    def close(self):
        if self._sandbox is not None:
            self._sandbox.close()
        self._launcher.close()
