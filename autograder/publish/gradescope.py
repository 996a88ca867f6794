"""The Gradescope autograder: ``autograder.zip`` with ``setup.sh``, ``run_autograder`` and what they run.

Gradescope unpacks the archive into ``/autograder/source``, runs ``setup.sh`` once to build the image and
``run_autograder`` for every submission (in ``/autograder/submission``), then reads
``/autograder/results/results.json``. The archive holds the modules ``python -m autograder grade`` needs and
the instructor's ``solutions/`` (reference, declared mistakes' implementations, hidden seed): with the reference
at hand the grader carries errors forward (a composite is rerun with correct versions of the student's failing
functions), which data alone cannot do. Gradescope never shows the archive to students, and their code runs
in the sandboxed worker, which cannot import ``solutions`` (and, where the kernel confines it, cannot read it).
"""
from __future__ import annotations

from pathlib import Path

from .. import __version__
from .. import assignment as assignments
from . import closure
from .bundle import zip_bytes
from .release import ENTRY_MODULES as ASSIGNMENT_API, ROOT, SOLUTIONS, render

ENTRY_MODULES = (
    "autograder",
    "autograder.__main__",
    "autograder.cli",
    "autograder.commands.grade",
    "autograder.run.worker",
    *(m for m in ASSIGNMENT_API if m.startswith(("autograder.assignment", "autograder.check.", "autograder.run."))),
)
REQUIREMENTS = ("numpy>=1.24",)
EXECUTABLE = ("setup.sh", "run_autograder")


def gradescope_files(hidden_visibility="after_due_date", assignment=None):
    """The archive's files for one assignment (Gradescope grades each assignment with its own archive)."""
    assignment = assignments.load(assignment) if assignment is not None else assignments.default()
    notebook = assignment.notebook_name
    files = {name: (ROOT / name).read_bytes() for name in closure.closure(ROOT, ENTRY_MODULES)}
    files["setup.sh"] = render("setup.sh")
    files["run_autograder"] = render("run_autograder")
    files["grade_submission.py"] = render("grade_submission.py", NOTEBOOK=notebook, ASSIGNMENT=assignment.name,
                                          PY_NAME=Path(notebook).with_suffix(".py").name,
                                          HIDDEN_VISIBILITY=hidden_visibility)
    files["README.md"] = render("gradescope-README.md", NOTEBOOK=notebook, VERSION=__version__,
                                TITLE=assignment.title)
    files["requirements.txt"] = ("\n".join(REQUIREMENTS) + "\n").encode()
    # the assignment's declarations (no data file: the reference computes every expected value)
    for path in sorted((assignment.folder / "grading").rglob("*.py")):
        files[f"assignments/{assignment.name}/{path.relative_to(assignment.folder).as_posix()}"] = path.read_bytes()
    files["solutions/__init__.py"] = (SOLUTIONS / "__init__.py").read_bytes()
    for path in sorted(assignment.solutions_dir.glob("*.py")):
        files[f"solutions/{assignment.name}/{path.name}"] = path.read_bytes()
    return files


def build_gradescope(out, hidden_visibility="after_due_date", assignment=None):
    """Write the archive to ``out`` (a ``.zip`` path, or a folder that gets ``autograder.zip``);
    ``hidden_visibility``: when Gradescope shows each hidden check (its documented test visibilities)."""
    out = Path(out)
    path = out if out.suffix == ".zip" else out / "autograder.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(zip_bytes(gradescope_files(hidden_visibility, assignment), executable=EXECUTABLE))
    return path
