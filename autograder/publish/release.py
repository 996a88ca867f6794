"""The student release: a repository with the notebook, the public checks and the part of ``autograder``
they need, and nothing of ``solutions/``.

Layout (the assignment's files at the top, so ``pytest`` runs where students work)::

    README.md  .gitignore  pyproject.toml  requirements.txt  .github/workflows/feedback.yml
    gradient_descent.ipynb  public_checks.json  conftest.py  test_public_checks.py  pytest.ini
    autograder/...          (the modules the checks, the notebook's check() and CI import)

The package files are chosen by the closure of the imports of :data:`ENTRY_MODULES`, copied byte for byte.
``autograder/check/expectations.py`` comes along: the public checks read their data through it. It also
defines ``ReferenceExpectations``, which imports ``solutions`` inside its constructor; that names the
package but holds none of its code, and in a release it raises ImportError, which ``grade`` already turns
into "grading with the public checks only". Rewriting the file for the release would give students code
that no test of this repository runs, so it is shipped as is.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .. import __version__
from ..check.scenarios import POINTS
from ..paths import ASSIGNMENT, NOTEBOOK_NAME, PUBLIC_DATA_NAME
from . import closure, leaks

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = Path(__file__).with_name("templates")
SOLUTIONS = ROOT / "solutions"

#: what the release runs: the students' pytest plugin, the notebook's check() and its check-cells grader,
#: ``python -m autograder grade`` (hidden checks in CI) and the sandbox worker, loaded by path
ENTRY_MODULES = (
    "autograder",
    "autograder.__main__",
    "autograder.cli",
    "autograder.student",
    "autograder.kernel",
    "autograder.commands.check_cells",
    "autograder.commands.grade",
    "autograder.run.worker",
)
ASSIGNMENT_FILES = (NOTEBOOK_NAME, PUBLIC_DATA_NAME, "conftest.py", "test_public_checks.py", "pytest.ini")
#: the students' requirements: the checks (numpy, pytest) and the reports' plot (matplotlib)
REQUIREMENTS = ("numpy>=1.24", "matplotlib>=3.7", "pytest>=7.4")
PYTHON_VERSION = "3.11"


class ReleaseError(Exception):
    """The release cannot be built as asked (stale data, a leak, an occupied folder)."""


def render(template, **values):
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", str(value))
    if "@@" in text:
        raise ReleaseError(f"template {template} has a placeholder left: {text[text.index('@@'):][:40]!r}")
    return text.encode("utf-8")


def package_files():
    """``{relative path: bytes}`` of the package modules the release needs."""
    return {name: (ROOT / name).read_bytes() for name in closure.closure(ROOT, ENTRY_MODULES)}


def release_files(verify=True):
    """Every file of the release as ``{relative posix path: bytes}``; raises ReleaseError on a problem."""
    if verify:
        _check_public_data()
    files = {name: (ASSIGNMENT / name).read_bytes() for name in ASSIGNMENT_FILES}
    files.update(package_files())
    points_table = "\n".join(f"| `{function}` | {points:g} |" for function, points in POINTS.items())
    files["README.md"] = render("README.md", NOTEBOOK=NOTEBOOK_NAME, N_FUNCTIONS=len(POINTS),
                                POINTS_TABLE=points_table, TOTAL=f"{sum(POINTS.values()):g}")
    files[".gitignore"] = render("gitignore")
    files["pyproject.toml"] = render("pyproject.toml", VERSION=__version__,
                                     DEPENDENCIES="\n".join(f'    "{r}",' for r in REQUIREMENTS))
    files["requirements.txt"] = render("requirements.txt", REQUIREMENTS="\n".join(REQUIREMENTS))
    files[".github/workflows/feedback.yml"] = render(
        "feedback.yml", NOTEBOOK=NOTEBOOK_NAME, SUBMISSION_NAME=Path(NOTEBOOK_NAME).stem,
        PYTHON_VERSION=PYTHON_VERSION)
    problems = leaks.scan(files, SOLUTIONS)
    if problems:
        raise ReleaseError("the release would leak solutions/:\n  " + "\n  ".join(problems))
    return dict(sorted(files.items()))


def _check_public_data():
    from ..check.expectations import public_data_is_current

    path = ASSIGNMENT / PUBLIC_DATA_NAME
    if not public_data_is_current(path):
        raise ReleaseError(f"{path} is not current: run `python -m autograder expected` first")


def _check_target(out, force):
    if out.exists() and any(p.name != ".git" for p in out.iterdir()) and not force:
        raise ReleaseError(f"{out} is not empty; use --force to replace its content (.git is kept)")


def write_tree(files, out, force=False):
    """Write ``files`` under ``out`` in sorted order. An existing non-empty ``out`` is replaced only with
    ``force``, and its ``.git`` folder is kept (regenerating into a checkout of the template repository)."""
    out = Path(out)
    _check_target(out, force)
    if out.exists():
        for child in out.iterdir():
            if child.name == ".git":
                continue
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    for name in sorted(files):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[name])
    return [out / name for name in sorted(files)]


def build_release(out, force=False, verify=True):
    _check_target(Path(out), force)  # before the work of building
    return write_tree(release_files(verify=verify), out, force=force)
