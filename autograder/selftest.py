"""Does an assignment hold together? The checks every assignment's own test runs (``new-assignment`` writes one).

An instructor who writes or changes an assignment wants to know at once that its pieces agree: the contract
covers every checked function, the reference passes every check, each declared mistake has a wrong
implementation that the checks catch on its own function, and the public data is current. Each problem is
one sentence; an empty list means the assignment is ready.
"""
from __future__ import annotations

import inspect
import shutil
import tempfile
from pathlib import Path

from . import assignment as assignments


def problems(where, grade_mistakes=True):
    """Sentences describing what does not fit in the assignment at ``where`` (a name or a folder)."""
    from .check.expectations import ReferenceExpectations, public_data_is_current

    assignment = assignments.load(where)
    found = []
    for scenario in assignment.scenarios:
        for function in (scenario.function, *scenario.uses):
            if function not in assignment.functions:
                found.append(f"check {scenario.name!r} uses {function!r}, which the contract does not declare")
        if scenario.points <= 0:
            found.append(f"check {scenario.name!r} is worth no points")
    try:
        solution = assignments.load_solutions(assignment)
    except LookupError as error:
        return found + [str(error)]
    for function in assignment.functions:
        if not callable(getattr(solution.reference, function, None)):
            found.append(f"the reference defines no {function}()")
    declared = {(m.function, m.name) for m in assignment.mistakes}
    implemented = set(solution.mistakes.IMPLEMENTATIONS)
    for key in sorted(declared - implemented):
        found.append(f"mistake {key} is declared but has no wrong implementation in mistakes.py")
    for key in sorted(implemented - declared):
        found.append(f"mistake {key} is implemented but not declared in grading/mistakes.py")
    if found:
        return found
    expectations = ReferenceExpectations(assignment=assignment)
    reference = _grade_source(inspect.getsource(solution.reference), expectations)
    for test in reference.tests:
        if test.status != "passed":
            found.append(f"the reference fails its own check {test.name!r}: {test.output.splitlines()[0]}")
    if grade_mistakes:
        for function, name in sorted(declared & implemented):
            if not any(s.function == function for s in assignment.scenarios):
                continue
            if not any(_mistake_caught(s, expectations, function, name) for s in assignment.scenarios_for([function])):
                found.append(f"no check of {function} catches the declared mistake {name!r}")
    if not public_data_is_current(assignment.public_data_path, assignment):
        found.append(f"{assignment.public_data_path} is not current: run `python -m autograder expected "
                     f"--assignment {assignment.name}`")
    return found


def _mistake_caught(scenario, expectations, function, name):
    return f"{function}.{name}" in {f"{m.function}.{m.name}" for m, _ in expectations.mistakes(scenario)}


def _grade_source(source, expectations):
    """Grade ``source`` (a copy of it: the grader refuses its own files as submissions) in the sandbox."""
    from .grade import Options, grade
    from .load import find_submissions

    folder = Path(tempfile.mkdtemp(prefix="selftest-"))
    try:
        path = folder / "reference_copy.py"
        path.write_text(source, encoding="utf-8")
        return grade(find_submissions([path]), expectations, Options())[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
