"""Shared by the release, workflow and Gradescope tests: one student release per test session, a fresh virtual
environment with that release installed the way a student installs it, and notebooks to grade.

The environment is created from this interpreter with ``--system-site-packages``: it sees the base Python's
packages (numpy, pytest) but not this repository's editable install, so neither ``autograder`` from here nor
``solutions`` can be imported in it; ``pip install -e <release>`` then installs the rest (matplotlib) from
the package index, as it would for a student. Timings are kept in :data:`TIMINGS` for the reports.
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gd import POINTS
from notebooks import completed_notebook, student_notebook, write

REPO = Path(__file__).resolve().parents[1]
TIMINGS: dict = {}
#: the points of all checks
TOTAL = sum(POINTS.values())
#: a typical bug: the factor 2 of the gradient is missing (the public checks name it)
BUGGY = {"grad_fn": [("2.0 * ", "")]}


@functools.cache
def scratch():
    folder = Path(tempfile.mkdtemp(prefix="autograder-release-tests-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def clean_env(**extra):
    """An environment without this repository's virtual environment or Python path in it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "AUTOGRADER_ASSIGNMENT")}
    env.update(extra)
    return env


def timed(name, *args, **kwargs):
    start = time.perf_counter()
    process = subprocess.run(*args, **kwargs)
    TIMINGS[name] = round(time.perf_counter() - start, 2)
    return process


def _suffix(assignment):
    return "" if assignment is None else f"-{assignment}"


def release(assignment=None):
    """A release built by the CLI, as an instructor builds it (``assignment``: ``--assignment``, else the
    default one)."""
    return _release(assignment)  # one cache entry whether None is passed or left out


@functools.cache
def _release(assignment):
    out = scratch() / f"release{_suffix(assignment)}"
    chosen = [] if assignment is None else ["--assignment", assignment]
    process = timed(f"release command{_suffix(assignment)}",
                    [sys.executable, "-m", "autograder", "release", str(out), *chosen], cwd=REPO,
                    capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    return out


def student_python(assignment=None):
    """``python`` of a fresh virtual environment where ``pip install -e <release>`` was run (one per
    assignment's release: each ships its own ``autograder`` package)."""
    return _student_python(assignment)


@functools.cache
def _student_python(assignment):
    venv = scratch() / f"venv{_suffix(assignment)}"
    timed("venv", [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
          check=True)
    python = venv / "bin" / "python"
    process = timed(f"pip install -e release{_suffix(assignment)}",
                    [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                     "--disable-pip-version-check", "-e", str(release(assignment))],
                    capture_output=True, text=True, env=clean_env())
    assert process.returncode == 0, process.stdout + process.stderr
    return python


def notebook(kind, assignment=None, buggy=None):
    """Path of a notebook: ``untouched`` (the stubs), ``completed`` (the reference) or ``buggy`` (the
    reference with the edits ``buggy``, default :data:`BUGGY`), of ``assignment`` (default: the first one)."""
    path = scratch() / f"notebooks{_suffix(assignment)}" / f"{kind}.ipynb"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        content = {"untouched": lambda: student_notebook(assignment),
                   "completed": lambda: completed_notebook(assignment=assignment),
                   "buggy": lambda: completed_notebook(buggy or BUGGY, assignment=assignment)}[kind]()
        write(content, path)
    return path
