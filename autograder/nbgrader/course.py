"""Build an nbgrader course directory from the student notebook and ``solutions/``: one source of truth.

Each assignment's student notebook (``assignments/<name>/<name>.ipynb``) is what students get. The
nbgrader *source* notebook is derived from it, never edited by hand:

* each answer cell's stub (``# YOUR CODE HERE`` / ``raise NotImplementedError()``) becomes the body of the
  reference function from ``solutions/``, between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, which
  ``nbgrader generate_assignment`` turns back into the same stub;
* each test cell keeps its public ``check(...)`` line and gets the same call with ``hidden=True`` between
  ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``; that call is the cell's last expression, so its
  score (from the same scenario declarations, other seeded inputs, reference expected values) is nbgrader's
  partial credit for the cell.

So ``generate_assignment`` gives back the student notebook's code cells exactly (a test proves it).
"""
from __future__ import annotations

import ast
import copy
import inspect
import json
import shutil
import textwrap
from pathlib import Path

from .. import assignment as assignments
from ..assignment import PUBLIC_DATA_NAME
from . import COURSE_ID

#: the stub nbgrader's ClearSolutions writes for a Python solution region (its default ``code_stub``)
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"

#: seconds one check may take in the grader (``check(..., timeout=...)``'s default)
CHECK_TIMEOUT = 10.0
#: seconds a student's own cell may run under nbgrader before it is interrupted
STUDENT_CELL_TIMEOUT = 30
#: extra seconds a test cell gets on top of its checks' worst case (starting the grader, loading the code)
TEST_CELL_MARGIN = 30
#: files next to the notebook that the release needs (the public checks' expected values)
DATA_FILES = (PUBLIC_DATA_NAME,)


class CourseError(Exception):
    """The student notebook and solutions/ do not fit together (a renamed stub, a changed signature ...)."""


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _set_source(cell, text):
    cell["source"] = text.splitlines(True)


def _nbgrader(cell):
    return (cell.get("metadata") or {}).get("nbgrader") or {}


def is_answer_cell(cell):
    meta = _nbgrader(cell)
    return cell.get("cell_type") == "code" and meta.get("solution") is True and meta.get("grade") is False


def is_test_cell(cell):
    meta = _nbgrader(cell)
    return cell.get("cell_type") == "code" and meta.get("grade") is True and meta.get("solution") is False


def checked_functions(source):
    """The function names of the ``check("f", "g")`` call(s) in a test cell's source, in order."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check":
            names += [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
    return list(dict.fromkeys(names))


def _function_node(source, name):
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise CourseError(f"no `def {name}` found")


def solution_body(function):
    """The body of a reference function without its docstring, dedented to column 0."""
    source = textwrap.dedent(inspect.getsource(function))
    node = _function_node(source, function.__name__)
    body = node.body
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        start = first.end_lineno  # the line after the docstring (comments before the first statement stay)
        if len(body) == 1:
            raise CourseError(f"the reference `{function.__name__}` has only a docstring")
    else:
        start = node.body[0].lineno - 1
        while start > node.lineno and source.splitlines()[start - 1].strip().startswith("#"):
            start -= 1
    lines = source.splitlines()[start:node.end_lineno]
    return textwrap.dedent("\n".join(lines)).strip("\n")


def fill_answer(stub_source, name, reference):
    """An answer cell's source with the stub replaced by the reference body inside a solution region."""
    try:
        function = getattr(reference, name)
    except AttributeError:
        raise CourseError(f"solutions/ has no `{name}` for the answer cell of that name") from None
    stub_args = ast.dump(_function_node(stub_source, name).args)
    reference_args = ast.dump(_function_node(textwrap.dedent(inspect.getsource(function)), name).args)
    if stub_args != reference_args:
        raise CourseError(f"`{name}`: the notebook's signature differs from the one in solutions/")
    lines = stub_source.split("\n")
    found = [i for i in range(len(lines) - 1)
             if lines[i].strip() == CODE_STUB[0] and lines[i + 1].strip() == CODE_STUB[1]]
    if len(found) != 1:
        raise CourseError(f"the answer cell `{name}` must contain the stub {' / '.join(CODE_STUB)} once")
    at = found[0]
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    body = [indent + line if line.strip() else "" for line in solution_body(function).split("\n")]
    region = [indent + BEGIN_SOLUTION, *body, indent + END_SOLUTION]
    return "\n".join(lines[:at] + region + lines[at + 2:])


def add_hidden_tests(test_source):
    """A test cell's source with ``check(<same functions>, hidden=True)`` appended as hidden tests."""
    functions = checked_functions(test_source)
    if not functions:
        raise CourseError(f"test cell without a check(...) call:\n{test_source}")
    call = "check(" + ", ".join(json.dumps(f) for f in functions) + ", hidden=True)"
    return "\n".join([test_source.rstrip("\n"), BEGIN_HIDDEN, call, END_HIDDEN])


def test_cell_timeout(functions, check_timeout=CHECK_TIMEOUT, assignment=None):
    """Seconds a test cell needs at worst: every check it runs out of time, those of its functions (twice
    when a check calls other functions: error carried forward may rerun it) and their silent prerequisites."""
    from ..session import prerequisites

    assignment = assignment or assignments.for_functions(functions)
    scenarios = assignment.scenarios_for(functions)
    runs = {s.name: 2 if s.uses else 1 for s in scenarios}
    for scenario in scenarios:
        runs.update({p.name: runs.get(p.name, 1) for p in prerequisites(scenario, assignment.scenarios)})
    return int(sum(runs.values()) * check_timeout + TEST_CELL_MARGIN)


def source_notebook(student_notebook=None, reference=None, assignment=None):
    """The nbgrader source notebook (a dict) made from an assignment's student notebook and its reference."""
    assignment = assignments.load(assignment) if assignment is not None else assignments.default()
    if reference is None:
        reference = assignments.load_solutions(assignment).reference  # instructor-only, loaded where needed
    if student_notebook is None:
        student_notebook = json.loads(assignment.notebook_path.read_text(encoding="utf-8"))
    points_of = assignment.points
    notebook = copy.deepcopy(student_notebook)
    covered = []
    for cell in notebook["cells"]:
        meta = _nbgrader(cell)
        if is_answer_cell(cell):
            _set_source(cell, fill_answer(_source(cell), meta["grade_id"], reference))
        elif is_test_cell(cell):
            functions = checked_functions(_source(cell))
            unknown = [f for f in functions if f not in points_of]
            if unknown:
                raise CourseError(f"test cell {meta['grade_id']} checks unknown functions {unknown}")
            points = sum(points_of[f] for f in functions)
            if float(meta.get("points", -1)) != float(points) or meta.get("grade_id") != "test_" + "_".join(functions):
                raise CourseError(f"test cell {meta.get('grade_id')}: expected grade_id test_{'_'.join(functions)} "
                                  f"and {points:g} points (the CLI's), found {meta.get('points')}")
            covered += functions
            _set_source(cell, add_hidden_tests(_source(cell)))
    missing = sorted(set(points_of) - set(covered))
    if missing:
        raise CourseError(f"no test cell checks {missing}")
    return notebook


def test_cell_timeouts(notebook, assignment=None):
    """``{grade_id: seconds}`` for the notebook's test cells."""
    return {_nbgrader(c)["grade_id"]: test_cell_timeout(checked_functions(_source(c)), assignment=assignment)
            for c in notebook["cells"] if is_test_cell(c)}


CONFIG_TEMPLATE = '''\
"""nbgrader configuration of the {course_id} course.

Written by `python -m autograder nbgrader-course`; rerun it with --force after changing the assignment.
"""
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds, Execute,
                                    GetGrades, IgnorePattern, LimitOutput, OverwriteCells, OverwriteKernelspec,
                                    SaveAutoGrades)

from autograder.nbgrader.execution import KERNEL_ARGUMENTS, CellTimeouts
from autograder.nbgrader.export import FlaggedCsvExport
from autograder.nbgrader.feedback import HideHiddenTests
from autograder.nbgrader.scores import FlagSubmission, RestoreHiddenTests, SandboxScores

c = get_config()  # noqa: F821 (provided by nbgrader)

# Set to True to refuse to grade (every check scores 0 with a note saying why) where the kernel cannot
# confine student code fully; `python -m autograder doctor` shows what this machine supports. The kernels and
# the check processes nbgrader starts inherit it.
REQUIRE_SANDBOX = False
if REQUIRE_SANDBOX:
    import os

    os.environ["AUTOGRADER_REQUIRE_SANDBOX"] = "1"

# The kernels confine themselves (see autograder/kernel.py), each with a temporary folder of its own; nbgrader
# kills its kernels, so their folders live in this one, removed when nbgrader exits.
import atexit as _atexit
import os as _os
import shutil as _shutil
import tempfile as _tempfile

_os.environ["AUTOGRADER_KERNEL_TMP"] = _tempfile.mkdtemp(prefix="gd-nbgrader-kernels-")
_atexit.register(_shutil.rmtree, _os.environ["AUTOGRADER_KERNEL_TMP"], True)

c.CourseDirectory.course_id = "{course_id}"

# --- executing notebooks (validate, autograde) ----------------------------------------------------------
# Per-cell time limit in seconds (nbgrader's ExecutePreprocessor): a student's own cell that runs longer
# (an endless loop) is interrupted and the next cells still run.
c.Execute.timeout = {student_timeout}
# Test cells get the worst case of their hidden checks: every check of the cell running out of its
# {check_timeout:g} s, plus {margin} s to start the grader, so a looping function costs only its own checks,
# never the other functions of its cell.
c.Execute.timeout_func = CellTimeouts(default={student_timeout}, test_cells={test_timeouts!r})
# Demo cells (tag "demo") only draw plots and print experiments; they are not run while grading (the CLI
# grader skips them too), so a demo calling a looping function cannot cost points.
c.Execute.skip_cells_with_tag = "demo"
# The kernels load autograder.kernel as an IPython extension: cells the time limit interrupted are not run
# again by the checks, and the public check() of a test cell is skipped (the hidden one decides the score).
c.Execute.extra_arguments = KERNEL_ARGUMENTS
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}

# --- autograde --------------------------------------------------------------------------------------------
# Test cells a student deleted are put back (edited ones are restored from their checksum anyway).
c.OverwriteCells.add_missing_cells = True
# nbgrader's own lists with three additions (autograder/nbgrader/scores.py):
# RestoreHiddenTests gives a test cell left as released its hidden tests back before OverwriteCells compares
# checksums, so only a test cell the student changed logs a checksum warning (and is recorded as edited).
c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, RestoreHiddenTests,
                                      OverwriteCells, CheckCellMetadata]
# SandboxScores grades the notebook's code in the sandbox and makes each test cell's output the sandbox's
# report and score, which SaveAutoGrades records: the student's kernel no longer decides the scores. It
# compares them with the kernel's own; FlagSubmission flags the submission (formgrader, export) for a
# disagreement, an edited or deleted test cell, or a cell that rebinds `check`, with an automatic comment.
c.Autograde.autograde_preprocessors = [Execute, SandboxScores, IgnorePattern, ClearMetadataPreprocessor,
                                       LimitOutput, SaveAutoGrades, FlagSubmission, AssignLatePenalties,
                                       CheckCellMetadata]
c.SandboxScores.check_timeout = {check_timeout!r}
c.SandboxScores.load_timeout = {student_timeout!r}

# --- export -----------------------------------------------------------------------------------------------
# nbgrader's CSV plus the columns `flagged` and `flags` (why autograde flagged the submission).
c.ExportApp.plugin_class = FlaggedCsvExport

# --- feedback ---------------------------------------------------------------------------------------------
# nbgrader shows hidden tests in feedback by default (issue #917). HideHiddenTests is its ClearHiddenTests
# plus: a test cell's error shows only its last line, and no output may quote a hidden test.
c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
'''


def config_text(notebooks):
    """nbgrader_config.py for a course of ``notebooks``: ``{assignment: source notebook}`` (or one notebook of
    the default assignment)."""
    if not isinstance(notebooks, dict) or "cells" in notebooks:
        notebooks = {assignments.default(): notebooks}
    timeouts = {}
    for assignment, notebook in notebooks.items():
        timeouts.update(test_cell_timeouts(notebook, assignments.load(assignment)))
    return CONFIG_TEMPLATE.format(
        course_id=COURSE_ID, student_timeout=STUDENT_CELL_TIMEOUT, check_timeout=CHECK_TIMEOUT,
        margin=TEST_CELL_MARGIN, test_timeouts=timeouts, code_stub="\n".join(CODE_STUB))


def write_course(root, force=False, names=None):
    """Write ``nbgrader_config.py`` and ``source/<assignment>/`` for each of ``names`` (``"all"``: every
    assignment; None: the default one) under ``root``: one nbgrader course; returns the written paths."""
    root = Path(root)
    if names == "all":
        chosen = assignments.all_assignments()
    else:
        chosen = [assignments.load(n) for n in names] if names else [assignments.default()]
    config = root / "nbgrader_config.py"
    existing = [root / "source" / a.name for a in chosen if (root / "source" / a.name).exists()]
    if not force and (config.exists() or existing):
        shown = ", ".join(str(p.relative_to(root)) for p in existing) or "nbgrader_config.py"
        raise FileExistsError(f"{root} already holds a course ({shown})")
    notebooks = {a: source_notebook(assignment=a) for a in chosen}
    written = [config]
    root.mkdir(parents=True, exist_ok=True)
    config.write_text(config_text({a.name: nb for a, nb in notebooks.items()}), encoding="utf-8")
    for assignment, notebook in notebooks.items():
        source_dir = root / "source" / assignment.name
        source_dir.mkdir(parents=True, exist_ok=True)
        (source_dir / assignment.notebook_name).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n",
                                                           encoding="utf-8")
        written.append(source_dir / assignment.notebook_name)
        for name in DATA_FILES:
            shutil.copyfile(assignment.folder / name, source_dir / name)
            written.append(source_dir / name)
    return written
