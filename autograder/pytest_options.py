"""The students' pytest options, registered before pytest looks at the command line's paths.

pytest decides its root folder from the arguments that look like paths before it loads any ``conftest.py``,
so ``pytest --submission /abs/path.ipynb`` (the value as a separate word) made it take ``/abs`` for the
project and then reject ``--submission`` as unknown. Installed as a ``pytest11`` entry point (this project's
and the student release's ``pyproject.toml``), this module makes the option known early; it only adds
options, so it costs nothing to other pytest runs. Without the entry point (a release used without
``pip install``), :mod:`autograder.student` registers the same options and ``--submission=PATH`` works.
"""
import os

GROUP = "gradient descent checks"


def add_options(parser):
    """Add the options once, whichever of the entry point and the conftest's plugin comes first."""
    group = parser.getgroup(GROUP)
    if any("--submission" in option.names() for option in group.options):
        return
    group.addoption("--submission", default=os.environ.get("GD_SUBMISSION"), metavar="PATH",
                    help="notebook or .py file to check (default: the assignment's notebook in the test folder)")
    group.addoption("--check-timeout", type=float, default=10.0, metavar="S",
                    help="seconds allowed per check (default 10)")
    group.addoption("--results-dir", default=None, metavar="DIR",
                    help="also write the feedback reports into DIR (results.json, report.md, report.html, ...)")


def pytest_addoption(parser):
    add_options(parser)
