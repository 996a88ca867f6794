"""``check-cells``: grade code cells sent as JSON on stdin; print a JSON report on stdout.

This is the grader process behind the notebook's ``check()``: it reads ``{"cells": [source, ...],
"functions": [...], "hidden": bool, "timeout": s}`` and answers ``{"score", "max_score", "hidden",
"notes", "tests": [...]}`` (each test the fields of :class:`~autograder.result.CheckResult` that reports
use). Hidden reports carry hints but no inputs or expected numbers.
"""
import json
import sys

from ..load.labels import cell_labels
from ..load.source import strip_ipython
from ..run.runner import Cell, SandboxUnavailable

HELP = "grade code cells given as JSON on stdin (the grader behind the notebook's check())"
#: internal: the notebook's check() runs it, people do not
HIDDEN = True


def add_arguments(parser):
    pass


def run(args):
    from .. import assignment as assignments
    from ..check.expectations import PublicExpectations, ReferenceExpectations
    from ..session import CheckSession

    request = json.load(sys.stdin)
    hidden = bool(request.get("hidden"))
    functions = [str(f) for f in request.get("functions") or ()]
    # the assignment: the one named (the kernel knows it), else the one whose contract holds these functions
    assignment = assignments.load(request["assignment"]) if request.get("assignment") else \
        assignments.for_functions(functions) if functions else assignments.default()
    try:
        expectations = ReferenceExpectations(assignment=assignment) if hidden else \
            PublicExpectations(assignment.public_data_path, assignment=assignment)
    except LookupError:  # a student copy asked for the hidden checks: there is no reference to compare with
        points = assignment.points
        json.dump({"score": 0.0, "max_score": sum(points[f] for f in functions or points),
                   "hidden": hidden, "tests": [],
                   "notes": ["The hidden checks run only where the instructor's solutions/ is installed; "
                             "no hidden score was computed here. Run the public checks with check(...)."]},
                  sys.stdout)
        return 0
    sources = [str(source) for source in request["cells"]]
    # the kernel's history: a cell run twice is one cell, so no "second cell that starts with"
    labels = cell_labels(sources, unique=False)
    cells = [Cell(label, strip_ipython(source)) for label, source in zip(labels, sources)]
    session = CheckSession(cells, expectations, timeout=float(request.get("timeout", 10.0)))
    try:
        result = session.run_all(request.get("functions") or None)
        notes = session.notes
    except SandboxUnavailable as error:
        result, notes = session.result, [f"Not graded: {error}"]
    finally:
        session.close()
    json.dump({
        "score": result.score, "max_score": result.max_score, "hidden": hidden, "notes": notes,
        "isolation": result.isolation_text,
        "tests": [t.to_dict() for t in result.tests],
    }, sys.stdout)
    return 0
