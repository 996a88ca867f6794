"""The pipeline: load -> run isolated -> check -> (report), for one submission or a class in parallel."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .load import LoadError, load_cells
from .result import CheckResult, SubmissionResult
from .run.runner import Launcher, Sandbox
from .session import Grading


@dataclass
class Options:
    """``timeout``: seconds per check; ``load_timeout``: seconds per cell of top-level code."""

    timeout: float = 10.0
    load_timeout: float = 30.0
    jobs: int = 1
    memory_mb: int = 4096
    functions: tuple = None
    #: also run the assignment's plotted runs of the student's code for the reports (in the same sandbox)
    curves: bool = False
    #: refuse to grade unless the kernel confines student code fully (``--require-sandbox``)
    require_sandbox: bool = False


def read_submission(submission):
    """The submission's cells, read into the grader's memory (or the LoadError saying why they cannot be)."""
    try:
        return load_cells(submission.path, root=getattr(submission, "root", None))
    except LoadError as error:
        return error


def grade_submission(submission, expectations, launcher, options, cells=None):
    """Grade one submission; ``cells`` are its code as read beforehand (default: read it now)."""
    assignment = expectations.assignment
    scenarios = assignment.scenarios_for(options.functions)
    result = SubmissionResult(submission.name, str(submission.path), assignment=assignment.name)
    cells = read_submission(submission) if cells is None else cells
    if isinstance(cells, LoadError):
        error = cells
        result.notes.append(str(error))
        result.tests = [CheckResult(s.name, s.function, 0.0, s.points, f"Not graded: {error}", expectations.hidden,
                                    uses=tuple(s.uses), failure="not_graded") for s in scenarios]
        return result
    sandbox = Sandbox(launcher, cells, timeout=options.timeout, load_timeout=options.load_timeout,
                      assignment=assignment)
    grading = Grading(sandbox, expectations, options.timeout, result.tests)
    try:
        for scenario in scenarios:
            grading.run(scenario)
        if options.curves:
            from .check.curves import collect

            result.curves = collect(sandbox, assignment.runs)
    finally:
        sandbox.close()  # the submission's processes are gone before anything is written
    result.isolation = sandbox.isolation
    result.notes.extend(sandbox.problems)
    return result


def grade(submissions, expectations, options=None, on_result=None):
    """Grade submissions, ``options.jobs`` at a time; results come back in the order given.

    Every submission is read into memory before any student code runs, so no submission can change
    another (or itself) before it is graded. With ``options.require_sandbox`` grading stops with
    :class:`~autograder.run.runner.SandboxUnavailable` unless the full isolation level holds.
    """
    options = options or Options()
    cells = [read_submission(s) for s in submissions]
    with Launcher(memory_mb=options.memory_mb, require=options.require_sandbox or None) as launcher:
        def one(item):
            submission, code = item
            start = time.perf_counter()
            result = grade_submission(submission, expectations, launcher, options, code)
            result.execution_time = time.perf_counter() - start
            if on_result is not None:
                on_result(result)
            return result

        items = list(zip(submissions, cells))
        if options.jobs <= 1 or len(submissions) <= 1:
            return [one(item) for item in items]
        with ThreadPoolExecutor(max_workers=options.jobs) as pool:
            return list(pool.map(one, items))
