"""The student's ``pytest``: public checks against the notebook, with hints instead of tracebacks.

Used by ``assignments/gradient_descent/conftest.py``. The notebook is read as JSON, its code runs in a
separate process, and expected values come from the shipped data file, never from reference code.
Options: ``--submission PATH`` (or ``GD_SUBMISSION``) grades another notebook or ``.py`` file;
``--results-dir DIR`` also writes the feedback reports there (results.json, report.md, report.html,
junit.xml, annotations.txt and the training-runs plot), as the CI workflow does.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from .check.expectations import PublicExpectations
from .check.scenarios import POINTS, SCENARIOS
from .load import LoadError, load_cells
from .paths import NOTEBOOK_NAME, PUBLIC_DATA_NAME
from .pytest_options import add_options
from .session import CheckSession

_SESSION_KEY = pytest.StashKey()
_WRITTEN_KEY = pytest.StashKey()


def pytest_addoption(parser):
    add_options(parser)  # unless the installed entry point (autograder.pytest_options) did already


def assignment_folder(config):
    """The folder of the assignment's pytest.ini; without one (pytest took a path given as an option's value
    for the project), the folder pytest runs in."""
    return Path(str(config.inipath)).parent if config.inipath else Path(str(config.invocation_params.dir))


def pytest_configure(config):
    folder = assignment_folder(config)
    submission = Path(config.getoption("submission") or folder / NOTEBOOK_NAME)
    expectations = PublicExpectations(folder / PUBLIC_DATA_NAME)
    notes = []
    try:
        cells = load_cells(submission)
    except LoadError as error:
        cells, notes = [], [str(error)]
    config.stash[_SESSION_KEY] = CheckSession(cells, expectations, submission.stem, submission,
                                              timeout=config.getoption("check_timeout"), notes=notes)


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
        notes, curves = check_session.notes, collect(check_session.sandbox())
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
            pytest.fail(f"{result.name}  [0/{result.max_score:g} points]\n{result.output}", pytrace=False)

    return run


def check_ids():
    return [s.name for s in SCENARIOS]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    session = config.stash.get(_SESSION_KEY, None)
    if session is None or not session.result.tests:
        return
    write = terminalreporter.write_line
    terminalreporter.section("points")
    for note in session.notes:
        write(f"note: {note}")
    table = session.result.by_function()
    for function, (score, max_score, failed) in table.items():
        status = "ok" if not failed else ("not implemented yet" if all(
            t.output.startswith("Not implemented") for t in failed) else f"{len(failed)} failing")
        write(f"  {function:<24}{score:>5g} / {max_score:<4g} {status}")
    checked = sum(max_score for _, max_score, _ in table.values())
    total = sum(POINTS.values())
    suffix = "" if checked == total else f" (of the {checked:g} points checked in this run; {total:g} in all)"
    write(f"Public checks: {session.result.score:g} / {checked:g} points{suffix}")
    write(session.result.isolation_text)
    write("Grading uses the same checks with other inputs: make the public ones pass for the right reasons.")
    written = config.stash.get(_WRITTEN_KEY, None)
    if written:
        write(f"Feedback reports written to {written[0].parent}/ ({', '.join(p.name for p in written)})")
