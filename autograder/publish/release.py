"""The student release: one repository per assignment, with its notebook, its public checks and the part of
``autograder`` they need, and nothing of ``solutions/``.

Layout (the assignment's files at the top, so ``pytest`` runs where students work)::

    README.md  .gitignore  pyproject.toml  requirements.txt  .github/workflows/feedback.yml
    <name>.ipynb  public_checks.json  conftest.py  test_public_checks.py  pytest.ini
    grading/...             (the assignment's declarations: contract, checks, hints, loops)
    autograder/...          (the modules the checks, the notebook's check() and CI import)

One repository per assignment because that is how courses hand out work (GitHub Classroom makes one
repository per student and assignment), and a student's CI then checks only what is due.

The package files are chosen by the closure of the imports of :data:`ENTRY_MODULES`, copied byte for byte.
``autograder/check/expectations.py`` comes along: the public checks read their data through it. It also
defines ``ReferenceExpectations``, which loads ``solutions/<name>/`` inside its constructor; that names the
folder but holds none of its code, and in a release it raises LookupError, which ``grade`` already turns
into "grading with the public checks only". Rewriting the file for the release would give students code
that no test of this repository runs, so it is shipped as is.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .. import __version__
from .. import assignment as assignments
from ..assignment import PUBLIC_DATA_NAME
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
    # what an assignment's grading package may import: the core's types for declarations
    "autograder.assignment",
    "autograder.check.scenario",
    "autograder.check.probe",
    "autograder.check.components",
    "autograder.check.curves",
    "autograder.run.drivers",
)
#: an assignment's files that students get, besides its notebook and its grading/ package
ASSIGNMENT_FILES = (PUBLIC_DATA_NAME, "conftest.py", "test_public_checks.py", "pytest.ini")
#: the students' requirements: the checks (numpy, pytest) and the reports' plot (matplotlib)
REQUIREMENTS = ("numpy>=1.24", "matplotlib>=3.7", "pytest>=7.4")
PYTHON_VERSION = "3.11"


class ReleaseError(Exception):
    """The release cannot be built as asked (stale data, a leak, an occupied folder)."""


def render(template, **values):
    """A template of ``templates/`` (or a path: an assignment's own) with its ``@@KEY@@`` placeholders filled."""
    path = template if isinstance(template, Path) else TEMPLATES / template
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", str(value))
    if "@@" in text:
        raise ReleaseError(f"template {template} has a placeholder left: {text[text.index('@@'):][:40]!r}")
    return text.encode("utf-8")


def package_files():
    """``{relative path: bytes}`` of the package modules the release needs."""
    return {name: (ROOT / name).read_bytes() for name in closure.closure(ROOT, ENTRY_MODULES)}


def assignment_files(assignment):
    """``{relative path: bytes}`` of what students get of ``assignment``: notebook, data, pytest entry and its
    ``grading/`` package (sources only)."""
    folder = assignment.folder
    names = [assignment.notebook_name, *ASSIGNMENT_FILES]
    files = {name: (folder / name).read_bytes() for name in names}
    for path in sorted((folder / "grading").rglob("*.py")):
        files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def release_files(verify=True, assignment=None):
    """Every file of ``assignment``'s release (default: the default assignment) as ``{relative posix path:
    bytes}``; raises ReleaseError on a problem."""
    assignment = assignments.load(assignment) if assignment is not None else assignments.default()
    if verify:
        _check_public_data(assignment)
    files = assignment_files(assignment)
    files.update(package_files())
    points = assignment.points
    points_table = "\n".join(f"| `{function}` | {value:g} |" for function, value in points.items())
    notebook = assignment.notebook_name
    own = assignment.folder / "student-README.md"  # an assignment may write its own, with its examples
    files["README.md"] = render(own if own.is_file() else "README.md", NOTEBOOK=notebook, N_FUNCTIONS=len(points), TITLE=assignment.title,
                                POINTS_TABLE=points_table, TOTAL=f"{sum(points.values()):g}")
    files[".gitignore"] = render("gitignore")
    files["pyproject.toml"] = render("pyproject.toml", VERSION=__version__,
                                     DEPENDENCIES="\n".join(f'    "{r}",' for r in REQUIREMENTS))
    files["requirements.txt"] = render("requirements.txt", REQUIREMENTS="\n".join(REQUIREMENTS))
    files[".github/workflows/feedback.yml"] = render(
        "feedback.yml", NOTEBOOK=notebook, SUBMISSION_NAME=Path(notebook).stem,
        PYTHON_VERSION=PYTHON_VERSION)
    problems = leaks.scan(files, SOLUTIONS)
    if problems:
        raise ReleaseError("the release would leak solutions/:\n  " + "\n  ".join(problems))
    return dict(sorted(files.items()))


def _check_public_data(assignment):
    from ..check.expectations import public_data_is_current

    path = assignment.public_data_path
    if not public_data_is_current(path, assignment):
        raise ReleaseError(f"{path} is not current: run `python -m autograder expected --assignment "
                           f"{assignment.name}` first")


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


def build_release(out, force=False, verify=True, assignment=None):
    _check_target(Path(out), force)  # before the work of building
    return write_tree(release_files(verify=verify, assignment=assignment), out, force=force)
