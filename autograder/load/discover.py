"""Turn command-line paths into submissions.

A path is a notebook, a ``.py`` file, or a folder. A folder laid out like nbgrader's
``submitted/<student>/<assignment>/`` yields one submission per student, named by student id; any other
folder yields one submission per notebook or ``.py`` file in it, named by file stem.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".ipynb", ".py")
IGNORED_DIRS = {".ipynb_checkpoints", "__pycache__", ".git", ".venv"}


@dataclass(frozen=True)
class Submission:
    name: str
    path: Path
    #: the folder it was found in: a link leading out of it is refused when the file is read
    root: Path = None


def _candidates(folder):
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix in SUFFIXES and not IGNORED_DIRS.intersection(p.relative_to(folder).parts)
        and not p.name.startswith(("test_", "conftest"))
    )


def _nbgrader_student(path):
    """The student id when ``path`` is ``.../submitted|autograded/<student>/<assignment>/<file>``."""
    parts = path.resolve().parts
    if len(parts) >= 4 and parts[-4] in ("submitted", "autograded"):
        return parts[-3]
    return None


def find_submissions(paths):
    """Submissions under ``paths``, each with a unique name; raises FileNotFoundError for a missing path."""
    found = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise FileNotFoundError(str(raw))
        if path.is_file():
            found.append(Submission(_nbgrader_student(path) or path.stem, path, path.absolute().parent))
            continue
        for file in _candidates(path):
            student = _nbgrader_student(file)
            found.append(Submission(student or file.stem, file, path.absolute()))
    return _unique(found)


def _unique(submissions):
    counts = {}
    for s in submissions:
        counts[s.name] = counts.get(s.name, 0) + 1
    seen, unique = {}, []
    for s in submissions:
        name = s.name
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name}-{seen[name]}"
        unique.append(Submission(name, s.path, s.root))
    return unique
