"""The student's ``pytest``: public checks against the notebook, with hints instead of tracebacks.

Used by each assignment's ``conftest.py``. The notebook is read as JSON, its code runs in a
separate process, and expected values come from the shipped data file, never from reference code.
Options: ``--submission PATH`` (or ``GD_SUBMISSION``) grades another notebook or ``.py`` file;
``--results-dir DIR`` also writes the feedback reports there (results.json, report.md, report.html,
junit.xml, annotations.txt and the training-runs plot), as the CI workflow does.

What a student reads fits one screen: each check stays a test (``-k`` and the exit code work as usual), but
without ``-v`` pytest prints no block per failed check and no line per failure in its short summary; the
terminal summary tells the story per function instead (:mod:`autograder.report.story`): the first failing
check with its hint and numbers, the others by name, one line for a function that fails only because of
another. ``pytest -v`` shows every failed check in full, as pytest does. A notebook that cannot be read
gets its one message and nothing else.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from .check.expectations import PublicExpectations
from .load import LoadError, load_cells
from .assignment import PUBLIC_DATA_NAME
from .pytest_options import add_options
from .report.rows import function_rows
from .session import CheckSession

_SESSION_KEY = pytest.StashKey()
_WRITTEN_KEY = pytest.StashKey()
#: the notebook could not be read (LoadError's message): said once, instead of a failure per check
_UNREADABLE_KEY = pytest.StashKey()
#: node ids of the tests that failed as checks (with a hint); any other failure is shown as pytest shows it
_CHECK_FAILURES_KEY = pytest.StashKey()


def pytest_addoption(parser):
    add_options(parser)  # unless the installed entry point (autograder.pytest_options) did already


def assignment_folder(config):
    """The folder of the assignment's pytest.ini; without one (pytest took a path given as an option's value
    for the project), the folder pytest runs in."""
    return Path(str(config.inipath)).parent if config.inipath else Path(str(config.invocation_params.dir))


def pytest_configure(config):
    folder = assignment_folder(config)
    expectations = PublicExpectations(folder / PUBLIC_DATA_NAME)
    submission = Path(config.getoption("submission") or folder / expectations.assignment.notebook_name)
    notes = []
    try:
        cells = load_cells(submission)
    except LoadError as error:
        cells, notes = [], [str(error)]
        config.stash[_UNREADABLE_KEY] = str(error)
    config.stash[_CHECK_FAILURES_KEY] = set()
    if compact(config):
        config.pluginmanager.register(_QuietSections(), "gradient-descent-quiet-sections")
    config.stash[_SESSION_KEY] = CheckSession(cells, expectations, submission.stem, submission,
                                              timeout=config.getoption("check_timeout"), notes=notes)


def compact(config):
    """Without ``-v`` the feedback is the per-function story of the terminal summary. The assignment's
    pytest.ini has ``-q`` in ``addopts``, so there ``-v`` raises the verbosity from -1 to 0."""
    return config.get_verbosity() <= min(0, _configured_verbosity(config))


def _configured_verbosity(config):
    level = 0
    for arg in config.getini("addopts"):
        if re.fullmatch(r"-q+|-v+", arg):
            level += (len(arg) - 1) * (1 if arg[1] == "v" else -1)
        elif arg in ("--quiet", "--verbose"):
            level += 1 if arg == "--verbose" else -1
    return level


class _QuietSections:
    """Around pytest's own terminal summary: no traceback block per failed test (as ``--tb=no``, unless
    ``--tb`` was given) and no short-summary line per failure (``f`` dropped from ``-r``, also from a
    project's ``-ra``): the summary of this plugin says it once, per function. Only the summary changes:
    the reports keep their full text, and :func:`_other_failures` shows any that is not a check's."""

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter, config):
        tbstyle, reportchars = config.option.tbstyle, terminalreporter.reportchars
        if tbstyle == "auto":
            config.option.tbstyle = "no"
        terminalreporter.reportchars = reportchars.replace("f", "")
        try:
            yield
        finally:
            config.option.tbstyle, terminalreporter.reportchars = tbstyle, reportchars


#: what ``--results-dir`` writes
RESULT_FORMATS = ("gradescope", "markdown", "html", "junit", "annotations")


def pytest_sessionfinish(session, exitstatus):
    """With ``--results-dir``: run the training curves in the same sandbox, then write the reports."""
    config = session.config
    folder = config.getoption("results_dir")
    check_session = config.stash.get(_SESSION_KEY, None)
    if not folder or check_session is None or not check_session.result.tests:
        return
    from . import feedback  # only now: the plain pytest run never imports the reports or matplotlib
    from .check.curves import collect

    try:
        runs = check_session.expectations.assignment.runs
        notes, curves = check_session.notes, collect(check_session.sandbox(), runs)
    except Exception as error:  # noqa: BLE001 - the checks already reported it; the reports still get written
        notes, curves = check_session.result.notes + [f"the training runs could not be plotted: {error}"], []
    result = dataclasses.replace(check_session.result, notes=notes, curves=curves)
    submission = Path(result.path)
    try:
        name = submission.resolve().relative_to(assignment_folder(config).resolve()).as_posix()
    except ValueError:
        name = str(submission)
    config.stash[_WRITTEN_KEY] = feedback.write_submission(result, Path(folder), RESULT_FORMATS, source=submission,
                                                           source_name=name)


def pytest_unconfigure(config):
    session = config.stash.get(_SESSION_KEY, None)
    if session is not None:
        session.close()


@pytest.fixture
def run_check(request):
    """``run_check(scenario)``: grade one scenario; a failure shows the hint, not a traceback."""
    session = request.config.stash[_SESSION_KEY]

    def run(scenario):
        result = session.run(scenario)
        if result.status == "failed":
            request.config.stash[_CHECK_FAILURES_KEY].add(request.node.nodeid)
            pytest.fail(f"{result.name}  [0/{result.max_score:g} points]\n{result.output}", pytrace=False)

    return run


def pytest_generate_tests(metafunc):
    """One test per check of this folder's assignment: ``test_check(scenario, run_check)`` is parametrized
    here, so an assignment's test file names no check and no function."""
    if "scenario" in metafunc.fixturenames:
        session = metafunc.config.stash.get(_SESSION_KEY, None)
        scenarios = session.expectations.assignment.scenarios if session is not None else ()
        metafunc.parametrize("scenario", scenarios, ids=[s.name for s in scenarios])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    session = config.stash.get(_SESSION_KEY, None)
    if session is not None and compact(config):
        _other_failures(terminalreporter, config)
    if session is None or not session.result.tests:
        return
    from .report.story import table_lines, text_lines

    write = terminalreporter.write_line
    unreadable = config.stash.get(_UNREADABLE_KEY, None)
    result = session.result
    if unreadable and compact(config):
        terminalreporter.section("the notebook cannot be read", red=True)
        write(unreadable)
        write(f"Public checks: 0 / {result.max_score:g} points: nothing could be checked.")
        return
    if compact(config):
        told = text_lines(result)
        if told:
            terminalreporter.section("what to fix", red=True)
            for line in told:
                write(line)
    terminalreporter.section("points")
    for note in session.notes:
        write(f"note: {note}")
    for line in table_lines(result):
        write(line)
    checked = result.max_score
    total = sum(session.expectations.assignment.points.values())
    suffix = "" if checked == total else f" (of the {checked:g} points checked in this run; {total:g} in all)"
    # the sandbox's level on the same line: one screen holds a whole single-mistake report
    write(f"Public checks: {result.score:g} / {checked:g} points{suffix}. {result.isolation_text}")
    if any(row.because_of for row in function_rows(result)):
        # the public data holds no reference to rerun with: say what grading will do
        write("Grading uses the same checks with other inputs, and a function that is right for correct versions "
              "of the ones it calls keeps its points.")
    else:
        write("Grading uses the same checks with other inputs: make the public ones pass for the right reasons.")
    table = result.by_function()
    failing = [function for function, (_, _, failed) in table.items() if failed]
    rows = table.values()
    if compact(config) and failing and all(t.failure == "not_implemented" for _, _, f in rows for t in f):
        write(f"Write each function in place of its `raise NotImplementedError()`; `pytest -k {failing[0]}` "
              "checks one function.")
    elif compact(config) and failing:
        write(f"`pytest -v` shows every failed check in full; `pytest -k {failing[0]}` runs the checks of one "
              "function.")
    written = config.stash.get(_WRITTEN_KEY, None)
    if written:
        write(f"Feedback reports written to {written[0].parent}/ ({', '.join(p.name for p in written)})")


def _other_failures(terminalreporter, config):
    """Failures that are not a check's (an error of the grader itself) are shown in full even when the
    checks' are not."""
    ours = config.stash[_CHECK_FAILURES_KEY]
    for report in terminalreporter.stats.get("failed", []) + terminalreporter.stats.get("error", []):
        if report.nodeid not in ours:
            terminalreporter.write_sep("_", report.head_line or report.nodeid, red=True)
            terminalreporter.write_line(report.longreprtext)
